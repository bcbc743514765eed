"""Sheets v4 spreadsheet-level methods: create, get, getByDataFilter, batchUpdate,
developer metadata get/search and ``sheets.copyTo``."""

from __future__ import annotations

import copy
from typing import Any

from sheets_sync.backends.google.fake import devmeta
from sheets_sync.backends.google.fake.batch import apply_batch
from sheets_sync.backends.google.fake.batch_sheets import retarget
from sheets_sync.backends.google.fake.calls import Call, api
from sheets_sync.backends.google.fake.errors import ApiError, bad_request
from sheets_sync.backends.google.fake.grid import Sheet, Spreadsheet, find_sheet
from sheets_sync.backends.google.fake.render import (
    Block,
    clamp,
    render_spreadsheet,
    resolve_range,
    wants_grid_data,
)


def commit(call: Call, spreadsheet: Spreadsheet, new_state: Spreadsheet) -> None:
    """Replace a spreadsheet's state in place, keep its Drive file in step, bump version."""
    spreadsheet.clear()
    spreadsheet.update(new_state)
    spreadsheet_id = spreadsheet["spreadsheetId"]
    record = call.world.files.get(spreadsheet_id)
    if record is not None:
        record["name"] = spreadsheet["properties"]["title"]
    call.world.touch(spreadsheet_id, call.principal.email)


def owners_of(call: Call, spreadsheet: Spreadsheet) -> set[str]:
    """Lower-cased owner e-mails of a spreadsheet's file."""
    return call.world.owners(spreadsheet["spreadsheetId"])


def render(
    call: Call, spreadsheet: Spreadsheet, blocks: list[Block] | None, include_grid: bool
) -> dict[str, Any]:
    """Render for this caller (``requestingUserCanEdit`` depends on who asks)."""
    return render_spreadsheet(
        spreadsheet,
        blocks=blocks,
        include_grid=wants_grid_data(call.fields_tree, include_grid),
        caller=call.principal.email,
        owners=owners_of(call, spreadsheet),
    )


@api("sheets.spreadsheets.create")
def create(call: Call) -> dict[str, Any]:
    principal = call.principal
    if principal.kind == "service_account" and call.settings.get("no_storage"):
        raise ApiError(403, "The caller does not have permission")
    spreadsheet = call.world.create_spreadsheet(call.json_body(), owner=principal.email)
    return render(call, spreadsheet, None, include_grid=False)


@api("sheets.spreadsheets.get")
def get(call: Call) -> dict[str, Any]:
    spreadsheet = call.spreadsheet()
    ranges = call.params("ranges")
    blocks = [clamp(*resolve_range(spreadsheet, text)) for text in ranges] if ranges else None
    return render(call, spreadsheet, blocks, call.flag("includeGridData"))


def filter_blocks(spreadsheet: Spreadsheet, data_filters: list[dict[str, Any]]) -> list[Block]:
    """The blocks selected by ``DataFilter`` objects (ranges or metadata locations)."""
    blocks: list[Block] = []
    for data_filter in data_filters:
        if "developerMetadataLookup" in data_filter:
            for metadata in devmeta.filter_metadata(spreadsheet, data_filter):
                bounds = devmeta.metadata_bounds(spreadsheet, metadata)
                if bounds is not None:
                    blocks.append(bounds)
        elif "a1Range" in data_filter:
            blocks.append(clamp(*resolve_range(spreadsheet, data_filter["a1Range"])))
        else:
            bounds = devmeta.range_bounds(spreadsheet, data_filter)
            if bounds is None:
                raise bad_request("The data filter refers to a sheet that does not exist.")
            blocks.append(bounds)
    return blocks


@api("sheets.spreadsheets.getByDataFilter")
def get_by_data_filter(call: Call) -> dict[str, Any]:
    spreadsheet = call.spreadsheet()
    body = call.json_body()
    filters = body.get("dataFilters") or []
    blocks = filter_blocks(spreadsheet, filters) if filters else None
    return render(call, spreadsheet, blocks, bool(body.get("includeGridData")))


@api("sheets.spreadsheets.batchUpdate")
def batch_update(call: Call) -> dict[str, Any]:
    spreadsheet = call.spreadsheet()
    body = call.json_body()
    requests = body.get("requests") or []
    if not requests:
        raise bad_request("Must specify at least one request.")
    new_state, replies = apply_batch(
        spreadsheet,
        requests,
        doc=call.doc,
        new_id=call.world.new_int_id,
        caller=call.principal.email,
        owners=owners_of(call, spreadsheet),
    )
    commit(call, spreadsheet, new_state)
    answer: dict[str, Any] = {"spreadsheetId": spreadsheet["spreadsheetId"], "replies": replies}
    if body.get("includeSpreadsheetInResponse"):
        ranges = body.get("responseRanges") or []
        blocks = [clamp(*resolve_range(spreadsheet, t)) for t in ranges] if ranges else None
        answer["updatedSpreadsheet"] = render_spreadsheet(
            spreadsheet,
            blocks=blocks,
            include_grid=bool(body.get("responseIncludeGridData")),
            caller=call.principal.email,
            owners=owners_of(call, spreadsheet),
        )
    return answer


@api("sheets.spreadsheets.developerMetadata.get")
def metadata_get(call: Call) -> dict[str, Any]:
    spreadsheet = call.spreadsheet()
    try:
        wanted = int(call.path_params["metadataId"])
    except ValueError:
        raise bad_request(f"Invalid metadataId: {call.path_params['metadataId']}") from None
    metadata = devmeta.by_id(spreadsheet, wanted)
    if metadata is None:
        raise ApiError(404, "Requested entity was not found.")
    return copy.deepcopy(metadata)


@api("sheets.spreadsheets.developerMetadata.search")
def metadata_search(call: Call) -> dict[str, Any]:
    spreadsheet = call.spreadsheet()
    filters = call.json_body().get("dataFilters") or []
    if not filters:
        raise bad_request("At least one data filter must be specified.")
    matched: list[dict[str, Any]] = []
    for data_filter in filters:
        for metadata in devmeta.filter_metadata(spreadsheet, data_filter):
            existing = next(
                (
                    m
                    for m in matched
                    if m["developerMetadata"]["metadataId"] == metadata["metadataId"]
                ),
                None,
            )
            if existing is None:
                matched.append(
                    {
                        "developerMetadata": copy.deepcopy(metadata),
                        "dataFilters": [copy.deepcopy(data_filter)],
                    }
                )
            else:
                existing["dataFilters"].append(copy.deepcopy(data_filter))
    return {"matchedDeveloperMetadata": matched} if matched else {}


@api("sheets.spreadsheets.sheets.copyTo")
def copy_to(call: Call) -> dict[str, Any]:
    source_book = call.spreadsheet()
    try:
        sheet_id = int(call.path_params["sheetId"])
    except ValueError:
        raise bad_request(f"Invalid sheetId: {call.path_params['sheetId']}") from None
    source = find_sheet(source_book, sheet_id=sheet_id)
    if source is None:
        raise bad_request(f"No grid with id: {sheet_id}")
    target_id = str(call.json_body().get("destinationSpreadsheetId", ""))
    target = call.world.spreadsheets.get(target_id)
    if target is None:
        raise ApiError(404, "Requested entity was not found.")
    if not call.world.can_access(target_id, call.principal.email):
        raise ApiError(403, "The caller does not have permission")
    sheet: Sheet = copy.deepcopy(source)
    for key in ("developerMetadata", "protectedRanges", "charts"):
        sheet.pop(key, None)
    title = f"Copy of {source['properties']['title']}"
    number = 2
    base = title
    while find_sheet(target, title=title) is not None:
        title = f"{base} {number}"
        number += 1
    taken = {int(s["properties"].get("sheetId", 0)) for s in target["sheets"]}
    new_id = call.world.new_int_id()
    while new_id in taken:
        new_id = call.world.new_int_id()
    retarget(sheet, sheet_id, new_id)
    sheet["properties"].update({"sheetId": new_id, "title": title, "index": len(target["sheets"])})
    new_state = copy.deepcopy(target)
    new_state["sheets"].append(sheet)
    commit(call, target, new_state)
    return copy.deepcopy(sheet["properties"])
