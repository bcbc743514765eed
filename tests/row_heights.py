"""An independent check that rows hold their wrapped text, read from a saved .xlsx.

Deliberately cruder than :mod:`sheets_sync.backends.xlsx.fit`: a *narrow* average character
(so more characters fit a line than in any real font) and no word wrap, so every line it
counts is a line any spreadsheet program needs at least.
"""

from __future__ import annotations

import math

from openpyxl.cell.cell import Cell
from openpyxl.utils import column_index_from_string
from openpyxl.worksheet.worksheet import Worksheet

#: Excel draws a character column about 7 px wide, plus 5 px of padding per column.
PX_PER_CHAR, PX_PER_COL = 7, 5
#: The narrowest plausible average character of ordinary text at 11 pt (pixels).
NARROW_CHAR_PX = 4.6


def widths_px(ws: Worksheet) -> dict[int, float]:
    """1-based column → pixels (hidden columns 0) for the first 40 columns."""
    out = {c: 8.43 * PX_PER_CHAR + PX_PER_COL for c in range(1, 41)}
    for key, dim in ws.column_dimensions.items():
        low = dim.min or column_index_from_string(key)
        for c in range(low, min(dim.max or low, 40) + 1):
            out[c] = 0 if dim.hidden else (dim.width or 8.43) * PX_PER_CHAR + PX_PER_COL
    return out


def lower_bound_lines(text: str, width_px: float, size: float) -> int:
    """The fewest lines ``text`` can take in a cell ``width_px`` wide at ``size`` points."""
    per_line = max(1, int(width_px / (NARROW_CHAR_PX * size / 11)))
    return sum(max(1, math.ceil(len(p) / per_line)) for p in text.split("\n"))


def short_rows(ws: Worksheet) -> tuple[int, list[tuple[str, int, float]]]:
    """How many wrapped cells with text ``ws`` holds, and those whose row is too short for
    their lines: (cell, lines, row height in points)."""
    widths = widths_px(ws)
    merged = {(m.min_row, m.min_col): m.max_col for m in ws.merged_cells.ranges}
    checked, short = 0, []
    for (r, c), cell in ws._cells.items():
        if not isinstance(cell, Cell) or cell.value is None or not cell.alignment.wrap_text:
            continue
        if widths.get(c, 1) == 0:
            continue
        width = sum(widths.get(k, 64) for k in range(c, merged.get((r, c), c) + 1))
        size = float(cell.font.sz or 11)
        lines = lower_bound_lines(str(cell.value), width, size)
        height = ws.row_dimensions[r].height or 15.0
        checked += 1
        if height < lines * size * 1.15:
            short.append((cell.coordinate, lines, height))
    return checked, short
