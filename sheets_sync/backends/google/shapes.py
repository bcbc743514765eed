"""JSON shapes of Sheets API objects, built from the port's vocabulary.

Each function returns one piece of a ``batchUpdate`` request (``CellData``, ``Color``,
``GridRange``, a ``repeatCell`` for a :class:`~sheets_sync.model.Style`, protected ranges,
a bar ``ChartSpec``) and knows nothing of tabs or layouts; :mod:`._gsheets_requests` puts
them together.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from sheets_sync.backends.google.read import to_serial
from sheets_sync.model import (
    CellRange,
    CellValue,
    ChartSpec,
    Formula,
    Protection,
    Style,
    col_letter,
)

Request = dict[str, Any]

VALUE_FIELDS = "userEnteredValue,userEnteredFormat.numberFormat"


def cell_data(value: CellValue) -> dict[str, Any]:
    """One cell's ``CellData`` for ``updateCells`` with :data:`VALUE_FIELDS`."""
    if value is None or (isinstance(value, str) and value == ""):
        return {}
    if isinstance(value, Formula):
        return {"userEnteredValue": {"formulaValue": str(value)}}
    if isinstance(value, str):
        return {"userEnteredValue": {"stringValue": value}}
    if isinstance(value, bool):
        return {"userEnteredValue": {"boolValue": value}}
    if isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            raise ValueError(f"cannot store {value!r} in a spreadsheet cell")
        return {"userEnteredValue": {"numberValue": value}}
    if isinstance(value, datetime):
        pattern = {"type": "DATE_TIME", "pattern": "yyyy-mm-dd hh:mm:ss"}
        return {
            "userEnteredValue": {"numberValue": to_serial(value)},
            "userEnteredFormat": {"numberFormat": pattern},
        }
    if isinstance(value, date):
        return {
            "userEnteredValue": {"numberValue": to_serial(value)},
            "userEnteredFormat": {"numberFormat": {"type": "DATE", "pattern": "yyyy-mm-dd"}},
        }
    raise TypeError(f"not a cell value: {value!r}")


def rgb(colour: str) -> dict[str, float]:
    """``#RRGGBB`` as Google's ``Color`` (0–1 floats)."""
    text = colour.strip().lstrip("#")
    if len(text) != 6:
        raise ValueError(f"not a #RRGGBB colour: {colour!r}")
    red, green, blue = (int(text[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return {"red": red, "green": green, "blue": blue}


def grid_range(sheet_id: int, where: CellRange) -> dict[str, int]:
    """A ``GridRange``: end indexes are exclusive, and absent when the range is open."""
    out = {
        "sheetId": sheet_id,
        "startRowIndex": where.first_row,
        "startColumnIndex": where.first_col,
    }
    if where.last_row is not None:
        out["endRowIndex"] = where.last_row + 1
    if where.last_col is not None:
        out["endColumnIndex"] = where.last_col + 1
    return out


def sheet_ref(title: str, where: CellRange) -> str:
    """An absolute A1 reference to ``where`` on the tab ``title``: ``'About'!$D$2:$D$18``."""
    quoted = "'" + title.replace("'", "''") + "'"
    start = f"${col_letter(where.first_col)}${where.first_row + 1}"
    last_col = where.last_col if where.last_col is not None else where.first_col
    end = f"${col_letter(last_col)}"
    if where.last_row is not None:
        end += f"${where.last_row + 1}"
    return f"{quoted}!{start}:{end}"


def update_cells(
    sheet_id: int, row: int, col: int, values: Iterable[Sequence[CellValue]]
) -> Request:
    rows = [{"values": [cell_data(v) for v in line]} for line in values]
    return {
        "updateCells": {
            "start": {"sheetId": sheet_id, "rowIndex": row, "columnIndex": col},
            "rows": rows,
            "fields": VALUE_FIELDS,
        }
    }


def metadata(key: str, value: str, location: Mapping[str, Any]) -> Request:
    return {
        "createDeveloperMetadata": {
            "developerMetadata": {
                "metadataKey": key,
                "metadataValue": value,
                "location": dict(location),
                "visibility": "DOCUMENT",
            }
        }
    }


def style_request(sheet_id: int, style: Style) -> Request | None:
    fmt: dict[str, Any] = {}
    text: dict[str, Any] = {}
    fields: list[str] = []
    if style.bold:
        text["bold"] = True
        fields.append("userEnteredFormat.textFormat.bold")
    if style.italic:
        text["italic"] = True
        fields.append("userEnteredFormat.textFormat.italic")
    if style.font_size is not None:
        text["fontSize"] = style.font_size
        fields.append("userEnteredFormat.textFormat.fontSize")
    if style.font_color:
        text["foregroundColorStyle"] = {"rgbColor": rgb(style.font_color)}
        fields.append("userEnteredFormat.textFormat.foregroundColorStyle")
    if text:
        fmt["textFormat"] = text
    if style.fill:
        fmt["backgroundColorStyle"] = {"rgbColor": rgb(style.fill)}
        fields.append("userEnteredFormat.backgroundColorStyle")
    if style.align:
        fmt["horizontalAlignment"] = style.align.upper()
        fields.append("userEnteredFormat.horizontalAlignment")
    if style.wrap:
        fmt["wrapStrategy"] = "WRAP"
        fmt["verticalAlignment"] = "TOP"
        fields += ["userEnteredFormat.wrapStrategy", "userEnteredFormat.verticalAlignment"]
    if not fields:
        return None
    return {
        "repeatCell": {
            "range": grid_range(sheet_id, style.where),
            "cell": {"userEnteredFormat": fmt},
            "fields": ",".join(fields),
        }
    }


def protect(sheet_id: int, protection: Protection) -> list[Request]:
    base: dict[str, Any] = {
        "description": protection.description,
        "warningOnly": protection.warning_only,
    }
    if not protection.warning_only and protection.editors:
        base["editors"] = {"users": list(protection.editors)}
    if protection.where is None:
        whole = {**base, "range": {"sheetId": sheet_id}}
        if protection.exceptions:
            whole["unprotectedRanges"] = [grid_range(sheet_id, e) for e in protection.exceptions]
        return [{"addProtectedRange": {"protectedRange": whole}}]
    # Google allows exceptions only on whole-sheet protection: cut them out instead.
    return [
        {"addProtectedRange": {"protectedRange": {**base, "range": grid_range(sheet_id, piece)}}}
        for piece in protection.cells()
    ]


def chart_spec(sheet_id: int, chart: ChartSpec) -> dict[str, Any]:
    first, last = chart.rows

    def column(col: int) -> dict[str, Any]:
        span = CellRange(first, col, last, col)
        return {"sourceRange": {"sources": [grid_range(sheet_id, span)]}}

    return {
        "title": chart.title,
        "basicChart": {
            "chartType": "BAR",
            "legendPosition": "BOTTOM_LEGEND" if len(chart.value_cols) > 1 else "NO_LEGEND",
            "axis": [
                {"position": "BOTTOM_AXIS", "format": {"fontSize": 12}},
                {"position": "LEFT_AXIS", "format": {"fontSize": 12}},
            ],
            "domains": [{"domain": column(chart.category_col)}],
            "series": [
                {"series": column(col), "targetAxis": "BOTTOM_AXIS"} for col in chart.value_cols
            ],
            "headerCount": 0,
        },
    }
