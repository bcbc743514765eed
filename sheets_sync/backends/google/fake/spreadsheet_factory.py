"""Building a new spreadsheet the way ``spreadsheets.create`` does.

Defaults follow what Google returns for a new spreadsheet: locale ``en_US``, time zone
``Etc/GMT``, recalculation ``ON_CHANGE``, one grid sheet ``Sheet1`` with ``sheetId`` 0 and
1000 x 26 cells.  Sheets, grid data, merges and protected ranges given in the body are kept;
sheets without an id get fresh ones (the first one 0).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from sheets_sync.backends.google.fake.grid import Spreadsheet, set_cell

DEFAULT_SPREADSHEET_PROPERTIES: dict[str, Any] = {
    "locale": "en_US",
    "autoRecalc": "ON_CHANGE",
    "timeZone": "Etc/GMT",
    "defaultFormat": {
        "backgroundColor": {"red": 1, "green": 1, "blue": 1},
        "padding": {"top": 2, "right": 3, "bottom": 2, "left": 3},
        "verticalAlignment": "BOTTOM",
        "wrapStrategy": "OVERFLOW_CELL",
        "textFormat": {
            "foregroundColor": {},
            "fontFamily": "arial,sans,sans-serif",
            "fontSize": 10,
            "bold": False,
            "italic": False,
            "strikethrough": False,
            "underline": False,
        },
    },
}


def spreadsheet_url(spreadsheet_id: str) -> str:
    """The browser address Google reports as ``spreadsheetUrl``."""
    return f"https://docs.google.com/spreadsheets/d/{spreadsheet_id}/edit"


def build_spreadsheet(
    spreadsheet_id: str, body: dict[str, Any], new_id: Callable[[], int]
) -> Spreadsheet:
    """A complete stored spreadsheet from a (schema-valid) ``Spreadsheet`` request body."""
    props = copy.deepcopy(DEFAULT_SPREADSHEET_PROPERTIES)
    props.update(copy.deepcopy(body.get("properties") or {}))
    props.setdefault("title", "Untitled spreadsheet")
    given = body.get("sheets") or [{}]
    used: set[int] = {
        int(s["properties"]["sheetId"]) for s in given if "sheetId" in (s.get("properties") or {})
    }
    sheets = []
    titles: set[str] = set()
    for position, source in enumerate(given):
        sheet_props = copy.deepcopy(source.get("properties") or {})
        if "sheetId" not in sheet_props:
            candidate = 0 if 0 not in used else new_id()
            while candidate in used:
                candidate = new_id()
            sheet_props["sheetId"] = candidate
            used.add(candidate)
        if not sheet_props.get("title"):
            number = position + 1
            while f"sheet{number}" in titles:
                number += 1
            sheet_props["title"] = f"Sheet{number}"
        titles.add(str(sheet_props["title"]).lower())
        sheet_props["index"] = position
        sheet_props.setdefault("sheetType", "GRID")
        if sheet_props["sheetType"] == "GRID":
            grid_props = sheet_props.setdefault("gridProperties", {})
            grid_props.setdefault("rowCount", 1000)
            grid_props.setdefault("columnCount", 26)
        sheet: dict[str, Any] = {"properties": sheet_props}
        for key in (
            "merges",
            "conditionalFormats",
            "basicFilter",
            "bandedRanges",
            "developerMetadata",
        ):
            if source.get(key):
                sheet[key] = copy.deepcopy(source[key])
        for protected in copy.deepcopy(source.get("protectedRanges") or []):
            protected.setdefault("protectedRangeId", new_id())
            sheet.setdefault("protectedRanges", []).append(protected)
        for block in source.get("data") or []:
            top = int(block.get("startRow", 0))
            left = int(block.get("startColumn", 0))
            for i, row in enumerate(block.get("rowData") or []):
                for j, cell in enumerate(row.get("values") or []):
                    kept = {
                        k: v
                        for k, v in (cell or {}).items()
                        if k
                        in (
                            "userEnteredValue",
                            "userEnteredFormat",
                            "note",
                            "dataValidation",
                            "hyperlink",
                            "textFormatRuns",
                        )
                    }
                    if kept:
                        set_cell(sheet, top + i, left + j, copy.deepcopy(kept))
        sheets.append(sheet)
    spreadsheet: Spreadsheet = {
        "spreadsheetId": spreadsheet_id,
        "properties": props,
        "sheets": sheets,
        "spreadsheetUrl": spreadsheet_url(spreadsheet_id),
    }
    for key in ("namedRanges", "developerMetadata"):
        if body.get(key):
            spreadsheet[key] = copy.deepcopy(body[key])
    return spreadsheet
