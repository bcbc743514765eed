"""Row heights for wrapped text, which openpyxl cannot measure and Excel does not redo on open.

Google sizes rows to their wrapped text by itself; an .xlsx keeps whatever height it was
saved with, and neither Excel nor LibreOffice re-measures rows on opening, nor a row given a
height once people type into it, so text that needs three lines prints over the rows above
and below. Before a save, :func:`fit_sheet` makes every row the tool wrote exactly the height
its tallest cell needs (rows that need no more than one default line go back to Excel's
default height), and raises any other row too short for its text: text people typed in
Excel or LibreOffice since, into a row sized for shorter text. Those rows are never lowered,
since a person may have made them taller on purpose.

The lines come from a greedy word wrap at the cell's width (a merged block's whole width;
hidden columns need no room) and an average character width for its font size, chosen on the
generous side so text is never cut (a row a little too tall reads fine; one too short hides
words). The wrap is counted a line at a time, and a paragraph no longer than a line is one
line without splitting it into words, so measuring a row costs little next to saving it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Protocol, cast

from openpyxl.styles import Alignment, Font
from openpyxl.utils import column_index_from_string
from openpyxl.worksheet.dimensions import RowDimension
from openpyxl.worksheet.worksheet import Worksheet

from sheets_sync.backends.xlsx.cells import Styled

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


def line_room(width_px: float, font_pt: float, *, bold: bool = False) -> int:
    """How many average characters of ``font_pt`` text fit a line of a cell ``width_px`` wide."""
    per_char = CHAR_PX * font_pt / DEFAULT_PT * (BOLD if bold else 1.0)
    return max(1, int((width_px - CELL_PADDING_PX) / per_char))


def wrapped_lines(text: str, width_px: float, font_pt: float, *, bold: bool = False) -> int:
    """How many lines ``text`` takes wrapped at word boundaries in ``width_px``."""
    return count_lines(text, line_room(width_px, font_pt, bold=bold))


def count_lines(text: str, room: int) -> int:
    """Lines of ``text`` wrapped greedily at ``room`` characters: each paragraph (``\\n``)
    starts a line, words are separated by one space, a word longer than a line is cut."""
    lines = 0
    for paragraph in text.split("\n"):
        lines += 1
        if len(paragraph) <= room:
            continue
        words = " ".join(paragraph.split())
        start, end = 0, len(words)
        while end - start > room:
            space = words.rfind(" ", start, start + room + 1)
            start = space + 1 if space > start else start + room
            lines += 1
    return lines


def row_height(lines: int, font_pt: float) -> float:
    """The row height (points) that holds ``lines`` lines of ``font_pt`` text."""
    return round(lines * font_pt * LINE + PADDING_PT, 1)


#: A row needing no more than this has one default line and keeps Excel's default height.
_ONE_LINE = row_height(1, DEFAULT_PT) + 0.05


def _column_widths(ws: Worksheet) -> dict[int, float]:
    """Column widths in pixels (hidden columns 0), for the columns that state one."""
    cols: dict[int, float] = {}
    for key, dim in ws.column_dimensions.items():
        low = dim.min or column_index_from_string(key)
        high = min(dim.max or low, low + 200)
        px = 0.0 if dim.hidden else column_px(dim.width or DEFAULT_WIDTH)
        for col in range(low, high + 1):
            cols[col] = px
    return cols


class _Stored(Styled, Protocol):
    """A cell as openpyxl keeps it: the value, and the style as indices into the workbook's
    fonts (0), alignments (5)… (``None`` for a cell never styled: the defaults, index 0).
    Reading them so costs less than openpyxl's style proxies."""

    _value: object


class _StyleTables(Protocol):
    _fonts: Sequence[Font]
    _alignments: Sequence[Alignment]


#: What a cell's column and style say about its text: the characters a line holds (0 in a
#: hidden column, which nobody sees, so its text needs no room), the points a line takes, and
#: whether the text wraps.
_Kind = tuple[int, float, bool]


class _Kinds:
    """The :data:`_Kind` of each (column, font, alignment), worked out once per sheet."""

    def __init__(self, ws: Worksheet) -> None:
        self.tables = cast(_StyleTables, ws.parent)
        self.cols = _column_widths(ws)
        self.default_px = column_px(DEFAULT_WIDTH)
        self.merged: dict[tuple[int, int], float] = {
            (rng.min_row, rng.min_col): sum(
                self.width(c) for c in range(rng.min_col, rng.max_col + 1)
            )
            for rng in ws.merged_cells.ranges
        }
        self.known: dict[tuple[int, int, int], _Kind] = {}

    def width(self, col: int) -> float:
        return self.cols.get(col, self.default_px)

    def of(self, width: float, font_id: int, alignment_id: int) -> _Kind:
        font = self.tables._fonts[font_id]
        size = float(font.sz or DEFAULT_PT)
        room = line_room(width, size, bold=bool(font.b)) if width > 0 else 0
        return room, size * LINE, bool(self.tables._alignments[alignment_id].wrap_text)


def _needs(ws: Worksheet, *, wrap_merged: bool = True) -> dict[int, float]:
    """Each row holding a value, and the height (points) its tallest cell needs;
    ``wrap_merged=False`` gives a merged block one line (its line breaks aside)."""
    kinds = _Kinds(ws)
    known, merged = kinds.known, kinds.merged
    need: dict[int, float] = {}
    for (r, c), cell in cast(dict[tuple[int, int], _Stored], ws._cells).items():
        value = cell._value
        if value is None:
            continue
        style = cell._style
        font, alignment = (style[0], style[5]) if style is not None else (0, 0)
        if merged and (r, c) in merged:
            room, line_pt, wrap = kinds.of(merged[(r, c)], font, alignment)
            wrap = wrap and wrap_merged
        else:
            key = (c, font, alignment)
            kind = known.get(key)
            if kind is None:
                kind = known[key] = kinds.of(kinds.width(c), font, alignment)
            room, line_pt, wrap = kind
        if not room:
            continue
        text = value if isinstance(value, str) else str(value)
        if not wrap:
            lines = text.count("\n") + 1
        elif len(text) <= room and "\n" not in text:
            lines = 1
        else:
            lines = count_lines(text, room)
        height = lines * line_pt + PADDING_PT
        if height > need.get(r, 0.0):
            need[r] = height
    return need


def fit_sheet(ws: Worksheet, written: Iterable[int]) -> None:
    """Size the rows of ``ws`` to their text (see the module docs): each 1-based row in
    ``written`` exactly, every other row only upwards."""
    need = _needs(ws)
    dims = ws.row_dimensions
    exact = set(written)
    _fit_exactly(ws, need, exact)
    for r, unrounded in need.items():
        height = round(unrounded, 1)
        if height <= _ONE_LINE or r in exact:
            continue
        dim = dims.get(r)
        held = DEFAULT_ROW_PT if dim is None or dim.height is None else dim.height
        if held + 0.05 < height:
            _set_height(ws, r, height)


def fit_rows(ws: Worksheet, rows: Iterable[int], *, merged: bool = True) -> None:
    """Give each 1-based row in ``rows`` exactly the height its text needs, and no other row.
    ``merged=False`` gives a merged block one line (its line breaks aside), as Excel's
    AutoFit does: it does not wrap merged cells."""
    _fit_exactly(ws, _needs(ws, wrap_merged=merged), set(rows))


def _fit_exactly(ws: Worksheet, need: dict[int, float], rows: set[int]) -> None:
    dims = ws.row_dimensions
    for r in rows:
        height = round(need.get(r, 0.0), 1)
        if height > _ONE_LINE:
            _set_height(ws, r, height)
        else:
            dim = dims.get(r)
            if dim is not None and dim.height is not None:
                dim.height = None


def _set_height(ws: Worksheet, row: int, height: float) -> None:
    """Row ``row`` ``height`` points tall, rounded up to a quarter point (a row new to the
    sheet is made with its height, which costs less than setting it afterwards)."""
    quarters = math.ceil(height * 4) / 4
    dim = ws.row_dimensions.get(row)
    if dim is None:
        ws.row_dimensions[row] = RowDimension(ws, index=row, ht=quarters)
    else:
        dim.height = quarters
