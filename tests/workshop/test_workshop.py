"""The workshop commands over the in-memory backend: rules of SPEC 'trustworthy'."""

from __future__ import annotations

import pytest

from sheets_sync.backends.memory import MemoryBackend
from sheets_sync.core.principles import BY_CODE
from sheets_sync.errors import AgreedFiveError, ToolCellEdited
from sheets_sync.model import Formula, WriteRange
from sheets_sync.tabs.consensus import CONSENSUS_LAYOUT
from sheets_sync.tabs.keys import CONSENSUS, gap_key, table_key
from sheets_sync.tabs.table import table_layout
from sheets_sync.workshop import demo
from sheets_sync.workshop.facade import Workshop

AGREED_ROW = CONSENSUS_LAYOUT.agreed + 1


def fill_all(ws: Workshop) -> None:
    for n, rows in demo.ENTRIES.items():
        demo._fill(ws, n, rows)


def agree(ws: Workshop, codes: list[str]) -> None:
    ws.backend.apply(
        [WriteRange(CONSENSUS, AGREED_ROW, 1, tuple((BY_CODE[c].label,) for c in codes))]
    )


def test_provision_twice_adds_nothing(memory_workshop: Workshop) -> None:
    again = memory_workshop.provision()
    assert again.added == ()
    assert not again.created


def test_provision_adds_back_a_deleted_tab_in_table_order(memory_workshop: Workshop) -> None:
    backend = memory_workshop.backend
    assert isinstance(backend, MemoryBackend) and backend.tabs is not None
    before = [t.title for t in backend.tabs]
    backend.person_deletes_tab("Table 2")
    assert memory_workshop.provision().added == ("Table 2",)
    assert [t.title for t in backend.tabs or []] == before
    memory_workshop.validate()


def test_a_deleted_table_tab_never_stops_the_others(memory_workshop: Workshop) -> None:
    fill_all(memory_workshop)
    backend = memory_workshop.backend
    assert isinstance(backend, MemoryBackend)
    backend.person_deletes_tab("Table 1")
    result = memory_workshop.sync()
    states = {c.table: c.state for c in result.checks}
    assert states["Table 1"] == "missing" and states["Table 2"] == "valid"
    assert not result.all_valid
    assert result.consensus is not None and result.consensus.suggested
    tab = backend.read().get(CONSENSUS)
    assert tab is not None
    flipchart = [str(v) for v in tab.cells.values() if isinstance(v, str)]
    line = "Left out: Table 1, its tab is missing; `sheets-sync provision` puts it back"
    assert any(line in v for v in flipchart), flipchart
    assert tab.value(CONSENSUS_LAYOUT.flipchart + 1, 1) == "Table 2"
    assert memory_workshop.provision().added == ("Table 1",)
    assert memory_workshop.sync().checks[0].state == "empty"


def test_validate_reports_each_table(memory_workshop: Workshop) -> None:
    fill_all(memory_workshop)
    result = memory_workshop.validate()
    states = {c.table: c.state for c in result.checks}
    assert states == {
        "Table 1": "valid",
        "Table 2": "valid",
        "Table 3": "valid",
        "Table 4": "invalid",
        "Table 5": "invalid",
        "Table 6": "valid",
    }
    assert not result.all_valid
    tab = memory_workshop.backend.read().get(table_key(4))
    assert tab is not None
    lay = table_layout(memory_workshop.templates)
    check_col = [tab.text(lay.first_entry + i, 4) for i in range(5)]
    assert check_col[0].startswith("✓ MESO-3")
    assert check_col[1].startswith("✗") and "MACRO-6" in check_col[1]
    status = [tab.text(lay.first_entry + i, 6) for i in range(4)]
    assert status[0].startswith("Invalid: ")


def test_sync_twice_writes_nothing_the_second_time(memory_workshop: Workshop) -> None:
    fill_all(memory_workshop)
    first = memory_workshop.sync()
    assert first.writes > 0
    assert memory_workshop.sync().writes == 0


def test_agreed_block_is_never_written_after_a_person_types(memory_workshop: Workshop) -> None:
    fill_all(memory_workshop)
    memory_workshop.sync()
    snap = memory_workshop.backend.read().get(CONSENSUS)
    assert snap is not None and isinstance(snap.value(AGREED_ROW, 1), Formula)
    agree(memory_workshop, ["MICRO-7", "MESO-1", "MACRO-3", "MICRO-6", "MESO-4"])
    demo._fill(memory_workshop, 4, [(2, "MACRO-4", "fixed"), (3, "MACRO-1", "fixed")])
    memory_workshop.sync()
    memory_workshop.sync()
    tab = memory_workshop.backend.read().get(CONSENSUS)
    assert tab is not None
    assert tab.value(AGREED_ROW, 1) == BY_CODE["MICRO-7"].label
    assert tab.value(AGREED_ROW + 4, 1) == BY_CODE["MESO-4"].label


def test_a_person_typing_in_a_tool_cell_stops_the_sync(memory_workshop: Workshop) -> None:
    fill_all(memory_workshop)
    memory_workshop.sync()
    backend = memory_workshop.backend
    assert isinstance(backend, MemoryBackend)
    backend.person_types("Consensus", CONSENSUS_LAYOUT.aggregate + 2, 9, "my own note")
    demo._fill(memory_workshop, 5, [(3, "MESO-1", "fixed the rank")])
    where = f"Consensus!J{CONSENSUS_LAYOUT.aggregate + 3}"
    with pytest.raises(ToolCellEdited, match=rf"{where}.*my own note"):
        memory_workshop.sync()
    tab = backend.read().get(CONSENSUS)
    assert tab is not None and tab.value(CONSENSUS_LAYOUT.aggregate + 2, 9) == "my own note"
    assert memory_workshop.sync(force=True).writes > 0


def test_gap_needs_a_confirmed_five(memory_workshop: Workshop) -> None:
    fill_all(memory_workshop)
    memory_workshop.sync()
    with pytest.raises(AgreedFiveError, match="rank 5"):
        memory_workshop.gap(accept_suggested=True)
    agree(memory_workshop, ["MESO-3", "MICRO-1", "MACRO-2"])
    with pytest.raises(AgreedFiveError, match="not ready"):
        memory_workshop.gap()


def test_gap_is_idempotent_and_supersedes(memory_workshop: Workshop) -> None:
    fill_all(memory_workshop)
    memory_workshop.sync()
    five = ["MESO-3", "MICRO-1", "MACRO-2", "MICRO-2", "MACRO-1"]
    agree(memory_workshop, five)
    first = memory_workshop.gap()
    assert [g.status for g in first.tabs] == ["created"] * 5
    assert first.tabs[0].title == "Gap 1 - MESO-3"
    assert memory_workshop.gap().writes == 0
    memory_workshop.backend.apply([WriteRange(gap_key("MACRO-1"), 4, 1, (("in place",),))])
    agree(memory_workshop, [*five[:4], "MESO-2"])
    second = memory_workshop.gap()
    by_code = {g.code: g for g in second.tabs}
    assert by_code["MESO-2"].status == "created"
    assert by_code["MACRO-1"].status == "superseded" and by_code["MACRO-1"].rows_filled == 1
    snap = memory_workshop.backend.read()
    old = snap.get(gap_key("MACRO-1"))
    assert old is not None and old.value(4, 1) == "in place"
    assert str(old.value(1, 0)).startswith("Superseded on 2026-12-03")
    assert len([t for t in snap if t.key and t.key.startswith("gap:")]) == 6
    agree(memory_workshop, five)
    third = {g.code: g.status for g in memory_workshop.gap().tabs}
    assert third["MACRO-1"] == "restored" and third["MESO-2"] == "superseded"


def test_status_summarises(memory_workshop: Workshop) -> None:
    fill_all(memory_workshop)
    memory_workshop.sync()
    status = memory_workshop.status()
    assert [c.state for c in status.checks].count("valid") == 4
    assert status.suggested[:2] == ("MESO-3", "MICRO-1")
    assert status.agreed is not None and not status.agreed.confirmed


def test_provision_restores_a_deleted_state_tab(memory_workshop: Workshop) -> None:
    fill_all(memory_workshop)
    backend = memory_workshop.backend
    assert isinstance(backend, MemoryBackend)
    backend.person_deletes_tab("_sheets_sync_state")
    assert memory_workshop.provision().added == ("_sheets_sync_state",)
    assert memory_workshop.sync().writes > 0
    assert memory_workshop.sync().writes == 0


def test_clearing_the_agreed_five_brings_the_suggestion_back(memory_workshop: Workshop) -> None:
    fill_all(memory_workshop)
    memory_workshop.sync()
    agree(memory_workshop, ["MICRO-7", "MESO-1", "MACRO-3", "MICRO-6", "MESO-4"])
    typed = memory_workshop.status().agreed
    assert typed is not None and typed.state == "confirmed"
    memory_workshop.backend.apply([WriteRange(CONSENSUS, AGREED_ROW, 1, ((None,),) * 5)])
    cleared = memory_workshop.status().agreed
    assert cleared is not None and not cleared.confirmed
    assert cleared.state == "empty; the next sync shows the suggestion again"
    assert memory_workshop.sync().writes > 0
    tab = memory_workshop.backend.read().get(CONSENSUS)
    assert tab is not None
    assert all(isinstance(tab.value(AGREED_ROW + i, 1), Formula) for i in range(5))
    again = memory_workshop.status().agreed
    assert again is not None and again.state == "still showing the suggestion"
    assert memory_workshop.sync().writes == 0


def test_one_cleared_agreed_cell_is_restored_and_the_others_kept(memory_workshop: Workshop) -> None:
    fill_all(memory_workshop)
    memory_workshop.sync()
    agree(memory_workshop, ["MICRO-7", "MESO-1", "MACRO-3", "MICRO-6", "MESO-4"])
    memory_workshop.backend.apply([WriteRange(CONSENSUS, AGREED_ROW + 2, 1, ((None,),))])
    status = memory_workshop.status().agreed
    assert status is not None and not status.confirmed and status.state == "not confirmed"
    memory_workshop.sync()
    tab = memory_workshop.backend.read().get(CONSENSUS)
    assert tab is not None
    assert tab.value(AGREED_ROW, 1) == BY_CODE["MICRO-7"].label
    assert isinstance(tab.value(AGREED_ROW + 2, 1), Formula)
    assert tab.value(AGREED_ROW + 4, 1) == BY_CODE["MESO-4"].label
