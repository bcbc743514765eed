"""What the room and commissioners see of the demo workbook: read from the saved .xlsx.

Every check here is an independent estimate, deliberately cruder than the code it checks: the
print scale from the column widths and the paper, the lines of wrapped text from a *narrow*
average character (so more characters fit a line than in any real font), the chart's labels
from its axis. The LibreOffice render in ``test_libreoffice.py`` checks the same things in a
real spreadsheet program.
"""

from __future__ import annotations

import re

import openpyxl
import pytest
from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

from sheets_sync.core.principles import CODES
from sheets_sync.tabs.consensus import CONSENSUS_LAYOUT
from sheets_sync.workshop.demo import run_demo
from tests.row_heights import NARROW_CHAR_PX, short_rows, widths_px

A4_IN = (8.27, 11.69)
EMU = 9525  # per pixel


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> openpyxl.Workbook:
    out = tmp_path_factory.mktemp("demo")
    run_demo(out, echo=None)
    return openpyxl.load_workbook(out / "sampleton.xlsx")


def visible(wb: openpyxl.Workbook) -> list[Worksheet]:
    return [ws for ws in wb.worksheets if ws.sheet_state == "visible"]


def printed_width_px(ws: Worksheet) -> float:
    """The width that prints: every column up to the last one holding a value, a merge or a
    chart's right edge."""
    widths = widths_px(ws)
    last = max((c for (_, c), cell in ws._cells.items() if cell.value is not None), default=1)
    last = max([last, *(m.max_col for m in ws.merged_cells.ranges)])
    width = sum(widths[c] for c in range(1, last + 1))
    for chart in ws._charts:  # type: ignore[attr-defined]
        start = chart.anchor._from.col
        width = max(width, sum(widths[c] for c in range(1, start + 1)) + chart.anchor.ext.cx / EMU)
    return width


def print_scale(ws: Worksheet) -> float:
    short, long = A4_IN
    paper = long if ws.page_setup.orientation == "landscape" else short
    margins = (ws.page_margins.left or 0.7) + (ws.page_margins.right or 0.7)
    return min(1.0, (paper - margins) * 96 / printed_width_px(ws))


def test_every_visible_tab_prints_on_a4_at_70_percent_or_more(demo: openpyxl.Workbook) -> None:
    scales = {ws.title: round(print_scale(ws), 2) for ws in visible(demo)}
    assert len(scales) == 14
    assert min(scales.values()) >= 0.7, scales
    for ws in visible(demo):
        assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
        assert ws.print_title_rows, f"{ws.title} repeats no title rows"


def test_rows_hold_their_wrapped_lines(demo: openpyxl.Workbook) -> None:
    checked = 0
    for ws in visible(demo):
        count, short = short_rows(ws)
        assert not short, (ws.title, short)
        checked += count
    assert checked > 300


def test_long_text_never_runs_into_the_next_cell(demo: openpyxl.Workbook) -> None:
    """Text wider than its column either wraps or spans empty cells merged with it."""
    for ws in visible(demo):
        widths = widths_px(ws)
        merged = {(m.min_row, m.min_col): m.max_col for m in ws.merged_cells.ranges}
        for (r, c), cell in ws._cells.items():
            if not isinstance(cell, Cell) or not isinstance(cell.value, str):
                continue
            if cell.alignment.wrap_text or widths.get(c, 1) == 0 or cell.data_type == "f":
                continue
            width = sum(widths.get(k, 64) for k in range(c, merged.get((r, c), c) + 1))
            size = float(cell.font.sz or 11)
            assert len(cell.value) * NARROW_CHAR_PX * size / 11 <= width, (
                ws.title,
                cell.coordinate,
                cell.value,
            )


def test_gap_tabs_are_the_six_column_form_with_the_row_ids_hidden(
    demo: openpyxl.Workbook,
) -> None:
    gaps = [ws for ws in demo.worksheets if ws.title.startswith("Gap ")]
    assert len(gaps) == 5
    for ws in gaps:
        assert ws.column_dimensions["G"].hidden
        assert re.fullmatch(r"r-[0-9a-f]{6}", str(ws["G5"].value))
        assert ws["A4"].value == "The ideal (THRIVE principle)"
        assert all(ws.cell(4, c).value for c in range(1, 7))
        assert all(not ws.column_dimensions[k].hidden for k in "ABCDEF")
        assert ws.freeze_panes == "A5"
        assert ws["A4"].font.sz >= 13


def test_the_consensus_tab_leads_with_the_five_then_the_flipchart(
    demo: openpyxl.Workbook,
) -> None:
    ws = demo["Consensus"]
    lay = CONSENSUS_LAYOUT
    order = [lay.agreed, lay.suggested, lay.flipchart, lay.aggregate, lay.alternatives, lay.points]
    assert order == sorted(order)
    assert str(ws.cell(lay.agreed + 1, 1).value).startswith("Agreed top five")
    assert ws.cell(lay.agreed + 2, 2).font.sz >= 16
    legend = [str(ws.cell(lay.legend + 1 + i, 1).value) for i in range(10)]
    headers = [str(ws.cell(lay.aggregate + 2, c).value) for c in range(1, 11)]
    assert [line.split(":")[0] for line in legend] == headers
    assert "two principles at a time" in legend[6]


def test_the_chart_labels_all_17_principles_sorted_by_points(demo: openpyxl.Workbook) -> None:
    ws = demo["Consensus"]
    (chart,) = ws._charts  # type: ignore[attr-defined]
    assert chart.x_axis.tickLblSkip == 1
    ref = chart.series[0].cat.numRef or chart.series[0].cat.strRef
    first, last = (int(n) for n in re.findall(r"\$(\d+)", ref.f))
    assert last - first == 16
    codes = [ws.cell(r, 1).value for r in range(first, last + 1)]
    points = [ws.cell(r, 2).value for r in range(first, last + 1)]
    assert sorted(codes) == sorted(CODES)
    assert points == sorted(points, reverse=True)
    assert chart.anchor.ext.cy / EMU / 17 >= 24  # pixels per bar: legible from the back
