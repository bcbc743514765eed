"""``batchUpdate`` requests that shape sheets: add, delete, duplicate, properties, dimensions."""

from __future__ import annotations

import copy
from typing import Any

from sheets_sync.backends.google.fake import fieldmask, formulas
from sheets_sync.backends.google.fake.batch_context import BatchContext, handles
from sheets_sync.backends.google.fake.grid import (
    Book,
    Sheet,
    dimension_entry,
    grid,
    iter_cells,
    set_size,
    size,
)
from sheets_sync.backends.google.fake.structure import change_dimension, rewrite_formulas

DEFAULT_ROWS = 1000
DEFAULT_COLUMNS = 26


def new_sheet_properties(ctx: BatchContext, given: dict[str, Any]) -> dict[str, Any]:
    """Complete the properties of a sheet being added, as Google fills them in."""
    props = copy.deepcopy(given)
    taken = ctx.sheet_ids()
    if "sheetId" in props:
        props["sheetId"] = int(props["sheetId"])
        if props["sheetId"] in taken:
            raise ctx.fail(f"A sheet with id {props['sheetId']} already exists.")
    else:
        props["sheetId"] = ctx.fresh_id(taken)
    if "title" not in props or not str(props["title"]).strip():
        number = len(ctx.spreadsheet["sheets"]) + 1
        while ctx.title_taken(f"Sheet{number}"):
            number += 1
        props["title"] = f"Sheet{number}"
    elif ctx.title_taken(str(props["title"])):
        raise ctx.fail(
            f'A sheet with the name "{props["title"]}" already exists. Please enter another name.'
        )
    props.setdefault("sheetType", "GRID")
    if props["sheetType"] == "GRID":
        grid_props = props.setdefault("gridProperties", {})
        grid_props.setdefault("rowCount", DEFAULT_ROWS)
        grid_props.setdefault("columnCount", DEFAULT_COLUMNS)
        _check_grid_properties(ctx, grid_props)
    count = len(ctx.spreadsheet["sheets"])
    index = int(props.get("index", count))
    props["index"] = max(0, min(index, count))
    return props


def _check_grid_properties(ctx: BatchContext, grid_props: dict[str, Any]) -> None:
    rows = int(grid_props.get("rowCount", 0))
    cols = int(grid_props.get("columnCount", 0))
    if rows < 1 or cols < 1:
        raise ctx.fail("A grid must have at least one row and one column.")
    if int(grid_props.get("frozenRowCount", 0)) > rows:
        raise ctx.fail("Cannot freeze more rows than the sheet has.")
    if int(grid_props.get("frozenColumnCount", 0)) > cols:
        raise ctx.fail("Cannot freeze more columns than the sheet has.")


def insert_sheet(ctx: BatchContext, sheet: Sheet) -> None:
    """Insert a sheet at its ``properties.index`` and renumber."""
    ctx.spreadsheet["sheets"].insert(sheet["properties"]["index"], sheet)
    ctx.reindex()
    ctx.check_cell_limit()


@handles("addSheet")
def add_sheet(ctx: BatchContext, body: dict[str, Any]) -> dict[str, Any]:
    props = new_sheet_properties(ctx, body.get("properties") or {})
    insert_sheet(ctx, {"properties": props})
    return {"properties": copy.deepcopy(props)}


@handles("deleteSheet")
def delete_sheet(ctx: BatchContext, body: dict[str, Any]) -> None:
    sheet = ctx.sheet(body.get("sheetId"))
    if len(ctx.spreadsheet["sheets"]) == 1:
        raise ctx.fail("You can't remove all the sheets in a document.")
    remove_sheet(ctx, sheet)


def remove_sheet(ctx: BatchContext, sheet: Sheet) -> None:
    """Delete a sheet, its named ranges, and make formulas that pointed at it ``#REF!``."""
    ctx.spreadsheet["sheets"].remove(sheet)
    ctx.reindex()
    sheet_id = int(sheet["properties"].get("sheetId", 0))
    if "namedRanges" in ctx.spreadsheet:
        ctx.spreadsheet["namedRanges"] = [
            n
            for n in ctx.spreadsheet["namedRanges"]
            if int(n.get("range", {}).get("sheetId", 0)) != sheet_id
        ]
    title = sheet["properties"]["title"]
    rewrite_formulas(ctx.spreadsheet, lambda f, _home: formulas.rename_sheet(f, title, None))


@handles("updateSheetProperties")
def update_sheet_properties(ctx: BatchContext, body: dict[str, Any]) -> None:
    given = body.get("properties") or {}
    sheet = ctx.sheet(given.get("sheetId"))
    tree = ctx.mask(body.get("fields"), "SheetProperties")
    old = sheet["properties"]
    new = copy.deepcopy(old)
    fieldmask.apply_update(new, given, tree)
    new["sheetId"] = old["sheetId"]
    if new.get("sheetType", "GRID") != old.get("sheetType", "GRID"):
        raise ctx.fail("Cannot change the type of a sheet.")
    title = str(new.get("title", "")).strip()
    if not title:
        raise ctx.fail("A sheet must have a title.")
    if ctx.title_taken(title, ignore=sheet):
        raise ctx.fail(
            f'A sheet with the name "{title}" already exists. Please enter another name.'
        )
    if new.get("sheetType", "GRID") == "GRID":
        _check_grid_properties(ctx, new.setdefault("gridProperties", {}))
        rows, cols = size(sheet)
        new_rows = int(new["gridProperties"]["rowCount"])
        new_cols = int(new["gridProperties"]["columnCount"])
        if new_rows < rows:
            change_dimension(ctx.spreadsheet, sheet, "ROWS", new_rows, new_rows - rows)
        if new_cols < cols:
            change_dimension(ctx.spreadsheet, sheet, "COLUMNS", new_cols, new_cols - cols)
    if old["title"] != title:
        rewrite_formulas(
            ctx.spreadsheet, lambda f, _home: formulas.rename_sheet(f, old["title"], title)
        )
    target = int(new.get("index", old["index"]))
    sheet["properties"] = new
    _move(ctx, sheet, target)
    if new.get("sheetType", "GRID") == "GRID":
        set_size(
            sheet, int(new["gridProperties"]["rowCount"]), int(new["gridProperties"]["columnCount"])
        )
    visible = [s for s in ctx.spreadsheet["sheets"] if not s["properties"].get("hidden")]
    if not visible:
        raise ctx.fail("You can't hide all the sheets in a document.")
    ctx.check_cell_limit()


def _move(ctx: BatchContext, sheet: Sheet, target: int) -> None:
    """Move a sheet; a larger index counts positions *before* the move, as Google does."""
    sheets = ctx.spreadsheet["sheets"]
    current = sheets.index(sheet)
    if target > current:
        target -= 1
    sheets.remove(sheet)
    sheets.insert(max(0, min(target, len(sheets))), sheet)
    ctx.reindex()


@handles("updateSpreadsheetProperties")
def update_spreadsheet_properties(ctx: BatchContext, body: dict[str, Any]) -> None:
    tree = ctx.mask(body.get("fields"), "SpreadsheetProperties")
    props = ctx.spreadsheet["properties"]
    fieldmask.apply_update(props, body.get("properties") or {}, tree)
    if not str(props.get("title", "")).strip():
        raise ctx.fail("A spreadsheet must have a title.")


@handles("duplicateSheet")
def duplicate_sheet(ctx: BatchContext, body: dict[str, Any]) -> dict[str, Any]:
    source = ctx.sheet(body.get("sourceSheetId"))
    source_id = int(source["properties"].get("sheetId", 0))
    wanted: dict[str, Any] = {
        "title": body.get("newSheetName") or f"Copy of {source['properties']['title']}",
    }
    if "newSheetId" in body:
        wanted["sheetId"] = body["newSheetId"]
    if "insertSheetIndex" in body:
        wanted["index"] = body["insertSheetIndex"]
    props = new_sheet_properties(ctx, wanted)
    copied = copy.deepcopy(source)
    copied["properties"].update(
        {"sheetId": props["sheetId"], "title": props["title"], "index": props["index"]}
    )
    copied.pop("developerMetadata", None)
    for entry in grid(copied).get("rowMetadata", []) + grid(copied).get("columnMetadata", []):
        entry.pop("developerMetadata", None)
    retarget(copied, source_id, props["sheetId"])
    for protected in copied.get("protectedRanges", []):
        protected["protectedRangeId"] = ctx.fresh_id(set())
    for chart in copied.get("charts", []):
        chart["chartId"] = ctx.fresh_id(set())
    insert_sheet(ctx, copied)
    return {"properties": copy.deepcopy(copied["properties"])}


def retarget(value: Any, old_id: int, new_id: int) -> None:
    """Point every ``sheetId`` equal to ``old_id`` inside ``value`` at ``new_id``."""
    if isinstance(value, dict):
        if value.get("sheetId") == old_id and "properties" not in value:
            value["sheetId"] = new_id
        for key, item in value.items():
            if key != "properties":
                retarget(item, old_id, new_id)
    elif isinstance(value, list):
        for item in value:
            retarget(item, old_id, new_id)


def _dimension_range(ctx: BatchContext, rng: dict[str, Any]) -> tuple[Sheet, str, int, int]:
    sheet = ctx.sheet(rng.get("sheetId"))
    dimension = rng.get("dimension")
    if dimension not in ("ROWS", "COLUMNS"):
        raise ctx.fail("A dimension range must specify ROWS or COLUMNS.")
    rows, cols = size(sheet)
    limit = rows if dimension == "ROWS" else cols
    start = int(rng.get("startIndex", 0))
    end = int(rng.get("endIndex", limit))
    if start < 0 or end <= start:
        raise ctx.fail("Invalid dimension range: startIndex must be less than endIndex.")
    return sheet, str(dimension), start, end


@handles("insertDimension")
def insert_dimension(ctx: BatchContext, body: dict[str, Any]) -> None:
    sheet, dimension, start, end = _dimension_range(ctx, body.get("range") or {})
    rows, cols = size(sheet)
    limit = rows if dimension == "ROWS" else cols
    if start > limit:
        raise ctx.fail(
            f"Cannot insert at index {start}: the sheet has only {limit} "
            f"{'rows' if dimension == 'ROWS' else 'columns'}."
        )
    if body.get("inheritFromBefore") and start == 0:
        raise ctx.fail("Cannot inherit properties from before the first row or column.")
    change_dimension(ctx.spreadsheet, sheet, dimension, start, end - start)
    _inherit(sheet, dimension, start, end, bool(body.get("inheritFromBefore")))
    ctx.check_cell_limit()


def _inherit(sheet: Sheet, dimension: str, start: int, end: int, before: bool) -> None:
    """New rows/columns take the pixel size of their neighbour, as Google's do."""
    source = start - 1 if before else end
    entries = grid(sheet).get("rowMetadata" if dimension == "ROWS" else "columnMetadata", [])
    if 0 <= source < len(entries) and "pixelSize" in entries[source]:
        for index in range(start, end):
            dimension_entry(sheet, dimension, index)["pixelSize"] = entries[source]["pixelSize"]


@handles("appendDimension")
def append_dimension(ctx: BatchContext, body: dict[str, Any]) -> None:
    sheet = ctx.sheet(body.get("sheetId"))
    length = int(body.get("length", 0))
    if length < 1:
        raise ctx.fail("length must be at least 1.")
    rows, cols = size(sheet)
    if body.get("dimension") == "ROWS":
        set_size(sheet, rows + length, cols)
    elif body.get("dimension") == "COLUMNS":
        set_size(sheet, rows, cols + length)
    else:
        raise ctx.fail("dimension must be ROWS or COLUMNS.")
    ctx.check_cell_limit()


@handles("deleteDimension")
def delete_dimension(ctx: BatchContext, body: dict[str, Any]) -> None:
    sheet, dimension, start, end = _dimension_range(ctx, body.get("range") or {})
    rows, cols = size(sheet)
    limit = rows if dimension == "ROWS" else cols
    if end > limit:
        raise ctx.fail(
            ctx.grid_limit_message(sheet, start, end, 0, 1)
            if dimension == "ROWS"
            else ctx.grid_limit_message(sheet, 0, 1, start, end)
        )
    if start == 0 and end >= limit:
        noun = "rows" if dimension == "ROWS" else "columns"
        raise ctx.fail(f"You can't delete all the {noun} on the sheet.")
    if dimension == "ROWS":
        ctx.check_writable((sheet, start, end, 0, cols))
    else:
        ctx.check_writable((sheet, 0, rows, start, end))
    grid_props = sheet["properties"].setdefault("gridProperties", {})
    key = "frozenRowCount" if dimension == "ROWS" else "frozenColumnCount"
    frozen = int(grid_props.get(key, 0))
    if frozen > start:
        grid_props[key] = start + max(0, frozen - end)
        if grid_props[key] == 0:
            grid_props.pop(key)
    change_dimension(ctx.spreadsheet, sheet, dimension, start, start - end)


@handles("updateDimensionProperties")
def update_dimension_properties(ctx: BatchContext, body: dict[str, Any]) -> None:
    if "dataSourceSheetRange" in body:
        raise ctx.fail("Data source sheets are not modelled by the fake.", code=501)
    sheet, dimension, start, end = _dimension_range(ctx, body.get("range") or {})
    rows, cols = size(sheet)
    if end > (rows if dimension == "ROWS" else cols):
        raise ctx.fail("Dimension range exceeds the grid.")
    tree = ctx.mask(body.get("fields"), "DimensionProperties")
    given = {k: v for k, v in (body.get("properties") or {}).items() if k != "developerMetadata"}
    tree.pop("developerMetadata", None)
    for index in range(start, end):
        fieldmask.apply_update(dimension_entry(sheet, dimension, index), given, tree)


@handles("autoResizeDimensions")
def auto_resize_dimensions(ctx: BatchContext, body: dict[str, Any]) -> None:
    """Google fits a column to its longest text and a row to its tallest cell, counting the
    lines of wrapped text at the cell's width (a merge's whole width) and font size."""
    if "dataSourceSheetDimensions" in body:
        raise ctx.fail("Data source sheets are not modelled by the fake.", code=501)
    sheet, dimension, start, end = _dimension_range(ctx, body.get("dimensions") or {})
    book = Book(ctx.spreadsheet)
    widths: dict[int, int] = {}
    for row, col, cell in iter_cells(sheet):
        index = row if dimension == "ROWS" else col
        if start <= index < end:
            text = book.formatted(sheet, row, col)
            if dimension == "ROWS":
                size_px = _row_pixels(sheet, row, col, cell, text)
            else:
                size_px = 7 * len(text) + 10
            widths[index] = max(widths.get(index, 0), size_px)
    for index in range(start, end):
        default = ROW_PIXELS if dimension == "ROWS" else 100
        dimension_entry(sheet, dimension, index)["pixelSize"] = widths.get(index, default)


ROW_PIXELS = 21


def column_width(sheet: Sheet, row: int, col: int) -> int:
    """The pixels a cell's text may use: its column's width, or its merge's columns'."""
    last = col
    for merge in sheet.get("merges", []):
        if merge.get("startRowIndex") == row and merge.get("startColumnIndex") == col:
            last = int(merge.get("endColumnIndex", col + 1)) - 1
    entries = grid(sheet).get("columnMetadata", [])
    total = 0
    for c in range(col, last + 1):
        entry = entries[c] if c < len(entries) else {}
        total += 0 if entry.get("hiddenByUser") else int(entry.get("pixelSize", 100))
    return total


def _row_pixels(sheet: Sheet, row: int, col: int, cell: dict[str, Any], text: str) -> int:
    fmt = cell.get("userEnteredFormat") or {}
    font = float((fmt.get("textFormat") or {}).get("fontSize", 10))
    line_px = round(font * 4 / 3 * 1.25)
    if fmt.get("wrapStrategy") != "WRAP":
        return max(ROW_PIXELS, line_px * (text.count("\n") + 1) + 4)
    bold = (fmt.get("textFormat") or {}).get("bold")
    per_char = 6.5 * font / 10 * (1.08 if bold else 1.0)
    width = column_width(sheet, row, col)
    if width <= 0:
        return ROW_PIXELS
    room = max(1, int((width - 6) / per_char))
    lines = 0
    for paragraph in text.split("\n"):
        used = 0
        lines += 1
        for word in paragraph.split():
            if used and used + 1 + len(word) > room:
                lines += 1
                used = 0
            lines += (len(word) - 1) // room
            used += (1 if used else 0) + (len(word) - 1) % room + 1
    return max(ROW_PIXELS, line_px * lines + 4)
