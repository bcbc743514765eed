"""The uploaded workbook: tabs every sync writes are guarded by validation, others protected."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from sheets_sync.backends.microsoft.build import locks
from sheets_sync.backends.microsoft.fake import FakeGraph
from sheets_sync.backends.microsoft.read import PROTECTED
from sheets_sync.backends.xlsx.layout import sqref
from sheets_sync.backends.xlsx.names import tab_name
from sheets_sync.errors import ToolCellEdited
from sheets_sync.model import CellRange, Protection, TabSpec, parse_a1
from sheets_sync.tabs.keys import ASSESSMENT, CONSENSUS, STATE_TITLE, table_key
from tests.backends.microsoft.workshops import FIRST, item_id, microsoft_workshop, tables_type


def guards(ws: Worksheet) -> list[DataValidation]:
    return [
        dv
        for dv in ws.data_validations.dataValidation
        if dv.type == "custom" and dv.formula1 == "FALSE" and dv.errorStyle == "stop"
    ]


def guarded(ws: Worksheet, cell: str) -> bool:
    row, col = parse_a1(cell)
    return any(
        r.min_row <= row + 1 <= r.max_row and r.min_col <= col + 1 <= r.max_col
        for dv in guards(ws)
        for r in dv.sqref.ranges
    )


def test_tabs_every_sync_writes_refuse_typing_in_tool_cells_without_sheet_protection(
    graph_fake: FakeGraph, tmp_path: Path
) -> None:
    ws = microsoft_workshop(tmp_path, graph_fake, 2)
    ws.provision()
    book = graph_fake.workbook(item_id(ws))
    table = book["Table 1"]
    assert not table.protection.sheet
    assert guarded(table, f"D{FIRST}") and guarded(table, "A1") and guarded(table, "G5")
    assert not guarded(table, f"A{FIRST}") and not guarded(table, f"C{FIRST + 3}")
    assert guards(table)[0].error and guards(table)[0].showErrorMessage
    consensus = book["Consensus"]
    assert not consensus.protection.sheet and guarded(consensus, "A1")
    assert book[STATE_TITLE].sheet_state == "veryHidden" and guarded(book[STATE_TITLE], "B3")
    comments = {dn.name: dn.comment for dn in book.defined_names.values()}
    assert comments[tab_name(table_key(1))] != PROTECTED != comments[tab_name(CONSENSUS)]
    assert book["Assessment"].protection.sheet, "a tab sync does not write stays protected"
    assert comments[tab_name(ASSESSMENT)] == PROTECTED


def test_a_paste_into_a_guarded_tool_cell_stops_the_sync_until_forced(
    graph_fake: FakeGraph, tmp_path: Path
) -> None:
    ws = microsoft_workshop(tmp_path, graph_fake, 2)
    ws.provision()
    tables_type(graph_fake, item_id(ws), 2)
    ws.sync()
    graph_fake.person_sets(item_id(ws), "Table 2", f"E{FIRST}", "'pasted over the check")
    tables_type(graph_fake, item_id(ws), 1)
    graph_fake.person_sets(item_id(ws), "Table 1", f"C{FIRST}", "'changed my mind")
    with pytest.raises(ToolCellEdited, match="pasted over the check"):
        ws.sync()
    assert ws.sync(force=True).writes > 0
    assert graph_fake.values(item_id(ws), "Table 2")[FIRST - 1][4] != "pasted over the check"


def test_locks_are_the_protected_cells_minus_the_exceptions() -> None:
    spec = TabSpec(
        key="t",
        title="T",
        protections=(
            Protection(None, "tool", exceptions=(CellRange(2, 0, None, 2),)),
            Protection(CellRange(0, 0, 0, 0), "for accounts", online_only=True),
        ),
    )
    assert [sqref(piece) for piece in locks(spec)] == ["A1:XFD2", "D3:XFD1048576"]
    assert CellRange(0, 0, 9, 9).minus(CellRange(3, 3, 4, 4)) == [
        CellRange(0, 0, 2, 9),
        CellRange(5, 0, 9, 9),
        CellRange(3, 0, 4, 2),
        CellRange(3, 5, 4, 9),
    ]
    assert CellRange(0, 0, 9, 9).minus(CellRange(20, 20, 30, 30)) == [CellRange(0, 0, 9, 9)]
    assert sqref(CellRange(1, 2, None, 3)) == "C2:D1048576"
