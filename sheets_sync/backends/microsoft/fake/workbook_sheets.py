"""Workbook sessions, worksheets, worksheet protection and defined names (charts:
:mod:`.workbook_charts`).

Sessions: ``createSession`` (``persistChanges``) answers 201 ``{"id", "persistChanges"}``;
the id goes in the ``workbook-session-id`` header of later requests; ``refreshSession``
keeps it alive, ``closeSession`` ends it (204).  An unknown or expired id is 404
``invalidSessionReCreatable``.  Worksheets are addressed by id or by name; a name already
taken (case-insensitively) is 409 ``ItemAlreadyExists``; the last visible sheet cannot be
hidden or deleted.  ``protect``'s ``allow*`` options map onto openpyxl's sheet protection.
"""

from __future__ import annotations

import secrets
from typing import Any

from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.worksheet import Worksheet

from .calls import Call, handles
from .errors import GraphError
from .renaming import rename_references
from .workbook_state import Session, Workbook

_WB = "DRIVE/ITEM/workbook"
_WS = _WB + "/worksheets/{}"
#: Graph's protection option -> openpyxl SheetProtection attribute (True there = forbidden).
PROTECTION_OPTIONS = {
    "allowAutoFilter": "autoFilter",
    "allowDeleteColumns": "deleteColumns",
    "allowDeleteRows": "deleteRows",
    "allowFormatCells": "formatCells",
    "allowFormatColumns": "formatColumns",
    "allowFormatRows": "formatRows",
    "allowInsertColumns": "insertColumns",
    "allowInsertHyperlinks": "insertHyperlinks",
    "allowInsertRows": "insertRows",
    "allowPivotTables": "pivotTables",
    "allowSort": "sort",
}


@handles("POST", _WB + "/createSession", "workbook.createSession")
def create_session(call: Call) -> Any:
    workbook = call.workbook()
    persist = bool((call.body or {}).get("persistChanges", False))
    session = Session(secrets.token_hex(16), persist, call.world.clock.now)
    if not persist:
        session.book = workbook.copy_book()
    workbook.sessions[session.id] = session
    call.status = 201
    return {
        "@odata.type": "#microsoft.graph.workbookSessionInfo",
        "id": session.id,
        "persistChanges": persist,
    }


@handles("POST", _WB + "/refreshSession", "workbook.refreshSession")
def refresh_session(call: Call) -> Any:
    _require_session(call)
    call.status = 204


@handles("POST", _WB + "/closeSession", "workbook.closeSession")
def close_session(call: Call) -> Any:
    workbook = _require_session(call)
    assert call.session is not None
    workbook.sessions.pop(call.session.id, None)
    call.status = 204


def _require_session(call: Call) -> Workbook:
    workbook = call.workbook()
    if call.session is None:
        raise GraphError(
            400,
            "invalidRequest",
            "The workbook-session-id header is required.",
            inner_code="badRequestUncategorized",
        )
    return workbook


def sheet_json(call: Call, sheet: Worksheet) -> dict[str, Any]:
    """A workbookWorksheet."""
    book = call.book()
    return {
        "@odata.type": "#microsoft.graph.workbookWorksheet",
        "id": call.workbook().sheet_id(sheet),
        "name": sheet.title,
        "position": book.worksheets.index(sheet),  # type: ignore[arg-type]
        "visibility": {"visible": "Visible", "hidden": "Hidden", "veryHidden": "VeryHidden"}[
            sheet.sheet_state
        ],
    }


@handles("GET", _WB + "/worksheets", "workbook.worksheets.list")
def list_sheets(call: Call) -> Any:
    return {"value": [sheet_json(call, s) for s in call.book().worksheets]}


@handles("POST", _WB + "/worksheets/add", "workbook.worksheets.add")
def add_sheet(call: Call) -> Any:
    book = call.book()
    name = (call.body or {}).get("name")
    if not name:
        number = len(book.worksheets) + 1
        while any(s.title.lower() == f"sheet{number}" for s in book.worksheets):
            number += 1
        name = f"Sheet{number}"
    _check_name(call, str(name), None)
    sheet = book.create_sheet(str(name))
    call.changed()
    call.status = 201
    return sheet_json(call, sheet)


def _check_name(call: Call, name: str, current: Worksheet | None) -> None:
    if len(name) > 31 or any(c in name for c in "\\/?*[]:") or name.startswith("'"):
        raise GraphError(
            400, "InvalidArgument", "The worksheet name is not valid.", inner_code="invalidArgument"
        )
    for sheet in call.book().worksheets:
        if sheet is not current and sheet.title.lower() == name.lower():
            raise GraphError(
                409,
                "ItemAlreadyExists",
                "A resource with the same name or identifier already exists.",
                inner_code="itemAlreadyExists",
            )


@handles("GET", _WS, "workbook.worksheet.get")
def get_sheet(call: Call) -> Any:
    return sheet_json(call, call.sheet())


@handles("PATCH", _WS, "workbook.worksheet.patch")
def patch_sheet(call: Call) -> Any:
    sheet, book, body = call.sheet(), call.book(), call.body or {}
    if body.get("name") is not None:
        _check_name(call, str(body["name"]), sheet)
        rename_references(book, sheet.title, str(body["name"]))
        sheet.title = str(body["name"])
    if body.get("position") is not None:
        position = int(body["position"])
        if not 0 <= position < len(book.worksheets):
            raise GraphError(
                400,
                "InvalidArgument",
                "The position is out of range.",
                inner_code="invalidArgument",
            )
        book.move_sheet(sheet, position - book.worksheets.index(sheet))  # type: ignore[arg-type]
    if body.get("visibility") is not None:
        state = {"Visible": "visible", "Hidden": "hidden", "VeryHidden": "veryHidden"}.get(
            str(body["visibility"])
        )
        if state is None:
            raise GraphError(
                400, "InvalidArgument", "Invalid visibility.", inner_code="invalidArgument"
            )
        if state != "visible" and not any(
            s.sheet_state == "visible" for s in book.worksheets if s is not sheet
        ):
            raise GraphError(
                400,
                "InvalidArgument",
                "A workbook must contain at least one visible worksheet.",
                inner_code="invalidArgument",
            )
        sheet.sheet_state = state  # type: ignore[assignment]
    call.changed()
    return sheet_json(call, sheet)


@handles("DELETE", _WS, "workbook.worksheet.delete")
def delete_sheet(call: Call) -> Any:
    sheet, book = call.sheet(), call.book()
    if not any(s.sheet_state == "visible" for s in book.worksheets if s is not sheet):
        raise GraphError(
            400,
            "InvalidArgument",
            "A workbook must contain at least one visible worksheet.",
            inner_code="invalidArgument",
        )
    book.remove(sheet)
    call.changed()
    call.status = 204


def protection_json(sheet: Worksheet) -> dict[str, Any]:
    """A workbookWorksheetProtection."""
    options = {
        graph: not bool(getattr(sheet.protection, attr))
        for graph, attr in PROTECTION_OPTIONS.items()
    }
    return {
        "@odata.type": "#microsoft.graph.workbookWorksheetProtection",
        "protected": bool(sheet.protection.sheet),
        "options": options,
    }


@handles("GET", _WS + "/protection", "workbook.protection.get")
def get_protection(call: Call) -> Any:
    return protection_json(call.sheet())


@handles("POST", _WS + "/protection/protect", "workbook.protection.protect")
def protect(call: Call) -> Any:
    sheet = call.sheet()
    if sheet.protection.sheet:
        raise GraphError(
            409,
            "InvalidOperation",
            "The worksheet is already protected.",
            inner_code="conflictUncategorized",
        )
    options = (call.body or {}).get("options") or {}
    for graph, attr in PROTECTION_OPTIONS.items():
        if graph in options and options[graph] is not None:
            setattr(sheet.protection, attr, not bool(options[graph]))
    sheet.protection.sheet = True
    call.changed()
    call.status = 204


@handles("POST", _WS + "/protection/unprotect", "workbook.protection.unprotect")
def unprotect(call: Call) -> Any:
    sheet = call.sheet()
    sheet.protection.sheet = False
    call.changed()
    call.status = 204


def name_json(name: str, defined: DefinedName) -> dict[str, Any]:
    """A workbookNamedItem; ``value`` is the reference or constant as a formula."""
    text = str(defined.attr_text or "")
    kind = "String" if text.startswith('"') else ("Double" if _is_number(text) else "Range")
    return {
        "@odata.type": "#microsoft.graph.workbookNamedItem",
        "name": name,
        "comment": defined.comment or "",
        "scope": "Workbook",
        "type": kind,
        "value": "=" + text,
        "visible": not bool(defined.hidden),
    }


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


@handles("GET", _WB + "/names", "workbook.names.list")
def list_names(call: Call) -> Any:
    return {"value": [name_json(n, d) for n, d in call.book().defined_names.items()]}


@handles("GET", _WB + "/names/{}", "workbook.name.get")
def get_name(call: Call) -> Any:
    key = call.steps[-1].name
    for name, defined in call.book().defined_names.items():
        if name.lower() == key.lower():
            return name_json(name, defined)
    raise GraphError(
        404, "itemNotFound", "The requested resource doesn't exist.", inner_code="itemNotFound"
    )


@handles("POST", _WB + "/names/add", "workbook.names.add")
def add_name(call: Call) -> Any:
    body, book = call.body or {}, call.book()
    name = str(body.get("name") or "")
    if not name or any(n.lower() == name.lower() for n in book.defined_names):
        raise GraphError(
            409 if name else 400,
            "ItemAlreadyExists" if name else "InvalidArgument",
            "The name is empty or already exists.",
            inner_code="itemAlreadyExists" if name else "invalidArgument",
        )
    reference = str(body.get("reference") or "").removeprefix("=")
    defined = DefinedName(name, attr_text=reference, comment=body.get("comment") or None)
    book.defined_names[name] = defined
    call.changed()
    call.status = 201
    return name_json(name, defined)
