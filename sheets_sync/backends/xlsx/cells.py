"""One cell value in and out of openpyxl, exactly as typed.

Writing (:func:`store`):

* a ``str`` is always a text cell, even ``=1+2``, ``+44…``, ``-``, ``@name`` or ``007``: openpyxl
  would turn ``=…`` into a formula, so the cell type is forced to text, and the cell gets
  Excel's *quote prefix* whenever Excel would otherwise re-read the text as a formula, number,
  date or boolean when a person edits the cell;
* only :class:`~sheets_sync.model.Formula` becomes a formula; ``None`` clears the value (the
  cell keeps its formatting, as Excel's *Clear Contents* does);
* text longer than Excel's 32,767 characters, a time zone, NaN or infinity raise
  :class:`~sheets_sync.errors.WorkbookError` naming tab and cell, never a silent change;
* characters XML cannot hold (``\\r``, control characters, lone surrogates) and literal
  ``_xHHHH_`` sequences are escaped the OOXML way (``_x000D_``), as Excel does, so a CRLF or a
  stray control character survives the round trip;
* a cell the tool creates takes the row's or else the column's formatting, as a cell a person
  types into does in Excel: on a protected tab that is what keeps new cells unlocked.

Reading (:func:`load`): a formula is a ``Formula``; text is ``str`` (unescaped); a whole
number is ``int`` even if stored as ``3.0``; a date is a ``datetime``; an error such as
``#REF!`` is its text. One ambiguity remains: openpyxl strips Excel's escape of a literal
``_xHHHH_`` in shared strings, so such text typed in Excel reads back as the escaped character.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime, time, timedelta
from typing import Protocol, cast

from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import column_index_from_string
from openpyxl.worksheet.dimensions import ColumnDimension, RowDimension
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula
from openpyxl.worksheet.worksheet import Worksheet

from sheets_sync.errors import WorkbookError
from sheets_sync.model import CellValue, Formula, a1

MAX_CELL_CHARS = 32_767
_UNWRITABLE_CLASS = r"[\x00-\x08\x0b\x0c\r\x0e-\x1f\ud800-\udfff\ufffe\uffff]"
_UNWRITABLE = re.compile(_UNWRITABLE_CLASS)
_NEEDS_ESCAPE = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)|" + _UNWRITABLE_CLASS)
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")
_NEEDS_QUOTE = re.compile(
    r"""^[=+\-@]
      | ^\s*[-+]?(\d[\d,]*\.?\d*|\.\d+)(e[-+]?\d+)?\s*%?\s*$   # 007, 1,5, 3.2e4, 50%
      | ^\s*[$£€]\s*\d                                          # currency
      | ^\s*\d{1,4}\s*[-/.]\s*\d{1,2}(\s*[-/.]\s*\d{1,4})?\s*$  # 1/2, 2025-03-14
      | ^\s*\d{1,2}:\d{2}                                       # 9:30
      | ^\s*(true|false)\s*$
      | ^\s*\(\d                                                # (100) is -100 in Excel
    """,
    re.IGNORECASE | re.VERBOSE,
)


def escape(text: str) -> str:
    """OOXML's ``_xHHHH_`` escaping: ``'a\\r\\nb' -> 'a_x000D_\\nb'``."""
    if "_x" not in text and _UNWRITABLE.search(text) is None:  # most text: nothing to do
        return text
    return _NEEDS_ESCAPE.sub(_escaped, text)


def _escaped(m: re.Match[str]) -> str:
    ch = m.group(0)
    return "_x005F_" if ch == "_" else f"_x{ord(ch):04X}_"


def unescape(text: str) -> str:
    """Inverse of :func:`escape`."""
    if "_x" not in text:
        return text
    return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text)


def needs_quote_prefix(text: str) -> bool:
    """Whether Excel would read ``text`` as something other than text if a person re-entered it."""
    return bool(_NEEDS_QUOTE.search(text))


def column_dimension(ws: Worksheet, col: int) -> ColumnDimension | None:
    """The column dimension that covers 0-based ``col`` (Excel stores spans of columns)."""
    for key, dim in ws.column_dimensions.items():
        low = dim.min or column_index_from_string(key)
        if low <= col + 1 <= (dim.max or low):
            return dim
    return None


class Styled(Protocol):
    """A cell, row or column as openpyxl keeps its style: indices into the workbook's fonts,
    fills, borders, number formats, protections and alignments, then three flags."""

    _style: StyleArray | None


def _inherit_style(ws: Worksheet, cell: Cell) -> None:
    """Give a new cell the row's formatting, else the column's, as Excel does for typing.

    Rows, columns and cells index the same workbook-wide style tables, so the cell takes the
    source's six formatting indices as they are (not its quote prefix, pivot button or named
    style); building and registering each style part anew costs a hundred times more."""
    source: RowDimension | ColumnDimension | None = ws.row_dimensions.get(cell.row)
    if source is None or not source.has_style:
        source = column_dimension(ws, cell.column - 1)
    if source is not None and source.has_style:
        held = cast(Styled, source)._style
        assert held is not None  # has_style says so
        style = StyleArray(held)
        style.pivotButton = style.quotePrefix = style.xfId = 0
        cast(Styled, cell)._style = style


def cell_at(ws: Worksheet, row: int, col: int) -> Cell:
    """The cell at 0-based ``(row, col)``, created with inherited formatting if new."""
    existing = ws._cells.get((row + 1, col + 1))
    if isinstance(existing, MergedCell):
        raise WorkbookError(
            f"tab {ws.title!r} cell {a1(row, col)} is inside merged cells; unmerge them"
        )
    if existing is not None:
        return existing
    cell = ws.cell(row=row + 1, column=col + 1)
    assert isinstance(cell, Cell)
    _inherit_style(ws, cell)
    return cell


def store(ws: Worksheet, row: int, col: int, value: CellValue) -> None:
    """Write ``value`` to 0-based ``(row, col)`` under the rules in the module docstring."""
    if value is None:
        existing = ws._cells.get((row + 1, col + 1))
        if isinstance(existing, Cell):
            existing.value = None
            existing.quotePrefix = False
        return
    cell = cell_at(ws, row, col)
    if isinstance(value, Formula):
        text = str(value)
        cell.value = text if text.startswith("=") else "=" + text
        cell.data_type = "f"
        _quote(cell, False)
    elif isinstance(value, str):
        if len(value) > MAX_CELL_CHARS:
            raise WorkbookError(
                f"{_where(ws, row, col)}: text of {len(value):,} characters is longer than "
                f"Excel's limit of {MAX_CELL_CHARS:,} per cell; shorten it or split it over "
                "several cells"
            )
        # Set as openpyxl's own setter would, minus its checks: the escaped text holds no
        # character XML cannot, and openpyxl would cut an escaped form over the limit short.
        cell._value = escape(value)  # type: ignore[attr-defined]
        cell.data_type = "s"
        _quote(cell, needs_quote_prefix(value))
    elif isinstance(value, bool | int):
        cell.value = value
        _quote(cell, False)
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise WorkbookError(f"{_where(ws, row, col)}: Excel cannot store {value!r}")
        cell.value = value
        _quote(cell, False)
    elif isinstance(value, datetime | date):
        if isinstance(value, datetime) and value.tzinfo is not None:
            raise WorkbookError(
                f"{_where(ws, row, col)}: Excel cannot store a time zone; convert "
                f"{value.isoformat()} to local time first"
            )
        cell.value = value
        _quote(cell, False)
    else:
        raise WorkbookError(
            f"{_where(ws, row, col)}: cannot store a {type(value).__name__} in a cell"
        )


def _quote(cell: Cell, prefix: bool) -> None:
    """Set the cell's quote prefix; a cell never styled has none, and giving it a style only
    to say so would cost more than the rest of the write."""
    if prefix or getattr(cell, "_style", None) is not None:
        cell.quotePrefix = prefix


def _where(ws: Worksheet, row: int, col: int) -> str:
    return f"tab {ws.title!r} cell {a1(row, col)}"


def load(cell: Cell) -> CellValue:
    """The value of an openpyxl cell as the port types it (see the module docstring)."""
    value = cell.value
    if value is None:
        return None
    if cell.data_type == "f":
        if isinstance(value, ArrayFormula):
            text = value.text or ""
        elif isinstance(value, DataTableFormula):
            text = f"=TABLE({value.r1 or ''},{value.r2 or ''})"
        else:
            text = str(value)
        return Formula(text if text.startswith("=") else "=" + text)
    if isinstance(value, str):
        return unescape(value)
    if isinstance(value, bool | int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() and abs(value) < 2**53 else value
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if isinstance(value, time | timedelta):
        return str(value)
    return str(value)
