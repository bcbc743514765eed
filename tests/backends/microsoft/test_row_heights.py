"""What people see on Microsoft 365: rows tall enough for their wrapped text.

Rows written after the upload keep the heights it gave them unless Excel sizes them: the
Consensus tab's "All 17 principles" block is sized by ``autofitRows`` at each sync that
writes it, and the spare gap tabs come sized for the longest principle, so a claimed tab's
heading and ideal are never clipped. Read from the fake's openpyxl workbook after a sync,
agree, gap and sync, against the lines the xlsx adapter's estimate counts.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from sheets_sync.backends.microsoft.fake import FakeGraph
from sheets_sync.backends.xlsx.fit import DEFAULT_PT, column_px, row_height, wrapped_lines
from sheets_sync.core.principles import BY_CODE, PRINCIPLES
from sheets_sync.tabs.consensus import CONSENSUS_LAYOUT
from sheets_sync.tabs.gap import GAP_COLUMNS, gap_layout
from sheets_sync.tabs.templates import load_templates
from tests.backends.microsoft.workshops import item_id, microsoft_workshop, tables_type

AGREED = ["MESO-3", "MICRO-1", "MACRO-2", "MICRO-2", "MACRO-1"]


def height(ws: Worksheet, row: int) -> float:
    """Row ``row`` (1-based) in points, Excel's default when none is set."""
    return ws.row_dimensions[row].height or 15.0


def needed(ws: Worksheet, row: int, first: int, last: int) -> float:
    """The height the wrapped text of columns ``first``..``last`` (1-based) of ``row`` takes
    at its cell's width (the whole block's for a merge in that row); one line of default
    text fits Excel's default height."""
    need = 15.0
    for col in range(first, last + 1):
        cell = ws.cell(row, col)
        if cell.value is None or not cell.alignment.wrap_text:
            continue
        merged = next(
            (m for m in ws.merged_cells.ranges if (m.min_row, m.min_col) == (row, col)), None
        )
        cols = range(col, (merged.max_col if merged else col) + 1)
        width = sum(
            column_px(ws.column_dimensions[get_column_letter(c)].width or 8.43) for c in cols
        )
        size = float(cell.font.sz or DEFAULT_PT)
        need = max(
            need,
            row_height(wrapped_lines(str(cell.value), width, size, bold=bool(cell.font.b)), size),
        )
    return 15.0 if need <= row_height(1, DEFAULT_PT) + 0.05 else need


def test_consensus_and_gap_rows_hold_their_wrapped_text(
    graph_fake: FakeGraph, tmp_path: Path
) -> None:
    ws = microsoft_workshop(tmp_path, graph_fake, 6)
    ws.provision()
    item = item_id(ws)
    tables_type(graph_fake, item, 6)
    ws.sync()
    agreed = CONSENSUS_LAYOUT.agreed + 2
    for i, code in enumerate(AGREED):
        graph_fake.person_sets(item, "Consensus", f"B{agreed + i}", BY_CODE[code].label)
    graph_fake.reset_counts()
    ws.gap()
    subs = [s for r in graph_fake.requests for s in r.sub_requests]
    assert subs and all(s.operation != "workbook.range.format.autofitRows" for s in subs), (
        "the gap claim spends no sub-request on heights"
    )
    ws.sync()
    book = graph_fake.workbook(item)

    consensus = book["Consensus"]
    top = CONSENSUS_LAYOUT.aggregate + 3
    texts = [
        consensus.cell(r, CONSENSUS_LAYOUT.width).value for r in range(top, top + len(PRINCIPLES))
    ]
    assert {p.text for p in PRINCIPLES} <= {str(t) for t in texts if t}
    tall = 0
    for row in range(top, top + len(PRINCIPLES)):
        need = needed(consensus, row, 1, CONSENSUS_LAYOUT.width)
        assert need <= height(consensus, row) < need + 4, row
        tall += need > 15.5
    assert tall >= 5, "principle texts wrap onto two lines or more"

    lay = gap_layout(load_templates())
    ideal = lay.first_row + 1
    for code in AGREED:
        gap = next(s for s in book.worksheets if s.sheet_state == "visible" and code in s.title)
        for row in (1, ideal):
            assert needed(gap, row, 1, GAP_COLUMNS) <= height(gap, row), (gap.title, row)
        width = column_px(gap.column_dimensions["A"].width)
        longest = max(wrapped_lines(p.label, width, DEFAULT_PT) for p in PRINCIPLES)
        assert longest >= 3, "the longest ideal takes three lines or more"
        assert height(gap, ideal) >= row_height(longest, DEFAULT_PT), "sized for the longest"
