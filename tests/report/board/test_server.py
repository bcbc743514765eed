"""The live board over a real socket on 127.0.0.1: document, ETag/304, reveal, a failed cycle."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from sheets_sync.backends.memory import MemoryBackend
from sheets_sync.cli.app import cli
from sheets_sync.config import load_config
from sheets_sync.errors import BackendError, BoardError
from sheets_sync.model import WorkbookSnapshot
from sheets_sync.report.board.server import BoardServer, LiveBoard, board_page, run_board
from sheets_sync.report.board.state import BoardState
from sheets_sync.workshop import demo
from sheets_sync.workshop.facade import Workshop
from sheets_sync.workshop.watch import CycleSummary, WatchTiming
from tests.conftest import FIXED_NOW, write_config
from tests.workshop.test_watch import FakeTime


class FlakyBackend(MemoryBackend):
    """The memory backend whose reads fail on the cycles a test names (counting reads)."""

    def __init__(self) -> None:
        super().__init__()
        self.fail_reads: set[int] = set()

    def read(self) -> WorkbookSnapshot:
        if self.reads + 1 in self.fail_reads:
            self.reads += 1
            raise BackendError("Google did not answer (HTTP 503); check the venue's network")
        return super().read()


def flaky_workshop(
    tmp_path: Path, clock: Callable[[], datetime] = lambda: FIXED_NOW
) -> tuple[Workshop, FlakyBackend]:
    """The demo's six tables typed (two with mistakes) into a provisioned flaky workshop."""
    backend = FlakyBackend()
    ws = Workshop(load_config(write_config(tmp_path)), backend, clock=clock)
    ws.provision()
    for n, rows in demo.ENTRIES.items():
        demo._fill(ws, n, rows)
    return ws, backend


def get(url: str, etag: str | None = None) -> tuple[int, dict[str, Any] | None, str | None]:
    req = urllib.request.Request(url + "board.json", headers={"If-None-Match": etag or ""})
    try:
        with urllib.request.urlopen(req, timeout=5) as res:
            return res.status, json.loads(res.read()), res.headers["ETag"]
    except urllib.error.HTTPError as exc:
        with exc:
            return exc.code, None, exc.headers["ETag"]


def post(url: str, body: bytes, kind: str = "application/json", origin: str | None = None) -> int:
    headers = {"Content-Type": kind} | ({"Origin": origin} if origin else {})
    req = urllib.request.Request(url + "reveal", data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(req, timeout=5) as res:
            return int(res.status)
    except urllib.error.HTTPError as exc:
        with exc:
            return exc.code


def test_three_cycles_with_a_failed_one_then_recovery_over_http(tmp_path: Path) -> None:
    ws, backend = flaky_workshop(tmp_path)
    reads = backend.reads
    backend.fail_reads = {reads + 2}
    time = FakeTime()
    urls: list[str] = []
    seen: list[dict[str, Any]] = []

    def on_cycle(summary: CycleSummary) -> None:
        code, doc, etag = get(urls[0])
        assert code == 200 and doc is not None
        assert get(urls[0], etag)[0] == 304  # nothing changed between polls
        seen.append(doc)

    done = run_board(
        ws,
        30,
        port=0,
        cycles=3,
        sleep=time.sleep,
        clock=time.clock,
        on_ready=urls.append,
        on_cycle=on_cycle,
    )
    assert [s.error is None for s in done] == [True, False, True]
    first, failed, back = seen
    assert first["status"]["state"] == "live" and first["status"]["current"]
    assert first["tables"]["line"] == (
        "4 of 6 tables valid; Table 4 still has 3 problems, Table 5 still has 3 problems"
    )
    bars = first["consensus"]["bars"]
    assert len(bars) == 17
    assert [b["code"] for b in bars if b["top"]] == first["consensus"]["suggested"]
    ties = {b["code"]: b["position"] for b in bars if b["tied_with"]}
    assert ties["MACRO-1"] == ties["MESO-2"] == "=5"  # the room decides the fifth
    assert ties and all(p.startswith("=") for p in ties.values())
    assert failed["status"]["state"] == "failed" and not failed["status"]["current"]
    assert "503" in failed["status"]["text"] and "Not current" in failed["status"]["text"]
    assert failed["consensus"] == first["consensus"]  # the last good results, labelled old
    assert back["status"]["state"] == "live"
    with pytest.raises(urllib.error.URLError):
        get(urls[0])  # the server stopped with the loop


def test_reveal_switch_is_shared_and_only_from_the_board_itself(tmp_path: Path) -> None:
    ws, _ = flaky_workshop(tmp_path)
    time = FakeTime()
    found: dict[str, Any] = {}

    def on_cycle(summary: CycleSummary) -> None:
        url = found["url"]
        hidden = get(url)[1]
        assert hidden is not None and hidden["revealed"] is False
        assert hidden["consensus"] is None and "top" not in hidden["tables"]["each"][0]
        assert post(url, b'{"revealed": true}', kind="text/plain") == 403
        assert post(url, b'{"revealed": true}', origin="http://evil.example") == 403
        assert post(url, b'{"revealed": "yes"}') == 400
        assert post(url, b'{"revealed": true}', origin=url.rstrip("/")) == 200
        shown = get(url)[1]
        assert shown is not None and shown["revealed"] and len(shown["consensus"]["bars"]) == 17

    run_board(
        ws,
        30,
        port=0,
        hidden=True,
        cycles=1,
        sleep=time.sleep,
        clock=time.clock,
        on_ready=lambda url: found.update(url=url),
        on_cycle=on_cycle,
    )


def test_the_page_is_self_contained_and_only_for_localhost() -> None:
    board = LiveBoard(BoardState("Sampleton <priorities>", 30))
    page = board_page("Sampleton <priorities>")
    assert b"Sampleton &lt;priorities&gt;" in page
    assert b"http" not in page.replace(b'"http://', b"")  # no CDN, no web font
    with BoardServer(board, page, 0) as server:
        with urllib.request.urlopen(server.url, timeout=5) as res:
            assert (
                res.read() == page
                and "default-src 'none'" in res.headers["Content-Security-Policy"]
            )
        req = urllib.request.Request(server.url, headers={"Host": "board.evil.example"})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(req, timeout=5)
        with refused.value:
            assert refused.value.code == 403
        code, doc, _ = get(server.url)
        assert code == 200 and doc is not None and doc["status"]["state"] == "starting"
        with pytest.raises(BoardError, match="--port"):
            BoardServer(board, page, int(server.url.rsplit(":", 1)[1].strip("/")))


def test_board_command_runs_bounded_and_ends_with_a_line(tmp_path: Path) -> None:
    config = write_config(tmp_path)  # the xlsx backend
    runner = CliRunner()
    assert runner.invoke(cli, ["provision", "-c", str(config)]).exit_code == 0
    time = FakeTime()
    result = runner.invoke(
        cli,
        ["board", "-c", str(config), "--port", "0", "--cycles", "2", "--hidden"],
        obj=WatchTiming(sleep=time.sleep, clock=time.clock),
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("Board at http://127.0.0.1:") and "scores hidden" in lines[0]
    assert lines[1].startswith("#1 ") and lines[2].startswith("#2 ")
    assert lines[-1] == "Board closed after 2 cycle(s); " + lines[-1].split("; ")[1]
