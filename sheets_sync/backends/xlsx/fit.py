"""Row heights for wrapped text, which openpyxl cannot measure and Excel does not redo on open.

Google sizes rows to their wrapped text by itself; an .xlsx keeps whatever height it was
saved with, so text that needs three lines prints over the rows above and below. Before a
save, every row the tool wrote is given the height its tallest cell needs: the lines come
from a greedy word wrap at the cell's width (a merged block's whole width) and an average
character width for its font size, chosen on the generous side so text is never cut (a row a
little too tall reads fine; one too short hides words). Rows that need no more than one
default line go back to Excel's default height.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from openpyxl.cell.cell import Cell
from openpyxl.utils import column_index_from_string
from openpyxl.worksheet.worksheet import Worksheet

#: Average width of a character of ordinary text in Calibri 11 (pixels), rounded up.
CHAR_PX = 5.9
BOLD = 1.06
DEFAULT_PT = 11.0
DEFAULT_WIDTH = 8.43
#: A row's height per line, as a multiple of the font size, and its padding (points).
LINE = 1.25
PADDING_PT = 3.0
DEFAULT_ROW_PT = 15.0
CELL_PADDING_PX = 6


def column_px(width: float) -> float:
    """A column width in characters (Excel's unit) as pixels at 96 dpi."""
    return width * 7 + 5


def wrapped_lines(text: str, width_px: float, font_pt: float, *, bold: bool = False) -> int:
    """How many lines ``text`` takes wrapped at word boundaries in ``width_px``."""
    per_char = CHAR_PX * font_pt / DEFAULT_PT * (BOLD if bold else 1.0)
    room = max(1, int((width_px - CELL_PADDING_PX) / per_char))
    return sum(_lines(paragraph, room) for paragraph in text.split("\n"))


def _lines(paragraph: str, room: int) -> int:
    lines, used = 1, 0
    for word in paragraph.split():
        size = len(word)
        if used and used + 1 + size <= room:
            used += 1 + size
            continue
        if used:
            lines += 1
        lines += (size - 1) // room
        used = size - ((size - 1) // room) * room
    return lines


def row_height(lines: int, font_pt: float) -> float:
    """The row height (points) that holds ``lines`` lines of ``font_pt`` text."""
    return round(lines * font_pt * LINE + PADDING_PT, 1)


class _Widths:
    """Column widths in pixels, hidden columns 0, each merged block's width at its corner."""

    def __init__(self, ws: Worksheet) -> None:
        self.cols: dict[int, float] = {}
        for key, dim in ws.column_dimensions.items():
            low = dim.min or column_index_from_string(key)
            high = min(dim.max or low, low + 200)
            for col in range(low, high + 1):
                self.cols[col] = 0.0 if dim.hidden else column_px(dim.width or DEFAULT_WIDTH)
        self.merged: dict[tuple[int, int], int] = {}
        for rng in ws.merged_cells.ranges:
            self.merged[(rng.min_row, rng.min_col)] = rng.max_col

    def of(self, row: int, col: int) -> float:
        last = self.merged.get((row, col), col)
        return sum(self.cols.get(c, column_px(DEFAULT_WIDTH)) for c in range(col, last + 1))


#: What a cell's style says about its text: font size, bold, wrapped.
_Type = tuple[float, bool, bool]


def _type_of(cell: Cell, types: dict[tuple[int, ...], _Type]) -> _Type:
    """The cell's :data:`_Type`, worked out once per style: cells share openpyxl's style
    indices, and reading a font or an alignment through openpyxl costs more than the wrap."""
    key = tuple(cell._style or ())  # type: ignore[attr-defined]
    found = types.get(key)
    if found is None:
        font, alignment = cell.font, cell.alignment
        size = float(font.sz or DEFAULT_PT) if font is not None else DEFAULT_PT
        bold = bool(font is not None and font.b)
        wrap = bool(alignment is not None and alignment.wrap_text)
        found = types[key] = (size, bold, wrap)
    return found


def _needs(cell: Cell, widths: _Widths, types: dict[tuple[int, ...], _Type], merged: bool) -> float:
    if cell.value is None:
        return 0.0
    width = widths.of(cell.row, cell.column)
    if width <= 0:  # a hidden column: nobody sees it, so it needs no room
        return 0.0
    size, bold, wrap = _type_of(cell, types)
    wrap = wrap and (merged or (cell.row, cell.column) not in widths.merged)
    text = str(cell.value)
    lines = wrapped_lines(text, width, size, bold=bold) if wrap else text.count("\n") + 1
    return row_height(lines, size)


def fit_rows(ws: Worksheet, rows: Iterable[int], *, merged: bool = True) -> None:
    """Give each 1-based row in ``rows`` the height its text needs (see the module docs).
    ``merged=False`` gives a merged block one line (its line breaks aside), as Excel's
    AutoFit does: it does not wrap merged cells."""
    widths = _Widths(ws)
    types: dict[tuple[int, ...], _Type] = {}
    by_row: dict[int, list[Cell]] = {}
    wanted = set(rows)
    for (r, _), cell in ws._cells.items():
        if r in wanted and isinstance(cell, Cell):
            by_row.setdefault(r, []).append(cell)
    for r in sorted(wanted):
        need = max((_needs(cell, widths, types, merged) for cell in by_row.get(r, [])), default=0.0)
        dim = ws.row_dimensions[r]
        if need > row_height(1, DEFAULT_PT) + 0.05:
            dim.height = math.ceil(need * 4) / 4
        elif dim.height is not None:
            dim.height = None
