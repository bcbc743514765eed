"""Cells of a sheet and their computed values.

The state of a sheet is kept in Google's own shape, so that what the fake stores is what a
full ``spreadsheets.get`` would return::

    sheet["data"][0]["rowData"][row]["values"][col]  -> CellData (user-entered parts only)
    sheet["data"][0]["rowMetadata"][row]             -> DimensionProperties
    sheet["data"][0]["columnMetadata"][col]          -> DimensionProperties

Lists are sparse at the end (trailing empty rows/cells are trimmed); the grid size lives in
``properties.gridProperties``.  Effective and formatted values are never stored: a
:class:`Book` computes them on demand, once per request.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sheets_sync.backends.google.fake import cellvalues
from sheets_sync.backends.google.fake.formulas import ErrorValue, Evaluator, Scalar, Unsupported

Sheet = dict[str, Any]
Spreadsheet = dict[str, Any]


def grid(sheet: Sheet) -> dict[str, Any]:
    """The sheet's single stored ``GridData`` (created on first use)."""
    data = sheet.setdefault("data", [{}])
    if not data:
        data.append({})
    result: dict[str, Any] = data[0]
    return result


def size(sheet: Sheet) -> tuple[int, int]:
    """``(rowCount, columnCount)`` of the sheet's grid."""
    props = sheet["properties"].get("gridProperties", {})
    return int(props.get("rowCount", 0)), int(props.get("columnCount", 0))


def set_size(sheet: Sheet, rows: int, cols: int) -> None:
    """Set the grid size (callers check limits and drop cells beyond it)."""
    props = sheet["properties"].setdefault("gridProperties", {})
    props["rowCount"] = rows
    props["columnCount"] = cols


def get_cell(sheet: Sheet, row: int, col: int) -> dict[str, Any] | None:
    """The stored ``CellData`` at zero-based ``(row, col)``, or ``None`` if empty."""
    rows = grid(sheet).get("rowData", [])
    if row >= len(rows):
        return None
    values = rows[row].get("values", [])
    if col >= len(values):
        return None
    return values[col] or None


def set_cell(sheet: Sheet, row: int, col: int, cell: dict[str, Any] | None) -> None:
    """Store ``cell`` at ``(row, col)``; an empty or ``None`` cell erases it."""
    rows: list[dict[str, Any]] = grid(sheet).setdefault("rowData", [])
    if not cell:
        if row < len(rows):
            values = rows[row].get("values", [])
            if col < len(values):
                values[col] = {}
                _trim_row(rows[row])
        _trim_rows(rows)
        return
    while len(rows) <= row:
        rows.append({})
    values = rows[row].setdefault("values", [])
    while len(values) <= col:
        values.append({})
    values[col] = cell


def _trim_row(row: dict[str, Any]) -> None:
    values = row.get("values", [])
    while values and not values[-1]:
        values.pop()
    if not values:
        row.pop("values", None)


def _trim_rows(rows: list[dict[str, Any]]) -> None:
    while rows and not rows[-1]:
        rows.pop()


def iter_cells(sheet: Sheet) -> Iterator[tuple[int, int, dict[str, Any]]]:
    """Every non-empty stored cell as ``(row, col, CellData)``."""
    for r, row in enumerate(grid(sheet).get("rowData", [])):
        for c, cell in enumerate(row.get("values", [])):
            if cell:
                yield r, c, cell


def has_value(cell: dict[str, Any] | None) -> bool:
    """Whether a cell holds a user-entered value (formatting alone does not count)."""
    return bool(cell and cell.get("userEnteredValue"))


def last_data_row(sheet: Sheet, start_col: int = 0, end_col: int | None = None) -> int:
    """Index of the last row with a value in ``[start_col, end_col)``, or ``-1``."""
    rows = grid(sheet).get("rowData", [])
    for r in range(len(rows) - 1, -1, -1):
        values = rows[r].get("values", [])
        stop = len(values) if end_col is None else min(end_col, len(values))
        if any(has_value(values[c]) for c in range(start_col, stop)):
            return r
    return -1


def dimension_properties(sheet: Sheet, dimension: str) -> list[dict[str, Any]]:
    """The stored ``rowMetadata`` or ``columnMetadata`` list (sparse at the end)."""
    key = "rowMetadata" if dimension == "ROWS" else "columnMetadata"
    result: list[dict[str, Any]] = grid(sheet).setdefault(key, [])
    return result


def dimension_entry(sheet: Sheet, dimension: str, index: int) -> dict[str, Any]:
    """The ``DimensionProperties`` of one row/column, created if missing."""
    entries = dimension_properties(sheet, dimension)
    while len(entries) <= index:
        entries.append({})
    return entries[index]


def find_sheet(
    spreadsheet: Spreadsheet, *, sheet_id: int | None = None, title: str | None = None
) -> Sheet | None:
    """The sheet with this id, or with this title (case-insensitively), else ``None``."""
    sheets: list[Sheet] = spreadsheet.get("sheets", [])
    for sheet in sheets:
        props = sheet["properties"]
        if sheet_id is not None and props.get("sheetId", 0) == sheet_id:
            return sheet
        if title is not None and str(props.get("title", "")).lower() == title.lower():
            return sheet
    return None


_UNSUPPORTED = object()


class Book:
    """Computes effective values of one spreadsheet's cells (memoised; build one per read).

    A formula the engine cannot evaluate (see :mod:`formulas`) has no effective value and
    displays as ``""``; so do formulas depending on it.  Cycles give ``#REF!``.
    """

    def __init__(self, spreadsheet: Spreadsheet) -> None:
        self.spreadsheet = spreadsheet
        self._memo: dict[tuple[int, int, int], Any] = {}
        self._active: set[tuple[int, int, int]] = set()

    def effective(self, sheet: Sheet, row: int, col: int) -> tuple[Scalar, bool]:
        """``(value, evaluated)``: the cell's effective value, and False if not computable."""
        try:
            return self._value(sheet, row, col), True
        except Unsupported:
            return None, False

    def _value(self, sheet: Sheet, row: int, col: int) -> Scalar:
        cell = get_cell(sheet, row, col)
        entered = (cell or {}).get("userEnteredValue")
        if not entered:
            return None
        if "formulaValue" not in entered:
            return cellvalues.scalar(entered)
        key = (int(sheet["properties"].get("sheetId", 0)), row, col)
        if key in self._memo:
            cached = self._memo[key]
            if cached is _UNSUPPORTED:
                raise Unsupported("depends on an unsupported formula")
            value: Scalar = cached
            return value
        if key in self._active:
            return ErrorValue("REF", "Circular dependency detected.")
        self._active.add(key)
        try:
            value = self._evaluator(sheet).evaluate(str(entered["formulaValue"]))
        except Unsupported:
            self._memo[key] = _UNSUPPORTED
            raise
        finally:
            self._active.discard(key)
        self._memo[key] = value
        return value

    def _evaluator(self, home: Sheet) -> Evaluator:
        def target(title: str | None) -> Sheet:
            if title is None:
                return home
            found = find_sheet(self.spreadsheet, title=title)
            if found is None:
                raise KeyError(title)
            return found

        return Evaluator(
            cell=lambda title, r, c: self._value(target(title), r, c),
            size=lambda title: size(target(title)),
        )

    def formatted(self, sheet: Sheet, row: int, col: int) -> str:
        """The displayed text of a cell (``""`` when empty or not computable)."""
        value, evaluated = self.effective(sheet, row, col)
        if not evaluated:
            return ""
        return cellvalues.formatted(value, number_format(get_cell(sheet, row, col)))

    def rendered(
        self, sheet: Sheet, row: int, col: int, render: str, date_time: str | None = None
    ) -> Any:
        """A cell as the values API returns it under ``valueRenderOption`` ``render``;
        with ``dateTimeRenderOption=FORMATTED_STRING`` date cells come back as text even
        when unformatted (the default, ``SERIAL_NUMBER``, gives the serial number)."""
        cell = get_cell(sheet, row, col)
        entered = (cell or {}).get("userEnteredValue") or {}
        if render == "FORMULA" and "formulaValue" in entered:
            return entered["formulaValue"]
        if render == "FORMATTED_VALUE":
            return self.formatted(sheet, row, col)
        value, evaluated = self.effective(sheet, row, col)
        if not evaluated:
            return ""
        fmt = number_format(cell) or {}
        if date_time == "FORMATTED_STRING" and fmt.get("type") in ("DATE", "TIME", "DATE_TIME"):
            return cellvalues.formatted(value, fmt)
        return cellvalues.unformatted(value)

    def full_cell(self, sheet: Sheet, row: int, col: int) -> dict[str, Any]:
        """A ``CellData`` as ``includeGridData`` returns it: stored parts plus computed ones."""
        stored = get_cell(sheet, row, col)
        if not stored:
            return {}
        out = dict(stored)
        if stored.get("userEnteredValue"):
            value, evaluated = self.effective(sheet, row, col)
            if evaluated and value is not None:
                out["effectiveValue"] = cellvalues.extended(value)
                out["formattedValue"] = cellvalues.formatted(value, number_format(stored))
        if stored.get("userEnteredValue") or stored.get("userEnteredFormat"):
            value, _ = self.effective(sheet, row, col)
            out["effectiveFormat"] = effective_format(stored, value)
        return out


def number_format(cell: dict[str, Any] | None) -> dict[str, Any] | None:
    """The cell's user-entered number format, if any."""
    fmt = ((cell or {}).get("userEnteredFormat") or {}).get("numberFormat")
    return fmt if isinstance(fmt, dict) else None


_DEFAULT_FORMAT: dict[str, Any] = {
    "backgroundColor": {"red": 1, "green": 1, "blue": 1},
    "backgroundColorStyle": {"rgbColor": {"red": 1, "green": 1, "blue": 1}},
    "padding": {"top": 2, "right": 3, "bottom": 2, "left": 3},
    "verticalAlignment": "BOTTOM",
    "wrapStrategy": "OVERFLOW_CELL",
    "textFormat": {
        "foregroundColor": {},
        "foregroundColorStyle": {"rgbColor": {}},
        "fontFamily": "arial,sans,sans-serif",
        "fontSize": 10,
        "bold": False,
        "italic": False,
        "strikethrough": False,
        "underline": False,
    },
    "hyperlinkDisplayType": "PLAIN_TEXT",
}


def effective_format(cell: dict[str, Any], value: Scalar = None) -> dict[str, Any]:
    """The defaults Google reports as ``effectiveFormat``, overlaid with the user's format
    (numbers, including formula results, align right unless told otherwise)."""
    result = _merge(_DEFAULT_FORMAT, cell.get("userEnteredFormat") or {})
    is_number = isinstance(value, int | float) and not isinstance(value, bool)
    if is_number and "horizontalAlignment" not in result:
        result["horizontalAlignment"] = "RIGHT"
    return result


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = {k: (dict(v) if isinstance(v, dict) else v) for k, v in base.items()}
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out
