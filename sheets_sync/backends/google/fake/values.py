"""Sheets v4 ``spreadsheets.values.*``: reading and writing cell values by A1 range.

Reads are clamped to the grid and trimmed of trailing empty rows and cells; empty cells
inside the block come back as ``""``.  Writes start at the range's top-left cell; a range of
more than one cell also bounds the write (``Requested writing within range [...], but tried
writing to row [N]``), and nothing may be written beyond the grid (``exceeds grid limits``),
except by ``append``, which grows the grid like Google's.  Each write is atomic.  This
module holds the single-range methods (``get``, ``update``, ``append``, ``clear``) and the
reads and writes they share; the ``batch*`` methods are in :mod:`~.values_batch`.
"""

from __future__ import annotations

import copy
from typing import Any

from sheets_sync.backends.google.fake import a1, cellvalues
from sheets_sync.backends.google.fake.calls import Call, api
from sheets_sync.backends.google.fake.errors import bad_request
from sheets_sync.backends.google.fake.grid import (
    Book,
    Sheet,
    Spreadsheet,
    get_cell,
    has_value,
    set_cell,
    set_size,
    size,
)
from sheets_sync.backends.google.fake.protection import check_writable
from sheets_sync.backends.google.fake.render import Block, block_a1, clamp, resolve_range
from sheets_sync.backends.google.fake.sheets import commit, owners_of
from sheets_sync.backends.google.fake.structure import change_dimension

Grid = list[list[Any]]


def _render_option(value: str | None) -> str:
    return value or "FORMATTED_VALUE"


def _major(value: str | None) -> str:
    return "COLUMNS" if value == "COLUMNS" else "ROWS"


def read_block(
    book: Book, block: Block, render: str, major: str, date_time: str | None = None
) -> dict[str, Any]:
    """A ``ValueRange`` for a block, trimmed like Google's."""
    sheet, r0, r1, c0, c1 = block
    rows: Grid = [
        [book.rendered(sheet, r, c, render, date_time) for c in range(c0, c1)]
        for r in range(r0, r1)
    ]
    if major == "COLUMNS":
        rows = [list(col) for col in zip(*rows, strict=False)] if rows else []
    for row in rows:
        while row and row[-1] == "":
            row.pop()
    while rows and not rows[-1]:
        rows.pop()
    out: dict[str, Any] = {"range": block_a1(block), "majorDimension": major}
    if rows:
        out["values"] = rows
    return out


def _input_option(value: Any) -> str:
    if value is None:
        raise bad_request("'valueInputOption' is required but not specified")
    if value not in ("RAW", "USER_ENTERED"):
        raise bad_request(f"Invalid valueInputOption: {value}")
    return str(value)


def _as_rows(values: Any, major: str) -> Grid:
    rows: Grid = [list(row) if isinstance(row, list) else [row] for row in (values or [])]
    if major == "COLUMNS":
        height = max((len(col) for col in rows), default=0)
        rows = [[col[i] if i < len(col) else None for col in rows] for i in range(height)]
    return rows


def write_values(
    call: Call,
    work: Spreadsheet,
    sheet: Sheet,
    parsed: a1.A1Range,
    rows: Grid,
    input_option: str,
    requested: str,
) -> dict[str, Any]:
    """Write ``rows`` at the range's anchor into ``work``; an ``UpdateValuesResponse``."""
    r0, c0 = parsed.start_row or 0, parsed.start_col or 0
    height = len(rows)
    width = max((len(row) for row in rows), default=0)
    if height == 0 or width == 0:
        return {"spreadsheetId": work["spreadsheetId"]}
    single = (parsed.end_row, parsed.end_col) == (r0 + 1, c0 + 1)
    if not single and parsed.end_row is not None and r0 + height > parsed.end_row:
        raise bad_request(
            f"Requested writing within range [{requested}], but tried writing "
            f"to row [{r0 + height}]"
        )
    if not single and parsed.end_col is not None and c0 + width > parsed.end_col:
        raise bad_request(
            f"Requested writing within range [{requested}], but tried writing "
            f"to column [{a1.column_letters(c0 + width - 1)}]"
        )
    rows_count, cols_count = size(sheet)
    title = sheet["properties"]["title"]
    if r0 + height > rows_count or c0 + width > cols_count:
        shown = a1.format_range(title, r0, r0 + height, c0, c0 + width)
        raise bad_request(
            f"Range ({shown}) exceeds grid limits. Max rows: {rows_count}, "
            f"max columns: {cols_count}"
        )
    check_writable(
        sheet, (r0, r0 + height, c0, c0 + width), call.principal.email, owners_of(call, work)
    )
    touched_rows: set[int] = set()
    touched_cols: set[int] = set()
    cells = 0
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            try:
                patch = cellvalues.parse_input(value, input_option)
            except TypeError:
                kind = "list_value" if isinstance(value, list) else "struct_value"
                raise bad_request(f"Invalid values[{i}][{j}]: {kind}") from None
            if patch is None:
                continue
            if cellvalues.too_long(patch.get("userEnteredValue")):
                raise bad_request(cellvalues.TOO_LONG_MESSAGE)
            cell = copy.deepcopy(get_cell(sheet, r0 + i, c0 + j) or {})
            cell.pop("userEnteredValue", None)
            if "userEnteredValue" in patch:
                cell["userEnteredValue"] = patch["userEnteredValue"]
            if "userEnteredFormat" in patch:
                cell.setdefault("userEnteredFormat", {}).update(patch["userEnteredFormat"])
            set_cell(sheet, r0 + i, c0 + j, cell)
            touched_rows.add(i)
            touched_cols.add(j)
            cells += 1
    return {
        "spreadsheetId": work["spreadsheetId"],
        "updatedRange": a1.format_range(title, r0, r0 + height, c0, c0 + width),
        "updatedRows": len(touched_rows),
        "updatedColumns": len(touched_cols),
        "updatedCells": cells,
    }


def _with_data(
    spreadsheet: Spreadsheet,
    response: dict[str, Any],
    render_param: str | None,
    date_time: str | None,
) -> dict[str, Any]:
    if "updatedRange" in response:
        sheet, parsed = resolve_range(spreadsheet, response["updatedRange"])
        response["updatedData"] = read_block(
            Book(spreadsheet),
            clamp(sheet, parsed),
            _render_option(render_param),
            "ROWS",
            date_time,
        )
    return response


@api("sheets.spreadsheets.values.get")
def values_get(call: Call) -> dict[str, Any]:
    spreadsheet = call.spreadsheet()
    block = clamp(*resolve_range(spreadsheet, call.path_params["range"]))
    return read_block(
        Book(spreadsheet),
        block,
        _render_option(call.param("valueRenderOption")),
        _major(call.param("majorDimension")),
        call.param("dateTimeRenderOption"),
    )


def _check_body_range(body: dict[str, Any], spreadsheet: Spreadsheet, requested: str) -> None:
    given = body.get("range")
    if given is None:
        return
    if clamp(*resolve_range(spreadsheet, str(given))) != clamp(
        *resolve_range(spreadsheet, requested)
    ):
        raise bad_request(
            f"Requested range [{requested}] and the range in the request body "
            f"[{given}] do not match."
        )


@api("sheets.spreadsheets.values.update")
def values_update(call: Call) -> dict[str, Any]:
    spreadsheet = call.spreadsheet()
    option = _input_option(call.param("valueInputOption"))
    requested = call.path_params["range"]
    body = call.json_body()
    _check_body_range(body, spreadsheet, requested)
    work = copy.deepcopy(spreadsheet)
    sheet, parsed = resolve_range(work, requested)
    rows = _as_rows(body.get("values"), _major(body.get("majorDimension")))
    response = write_values(call, work, sheet, parsed, rows, option, requested)
    commit(call, spreadsheet, work)
    if call.flag("includeValuesInResponse"):
        _with_data(
            spreadsheet,
            response,
            call.param("responseValueRenderOption"),
            call.param("responseDateTimeRenderOption"),
        )
    return response


def _table(sheet: Sheet, parsed: a1.A1Range) -> tuple[int, int, int, int] | None:
    """Google's "table" for append: the first contiguous run of rows with values in the
    range's columns, from the range's first row; ``(r0, r1, c0, c1)`` or ``None``."""
    rows_count, cols_count = size(sheet)
    c_start = parsed.start_col or 0
    single = (parsed.end_row, parsed.end_col) == ((parsed.start_row or 0) + 1, c_start + 1)
    c_end = cols_count if single or parsed.end_col is None else parsed.end_col
    r = parsed.start_row or 0
    r_end = rows_count if single or parsed.end_row is None else parsed.end_row

    def filled(row: int) -> list[int]:
        return [c for c in range(c_start, c_end) if has_value(get_cell(sheet, row, c))]

    while r < r_end and not filled(r):
        r += 1
    if r >= r_end:
        return None
    top, columns = r, set(filled(r))
    while r < r_end and (found := filled(r)):
        columns.update(found)
        r += 1
    return top, r, min(columns), max(columns) + 1


@api("sheets.spreadsheets.values.append")
def values_append(call: Call) -> dict[str, Any]:
    spreadsheet = call.spreadsheet()
    option = _input_option(call.param("valueInputOption"))
    requested = call.path_params["range"]
    body = call.json_body()
    work = copy.deepcopy(spreadsheet)
    sheet, parsed = resolve_range(work, requested)
    rows = _as_rows(body.get("values"), _major(body.get("majorDimension")))
    table = _table(sheet, parsed)
    if table is None:
        row, col = parsed.start_row or 0, parsed.start_col or 0
    else:
        row, col = table[1], table[2]
    height = len(rows)
    width = max((len(r) for r in rows), default=0)
    rows_count, cols_count = size(sheet)
    if col + width > cols_count:
        shown = a1.format_range(
            sheet["properties"]["title"], row, row + max(height, 1), col, col + width
        )
        raise bad_request(
            f"Range ({shown}) exceeds grid limits. Max rows: {rows_count}, "
            f"max columns: {cols_count}"
        )
    if call.param("insertDataOption") == "INSERT_ROWS" and height and row < rows_count:
        change_dimension(work, sheet, "ROWS", row, height)
    elif row + height > rows_count:
        set_size(sheet, row + height, cols_count)
    anchor = a1.A1Range(sheet["properties"]["title"], row, row + 1, col, col + 1)
    updates = write_values(call, work, sheet, anchor, rows, option, requested)
    commit(call, spreadsheet, work)
    if call.flag("includeValuesInResponse"):
        _with_data(
            spreadsheet,
            updates,
            call.param("responseValueRenderOption"),
            call.param("responseDateTimeRenderOption"),
        )
    answer: dict[str, Any] = {"spreadsheetId": spreadsheet["spreadsheetId"], "updates": updates}
    if table is not None:
        answer["tableRange"] = a1.format_range(sheet["properties"]["title"], *table)
    return answer


def _clear(call: Call, work: Spreadsheet, block: Block) -> str:
    sheet, r0, r1, c0, c1 = block
    check_writable(sheet, (r0, r1, c0, c1), call.principal.email, owners_of(call, work))
    for r in range(r0, r1):
        for c in range(c0, c1):
            cell = get_cell(sheet, r, c)
            if cell and "userEnteredValue" in cell:
                cell = copy.deepcopy(cell)
                cell.pop("userEnteredValue")
                set_cell(sheet, r, c, cell)
    return block_a1(block)


@api("sheets.spreadsheets.values.clear")
def values_clear(call: Call) -> dict[str, Any]:
    spreadsheet = call.spreadsheet()
    work = copy.deepcopy(spreadsheet)
    cleared = _clear(call, work, clamp(*resolve_range(work, call.path_params["range"])))
    commit(call, spreadsheet, work)
    return {"spreadsheetId": spreadsheet["spreadsheetId"], "clearedRange": cleared}
