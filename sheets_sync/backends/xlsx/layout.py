"""A new tab's look in xlsx: widths, frozen panes, formatting, protection, dropdowns, colour.

Formatting and protection must also hold for cells that do not exist yet: people add many rows
to the gap tabs, and a protected tab must leave those rows editable. Excel gives a new cell the
formatting of its row, else of its column, so :func:`paint` works out one *look* (font, fill,
wrap, locked) for every cell from the :class:`~sheets_sync.model.Style` and
:class:`~sheets_sync.model.Protection` ranges and writes it

* to every cell of the *head* (the rows and columns where the ranges start or end),
* to every existing cell outside it,
* to each column of the head as a column style (what rows further down get),
* to one column span from the first column past the head to Excel's last column, and
* to each row of the head as a row style where the columns to the right differ from the span.

Past the head every range is unbounded in that direction, so a row's or a column's look no
longer changes, and those few styles describe the whole sheet. For the same reason a tab has
few distinct looks however many rows it holds: each is worked out once, and each cell's style
is built once per look and the style the cell had, then shared as openpyxl's own style indices.

Protection is sheet protection without a password (a guard against slips, not security):
every cell is locked unless it lies outside all protected ranges or inside an exception.
People may still resize rows and columns and insert or delete rows. ``warning_only`` and
``editors`` have no xlsx equivalent and are ignored.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from copy import copy
from dataclasses import dataclass
from typing import Literal, cast

from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.styles import Protection as CellProtection
from openpyxl.styles.cell_style import StyleArray
from openpyxl.styles.styleable import StyleableObject
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.dimensions import ColumnDimension
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from sheets_sync.backends.xlsx.cells import Styled
from sheets_sync.backends.xlsx.names import quote_title
from sheets_sync.errors import WorkbookError
from sheets_sync.model import (
    CellRange,
    Dropdown,
    PrintSetup,
    Protection,
    Style,
    TabSpec,
    a1,
    col_letter,
)

MAX_ROWS = 1_048_576
MAX_COLS = 16_384
#: Excel's default column width (Calibri 11). A styled column must state a width: openpyxl
#: reads a column without one back as 13 characters wide.
DEFAULT_WIDTH = 8.43
#: Page margins on every side (inches): narrow enough for wide tabs, wide enough for printers.
MARGIN_IN = 0.5
_COLOUR = re.compile(r"^#?([0-9A-Fa-f]{6})$")


def argb(colour: str, what: str) -> str:
    """``'#1F4E79' -> 'FF1F4E79'`` (Excel wants an opaque ARGB)."""
    m = _COLOUR.match(colour)
    if not m:
        raise WorkbookError(f"{what}: colour {colour!r} is not of the form #RRGGBB")
    return "FF" + m.group(1).upper()


@dataclass(frozen=True)
class _Look:
    """What a cell looks like; ``locked`` is ``None`` on a tab without protection."""

    bold: bool = False
    italic: bool = False
    wrap: bool = False
    size: int | None = None
    fill: str | None = None
    color: str | None = None
    locked: bool | None = None
    align: str | None = None


_ALIGN: dict[str, Literal["left", "center", "right"]] = {
    "left": "left",
    "center": "center",
    "right": "right",
}


def _after(last: int | None) -> int:
    return 0 if last is None else last + 1


class _Painter:
    """Resolves the look of any cell from a tab's styles and protections."""

    def __init__(self, title: str, styles: Sequence[Style], protections: Sequence[Protection]):
        self.title = title
        self.styles = styles
        self.protections = protections
        self.default = _Look(locked=True if protections else None)
        ranges = [s.where for s in styles]
        for p in protections:
            ranges.extend(p.exceptions)
            if p.where is not None:
                ranges.append(p.where)
        self.head_rows = max(
            (b for r in ranges for b in (r.first_row, _after(r.last_row))), default=0
        )
        self.head_cols = max(
            (b for r in ranges for b in (r.first_col, _after(r.last_col))), default=0
        )
        self._looks: dict[tuple[int, int], _Look] = {}
        self._dressed: dict[tuple[_Look, bool, tuple[int, ...]], StyleArray] = {}

    def _align(self, align: str | None) -> str | None:
        if align is not None and align not in _ALIGN:
            raise WorkbookError(f"tab {self.title!r}: alignment {align!r} is not one of {_ALIGN}")
        return align

    def look(self, row: int, col: int) -> _Look:
        """The look of the cell at ``(row, col)``; past the head it is that of the head's edge."""
        at = (min(row, self.head_rows), min(col, self.head_cols))
        found = self._looks.get(at)
        if found is None:
            found = self._looks[at] = self._resolve(*at)
        return found

    def _resolve(self, row: int, col: int) -> _Look:
        bold = italic = wrap = False
        size: int | None = None
        fill = color = align = None
        for s in self.styles:
            if s.where.contains(row, col):
                bold, italic, wrap = bold or s.bold, italic or s.italic, wrap or s.wrap
                size = s.font_size or size
                fill = argb(s.fill, f"tab {self.title!r}") if s.fill else fill
                color = argb(s.font_color, f"tab {self.title!r}") if s.font_color else color
                align = self._align(s.align) or align
        locked = self.default.locked
        if self.protections:
            locked = any(
                (p.where is None or p.where.contains(row, col))
                and not any(e.contains(row, col) for e in p.exceptions)
                for p in self.protections
            )
        return _Look(bold, italic, wrap, size, fill, color, locked, align)

    def dress(self, obj: StyleableObject, look: _Look, *, force: bool = False) -> None:
        """Give ``obj`` (a cell, row or column) the look; ``force`` makes even the default
        look an explicit style, so that a row style can override a column style."""
        font = cast(Font, copy(obj.font))
        font.b, font.i = look.bold, look.italic
        if look.color:
            font.color = look.color
        if look.size:
            font.sz = look.size
        obj.font = font
        if look.fill:
            obj.fill = PatternFill("solid", fgColor=look.fill)
        if look.wrap or look.align or obj.alignment.wrap_text:
            alignment = cast(Alignment, copy(obj.alignment))
            alignment.wrap_text = look.wrap
            alignment.vertical = "top" if look.wrap else None  # lines read from the top
            alignment.horizontal = _ALIGN[look.align] if look.align else None
            obj.alignment = alignment
        if look.locked is not None:
            obj.protection = CellProtection(locked=look.locked)
        if force and not obj.has_style:
            obj.alignment = Alignment(vertical="bottom")  # Excel's default, but explicit

    def dress_cell(self, obj: Cell | MergedCell, look: _Look, *, force: bool = False) -> None:
        """:meth:`dress` for a cell, built once per look and starting style: what ``dress``
        does depends on nothing else, so later cells take a copy of the style indices."""
        styled = cast(Styled, obj)
        key = (look, force, tuple(styled._style or ()))
        done = self._dressed.get(key)
        if done is None:
            self.dress(obj, look, force=force)
            self._dressed[key] = copy(styled._style or StyleArray())
        else:
            styled._style = copy(done)

    def paint(self, ws: Worksheet, widths: Mapping[int, int]) -> None:
        """Apply every look to ``ws`` as the module docstring describes; columns without a
        width in ``widths`` get Excel's default width, explicitly (see :data:`DEFAULT_WIDTH`)."""
        rows, cols = self.head_rows, self.head_cols
        span_look = self.look(rows, cols)
        styled_cols: set[int] = set()
        for c in range(cols):
            col_look = self.look(rows, c)
            if col_look != self.default:
                dim = ws.column_dimensions[col_letter(c)]
                if c not in widths:
                    dim.width = DEFAULT_WIDTH
                self.dress(dim, col_look)
                styled_cols.add(c)
        if span_look != self.default and cols < MAX_COLS:
            span = ColumnDimension(
                ws, index=col_letter(cols), width=DEFAULT_WIDTH, min=cols + 1, max=MAX_COLS
            )
            ws.column_dimensions[col_letter(cols)] = span
            self.dress(span, span_look)
        styled_rows: set[int] = set()
        for r in range(rows):
            row_look = self.look(r, cols)
            if row_look != span_look:
                self.dress(ws.row_dimensions[r + 1], row_look, force=True)
                styled_rows.add(r)
        for r in range(rows):
            for c in range(cols):
                cell_look = self.look(r, c)
                if cell_look != self.default or r in styled_rows or c in styled_cols:
                    self.dress_cell(ws.cell(row=r + 1, column=c + 1), cell_look, force=True)
        body: dict[tuple[int, int, bool, bytes], StyleArray] = {}
        for (r1, c1), cell in list(ws._cells.items()):
            if r1 > rows or c1 > cols:
                # Past the head a look depends only on where the head's edge is: the dressed
                # style is looked up by that place and the starting style's bytes.
                styled = cast(Styled, cell)
                force = cell.value is None
                r_at, c_at = min(r1 - 1, rows), min(c1 - 1, cols)
                start = styled._style
                key = (r_at, c_at, force, b"" if start is None else start.tobytes())
                done = body.get(key)
                if done is None:
                    self.dress_cell(cell, self.look(r_at, c_at), force=force)
                    body[key] = copy(styled._style or StyleArray())
                else:
                    styled._style = copy(done)


def sqref(where: CellRange) -> str:
    """A range as Excel's sqref; an open end runs to the last row or column."""
    last_row = MAX_ROWS - 1 if where.last_row is None else where.last_row
    last_col = MAX_COLS - 1 if where.last_col is None else where.last_col
    return f"{a1(where.first_row, where.first_col)}:{a1(last_row, last_col)}"


def add_dropdown(ws: Worksheet, dropdown: Dropdown, source_title: str) -> None:
    """A list validation that offers the cells of ``dropdown.source`` on ``source_title``.

    Lenient dropdowns (``strict=False``) accept any input without a message, so people can
    type a code and let the sync resolve it; strict ones refuse other values.
    """
    src = dropdown.source
    last_row = MAX_ROWS - 1 if src.last_row is None else src.last_row
    last_col = src.first_col if src.last_col is None else src.last_col
    formula = (
        f"{quote_title(source_title)}!${col_letter(src.first_col)}${src.first_row + 1}"
        f":${col_letter(last_col)}${last_row + 1}"
    )
    dv = DataValidation(
        type="list",
        formula1=formula,
        allow_blank=True,
        showErrorMessage=dropdown.strict,
        errorStyle="stop" if dropdown.strict else "warning",
    )
    dv.add(sqref(dropdown.where))
    ws.add_data_validation(dv)


def lay_out(ws: Worksheet, spec: TabSpec) -> None:
    """Everything in ``spec`` except values, dropdowns and tags (the caller's business)."""
    for col, width in spec.column_widths.items():
        ws.column_dimensions[col_letter(col)].width = width
    if spec.frozen_rows or spec.frozen_cols:
        ws.freeze_panes = a1(spec.frozen_rows, spec.frozen_cols)
    protections = [p for p in spec.protections if not p.online_only]
    painter = _Painter(spec.title, spec.styles, protections)
    if spec.column_widths:
        painter.head_cols = max(painter.head_cols, max(spec.column_widths) + 1)
    painter.paint(ws, spec.column_widths)
    if protections:
        ws.protection.sheet = True
        ws.protection.formatColumns = False
        ws.protection.formatRows = False
        ws.protection.insertRows = False
        ws.protection.deleteRows = False
    if spec.hidden:
        ws.sheet_state = "hidden"
    if spec.tab_color:
        ws.sheet_properties.tabColor = argb(spec.tab_color, f"tab {spec.title!r}")
    for col in spec.hidden_cols:
        ws.column_dimensions[col_letter(col)].hidden = True
    for where in spec.merges:
        corner = ws.cell(row=where.first_row + 1, column=where.first_col + 1)
        painter.dress(corner, painter.look(where.first_row, where.first_col), force=True)
        ws.merge_cells(
            start_row=where.first_row + 1,
            start_column=where.first_col + 1,
            end_row=(where.first_row if where.last_row is None else where.last_row) + 1,
            end_column=(where.first_col if where.last_col is None else where.last_col) + 1,
        )
    print_fit_to_width(ws, spec.print_setup)


def print_fit_to_width(ws: Worksheet, setup: PrintSetup) -> None:
    """Print on A4 with every column on one page wide (a tab printed for the room reads
    across, not column by column over many pages), the title rows on every page."""
    ws.page_setup.orientation = "landscape" if setup.landscape else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.page_margins.left = ws.page_margins.right = MARGIN_IN
    ws.page_margins.top = ws.page_margins.bottom = MARGIN_IN
    ws.print_options.horizontalCentered = False
    if setup.title_rows:
        ws.print_title_rows = f"1:{setup.title_rows}"
    for row in setup.page_breaks:
        ws.row_breaks.append(Break(id=row))  # a break after 1-based row ``row``
