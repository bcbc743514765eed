"""What the live board costs on Google Sheets and on Microsoft 365, counted by the fakes.

The board runs the same loop as ``sync --watch``: one read per cycle, a write only in a cycle
where something changed. Its page polls only the board's own server, so however many screens
poll (and reveal), not one of their requests reaches Google or Graph. Five cycles: the first
sync (writes), two with no change, one after a table changed an entry, one with no change.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import pytest
from click.testing import CliRunner

from sheets_sync.backends.google.adapter import GoogleSheetsBackend
from sheets_sync.backends.google.auth import load_credentials
from sheets_sync.backends.google.factory import share_targets
from sheets_sync.backends.google.fake.fake import FakeGoogle
from sheets_sync.backends.microsoft.fake import FakeGraph
from sheets_sync.cli.app import cli
from sheets_sync.config import load_config
from sheets_sync.model import a1
from sheets_sync.report.board.server import run_board
from sheets_sync.tabs.table import table_layout
from sheets_sync.workshop import demo
from sheets_sync.workshop.facade import Workshop
from sheets_sync.workshop.watch import CycleSummary, WatchTiming
from tests.backends.microsoft import workshops as ms
from tests.conftest import FIXED_NOW, write_config
from tests.report.board.test_server import get, post
from tests.workshop.test_watch import FakeTime

#: Requests per cycle, by backend: (first sync, idle, idle, after one change, idle). Google
#: reads every tab in one request and writes in one batchUpdate; Graph reads in one $batch
#: and writes in one $batch, the tabs a sync writes being guarded rather than protected (see
#: tests/backends/microsoft/test_workshop_budget.py).
MEASURED: Final = {
    "google": [2, 1, 1, 2, 1],
    "microsoft": [2, 1, 1, 2, 1],
}


@dataclass
class Online:
    """A workshop on one fake service, its request counter and a person changing an entry."""

    workshop: Workshop
    count: Callable[[], int]
    reset: Callable[[], None]
    person_changes_an_entry: Callable[[], None]


def on_google(fake: FakeGoogle, key: Path, tmp_path: Path) -> Online:
    config = load_config(write_config(tmp_path, tables=6))
    backend = GoogleSheetsBackend(
        load_credentials(key, env={}),
        title=config.title,
        folder_id=fake.add_folder("Workshops", parent=fake.add_shared_drive()),
        workshop_id=config.workshop_id,
        state_file=config.state_file,
        sleep=fake.sleep,
        clock=fake.clock,
        share_with=share_targets(config),
    )
    ws = Workshop(config, backend, clock=lambda: FIXED_NOW)
    ws.provision()
    sid = str(backend.spreadsheet_id)
    first = table_layout(ws.templates).first_entry
    for n, rows in demo.ENTRIES.items():
        for i, (rank, principle, why) in enumerate(rows):
            for col, value in enumerate((rank, principle, why)):
                fake.person_sets(sid, config.tables[n - 1].name, a1(first + i, col), str(value))
    row, text = demo.FIXES[4][0]
    return Online(
        ws,
        fake.count,
        fake.reset_counts,
        lambda: fake.person_sets(sid, "Table 4", a1(first + row - 1, 1), text),
    )


def on_microsoft(fake: FakeGraph, tmp_path: Path) -> Online:
    ws = ms.microsoft_workshop(tmp_path, fake, 6)
    ws.provision()
    item = ms.item_id(ws)
    ms.tables_type(fake, item, 6)
    row, text = demo.FIXES[4][0]
    first = table_layout(ws.templates).first_entry + 1
    return Online(
        ws,
        fake.count,
        fake.reset_counts,
        lambda: fake.person_sets(item, "Table 4", f"B{first + row - 1}", text),
    )


def screens_poll(url: str) -> None:
    """Three screens poll, two of them with the ETag they saw, and one reveals."""
    code, _, etag = get(url)
    assert code == 200
    assert [get(url, etag)[0] for _ in range(2)] == [304, 304]
    assert post(url, b'{"revealed": true}') == 200


@pytest.mark.parametrize("kind", sorted(MEASURED))
def test_one_read_a_cycle_and_a_write_only_when_something_changed(
    kind: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    if kind == "google":
        key = request.getfixturevalue("service_account_file")
        online = on_google(request.getfixturevalue("google_fake"), key, tmp_path)
    else:
        online = on_microsoft(request.getfixturevalue("graph_fake"), tmp_path)
    time = FakeTime()
    urls: list[str] = []
    spent: list[int] = []

    def on_cycle(summary: CycleSummary) -> None:
        spent.append(online.count())
        assert summary.requests == spent[-1]  # the backend's own count agrees with the fake's
        screens_poll(urls[0])
        assert online.count() == spent[-1], "a screen's poll reached the online workbook"
        online.reset()
        if summary.cycle == 3:
            online.person_changes_an_entry()

    online.reset()
    done = run_board(
        online.workshop,
        30,
        port=0,
        hidden=True,
        cycles=5,
        sleep=time.sleep,
        clock=time.clock,
        on_ready=urls.append,
        on_cycle=on_cycle,
    )
    assert [s.error for s in done] == [None] * 5
    assert [s.writes > 0 for s in done] == [True, False, False, True, False]
    assert spent == MEASURED[kind]
    assert [s.tables_valid for s in done] == [4, 4, 4, 4, 4]  # Table 4 fixed one of two


def test_the_board_command_runs_on_microsoft_365(graph_fake: FakeGraph, tmp_path: Path) -> None:
    config = str(ms.write_config(tmp_path, graph_fake, tables=2))
    env = {"XDG_CONFIG_HOME": str(tmp_path / "cfg"), "SHEETS_SYNC_CONFIG": config}
    graph_fake.approve_device_codes_automatically(graph_fake._first_member())
    runner = CliRunner()
    for args in (["login", "--microsoft"], ["provision"]):
        assert runner.invoke(cli, args, env=env).exit_code == 0
    time = FakeTime()
    graph_fake.reset_counts()
    result = runner.invoke(
        cli,
        ["board", "--port", "0", "--cycles", "3"],
        env=env,
        obj=WatchTiming(sleep=time.sleep, clock=time.clock),
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("Board at http://127.0.0.1:")
    assert [line.split(" · ")[-1] for line in lines[2:4]] == ["requests 1", "requests 1"]
    assert lines[-1].startswith("Board closed after 3 cycle(s)")
