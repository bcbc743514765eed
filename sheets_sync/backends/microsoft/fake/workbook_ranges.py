"""Ranges: ``range(address=...)`` GET/PATCH, ``usedRange(valuesOnly=...)``, range ``format``
(with ``font``, ``fill`` and cell ``protection``), on top of openpyxl.

PATCH applies ``numberFormat``, then ``formulas``, then ``values`` (so a ``"@"`` format in
the same request keeps its values text); each must be a 2-D array of exactly the range's
size (range-update), else 400 ``InvalidArgument``.  A write to a locked cell of a protected
sheet is 403 ``AccessDenied`` / ``accessDenied`` (workbook-error-handling).  Reads of more
than :data:`MAX_READ_CELLS` cells answer ``rangeExceedsLimit`` (whole columns: read
``usedRange`` instead).  Widths are in points as in Graph (stored as openpyxl character
widths, 7 pixels a character); row heights in points.
"""

from __future__ import annotations

from copy import copy
from typing import Any

from openpyxl.styles import Alignment, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from sheets_sync.backends.xlsx.fit import DEFAULT_ROW_PT, DEFAULT_WIDTH, column_px

from .calls import Call, handles
from .errors import GraphError, read_only
from .workbook_formulas import Evaluator
from .workbook_values import (
    MAX_COLUMNS,
    MAX_ROWS,
    Bounds,
    cell_of,
    display_text,
    format_address,
    parse_address,
    quote_sheet,
    read_formula,
    read_value,
    value_type,
    write_typed,
)

MAX_READ_CELLS = 200_000
_ALIGN_IN = {
    "General": "general",
    "Left": "left",
    "Center": "center",
    "Right": "right",
    "Fill": "fill",
    "Justify": "justify",
    "Top": "top",
    "Bottom": "bottom",
    "CenterAcrossSelection": "centerContinuous",
    "Distributed": "distributed",
}
_ALIGN_OUT = {v: k for k, v in _ALIGN_IN.items()}


def range_json(call: Call, sheet: Worksheet, bounds: Bounds) -> dict[str, Any]:
    """A workbookRange with its values, text, formulas, formats and value types."""
    top, left, bottom, right = bounds
    if (bottom - top + 1) * (right - left + 1) > MAX_READ_CELLS:
        raise GraphError(
            400,
            "InvalidArgument",
            "The range exceeds the maximum supported number of cells.",
            inner_code="rangeExceedsLimit",
        )
    evaluator = Evaluator(call.book())
    values, text, formulas, formats, types = [], [], [], [], []
    for row in range(top, bottom + 1):
        value_row, text_row, formula_row, format_row, type_row = [], [], [], [], []
        for column in range(left, right + 1):
            cell = cell_of(sheet, row, column)
            computed = evaluator.cell_value(sheet.title, row, column)
            value = read_value(cell, computed)
            value_row.append(value)
            text_row.append(display_text(value, cell.number_format))
            formula_row.append(read_formula(cell, value))
            format_row.append(cell.number_format)
            type_row.append(value_type(value))
        values.append(value_row)
        text.append(text_row)
        formulas.append(formula_row)
        formats.append(format_row)
        types.append(type_row)
    address = f"{quote_sheet(sheet.title)}!{format_address(bounds)}"
    return {
        "@odata.type": "#microsoft.graph.workbookRange",
        "address": address,
        "addressLocal": address,
        "cellCount": (bottom - top + 1) * (right - left + 1),
        "columnCount": right - left + 1,
        "columnIndex": left - 1,
        "columnHidden": False,
        "rowCount": bottom - top + 1,
        "rowIndex": top - 1,
        "rowHidden": False,
        "hidden": False,
        "values": values,
        "text": text,
        "formulas": formulas,
        "formulasLocal": formulas,
        "numberFormat": formats,
        "valueTypes": types,
    }


def used_bounds(sheet: Worksheet, values_only: bool) -> Bounds:
    """The used range: cells with a value (``values_only``) or with a value or a format."""
    rows: list[int] = []
    columns: list[int] = []
    for (row, column), cell in sheet._cells.items():
        if cell.value is not None or (not values_only and cell.has_style):
            rows.append(row)
            columns.append(column)
    if not rows:
        return 1, 1, 1, 1
    return min(rows), min(columns), max(rows), max(columns)


def _bounds(call: Call, sheet: Worksheet) -> Bounds:
    step = call.step("range")
    if step is not None and "address" in step.args:
        return parse_address(str(step.args["address"]))
    used = call.step("usedRange")
    if used is not None:
        return used_bounds(sheet, bool(used.args.get("valuesOnly", False)))
    return 1, 1, MAX_ROWS, MAX_COLUMNS


def _cells(sheet: Worksheet, bounds: Bounds) -> list[list[Any]]:
    top, left, bottom, right = bounds
    return [[cell_of(sheet, r, c) for c in range(left, right + 1)] for r in range(top, bottom + 1)]


def _check_shape(name: str, grid: Any, bounds: Bounds) -> None:
    rows, columns = bounds[2] - bounds[0] + 1, bounds[3] - bounds[1] + 1
    if (
        not isinstance(grid, list)
        or len(grid) != rows
        or any(not isinstance(r, list) or len(r) != columns for r in grid)
    ):
        raise GraphError(
            400,
            "InvalidArgument",
            f"The number of rows or columns in the input "
            f"array '{name}' doesn't match the size or dimensions of the range.",
            inner_code="invalidArgument",
        )


def _check_unlocked(sheet: Worksheet, cells: list[list[Any]]) -> None:
    if sheet.protection.sheet and any(c.protection.locked for row in cells for c in row):
        raise read_only()


@handles("GET", "DRIVE/ITEM/workbook/worksheets/{}/range()", "workbook.range.get")
@handles("GET", "DRIVE/ITEM/workbook/worksheets/{}/usedRange()", "workbook.usedRange.get")
def get_range(call: Call) -> Any:
    sheet = call.sheet()
    return range_json(call, sheet, _bounds(call, sheet))


@handles("PATCH", "DRIVE/ITEM/workbook/worksheets/{}/range()", "workbook.range.patch")
def patch_range(call: Call) -> Any:
    sheet = call.sheet()
    bounds = _bounds(call, sheet)
    body = call.body or {}
    for name in ("numberFormat", "formulas", "values"):
        if name in body and body[name] is not None:
            _check_shape(name, body[name], bounds)
    cells = _cells(sheet, bounds)
    if any(k in body for k in ("values", "formulas")):
        _check_unlocked(sheet, cells)
    for name in ("numberFormat", "formulas", "values"):
        grid = body.get(name)
        if grid is None:
            continue
        for cell_row, input_row in zip(cells, grid, strict=True):
            for cell, value in zip(cell_row, input_row, strict=True):
                if name == "numberFormat":
                    if value is not None:
                        cell.number_format = str(value)
                else:
                    write_typed(cell, value, as_formula=name == "formulas")
    call.changed()
    return range_json(call, sheet, bounds)


def _format_targets(call: Call) -> tuple[Worksheet, Bounds, list[Any]]:
    sheet = call.sheet()
    bounds = _bounds(call, sheet)
    top, left, bottom, right = bounds
    if bottom - top + 1 == MAX_ROWS:
        targets: list[Any] = [
            sheet.column_dimensions[get_column_letter(c)] for c in range(left, right + 1)
        ]
        targets += [cell for (r, c), cell in sheet._cells.items() if left <= c <= right]
    elif right - left + 1 == MAX_COLUMNS:
        targets = [sheet.row_dimensions[r] for r in range(top, bottom + 1)]
        targets += [cell for (r, c), cell in sheet._cells.items() if top <= r <= bottom]
    else:
        targets = [cell for row in _cells(sheet, bounds) for cell in row]
    return sheet, bounds, targets


@handles("GET", "DRIVE/ITEM/workbook/worksheets/{}/range()/format", "workbook.range.format.get")
def get_format(call: Call) -> Any:
    sheet = call.sheet()
    top, left, _, _ = _bounds(call, sheet)
    cell = cell_of(sheet, top, left)
    width = sheet.column_dimensions[get_column_letter(left)].width or DEFAULT_WIDTH
    height = sheet.row_dimensions[top].height or DEFAULT_ROW_PT
    return {
        "columnWidth": round(column_px(width) * 0.75, 2),
        "rowHeight": height,
        "wrapText": bool(cell.alignment.wrap_text),
        "horizontalAlignment": _ALIGN_OUT.get(cell.alignment.horizontal or "general", "General"),
        "verticalAlignment": _ALIGN_OUT.get(cell.alignment.vertical or "bottom", "Bottom"),
    }


@handles("PATCH", "DRIVE/ITEM/workbook/worksheets/{}/range()/format", "workbook.range.format.patch")
def patch_format(call: Call) -> Any:
    sheet, bounds, targets = _format_targets(call)
    body = call.body or {}
    check_format_allowed(sheet)
    if body.get("columnWidth") is not None:
        for column in range(bounds[1], bounds[3] + 1):
            width = (float(body["columnWidth"]) / 0.75 - 5) / 7
            sheet.column_dimensions[get_column_letter(column)].width = round(max(width, 0), 2)
    if body.get("rowHeight") is not None:
        for row in range(bounds[0], min(bounds[2], bounds[0] + 10_000) + 1):
            sheet.row_dimensions[row].height = float(body["rowHeight"])
    changes: dict[str, Any] = {}
    if body.get("wrapText") is not None:
        changes["wrap_text"] = bool(body["wrapText"])
    for key, attribute in (
        ("horizontalAlignment", "horizontal"),
        ("verticalAlignment", "vertical"),
    ):
        if body.get(key) is not None:
            if body[key] not in _ALIGN_IN:
                raise GraphError(
                    400,
                    "InvalidArgument",
                    f"Invalid {key} '{body[key]}'.",
                    inner_code="invalidArgument",
                )
            changes[attribute] = _ALIGN_IN[body[key]]
    if changes:
        for target in targets:
            old = target.alignment
            values = {
                k: getattr(old, k)
                for k in (
                    "horizontal",
                    "vertical",
                    "wrap_text",
                    "indent",
                    "text_rotation",
                    "shrink_to_fit",
                )
            }
            target.alignment = Alignment(**{**values, **changes})
    call.changed()
    return get_format(call)


def check_format_allowed(sheet: Worksheet, option: str = "formatCells") -> None:
    """403 ``AccessDenied`` when ``sheet`` is protected without allowing ``option``
    (openpyxl's flag is set when the option is *not* allowed)."""
    if sheet.protection.sheet and getattr(sheet.protection, option):
        raise read_only()


@handles(
    "PATCH",
    "DRIVE/ITEM/workbook/worksheets/{}/range()/format/font",
    "workbook.range.format.font.patch",
)
def patch_font(call: Call) -> Any:
    sheet, _, targets = _format_targets(call)
    check_format_allowed(sheet)
    body = call.body or {}
    for target in targets:
        font = copy(target.font)
        if body.get("bold") is not None:
            font.bold = bool(body["bold"])
        if body.get("italic") is not None:
            font.italic = bool(body["italic"])
        if body.get("name") is not None:
            font.name = str(body["name"])
        if body.get("size") is not None:
            font.size = float(body["size"])
        if body.get("color") is not None:
            font.color = "FF" + str(body["color"]).lstrip("#").upper()
        if body.get("underline") is not None:
            font.underline = None if body["underline"] == "None" else str(body["underline"]).lower()
        target.font = font
    call.changed()
    return {k: body.get(k) for k in ("bold", "italic", "name", "size", "color", "underline")}


@handles(
    "PATCH",
    "DRIVE/ITEM/workbook/worksheets/{}/range()/format/fill",
    "workbook.range.format.fill.patch",
)
def patch_fill(call: Call) -> Any:
    sheet, _, targets = _format_targets(call)
    check_format_allowed(sheet)
    color = "FF" + str((call.body or {}).get("color") or "#FFFFFF").lstrip("#").upper()
    for target in targets:
        target.fill = PatternFill(fill_type="solid", start_color=color, end_color=color)
    call.changed()
    return {"color": (call.body or {}).get("color")}


@handles(
    "PATCH",
    "DRIVE/ITEM/workbook/worksheets/{}/range()/format/protection",
    "workbook.range.format.protection.patch",
)
def patch_cell_protection(call: Call) -> Any:
    sheet, _, targets = _format_targets(call)
    if sheet.protection.sheet:
        raise GraphError(
            403,
            "AccessDenied",
            "Unprotect the sheet to change cell protection.",
            inner_code="accessDenied",
        )
    body = call.body or {}
    for target in targets:
        protection = copy(target.protection)
        if body.get("locked") is not None:
            protection.locked = bool(body["locked"])
        if body.get("formulaHidden") is not None:
            protection.hidden = bool(body["formulaHidden"])
        target.protection = protection
    call.changed()
    return {"locked": body.get("locked"), "formulaHidden": body.get("formulaHidden")}
