"""Ctrl-C stops ``sheets-sync board`` cleanly: a real process on an .xlsx workshop, serving on a
free port with a screen connected, gets SIGINT while it waits for its next sync. It exits 0
with one goodbye line and no traceback, the port is free again, and the workbook is exactly as
the last sync left it. The server's threads block SIGINT, so the kernel always hands Ctrl-C to
the sync loop (a thread reading a socket would take it, and the loop would sleep on)."""

from __future__ import annotations

import hashlib
import re
import signal
import socket
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from sheets_sync.cli.app import cli
from sheets_sync.report.board.server import BoardServer, LiveBoard, board_page
from sheets_sync.report.board.state import BoardState
from tests.conftest import write_config

SHEETS_SYNC = Path(sys.executable).with_name("sheets-sync")


def sigint_as_at_a_terminal() -> None:
    """In the child, before exec: Ctrl-C's default, even when the test runner was started in
    the background (where a shell makes children ignore SIGINT)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_ctrl_c_stops_the_board_cleanly(tmp_path: Path) -> None:
    config = write_config(tmp_path, tables=3)
    runner = CliRunner()
    for command in ("provision", "sync"):
        assert runner.invoke(cli, [command, "-c", str(config)]).exit_code == 0
    book = next(tmp_path.glob("*.xlsx"))
    before = digest(book)

    board = subprocess.Popen(
        [str(SHEETS_SYNC), "board", "-c", str(config), "--port", "0", "--every", "30"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=sigint_as_at_a_terminal,
    )
    try:
        assert board.stdout is not None
        ready = board.stdout.readline()
        found = re.search(r"http://127\.0\.0\.1:(\d+)/", ready)
        assert found, ready
        url, port = found.group(0), int(found.group(1))
        idle = socket.create_connection(("127.0.0.1", port), timeout=5)  # a browser's preconnect
        first = board.stdout.readline()
        assert first.startswith("#1 ") and "nothing changed" in first, first
        with urllib.request.urlopen(url + "board.json", timeout=5) as res:
            assert res.status == 200  # answered after the idle one was accepted (FIFO)
        board.send_signal(signal.SIGINT)
        out, err = board.communicate(timeout=20)
        idle.close()
    finally:
        if board.poll() is None:
            board.kill()
            board.wait()

    assert board.returncode == 0, err
    assert err == ""
    assert out.splitlines() == ["Board closed after 1 cycle(s); 0 change(s) written in all."]
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(url, timeout=2)
    with BoardServer(LiveBoard(BoardState("again", 30)), board_page("again"), port) as again:
        assert again.url == url  # the port is free for the next board
    assert digest(book) == before
    assert "Consensus" in openpyxl.load_workbook(book).sheetnames


def blocked_signals(thread_id: int) -> int:
    """The signal mask of one of this process's threads, as Linux reports it."""
    status = Path(f"/proc/self/task/{thread_id}/status")
    if not status.exists():
        pytest.skip("needs Linux's /proc to read a thread's signal mask")
    line = next(x for x in status.read_text().splitlines() if x.startswith("SigBlk:"))
    return int(line.split()[1], 16)


def test_only_the_sync_loop_takes_ctrl_c() -> None:
    sigint = 1 << (signal.SIGINT - 1)
    loop = threading.get_native_id()
    before = blocked_signals(loop)
    with BoardServer(LiveBoard(BoardState("x", 30)), board_page("x"), 0) as server:
        serving = server.thread.native_id
        assert serving is not None and blocked_signals(serving) & sigint
        assert blocked_signals(loop) == before  # the loop's own mask is as it was
