"""Sheets v4 batch ``spreadsheets.values.*``: many ranges or data filters in one request.

``batchGet``, ``batchGetByDataFilter``, ``batchUpdate``, ``batchUpdateByDataFilter``,
``batchClear`` and ``batchClearByDataFilter``, built on the single-range reads, writes and
clears of :mod:`~.values`; each batch write is atomic and answers Google's totals.
"""

from __future__ import annotations

import copy
from typing import Any

from sheets_sync.backends.google.fake import a1
from sheets_sync.backends.google.fake.calls import Call, api
from sheets_sync.backends.google.fake.errors import bad_request
from sheets_sync.backends.google.fake.grid import Book, Spreadsheet
from sheets_sync.backends.google.fake.render import block_a1, clamp, resolve_range
from sheets_sync.backends.google.fake.sheets import commit, filter_blocks
from sheets_sync.backends.google.fake.values import (
    _as_rows,
    _clear,
    _input_option,
    _major,
    _render_option,
    _with_data,
    read_block,
    write_values,
)


@api("sheets.spreadsheets.values.batchGet")
def values_batch_get(call: Call) -> dict[str, Any]:
    spreadsheet = call.spreadsheet()
    book = Book(spreadsheet)
    render, major = (
        _render_option(call.param("valueRenderOption")),
        _major(call.param("majorDimension")),
    )
    answer: dict[str, Any] = {"spreadsheetId": spreadsheet["spreadsheetId"]}
    ranges = call.params("ranges")
    if ranges:
        answer["valueRanges"] = [
            read_block(
                book,
                clamp(*resolve_range(spreadsheet, text)),
                render,
                major,
                call.param("dateTimeRenderOption"),
            )
            for text in ranges
        ]
    return answer


@api("sheets.spreadsheets.values.batchGetByDataFilter")
def values_batch_get_by_filter(call: Call) -> dict[str, Any]:
    spreadsheet = call.spreadsheet()
    body = call.json_body()
    book = Book(spreadsheet)
    render, major = (
        _render_option(body.get("valueRenderOption")),
        _major(body.get("majorDimension")),
    )
    answer: dict[str, Any] = {"spreadsheetId": spreadsheet["spreadsheetId"]}
    matched = []
    for data_filter in body.get("dataFilters") or []:
        for block in filter_blocks(spreadsheet, [data_filter]):
            matched.append(
                {
                    "valueRange": read_block(
                        book, block, render, major, body.get("dateTimeRenderOption")
                    ),
                    "dataFilters": [copy.deepcopy(data_filter)],
                }
            )
    if matched:
        answer["valueRanges"] = matched
    return answer


def _batch_totals(spreadsheet: Spreadsheet, responses: list[dict[str, Any]]) -> dict[str, Any]:
    sheets = {r["updatedRange"].rpartition("!")[0] for r in responses if "updatedRange" in r}
    return {
        "spreadsheetId": spreadsheet["spreadsheetId"],
        "totalUpdatedRows": sum(r.get("updatedRows", 0) for r in responses),
        "totalUpdatedColumns": sum(r.get("updatedColumns", 0) for r in responses),
        "totalUpdatedCells": sum(r.get("updatedCells", 0) for r in responses),
        "totalUpdatedSheets": len(sheets),
        "responses": responses,
    }


@api("sheets.spreadsheets.values.batchUpdate")
def values_batch_update(call: Call) -> dict[str, Any]:
    spreadsheet = call.spreadsheet()
    body = call.json_body()
    option = _input_option(body.get("valueInputOption"))
    work = copy.deepcopy(spreadsheet)
    responses = []
    for value_range in body.get("data") or []:
        requested = value_range.get("range")
        if not requested:
            raise bad_request("Invalid data[].range: a range is required.")
        sheet, parsed = resolve_range(work, str(requested))
        rows = _as_rows(value_range.get("values"), _major(value_range.get("majorDimension")))
        responses.append(write_values(call, work, sheet, parsed, rows, option, str(requested)))
    commit(call, spreadsheet, work)
    if body.get("includeValuesInResponse"):
        for response in responses:
            _with_data(
                spreadsheet,
                response,
                body.get("responseValueRenderOption"),
                body.get("responseDateTimeRenderOption"),
            )
    return _batch_totals(spreadsheet, responses)


@api("sheets.spreadsheets.values.batchUpdateByDataFilter")
def values_batch_update_by_filter(call: Call) -> dict[str, Any]:
    spreadsheet = call.spreadsheet()
    body = call.json_body()
    option = _input_option(body.get("valueInputOption"))
    work = copy.deepcopy(spreadsheet)
    responses = []
    for item in body.get("data") or []:
        for block in filter_blocks(work, [item.get("dataFilter") or {}]):
            sheet, r0, r1, c0, c1 = block
            parsed = a1.A1Range(sheet["properties"]["title"], r0, r1, c0, c1)
            rows = _as_rows(item.get("values"), _major(item.get("majorDimension")))
            response = write_values(call, work, sheet, parsed, rows, option, block_a1(block))
            response.pop("spreadsheetId", None)
            response["dataFilter"] = copy.deepcopy(item.get("dataFilter"))
            responses.append(response)
    commit(call, spreadsheet, work)
    return _batch_totals(spreadsheet, responses)


@api("sheets.spreadsheets.values.batchClear")
def values_batch_clear(call: Call) -> dict[str, Any]:
    spreadsheet = call.spreadsheet()
    work = copy.deepcopy(spreadsheet)
    cleared = [
        _clear(call, work, clamp(*resolve_range(work, str(text))))
        for text in call.json_body().get("ranges") or []
    ]
    commit(call, spreadsheet, work)
    return {"spreadsheetId": spreadsheet["spreadsheetId"], "clearedRanges": cleared}


@api("sheets.spreadsheets.values.batchClearByDataFilter")
def values_batch_clear_by_filter(call: Call) -> dict[str, Any]:
    spreadsheet = call.spreadsheet()
    work = copy.deepcopy(spreadsheet)
    blocks = filter_blocks(work, call.json_body().get("dataFilters") or [])
    cleared = [_clear(call, work, block) for block in blocks]
    commit(call, spreadsheet, work)
    return {"spreadsheetId": spreadsheet["spreadsheetId"], "clearedRanges": cleared}
