"""Inserting and deleting rows/columns, and what moves with them.

Google keeps everything anchored to cells when the grid changes shape, and so does the
fake: cell data and dimension properties move; merges, protected (and unprotected) ranges,
conditional-format ranges, filters, banded ranges, named ranges, chart anchors and chart
source ranges shift, grow (insert inside) or shrink (delete across); developer metadata on
a row/column moves with it (and is deleted with it); formulas everywhere that refer to the
sheet are rewritten, including ``=`` conditions of data validation and conditional formats.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sheets_sync.backends.google.fake import formulas
from sheets_sync.backends.google.fake.grid import (
    Sheet,
    Spreadsheet,
    dimension_properties,
    grid,
    iter_cells,
    set_size,
    size,
)

_KEYS = {
    "ROWS": ("startRowIndex", "endRowIndex"),
    "COLUMNS": ("startColumnIndex", "endColumnIndex"),
}


def shift_span(
    start: int | None, end: int | None, index: int, count: int
) -> tuple[int | None, int | None] | None:
    """Shift a half-open span for an insert (``count`` > 0) or delete (``count`` < 0) at
    ``index``; ``None`` bounds are unbounded.  Returns ``None`` if a delete removed it all.
    """
    if count > 0:
        new_start = start + count if start is not None and start >= index else start
        new_end = end + count if end is not None and end > index else end
        return new_start, new_end
    removed = -count

    def point(x: int) -> int:
        if x <= index:
            return x
        return index if x <= index + removed else x - removed

    new_start = None if start is None else point(start)
    new_end = None if end is None else point(end)
    if new_start is not None and new_end is not None and new_start >= new_end:
        return None
    return new_start, new_end


def shift_grid_range(
    grid_range: dict[str, Any], sheet_id: int, dimension: str, index: int, count: int
) -> bool:
    """Shift a ``GridRange`` in place if it lies on ``sheet_id``; False if it vanished."""
    if int(grid_range.get("sheetId", 0)) != sheet_id:
        return True
    start_key, end_key = _KEYS[dimension]
    shifted = shift_span(grid_range.get(start_key), grid_range.get(end_key), index, count)
    if shifted is None:
        return False
    for key, value in zip((start_key, end_key), shifted, strict=True):
        if value is not None:
            grid_range[key] = value
    return True


def _shift_ranges(ranges: list[dict[str, Any]], *args: Any) -> list[dict[str, Any]]:
    return [r for r in ranges if shift_grid_range(r, *args)]


def _sheet_ranges(sheet: Sheet, *args: Any) -> None:
    """Shift every range stored on one sheet's own objects."""
    if "merges" in sheet:
        sheet["merges"] = _shift_ranges(sheet["merges"], *args)
    kept = []
    for protected in sheet.get("protectedRanges", []):
        if "range" in protected and not shift_grid_range(protected["range"], *args):
            continue
        if "unprotectedRanges" in protected:
            protected["unprotectedRanges"] = _shift_ranges(protected["unprotectedRanges"], *args)
        kept.append(protected)
    if "protectedRanges" in sheet:
        sheet["protectedRanges"] = kept
    rules = []
    for rule in sheet.get("conditionalFormats", []):
        rule["ranges"] = _shift_ranges(rule.get("ranges", []), *args)
        if rule["ranges"]:
            rules.append(rule)
    if "conditionalFormats" in sheet:
        sheet["conditionalFormats"] = rules
    if "basicFilter" in sheet and not shift_grid_range(sheet["basicFilter"]["range"], *args):
        del sheet["basicFilter"]
    for key in ("filterViews", "bandedRanges"):
        if key in sheet:
            sheet[key] = [item for item in sheet[key] if shift_grid_range(item["range"], *args)]


def _chart_ranges(chart: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every ``GridRange`` inside a chart spec (``sourceRange.sources`` anywhere)."""
    stack: list[Any] = [chart.get("spec", {})]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            for key, value in item.items():
                if key == "sources" and isinstance(value, list):
                    yield from (v for v in value if isinstance(v, dict))
                else:
                    stack.append(value)
        elif isinstance(item, list):
            stack.extend(item)


def _shift_charts(
    spreadsheet: Spreadsheet, sheet_id: int, dimension: str, index: int, count: int
) -> None:
    key = "rowIndex" if dimension == "ROWS" else "columnIndex"
    for sheet in spreadsheet.get("sheets", []):
        for chart in sheet.get("charts", []):
            anchor = chart.get("position", {}).get("overlayPosition", {}).get("anchorCell")
            if anchor and int(anchor.get("sheetId", 0)) == sheet_id:
                value = int(anchor.get(key, 0))
                shifted = shift_span(value, value + 1, index, count)
                anchor[key] = index if shifted is None else shifted[0]
            for source in _chart_ranges(chart):
                shift_grid_range(source, sheet_id, dimension, index, count)


def resync_metadata(sheet: Sheet) -> None:
    """Point row/column developer metadata at the position it now occupies."""
    sheet_id = int(sheet["properties"].get("sheetId", 0))
    for dimension in ("ROWS", "COLUMNS"):
        for position, entry in enumerate(dimension_properties(sheet, dimension)):
            for metadata in entry.get("developerMetadata", []):
                metadata["location"] = {
                    "locationType": "ROW" if dimension == "ROWS" else "COLUMN",
                    "dimensionRange": {
                        "sheetId": sheet_id,
                        "dimension": dimension,
                        "startIndex": position,
                        "endIndex": position + 1,
                    },
                }


def rewrite_formulas(spreadsheet: Spreadsheet, rewrite: Any) -> None:
    """Apply ``rewrite(formula, home_title) -> formula`` to every formula in the spreadsheet:
    cell formulas, ``=`` data-validation values and ``=`` conditional-format values."""
    for sheet in spreadsheet.get("sheets", []):
        home = sheet["properties"].get("title", "")
        for _, _, cell in iter_cells(sheet):
            entered = cell.get("userEnteredValue") or {}
            if "formulaValue" in entered:
                entered["formulaValue"] = rewrite(entered["formulaValue"], home)
            condition = (cell.get("dataValidation") or {}).get("condition") or {}
            _rewrite_condition(condition, home, rewrite)
        for rule in sheet.get("conditionalFormats", []):
            condition = (rule.get("booleanRule") or {}).get("condition") or {}
            _rewrite_condition(condition, home, rewrite)


def _rewrite_condition(condition: dict[str, Any], home: str, rewrite: Any) -> None:
    for value in condition.get("values", []):
        text = value.get("userEnteredValue")
        if isinstance(text, str) and text.startswith("="):
            value["userEnteredValue"] = rewrite(text, home)


def change_dimension(
    spreadsheet: Spreadsheet, sheet: Sheet, dimension: str, index: int, count: int
) -> None:
    """Insert (``count`` > 0) or delete (``count`` < 0) rows/columns at ``index``.

    The caller has validated bounds; this moves cells, properties, ranges, metadata, charts
    and formulas and updates the grid size.
    """
    data = grid(sheet)
    props = dimension_properties(sheet, dimension)
    if count > 0:
        blanks: list[dict[str, Any]] = [{} for _ in range(count)]
        if dimension == "ROWS":
            rows = data.get("rowData", [])
            if index < len(rows):
                rows[index:index] = [{} for _ in range(count)]
        else:
            for row in data.get("rowData", []):
                values = row.get("values", [])
                if index < len(values):
                    values[index:index] = [{} for _ in range(count)]
        if index < len(props):
            props[index:index] = blanks
    else:
        stop = index - count
        if dimension == "ROWS":
            del data.get("rowData", [])[index:stop]
        else:
            for row in data.get("rowData", []):
                del row.get("values", [])[index:stop]
        del props[index:stop]
    rows_count, cols_count = size(sheet)
    if dimension == "ROWS":
        set_size(sheet, rows_count + count, cols_count)
    else:
        set_size(sheet, rows_count, cols_count + count)
    sheet_id = int(sheet["properties"].get("sheetId", 0))
    _sheet_ranges(sheet, sheet_id, dimension, index, count)
    _shift_charts(spreadsheet, sheet_id, dimension, index, count)
    named = []
    for named_range in spreadsheet.get("namedRanges", []):
        if shift_grid_range(named_range.get("range", {}), sheet_id, dimension, index, count):
            named.append(named_range)
    if "namedRanges" in spreadsheet:
        spreadsheet["namedRanges"] = named
    resync_metadata(sheet)
    title = sheet["properties"].get("title", "")
    rewrite_formulas(
        spreadsheet,
        lambda formula, home: formulas.shift_references(
            formula, home, title, dimension, index, count
        ),
    )
