"""``batchUpdate`` requests that write cells: values, formats, validation, merges, sorting."""

from __future__ import annotations

import copy
import functools
from typing import Any

from sheets_sync.backends.google.fake import a1, cellvalues, fieldmask
from sheets_sync.backends.google.fake.batch_context import BatchContext, Bounds, handles
from sheets_sync.backends.google.fake.grid import (
    Book,
    Sheet,
    find_sheet,
    get_cell,
    last_data_row,
    set_cell,
    set_size,
    size,
)

#: Parts of ``CellData`` that Google computes and ignores in requests.
READ_ONLY_CELL_FIELDS = (
    "effectiveValue",
    "formattedValue",
    "effectiveFormat",
    "pivotTable",
    "dataSourceTable",
    "dataSourceFormula",
)


def write_cell(
    ctx: BatchContext,
    sheet: Sheet,
    row: int,
    col: int,
    source: dict[str, Any],
    tree: fieldmask.FieldTree,
) -> None:
    """Apply the masked fields of ``source`` to one cell."""
    entered = source.get("userEnteredValue") or {}
    if "userEnteredValue" in tree and cellvalues.too_long(entered):
        raise ctx.fail(cellvalues.TOO_LONG_MESSAGE)
    formula = entered.get("formulaValue")
    if formula is not None and not str(formula).startswith("="):
        raise ctx.fail(f"Invalid formulaValue: a formula must start with '=': {formula!r}")
    cell = copy.deepcopy(get_cell(sheet, row, col) or {})
    fieldmask.apply_update(cell, source, tree)
    for key in READ_ONLY_CELL_FIELDS:
        cell.pop(key, None)
    set_cell(sheet, row, col, cell)


@handles("updateCells")
def update_cells(ctx: BatchContext, body: dict[str, Any]) -> None:
    tree = ctx.mask(body.get("fields"), "CellData")
    rows = body.get("rows") or []
    widths = [len(row.get("values") or []) for row in rows]
    if "range" in body:
        bounds = ctx.area(body["range"])
        sheet, r0, r1, c0, c1 = bounds
        if len(rows) > r1 - r0 or any(w > c1 - c0 for w in widths):
            raise ctx.fail("The rows given do not fit in the range.")
        ctx.check_writable(bounds)
        for r in range(r0, r1):
            values = (rows[r - r0].get("values") or []) if r - r0 < len(rows) else []
            for c in range(c0, c1):
                source = values[c - c0] if c - c0 < len(values) else {}
                write_cell(ctx, sheet, r, c, source or {}, tree)
        return
    start = body.get("start") or {}
    sheet = ctx.sheet(start.get("sheetId"))
    r0, c0 = int(start.get("rowIndex", 0)), int(start.get("columnIndex", 0))
    r1, c1 = r0 + len(rows), c0 + max(widths, default=0)
    rows_count, cols_count = size(sheet)
    if r1 > rows_count or c1 > cols_count:
        raise ctx.fail(ctx.grid_limit_message(sheet, r0, r1, c0, c1))
    ctx.check_writable((sheet, r0, r1, c0, c1))
    for i, row in enumerate(rows):
        for j, source in enumerate(row.get("values") or []):
            write_cell(ctx, sheet, r0 + i, c0 + j, source or {}, tree)


@handles("repeatCell")
def repeat_cell(ctx: BatchContext, body: dict[str, Any]) -> None:
    tree = ctx.mask(body.get("fields"), "CellData")
    bounds = ctx.area(body.get("range"))
    sheet, r0, r1, c0, c1 = bounds
    ctx.check_writable(bounds)
    source = body.get("cell") or {}
    for r in range(r0, r1):
        for c in range(c0, c1):
            write_cell(ctx, sheet, r, c, source, tree)


@handles("appendCells")
def append_cells(ctx: BatchContext, body: dict[str, Any]) -> None:
    tree = ctx.mask(body.get("fields"), "CellData")
    sheet = ctx.sheet(body.get("sheetId"))
    rows = body.get("rows") or []
    start = last_data_row(sheet) + 1
    rows_count, cols_count = size(sheet)
    width = max((len(row.get("values") or []) for row in rows), default=0)
    if width > cols_count:
        raise ctx.fail(ctx.grid_limit_message(sheet, start, start + 1, 0, width))
    if start + len(rows) > rows_count:
        set_size(sheet, start + len(rows), cols_count)
        ctx.check_cell_limit()
    ctx.check_writable((sheet, start, start + len(rows), 0, width))
    for i, row in enumerate(rows):
        for j, source in enumerate(row.get("values") or []):
            write_cell(ctx, sheet, start + i, j, source or {}, tree)


@handles("setDataValidation")
def set_data_validation(ctx: BatchContext, body: dict[str, Any]) -> None:
    bounds = ctx.area(body.get("range"))
    sheet, r0, r1, c0, c1 = bounds
    rule = body.get("rule")
    if rule is not None:
        _check_rule(ctx, rule)
    ctx.check_writable(bounds)
    for r in range(r0, r1):
        for c in range(c0, c1):
            cell = copy.deepcopy(get_cell(sheet, r, c) or {})
            if rule is None:
                cell.pop("dataValidation", None)
            else:
                cell["dataValidation"] = copy.deepcopy(rule)
            set_cell(sheet, r, c, cell)


def _check_rule(ctx: BatchContext, rule: dict[str, Any]) -> None:
    condition = rule.get("condition") or {}
    kind = condition.get("type")
    if not kind:
        raise ctx.fail("A data validation rule must have a condition type.")
    values = condition.get("values") or []
    if kind in ("ONE_OF_LIST", "ONE_OF_RANGE") and not values:
        raise ctx.fail(f"{kind} condition must have values.")
    if kind == "ONE_OF_RANGE":
        text = str(values[0].get("userEnteredValue", ""))
        try:
            parsed = a1.parse(text.lstrip("="))
        except a1.A1Error:
            raise ctx.fail(f"Invalid ConditionValue.userEnteredValue: {text}") from None
        if parsed.sheet is not None and find_sheet(ctx.spreadsheet, title=parsed.sheet) is None:
            raise ctx.fail(f"Invalid ConditionValue.userEnteredValue: {text}")


def _grid_range(sheet: Sheet, r0: int, r1: int, c0: int, c1: int) -> dict[str, Any]:
    return {
        "sheetId": int(sheet["properties"].get("sheetId", 0)),
        "startRowIndex": r0,
        "endRowIndex": r1,
        "startColumnIndex": c0,
        "endColumnIndex": c1,
    }


def _box(merge: dict[str, Any]) -> tuple[int, int, int, int]:
    return (
        merge["startRowIndex"],
        merge["endRowIndex"],
        merge["startColumnIndex"],
        merge["endColumnIndex"],
    )


def _overlap(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1] and a[2] < b[3] and b[2] < a[3]


@handles("mergeCells")
def merge_cells(ctx: BatchContext, body: dict[str, Any]) -> None:
    bounds = ctx.area(body.get("range"))
    sheet, r0, r1, c0, c1 = bounds
    kind = body.get("mergeType") or "MERGE_ALL"
    grid_props = sheet["properties"].get("gridProperties", {})
    frozen_rows = int(grid_props.get("frozenRowCount", 0))
    frozen_cols = int(grid_props.get("frozenColumnCount", 0))
    if r0 < frozen_rows < r1 and kind != "MERGE_ROWS":
        raise ctx.fail("You can't merge frozen and non-frozen rows.")
    if c0 < frozen_cols < c1 and kind != "MERGE_COLUMNS":
        raise ctx.fail("You can't merge frozen and non-frozen columns.")
    if kind == "MERGE_ALL":
        boxes = [(r0, r1, c0, c1)]
    elif kind == "MERGE_COLUMNS":
        boxes = [(r0, r1, c, c + 1) for c in range(c0, c1)]
    else:
        boxes = [(r, r + 1, c0, c1) for r in range(r0, r1)]
    boxes = [b for b in boxes if (b[1] - b[0]) * (b[3] - b[2]) > 1]
    ctx.check_writable(bounds)
    area = (r0, r1, c0, c1)
    kept = []
    for merge in sheet.get("merges", []):
        box = _box(merge)
        if not _overlap(box, area):
            kept.append(merge)
        elif not (
            area[0] <= box[0] and box[1] <= area[1] and area[2] <= box[2] and box[3] <= area[3]
        ):
            raise ctx.fail("You can't merge cells that partially overlap an existing merge.")
    for box in boxes:
        kept.append(_grid_range(sheet, *box))
        for r in range(box[0], box[1]):
            for c in range(box[2], box[3]):
                if (r, c) != (box[0], box[2]):
                    cell = copy.deepcopy(get_cell(sheet, r, c) or {})
                    cell.pop("userEnteredValue", None)
                    set_cell(sheet, r, c, cell)
    if kept:
        sheet["merges"] = kept
    else:
        sheet.pop("merges", None)


@handles("unmergeCells")
def unmerge_cells(ctx: BatchContext, body: dict[str, Any]) -> None:
    bounds = ctx.area(body.get("range"))
    sheet, r0, r1, c0, c1 = bounds
    ctx.check_writable(bounds)
    kept = [m for m in sheet.get("merges", []) if not _overlap(_box(m), (r0, r1, c0, c1))]
    if kept:
        sheet["merges"] = kept
    else:
        sheet.pop("merges", None)


@handles("updateBorders")
def update_borders(ctx: BatchContext, body: dict[str, Any]) -> None:
    bounds = ctx.area(body.get("range"))
    sheet, r0, r1, c0, c1 = bounds
    ctx.check_writable(bounds)
    for r in range(r0, r1):
        for c in range(c0, c1):
            sides: dict[str, Any] = {}
            if r == r0 and "top" in body:
                sides["top"] = body["top"]
            if r == r1 - 1 and "bottom" in body:
                sides["bottom"] = body["bottom"]
            if c == c0 and "left" in body:
                sides["left"] = body["left"]
            if c == c1 - 1 and "right" in body:
                sides["right"] = body["right"]
            if "innerHorizontal" in body:
                if r < r1 - 1:
                    sides["bottom"] = body["innerHorizontal"]
                if r > r0:
                    sides["top"] = body["innerHorizontal"]
            if "innerVertical" in body:
                if c < c1 - 1:
                    sides["right"] = body["innerVertical"]
                if c > c0:
                    sides["left"] = body["innerVertical"]
            if sides:
                _set_borders(sheet, r, c, sides)


def _set_borders(sheet: Sheet, row: int, col: int, sides: dict[str, Any]) -> None:
    cell = copy.deepcopy(get_cell(sheet, row, col) or {})
    borders = cell.setdefault("userEnteredFormat", {}).setdefault("borders", {})
    for side, border in sides.items():
        if not border or border.get("style") == "NONE":
            borders.pop(side, None)
        else:
            borders[side] = copy.deepcopy(border)
    if not borders:
        cell["userEnteredFormat"].pop("borders")
    if not cell["userEnteredFormat"]:
        cell.pop("userEnteredFormat")
    set_cell(sheet, row, col, cell)


def _rank(value: Any) -> tuple[int, Any]:
    if isinstance(value, bool):
        return (2, value)
    if isinstance(value, int | float):
        return (0, float(value))
    return (1, str(value).lower())


def sort_rows(ctx: BatchContext, bounds: Bounds, specs: list[dict[str, Any]]) -> None:
    """Sort the rows of ``bounds`` by ``SortSpec`` list; empty values always sort last."""
    sheet, r0, r1, c0, c1 = bounds
    book = Book(ctx.spreadsheet)
    rows = []
    for r in range(r0, r1):
        keys = []
        for spec in specs:
            value, evaluated = book.effective(sheet, r, int(spec.get("dimensionIndex", 0)))
            keys.append(None if (value is None or not evaluated) else value)
        cells = [copy.deepcopy(get_cell(sheet, r, c)) for c in range(c0, c1)]
        rows.append((keys, cells))

    def compare(a: tuple[list[Any], Any], b: tuple[list[Any], Any]) -> int:
        for index, spec in enumerate(specs):
            x, y = a[0][index], b[0][index]
            if x is None or y is None:
                if x is None and y is None:
                    continue
                return 1 if x is None else -1
            kx, ky = _rank(x), _rank(y)
            if kx != ky:
                result = -1 if kx < ky else 1
                return -result if spec.get("sortOrder") == "DESCENDING" else result
        return 0

    rows.sort(key=functools.cmp_to_key(compare))
    for offset, (_, cells) in enumerate(rows):
        for j, cell in enumerate(cells):
            set_cell(sheet, r0 + offset, c0 + j, cell)


@handles("sortRange")
def sort_range(ctx: BatchContext, body: dict[str, Any]) -> None:
    bounds = ctx.area(body.get("range"))
    specs = body.get("sortSpecs") or []
    for spec in specs:
        if (
            "dataSourceColumnReference" in spec
            or "foregroundColor" in spec
            or ("backgroundColor" in spec)
            or "foregroundColorStyle" in spec
            or "backgroundColorStyle" in spec
        ):
            raise ctx.fail("Sorting by colour or data source column is not modelled.", code=501)
        column = int(spec.get("dimensionIndex", 0))
        if not bounds[3] <= column < bounds[4]:
            raise ctx.fail(f"Sort column {column} is outside the sorted range.")
    ctx.check_writable(bounds)
    sort_rows(ctx, bounds, specs)
