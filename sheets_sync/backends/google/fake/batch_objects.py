"""``batchUpdate`` requests for objects attached to sheets: protected ranges, developer
metadata, charts, named ranges, filters and conditional formats."""

from __future__ import annotations

import copy
from typing import Any

from sheets_sync.backends.google.fake import devmeta, fieldmask
from sheets_sync.backends.google.fake.batch_context import BatchContext, handles
from sheets_sync.backends.google.fake.batch_sheets import (
    insert_sheet,
    new_sheet_properties,
    remove_sheet,
)
from sheets_sync.backends.google.fake.grid import Sheet

# -- protected ranges --------------------------------------------------------------------


def _all_protected(ctx: BatchContext) -> list[tuple[Sheet, dict[str, Any]]]:
    return [(s, p) for s in ctx.spreadsheet["sheets"] for p in s.get("protectedRanges", [])]


def _normalise_protected(ctx: BatchContext, protected: dict[str, Any]) -> Sheet:
    """Check a ``ProtectedRange`` and return the sheet it belongs to."""
    if "namedRangeId" in protected:
        named = next(
            (
                n
                for n in ctx.spreadsheet.get("namedRanges", [])
                if n.get("namedRangeId") == protected["namedRangeId"]
            ),
            None,
        )
        if named is None:
            raise ctx.fail(f"No named range with id: {protected['namedRangeId']}")
        protected["range"] = copy.deepcopy(named["range"])
    if "range" not in protected:
        raise ctx.fail("A protected range must have a range or a named range.")
    rng = protected["range"]
    rng["sheetId"] = int(rng.get("sheetId", 0))
    sheet, *_ = ctx.area(rng)
    for hole in protected.get("unprotectedRanges", []):
        hole["sheetId"] = int(hole.get("sheetId", rng["sheetId"]))
        if hole["sheetId"] != rng["sheetId"]:
            raise ctx.fail("Unprotected ranges must be on the same sheet as the protected range.")
        ctx.area(hole)
    if protected.get("warningOnly") and protected.get("editors"):
        raise ctx.fail("A warning-only protected range cannot have editors.")
    return sheet


@handles("addProtectedRange")
def add_protected_range(ctx: BatchContext, body: dict[str, Any]) -> dict[str, Any]:
    protected = copy.deepcopy(body.get("protectedRange") or {})
    protected.pop("requestingUserCanEdit", None)
    taken = {int(p.get("protectedRangeId", 0)) for _, p in _all_protected(ctx)}
    if "protectedRangeId" in protected:
        protected["protectedRangeId"] = int(protected["protectedRangeId"])
        if protected["protectedRangeId"] in taken:
            raise ctx.fail(
                f"A protected range with id {protected['protectedRangeId']} already exists."
            )
    else:
        protected["protectedRangeId"] = ctx.fresh_id(taken)
    sheet = _normalise_protected(ctx, protected)
    if not protected.get("warningOnly"):
        editors = protected.setdefault("editors", {})
        users = editors.setdefault("users", [])
        for email in sorted(ctx.owners) + ([ctx.caller] if ctx.caller else []):
            if email.lower() not in {u.lower() for u in users}:
                users.append(email)
    sheet.setdefault("protectedRanges", []).append(protected)
    return {"protectedRange": {**copy.deepcopy(protected), "requestingUserCanEdit": True}}


def _find_protected(ctx: BatchContext, protected_id: Any) -> tuple[Sheet, dict[str, Any]]:
    for sheet, protected in _all_protected(ctx):
        if int(protected.get("protectedRangeId", -1)) == int(protected_id or 0):
            return sheet, protected
    raise ctx.fail(f"No protected range with id: {protected_id}")


@handles("updateProtectedRange")
def update_protected_range(ctx: BatchContext, body: dict[str, Any]) -> None:
    given = body.get("protectedRange") or {}
    old_sheet, protected = _find_protected(ctx, given.get("protectedRangeId"))
    tree = ctx.mask(body.get("fields"), "ProtectedRange")
    updated = copy.deepcopy(protected)
    fieldmask.apply_update(updated, given, tree)
    updated["protectedRangeId"] = protected["protectedRangeId"]
    updated.pop("requestingUserCanEdit", None)
    new_sheet = _normalise_protected(ctx, updated)
    old_sheet["protectedRanges"].remove(protected)
    if not old_sheet["protectedRanges"]:
        old_sheet.pop("protectedRanges")
    new_sheet.setdefault("protectedRanges", []).append(updated)


@handles("deleteProtectedRange")
def delete_protected_range(ctx: BatchContext, body: dict[str, Any]) -> None:
    sheet, protected = _find_protected(ctx, body.get("protectedRangeId"))
    sheet["protectedRanges"].remove(protected)
    if not sheet["protectedRanges"]:
        sheet.pop("protectedRanges")


# -- developer metadata ------------------------------------------------------------------


@handles("createDeveloperMetadata")
def create_developer_metadata(ctx: BatchContext, body: dict[str, Any]) -> dict[str, Any]:
    metadata = copy.deepcopy(body.get("developerMetadata") or {})
    if not metadata.get("metadataKey"):
        raise ctx.fail("Developer metadata must have a metadataKey.")
    if metadata.get("visibility") not in ("DOCUMENT", "PROJECT"):
        raise ctx.fail("Developer metadata visibility must be DOCUMENT or PROJECT.")
    taken = {int(m.get("metadataId", 0)) for m, _ in devmeta.iter_metadata(ctx.spreadsheet)}
    if "metadataId" in metadata:
        metadata["metadataId"] = int(metadata["metadataId"])
        if metadata["metadataId"] in taken:
            raise ctx.fail(f"Developer metadata with id {metadata['metadataId']} already exists.")
    else:
        metadata["metadataId"] = ctx.fresh_id(taken)
    try:
        devmeta.place(ctx.spreadsheet, metadata)
    except devmeta.LocationError as error:
        raise ctx.fail(str(error)) from None
    return {"developerMetadata": copy.deepcopy(metadata)}


@handles("updateDeveloperMetadata")
def update_developer_metadata(ctx: BatchContext, body: dict[str, Any]) -> dict[str, Any]:
    filters = body.get("dataFilters") or []
    if not filters:
        raise ctx.fail("At least one data filter must be specified.")
    tree = ctx.mask(body.get("fields"), "DeveloperMetadata")
    given = body.get("developerMetadata") or {}
    matched: list[dict[str, Any]] = []
    for data_filter in filters:
        for metadata in devmeta.filter_metadata(ctx.spreadsheet, data_filter):
            if all(metadata is not m for m in matched):
                matched.append(metadata)
    updated = []
    for metadata in matched:
        new = copy.deepcopy(metadata)
        fieldmask.apply_update(new, given, tree)
        new["metadataId"] = metadata["metadataId"]
        devmeta.remove(ctx.spreadsheet, metadata)
        try:
            devmeta.place(ctx.spreadsheet, new)
        except devmeta.LocationError as error:
            raise ctx.fail(str(error)) from None
        updated.append(copy.deepcopy(new))
    return {"developerMetadata": updated}


@handles("deleteDeveloperMetadata")
def delete_developer_metadata(ctx: BatchContext, body: dict[str, Any]) -> dict[str, Any]:
    matched = devmeta.filter_metadata(ctx.spreadsheet, body.get("dataFilter") or {})
    for metadata in matched:
        devmeta.remove(ctx.spreadsheet, metadata)
    return {"deletedDeveloperMetadata": copy.deepcopy(matched)}


# -- charts ------------------------------------------------------------------------------


def _all_charts(ctx: BatchContext) -> list[tuple[Sheet, dict[str, Any]]]:
    return [(s, c) for s in ctx.spreadsheet["sheets"] for c in s.get("charts", [])]


def _check_sources(ctx: BatchContext, spec: dict[str, Any]) -> None:
    stack: list[Any] = [spec]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            for key, value in item.items():
                if key == "sources" and isinstance(value, list):
                    for source in value:
                        ctx.area(source)
                else:
                    stack.append(value)
        elif isinstance(item, list):
            stack.extend(item)


@handles("addChart")
def add_chart(ctx: BatchContext, body: dict[str, Any]) -> dict[str, Any]:
    chart = copy.deepcopy(body.get("chart") or {})
    if not chart.get("spec"):
        raise ctx.fail("A chart must have a spec.")
    _check_sources(ctx, chart["spec"])
    taken = {int(c.get("chartId", 0)) for _, c in _all_charts(ctx)}
    if "chartId" in chart:
        chart["chartId"] = int(chart["chartId"])
        if chart["chartId"] in taken:
            raise ctx.fail(f"A chart with id {chart['chartId']} already exists.")
    else:
        chart["chartId"] = ctx.fresh_id(taken)
    position = chart.setdefault("position", {"newSheet": True})
    if "overlayPosition" in position:
        anchor = position["overlayPosition"].setdefault("anchorCell", {})
        anchor["sheetId"] = int(anchor.get("sheetId", 0))
        home, *_ = ctx.area(
            {
                "sheetId": anchor["sheetId"],
                "startRowIndex": anchor.get("rowIndex", 0),
                "endRowIndex": int(anchor.get("rowIndex", 0)) + 1,
                "startColumnIndex": anchor.get("columnIndex", 0),
                "endColumnIndex": int(anchor.get("columnIndex", 0)) + 1,
            }
        )
    else:
        wanted: dict[str, Any] = {"sheetType": "OBJECT", "title": f"Chart{len(taken) + 1}"}
        if "sheetId" in position:
            wanted["sheetId"] = position["sheetId"]
        if ctx.title_taken(wanted["title"]):
            wanted.pop("title")
        props = new_sheet_properties(ctx, wanted)
        home = {"properties": props}
        insert_sheet(ctx, home)
        chart["position"] = {"sheetId": props["sheetId"]}
    home.setdefault("charts", []).append(chart)
    return {"chart": copy.deepcopy(chart)}


def _find_chart(ctx: BatchContext, chart_id: Any) -> tuple[Sheet, dict[str, Any]]:
    for sheet, chart in _all_charts(ctx):
        if int(chart.get("chartId", -1)) == int(chart_id or 0):
            return sheet, chart
    raise ctx.fail(f"No chart with id: {chart_id}")


@handles("updateChartSpec")
def update_chart_spec(ctx: BatchContext, body: dict[str, Any]) -> None:
    _, chart = _find_chart(ctx, body.get("chartId"))
    if not body.get("spec"):
        raise ctx.fail("A chart must have a spec.")
    _check_sources(ctx, body["spec"])
    chart["spec"] = copy.deepcopy(body["spec"])


@handles("deleteEmbeddedObject")
def delete_embedded_object(ctx: BatchContext, body: dict[str, Any]) -> None:
    sheet, chart = _find_chart(ctx, body.get("objectId"))
    sheet["charts"].remove(chart)
    if not sheet["charts"]:
        sheet.pop("charts")
    if sheet["properties"].get("sheetType") == "OBJECT" and len(ctx.spreadsheet["sheets"]) > 1:
        remove_sheet(ctx, sheet)


# -- named ranges, filters, conditional formats ------------------------------------------


@handles("addNamedRange")
def add_named_range(ctx: BatchContext, body: dict[str, Any]) -> dict[str, Any]:
    named = copy.deepcopy(body.get("namedRange") or {})
    name = str(named.get("name", ""))
    if not name or any(
        n.get("name", "").lower() == name.lower() for n in ctx.spreadsheet.get("namedRanges", [])
    ):
        raise ctx.fail(f"Invalid or duplicate named range name: {name!r}")
    named.setdefault("namedRangeId", f"nr{ctx.new_id()}")
    named["range"] = named.get("range") or {}
    named["range"]["sheetId"] = int(named["range"].get("sheetId", 0))
    ctx.area(named["range"])
    ctx.spreadsheet.setdefault("namedRanges", []).append(named)
    return {"namedRange": copy.deepcopy(named)}


@handles("deleteNamedRange")
def delete_named_range(ctx: BatchContext, body: dict[str, Any]) -> None:
    ranges = ctx.spreadsheet.get("namedRanges", [])
    kept = [n for n in ranges if n.get("namedRangeId") != body.get("namedRangeId")]
    if len(kept) == len(ranges):
        raise ctx.fail(f"No named range with id: {body.get('namedRangeId')}")
    ctx.spreadsheet["namedRanges"] = kept


@handles("setBasicFilter")
def set_basic_filter(ctx: BatchContext, body: dict[str, Any]) -> None:
    basic = copy.deepcopy(body.get("filter") or {})
    rng = basic.setdefault("range", {})
    rng["sheetId"] = int(rng.get("sheetId", 0))
    sheet, *_ = ctx.area(rng)
    sheet["basicFilter"] = basic


@handles("clearBasicFilter")
def clear_basic_filter(ctx: BatchContext, body: dict[str, Any]) -> None:
    ctx.sheet(body.get("sheetId")).pop("basicFilter", None)


@handles("addConditionalFormatRule")
def add_conditional_format_rule(ctx: BatchContext, body: dict[str, Any]) -> None:
    rule = copy.deepcopy(body.get("rule") or {})
    ranges = rule.get("ranges") or []
    if not ranges:
        raise ctx.fail("A conditional format rule must have ranges.")
    sheets = set()
    for rng in ranges:
        rng["sheetId"] = int(rng.get("sheetId", 0))
        sheets.add(rng["sheetId"])
        ctx.area(rng)
    if len(sheets) != 1:
        raise ctx.fail("All ranges of a conditional format rule must be on one sheet.")
    sheet = ctx.sheet(sheets.pop())
    rules = sheet.setdefault("conditionalFormats", [])
    rules.insert(max(0, min(int(body.get("index", 0)), len(rules))), rule)


@handles("deleteConditionalFormatRule")
def delete_conditional_format_rule(ctx: BatchContext, body: dict[str, Any]) -> dict[str, Any]:
    sheet = ctx.sheet(body.get("sheetId"))
    rules = sheet.get("conditionalFormats", [])
    index = int(body.get("index", 0))
    if not 0 <= index < len(rules):
        raise ctx.fail(f"No conditional format rule at index {index}.")
    rule = rules.pop(index)
    if not rules:
        sheet.pop("conditionalFormats")
    return {"rule": rule}
