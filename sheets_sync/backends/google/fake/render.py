"""Rendering stored spreadsheets as ``spreadsheets.get`` answers, and resolving ranges.

Grid data (``includeGridData`` or a field mask naming ``sheets.data``) is computed on the
fly: each cell gets ``effectiveValue``/``formattedValue``/``effectiveFormat`` next to what
was stored; ``rowMetadata``/``columnMetadata`` cover the whole requested block with
Google's default sizes (21 px rows, 100 px columns).  Trailing empty rows and cells are
left out, as Google does.
"""

from __future__ import annotations

import copy
from typing import Any

from sheets_sync.backends.google.fake import a1, fieldmask
from sheets_sync.backends.google.fake.errors import bad_request
from sheets_sync.backends.google.fake.grid import Book, Sheet, Spreadsheet, find_sheet, grid, size
from sheets_sync.backends.google.fake.protection import can_edit

Block = tuple[Sheet, int, int, int, int]


def resolve_range(spreadsheet: Spreadsheet, text: str) -> tuple[Sheet, a1.A1Range]:
    """The sheet and parsed bounds of an A1 range or named range; 400 if neither."""
    try:
        parsed = a1.parse(text)
    except a1.A1Error:
        parsed = None
    if parsed is not None:
        if parsed.sheet is None:
            return spreadsheet["sheets"][0], parsed
        sheet = find_sheet(spreadsheet, title=parsed.sheet)
        if sheet is not None:
            return sheet, parsed
    for named in spreadsheet.get("namedRanges", []):
        if named.get("name", "").lower() == text.strip().lower():
            rng = named["range"]
            sheet = find_sheet(spreadsheet, sheet_id=int(rng.get("sheetId", 0)))
            if sheet is not None:
                return sheet, a1.A1Range(
                    sheet["properties"]["title"],
                    rng.get("startRowIndex"),
                    rng.get("endRowIndex"),
                    rng.get("startColumnIndex"),
                    rng.get("endColumnIndex"),
                )
    raise bad_request(f"Unable to parse range: {text}")


def clamp(sheet: Sheet, parsed: a1.A1Range) -> Block:
    """Bounds of a parsed range limited to the grid (reads never fail for running over)."""
    rows, cols = size(sheet)
    r0 = min(parsed.start_row or 0, rows)
    c0 = min(parsed.start_col or 0, cols)
    r1 = rows if parsed.end_row is None else min(parsed.end_row, rows)
    c1 = cols if parsed.end_col is None else min(parsed.end_col, cols)
    return sheet, r0, max(r0, r1), c0, max(c0, c1)


def block_a1(block: Block) -> str:
    """A1 text of a block (``'My sheet'!A1:Z1000``); an empty block names its first cell."""
    sheet, r0, r1, c0, c1 = block
    return a1.format_range(sheet["properties"]["title"], r0, max(r1, r0 + 1), c0, max(c1, c0 + 1))


def wants_grid_data(tree: fieldmask.FieldTree | None, include_grid: bool) -> bool:
    """Whether an answer must contain grid data (a mask overrides ``includeGridData``)."""
    if tree is None:
        return include_grid
    if "*" in tree:
        return True
    sheets = tree.get("sheets")
    if sheets is None:
        return False
    return not sheets or "data" in sheets or "*" in sheets


def grid_block(book: Book, block: Block) -> dict[str, Any]:
    """One ``GridData`` for a block of a sheet."""
    sheet, r0, r1, c0, c1 = block
    stored = grid(sheet)
    out: dict[str, Any] = {}
    if r0:
        out["startRow"] = r0
    if c0:
        out["startColumn"] = c0
    rows: list[dict[str, Any]] = []
    for r in range(r0, r1):
        values = [book.full_cell(sheet, r, c) for c in range(c0, c1)]
        while values and not values[-1]:
            values.pop()
        rows.append({"values": values} if values else {})
    while rows and not rows[-1]:
        rows.pop()
    if rows:
        out["rowData"] = rows
    out["rowMetadata"] = _dimension_block(stored.get("rowMetadata", []), r0, r1, 21)
    out["columnMetadata"] = _dimension_block(stored.get("columnMetadata", []), c0, c1, 100)
    return out


def _dimension_block(
    entries: list[dict[str, Any]], start: int, end: int, default: int
) -> list[dict[str, Any]]:
    out = []
    for index in range(start, end):
        entry = copy.deepcopy(entries[index]) if index < len(entries) else {}
        entry.setdefault("pixelSize", default)
        out.append(entry)
    return out


def render_sheet(
    book: Book,
    sheet: Sheet,
    blocks: list[Block] | None,
    include_grid: bool,
    caller: str | None,
    owners: set[str],
) -> dict[str, Any]:
    """A ``Sheet`` resource: stored parts, ``requestingUserCanEdit``, optional grid data."""
    out: dict[str, Any] = {}
    for key, value in sheet.items():
        if key != "data":
            out[key] = copy.deepcopy(value)
    for protected in out.get("protectedRanges", []):
        protected["requestingUserCanEdit"] = can_edit(protected, caller, owners)
    if include_grid and sheet["properties"].get("sheetType", "GRID") == "GRID":
        if blocks is None:
            rows, cols = size(sheet)
            blocks = [(sheet, 0, rows, 0, cols)]
        out["data"] = [grid_block(book, block) for block in blocks]
    return out


def render_spreadsheet(
    spreadsheet: Spreadsheet,
    *,
    blocks: list[Block] | None,
    include_grid: bool,
    caller: str | None,
    owners: set[str],
) -> dict[str, Any]:
    """A ``Spreadsheet`` resource; ``blocks`` (from ``ranges``) limit sheets and grid data."""
    book = Book(spreadsheet)
    sheets = []
    for sheet in spreadsheet["sheets"]:
        mine = None if blocks is None else [b for b in blocks if b[0] is sheet]
        if mine is not None and not mine:
            continue
        sheets.append(render_sheet(book, sheet, mine, include_grid, caller, owners))
    out: dict[str, Any] = {
        "spreadsheetId": spreadsheet["spreadsheetId"],
        "properties": copy.deepcopy(spreadsheet["properties"]),
        "sheets": sheets,
    }
    for key in ("namedRanges", "developerMetadata"):
        if spreadsheet.get(key):
            out[key] = copy.deepcopy(spreadsheet[key])
    out["spreadsheetUrl"] = spreadsheet["spreadsheetUrl"]
    return out
