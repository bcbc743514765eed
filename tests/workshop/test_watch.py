"""The live board (``sync --watch``): three cycles with injected time, never real sleeping."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from sheets_sync.backends import open_backend
from sheets_sync.backends.memory import MemoryBackend
from sheets_sync.cli.app import cli
from sheets_sync.config import load_config
from sheets_sync.model import WriteRange
from sheets_sync.tabs.consensus import CONSENSUS_LAYOUT
from sheets_sync.tabs.keys import CONSENSUS, table_key
from sheets_sync.tabs.table import table_layout
from sheets_sync.tabs.templates import load_templates
from sheets_sync.workshop import demo
from sheets_sync.workshop.facade import Workshop
from sheets_sync.workshop.watch import CycleSummary, WatchTiming, watch
from tests.conftest import FIXED_NOW, write_config


class FakeTime:
    """A monotonic clock that only moves when something sleeps or a test says so."""

    def __init__(self, interrupt_on: int | None = None) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []
        self.interrupt_on = interrupt_on

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        if self.interrupt_on is not None and len(self.sleeps) >= self.interrupt_on:
            raise KeyboardInterrupt
        self.now += seconds


def ignore(_summary: CycleSummary) -> None:
    pass


class CountingBackend(MemoryBackend):
    """The memory backend with the optional request counter a backend may expose."""

    @property
    def requests_made(self) -> int:
        return self.reads + self.applies


def fix_table_4(ws: Workshop) -> None:
    """Table 4 replaces 'MACRO 6' and 'M1' as its Check column suggests (see the demo)."""
    first = table_layout(ws.templates).first_entry
    ws.backend.apply(
        [WriteRange(table_key(4), first + rank - 1, 1, ((text,),)) for rank, text in demo.FIXES[4]]
    )


def memory_workshop(config_path: Path, backend: MemoryBackend) -> Workshop:
    ws = Workshop(load_config(config_path), backend, clock=lambda: FIXED_NOW)
    ws.provision()
    for n, rows in demo.ENTRIES.items():
        demo._fill(ws, n, rows)
    return ws


def test_three_cycles_pick_up_an_edit_between_them(tmp_path: Path) -> None:
    backend = CountingBackend()
    ws = memory_workshop(write_config(tmp_path), backend)
    before = backend.requests_made
    time = FakeTime()
    seen: list[CycleSummary] = []

    def on_cycle(summary: CycleSummary) -> None:
        seen.append(summary)
        time.now += 3  # each sync takes three seconds
        if summary.cycle == 2:
            fix_table_4(ws)  # a table fixes its mistakes while the board waits

    done = watch(ws, 30, cycles=3, sleep=time.sleep, clock=time.clock, on_cycle=on_cycle)
    assert done == seen
    assert [s.cycle for s in done] == [1, 2, 3]
    first, second, third = done
    assert first.writes > 0
    assert second.writes == 0
    assert third.writes > 0
    assert (first.tables_valid, second.tables_valid, third.tables_valid) == (4, 4, 5)
    assert {s.tables_total for s in done} == {6}
    assert {s.leader for s in done} == {"MESO-3"}
    assert [s.requests for s in done] == [2, 1, 2]
    assert third.requests_total == before + 2 + 1 + 2 + 1  # + the table's own edit
    assert time.sleeps == [27, 27]
    assert [s.elapsed for s in done] == [0, 30, 60]
    assert done[1].line() == (
        "#2 10:30:00 tables valid 4/6 · leader MESO-3 · nothing changed · requests 1"
    )


def test_without_a_request_counter_the_line_says_n_a(memory_workshop: Workshop) -> None:
    time = FakeTime()
    done = watch(memory_workshop, 30, cycles=1, sleep=time.sleep, clock=time.clock, on_cycle=ignore)
    assert done[0].requests is None and done[0].requests_total is None
    assert done[0].leader == "none yet"
    assert done[0].line().endswith("requests n/a")
    assert time.sleeps == []


def test_an_overrunning_sync_is_followed_at_once_never_by_a_burst(tmp_path: Path) -> None:
    ws = memory_workshop(write_config(tmp_path), MemoryBackend())
    time = FakeTime()
    slow = {1: 75.0, 2: 5.0, 3: 0.0}

    def on_cycle(summary: CycleSummary) -> None:
        time.now += slow[summary.cycle]

    watch(ws, 30, cycles=3, sleep=time.sleep, clock=time.clock, on_cycle=on_cycle)
    assert time.sleeps == [0, 25]


def test_a_person_typing_in_a_tool_cell_is_reported_and_the_board_goes_on(
    tmp_path: Path,
) -> None:
    ws = memory_workshop(write_config(tmp_path), MemoryBackend())
    backend = ws.backend
    assert isinstance(backend, MemoryBackend)
    time = FakeTime()

    cell = (CONSENSUS_LAYOUT.aggregate + 2, 9)
    was: dict[tuple[int, int], object] = {}

    def on_cycle(summary: CycleSummary) -> None:
        if summary.cycle == 1:
            tab = backend.read().get(CONSENSUS)
            assert tab is not None
            was[cell] = tab.value(*cell)
            backend.person_types("Consensus", *cell, "my note")
            fix_table_4(ws)
        if summary.cycle == 2:
            backend.person_types("Consensus", *cell, was[cell])  # they undo it

    done = watch(ws, 30, cycles=3, sleep=time.sleep, clock=time.clock, on_cycle=on_cycle)
    assert done[1].error is not None and "my note" in done[1].error
    assert done[1].line().startswith("#2 10:30:00 error: ")
    assert done[1].line().endswith("(trying again next cycle)")
    assert done[2].error is None and done[2].tables_valid == 5


def test_ctrl_c_while_waiting_returns_the_cycles_so_far(memory_workshop: Workshop) -> None:
    time = FakeTime(interrupt_on=2)
    done = watch(memory_workshop, 30, sleep=time.sleep, clock=time.clock, on_cycle=ignore)
    assert [s.cycle for s in done] == [1, 2]


@pytest.mark.parametrize(("every", "cycles"), [(0, None), (-5, None), (30, 0)])
def test_nonsense_periods_are_refused(
    memory_workshop: Workshop, every: float, cycles: int | None
) -> None:
    with pytest.raises(ValueError, match="must be"):
        watch(memory_workshop, every, cycles=cycles, on_cycle=lambda _s: None)


# --------------------------------------------------------------------------- on a real .xlsx


def xlsx_workshop(tmp_path: Path) -> tuple[Path, Workshop]:
    path = write_config(tmp_path)
    config = load_config(path)
    ws = Workshop(config, open_backend(config), clock=lambda: FIXED_NOW)
    ws.provision()
    for n, rows in demo.ENTRIES.items():
        demo._fill(ws, n, rows)
    return path, ws


def type_in_excel(xlsx: Path, table: int, rank: int, principle: str) -> None:
    first = table_layout(load_templates()).first_entry + 1
    wb = openpyxl.load_workbook(xlsx)
    wb[f"Table {table}"].cell(first + rank - 1, 2).value = principle
    wb.save(xlsx)


def test_three_cycles_on_xlsx_pick_up_an_edit_made_in_excel(tmp_path: Path) -> None:
    _, ws = xlsx_workshop(tmp_path)
    assert ws.config.workbook is not None
    xlsx = ws.config.workbook
    time = FakeTime()

    def on_cycle(summary: CycleSummary) -> None:
        if summary.cycle == 2:
            type_in_excel(xlsx, 4, 2, "MACRO-4")
            type_in_excel(xlsx, 4, 3, "MACRO-1")

    done = watch(ws, 30, cycles=3, sleep=time.sleep, clock=time.clock, on_cycle=on_cycle)
    assert [s.writes > 0 for s in done] == [True, False, True]
    assert [s.tables_valid for s in done] == [4, 4, 5]
    assert {s.requests for s in done} == {None}
    wb = openpyxl.load_workbook(xlsx)
    status = wb["Table 4"].cell(table_layout(ws.templates).first_entry + 1, 7).value
    assert str(status).startswith("Valid: ")


def test_cli_watch_stops_cleanly_on_ctrl_c(tmp_path: Path) -> None:
    path, _ = xlsx_workshop(tmp_path)
    time = FakeTime(interrupt_on=3)
    result = CliRunner().invoke(
        cli,
        ["sync", "-c", str(path), "--watch", "30"],
        obj=WatchTiming(sleep=time.sleep, clock=time.clock),
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("Watching ") and "every 30 seconds" in lines[0]
    assert [line.split()[0] for line in lines[1:4]] == ["#1", "#2", "#3"]
    assert "nothing changed" in lines[2] and "nothing changed" in lines[3]
    assert lines[-1].startswith("Stopped after 3 cycle(s)")
    assert time.sleeps == [30, 30, 30]


def test_cli_watch_json_prints_one_object_per_cycle(tmp_path: Path) -> None:
    path, _ = xlsx_workshop(tmp_path)
    time = FakeTime()
    result = CliRunner().invoke(
        cli,
        ["sync", "-c", str(path), "--watch", "30", "--json"],
        obj=WatchTiming(sleep=time.sleep, clock=time.clock, cycles=2),
    )
    assert result.exit_code == 0, result.output
    cycles = [json.loads(line) for line in result.output.splitlines()]
    assert [c["cycle"] for c in cycles] == [1, 2]
    assert cycles[0]["tables_valid"] == 4 and cycles[0]["leader"] == "MESO-3"
    assert cycles[1]["writes"] == 0 and cycles[1]["requests"] is None


def test_cli_refuses_a_period_under_five_seconds(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["sync", "-c", str(tmp_path / "x.toml"), "--watch", "1"])
    assert result.exit_code == 2
    assert "--watch" in result.output


def test_a_deleted_table_tab_never_stops_the_board(memory_workshop: Workshop) -> None:
    backend = memory_workshop.backend
    assert isinstance(backend, MemoryBackend)
    backend.person_deletes_tab("Table 2")
    time = FakeTime()
    done = watch(memory_workshop, 30, cycles=2, sleep=time.sleep, clock=time.clock, on_cycle=ignore)
    assert [s.error for s in done] == [None, None]
    assert done[0].missing == ("Table 2",)
    assert done[0].line().endswith(" · left out, tab missing: Table 2")
