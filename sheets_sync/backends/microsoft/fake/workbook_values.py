"""Cells as Excel Online reads and writes them.

Writing ``values`` (range-update) parses each string the way Excel parses a person's
typing: ``"=1+1"`` becomes a formula; ``"+x"``, ``"-x"`` and ``"@x"`` become formulas too
(Excel reads a leading ``+``/``-``/``@`` as the start of one, giving ``#NAME?``); ``"007"``,
``"1,234"``, ``"1e3"`` become numbers, ``"50%"`` 0.5 shown as ``0%``, ``"TRUE"`` a boolean,
``"2026-12-03"`` a date; a leading apostrophe keeps the rest as text (``"'=x"`` is the text
``=x``, with Excel's quote prefix).  In a cell whose number format is ``"@"`` (text)
everything stays the exact text sent.  ``""`` empties a cell; ``null`` leaves it as it is.

Reading: ``values`` are computed values (formulas evaluated by :mod:`.workbook_formulas`),
dates as serial numbers, empty cells ``""``; ``text`` is the displayed text for a few
common formats; ``formulas`` the formula or, for a constant, the value; ``valueTypes`` one
of ``Empty``, ``String``, ``Double``, ``Boolean``, ``Error``.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet.worksheet import Worksheet

from sheets_sync.backends.xlsx.cells import cell_at

from .errors import GraphError

Bounds = tuple[int, int, int, int]  # first row, first column, last row, last column (1-based)
_CELL = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d+)")
_COLUMNS = re.compile(r"\$?([A-Za-z]{1,3}):\$?([A-Za-z]{1,3})")
_ROWS = re.compile(r"\$?(\d+):\$?(\d+)")
_NUMBER = re.compile(r"[-+]?(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?([eE][-+]?\d+)?")
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
MAX_ROWS, MAX_COLUMNS = 1_048_576, 16_384
ERRORS = ("#NAME?", "#REF!", "#VALUE!", "#DIV/0!", "#N/A", "#NUM!", "#NULL!")


def cell_of(sheet: Worksheet, row: int, column: int) -> Cell | MergedCell:
    """The cell at 1-based ``(row, column)``; one Excel has not stored yet takes its row's
    formatting, else its column's, as a cell does in Excel (locked or not included)."""
    existing = sheet._cells.get((row, column))
    return existing if existing is not None else cell_at(sheet, row - 1, column - 1)


def parse_address(address: str) -> Bounds:
    """``A1``, ``B2:D9``, ``$A$1``, ``A:C``, ``3:5`` (a ``Sheet!`` prefix is dropped)."""
    text = address.rpartition("!")[2].strip()
    first, _, last = text.partition(":")
    if (match := _COLUMNS.fullmatch(text)) is not None:
        columns = sorted(
            (column_index_from_string(match[1].upper()), column_index_from_string(match[2].upper()))
        )
        return 1, columns[0], MAX_ROWS, columns[1]
    if (match := _ROWS.fullmatch(text)) is not None:
        rows = sorted((int(match[1]), int(match[2])))
        return rows[0], 1, rows[1], MAX_COLUMNS
    start, end = _CELL.fullmatch(first), _CELL.fullmatch(last or first)
    if start is None or end is None:
        raise GraphError(
            400,
            "InvalidArgument",
            "The argument is invalid or missing or has an incorrect format.",
            inner_code="invalidArgument",
        )
    rows = sorted((int(start[2]), int(end[2])))
    columns = sorted(
        (column_index_from_string(start[1].upper()), column_index_from_string(end[1].upper()))
    )
    if rows[0] < 1 or rows[1] > MAX_ROWS or columns[1] > MAX_COLUMNS:
        raise GraphError(
            400,
            "InvalidArgument",
            "The range is outside the worksheet.",
            inner_code="invalidArgument",
        )
    return rows[0], columns[0], rows[1], columns[1]


def format_address(bounds: Bounds) -> str:
    """``(1, 1, 3, 2)`` -> ``A1:B3`` (``A1`` for one cell)."""
    top_left = f"{get_column_letter(bounds[1])}{bounds[0]}"
    if bounds[0] == bounds[2] and bounds[1] == bounds[3]:
        return top_left
    return f"{top_left}:{get_column_letter(bounds[3])}{bounds[2]}"


def quote_sheet(title: str) -> str:
    """A sheet name as Excel writes it in an address (``'Table 1'``, ``Consensus``)."""
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.]*", title):
        return title
    return "'" + title.replace("'", "''") + "'"


def write_typed(cell: Cell | MergedCell, value: Any, *, as_formula: bool = False) -> None:
    """Store ``value`` in ``cell`` as Excel Online does for ``values`` (or ``formulas``)."""
    if value is None:
        return
    cell.quotePrefix = False
    if isinstance(value, bool | int | float):
        cell.value = value
        return
    text = str(value)
    if text == "":
        cell.value = None
        return
    if cell.number_format == "@" and not (as_formula and text.startswith("=")):
        cell.value = text
        cell.data_type = "s"
        return
    if text.startswith("'"):
        cell.value = text[1:]
        cell.data_type = "s"
        cell.quotePrefix = True
        return
    parsed = _parse_typing(text)
    if isinstance(parsed, tuple):
        cell.value, cell.number_format = parsed
    elif isinstance(parsed, str) and parsed.startswith("=") and parsed != text:
        cell.value = parsed
    else:
        cell.value = parsed
        if isinstance(parsed, str) and not parsed.startswith("="):
            cell.data_type = "s"


def _parse_typing(text: str) -> Any:
    stripped = text.strip()
    if stripped.startswith("=") and len(stripped) > 1:
        return stripped
    if stripped.upper() in ("TRUE", "FALSE"):
        return stripped.upper() == "TRUE"
    percent = stripped.endswith("%")
    body = stripped[:-1] if percent else stripped
    if body and _NUMBER.fullmatch(body) and any(c.isdigit() for c in body):
        number = float(body.replace(",", ""))
        if percent:
            return (number / 100, "0%")
        return int(number) if number.is_integer() and "e" not in body.lower() else number
    if (match := _DATE.fullmatch(stripped)) is not None:
        try:
            return (dt.datetime(int(match[1]), int(match[2]), int(match[3])), "yyyy-mm-dd")
        except ValueError:
            return text
    if stripped[:1] in ("+", "-", "@") and len(stripped) > 1:
        return "=" + stripped
    return text


def read_value(cell: Cell | MergedCell, computed: Any) -> Any:
    """The ``values`` entry: computed value, date serial, ``""`` for empty."""
    value = computed if isinstance(cell.value, str) and cell.data_type == "f" else cell.value
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        serial = to_excel(value)  # type: ignore[no-untyped-call]
        return int(serial) if float(serial).is_integer() else serial
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def read_formula(cell: Cell | MergedCell, shown: Any) -> Any:
    """The ``formulas`` entry: the formula, else the value as ``values`` has it."""
    if cell.data_type == "f" and isinstance(cell.value, str):
        return cell.value
    return shown


def value_type(value: Any) -> str:
    """The ``valueTypes`` entry for a computed value."""
    if value == "":
        return "Empty"
    if isinstance(value, bool):
        return "Boolean"
    if isinstance(value, int | float):
        return "Double"
    if isinstance(value, str) and value in ERRORS:
        return "Error"
    return "String"


def display_text(value: Any, number_format: str) -> str:
    """The ``text`` entry: ``value`` shown in ``number_format`` (General, ``0``, ``0.00``,
    ``0%``, ``#,##0``, ``yyyy-mm-dd``, ``@``; other formats shown as General)."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if not isinstance(value, int | float):
        return str(value)
    fmt = number_format or "General"
    if fmt in ("0%", "0.0%", "0.00%"):
        decimals = len(fmt.split(".")[1]) - 1 if "." in fmt else 0
        return f"{value * 100:.{decimals}f}%"
    if fmt in ("0", "0.0", "0.00", "0.000"):
        return f"{value:.{len(fmt) - 2 if '.' in fmt else 0}f}"
    if fmt == "#,##0":
        return f"{value:,.0f}"
    if fmt.lower() in ("yyyy-mm-dd", "dd/mm/yyyy"):
        day = dt.datetime(1899, 12, 30) + dt.timedelta(days=float(value))
        return day.strftime("%Y-%m-%d" if fmt.lower() == "yyyy-mm-dd" else "%d/%m/%Y")
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.10g}"
