"""Drive v3: files (create, get, list, update, copy, delete, export, generateIds);
sharing lives in :mod:`drive_permissions`, who sees what and how a ``File`` renders in
:mod:`drive_access`.

Rules modelled, as Drive applies them:

* Items in shared drives are invisible (404 ``File not found``) unless the request says
  ``supportsAllDrives=true``; ``files.list`` includes them only with
  ``includeItemsFromAllDrives=true`` (which itself requires ``supportsAllDrives=true``).
* Since 2025 a service account has no storage quota: creating or copying a file outside a
  shared drive fails with ``403 storageQuotaExceeded`` (switch:
  ``FakeGoogle.service_account_has_no_storage``).  Shared-drive files have no ``owners``.
* ``files.list`` returns trashed files unless the query says ``trashed = false``.
* Without ``fields``, answers carry Drive's default fields only (``kind,id,name,mimeType``
  for files), see :data:`DEFAULT_FIELDS`.
* Files a caller may not see (:meth:`FakeGoogle.deny_access`) answer 404, never 403.
"""

from __future__ import annotations

import copy
import csv
import io
from collections.abc import Callable
from typing import Any

from sheets_sync.backends.google.fake import drive_query
from sheets_sync.backends.google.fake.calls import Call, api
from sheets_sync.backends.google.fake.drive_access import (
    ROLES,
    _check_parents,
    _check_storage,
    _metadata,
    render_file,
    visible_file,
)
from sheets_sync.backends.google.fake.errors import ApiError
from sheets_sync.backends.google.fake.grid import Book, size
from sheets_sync.backends.google.fake.state import FOLDER_MIME, SHEET_MIME

#: Drive's partial response when no ``fields`` parameter is given.
DEFAULT_FIELDS: dict[str, str] = {
    "drive.files.create": "kind,id,name,mimeType",
    "drive.files.get": "kind,id,name,mimeType",
    "drive.files.update": "kind,id,name,mimeType",
    "drive.files.copy": "kind,id,name,mimeType",
    "drive.files.list": "kind,incompleteSearch,nextPageToken,files(kind,id,name,mimeType)",
    "drive.permissions.create": "kind,id,type,role,allowFileDiscovery",
    "drive.permissions.get": "kind,id,type,role,allowFileDiscovery",
    "drive.permissions.update": "kind,id,type,role,allowFileDiscovery",
    "drive.permissions.list": (
        "kind,nextPageToken,permissions(kind,id,type,emailAddress,domain,role,"
        "allowFileDiscovery,displayName,photoLink,deleted,pendingOwner)"
    ),
    "drive.drives.get": "kind,id,name",
    "drive.drives.list": "kind,nextPageToken,drives(kind,id,name)",
}

_WRITABLE = {
    "name",
    "description",
    "starred",
    "trashed",
    "appProperties",
    "properties",
    "mimeType",
    "parents",
    "modifiedTime",
    "viewedByMeTime",
    "folderColorRgb",
    "contentHints",
    "writersCanShare",
    "copyRequiresWriterPermission",
    "originalFilename",
    "contentRestrictions",
    "id",
    "createdTime",
}
_UPDATE_READ_ONLY = {"id", "createdTime", "parents", "mimeType"}


@api("drive.files.create")
def files_create(call: Call) -> dict[str, Any]:
    if call.method.is_upload:
        raise ApiError(501, "fake_google does not model media uploads (upload/drive/v3).")
    body = call.json_body()
    parents = [str(p) for p in body.get("parents") or []]
    _check_parents(call, parents)
    _check_storage(call, parents)
    name = str(body.get("name") or "Untitled")
    mime = str(body.get("mimeType") or "application/octet-stream")
    extra = _metadata(body)
    if body.get("id") and body["id"] in call.world.files:
        raise ApiError(409, "A file already exists with the provided ID.", reason="duplicate")
    if mime == SHEET_MIME:
        spreadsheet = call.world.create_spreadsheet(
            {"properties": {"title": name}},
            owner=call.principal.email,
            parents=parents,
            file_extra=extra,
        )
        record = call.world.files[spreadsheet["spreadsheetId"]]
    else:
        record = call.world.create_file(
            name,
            mime,
            owner=call.principal.email,
            parents=parents,
            file_id=body.get("id"),
            extra=extra,
        )
    return render_file(call, record)


@api("drive.files.get")
def files_get(call: Call) -> Any:
    record = visible_file(call, call.path_params["fileId"])
    if call.param("alt") == "media":
        raise ApiError(
            403,
            "Only files with binary content can be downloaded. Use Export with Docs Editors files.",
            reason="fileNotDownloadable",
            location="alt",
            location_type="parameter",
        )
    return render_file(call, record)


def _roles(call: Call) -> Any:
    def answer(record: dict[str, Any], query: str) -> bool:
        field, _, email = query.partition(":")
        if field == "owners":
            return email in call.world.owners(record["id"])
        wanted = {"writers": ("owner", "organizer", "fileOrganizer", "writer"), "readers": ROLES}[
            field
        ]
        return email in call.world.owners(record["id"]) or any(
            p.get("emailAddress", "").lower() == email and p.get("role") in wanted
            for p in record.get("permissions", [])
        )

    return answer


def _sort_key(field: str) -> Callable[[dict[str, Any]], str]:
    return lambda record: str(record.get(field, "")).lower()


@api("drive.files.list")
def files_list(call: Call) -> dict[str, Any]:
    all_drives = call.flag("includeItemsFromAllDrives") or call.flag("includeTeamDriveItems")
    if all_drives and not call.flag("supportsAllDrives"):
        raise ApiError(
            400,
            "The includeItemsFromAllDrives parameter can only be set to true "
            "when supportsAllDrives is also set to true.",
            reason="invalidParameter",
            location="includeItemsFromAllDrives",
        )
    corpora = call.param("corpora", "user")
    drive_id = call.param("driveId")
    if corpora == "drive" and (not drive_id or not all_drives):
        raise ApiError(
            400,
            "The driveId parameter must be specified with corpora=drive, and "
            "includeItemsFromAllDrives must be true.",
            reason="invalidParameter",
            location="driveId",
        )
    try:
        predicate = drive_query.compile_query(call.param("q", "") or "", _roles(call))
    except drive_query.QueryError:
        raise ApiError(400, "Invalid Value", reason="invalid", location="q") from None
    size_text = call.param("pageSize", "100") or "100"
    page_size = max(1, min(int(size_text), 1000))
    offset = int(call.param("pageToken", "0") or "0")
    matched = []
    for record in call.world.files.values():
        if not call.world.can_access(record["id"], call.principal.email):
            continue
        in_drive = record.get("driveId")
        if in_drive and not all_drives:
            continue
        if corpora == "drive" and in_drive != drive_id:
            continue
        if predicate(record):
            matched.append(record)
    order = call.param("orderBy")
    if order:
        for key in reversed([k.strip() for k in order.split(",") if k.strip()]):
            field, _, direction = key.partition(" ")
            field = {"name_natural": "name", "modifiedByMeTime": "modifiedTime"}.get(field, field)
            matched.sort(key=_sort_key(field), reverse=direction.strip() == "desc")
    page = matched[offset : offset + page_size]
    answer: dict[str, Any] = {
        "kind": "drive#fileList",
        "incompleteSearch": False,
        "files": [render_file(call, r) for r in page],
    }
    if offset + page_size < len(matched):
        answer["nextPageToken"] = str(offset + page_size)
    return answer


@api("drive.files.update")
def files_update(call: Call) -> dict[str, Any]:
    if call.method.is_upload:
        raise ApiError(501, "fake_google does not model media uploads (upload/drive/v3).")
    record = visible_file(call, call.path_params["fileId"])
    body = call.json_body()
    not_writable = [k for k in body if k not in _WRITABLE or k in _UPDATE_READ_ONLY]
    if not_writable:
        raise ApiError(
            403,
            "The resource body includes fields which are not directly writable.",
            reason="fieldNotWritable",
        )
    for key in ("appProperties", "properties"):
        if key in body:
            merged = dict(record.get(key) or {})
            for name, value in (body[key] or {}).items():
                if value is None:
                    merged.pop(name, None)
                else:
                    merged[name] = value
            if merged:
                record[key] = merged
            else:
                record.pop(key, None)
    for key in ("name", "description", "starred", "folderColorRgb", "modifiedTime"):
        if key in body and body[key] is not None:
            record[key] = body[key]
    if "trashed" in body:
        record["trashed"] = bool(body["trashed"])
        record["explicitlyTrashed"] = bool(body["trashed"])
    add = [p for p in (call.param("addParents") or "").split(",") if p]
    remove = [p for p in (call.param("removeParents") or "").split(",") if p]
    if add:
        _check_parents(call, add)
        parents = [p for p in record.get("parents", []) if p not in remove]
        if len(parents) + len(add) > 1:
            raise ApiError(
                403, "Increasing the number of parents is not allowed", reason="cannotAddParent"
            )
        record["parents"] = parents + add
    elif remove:
        record["parents"] = [p for p in record.get("parents", []) if p not in remove]
    spreadsheet = call.world.spreadsheets.get(record["id"])
    if spreadsheet is not None:
        spreadsheet["properties"]["title"] = record["name"]
    call.world.touch(record["id"], call.principal.email)
    return render_file(call, record)


@api("drive.files.copy")
def files_copy(call: Call) -> dict[str, Any]:
    source = visible_file(call, call.path_params["fileId"])
    if source["mimeType"] == FOLDER_MIME:
        raise ApiError(403, "This file cannot be copied by the user.", reason="cannotCopyFile")
    body = call.json_body()
    parents = [str(p) for p in body.get("parents") or source.get("parents", [])]
    _check_parents(call, parents)
    _check_storage(call, parents)
    name = str(body.get("name") or f"Copy of {source['name']}")
    extra = {**_metadata(source), **_metadata(body)}
    record = call.world.create_file(
        name, source["mimeType"], owner=call.principal.email, parents=parents, extra=extra
    )
    original = call.world.spreadsheets.get(source["id"])
    if original is not None:
        copied = copy.deepcopy(original)
        copied["spreadsheetId"] = record["id"]
        copied["spreadsheetUrl"] = record["webViewLink"]
        copied["properties"]["title"] = name
        call.world.spreadsheets[record["id"]] = copied
    return render_file(call, record)


@api("drive.files.delete")
def files_delete(call: Call) -> None:
    record = visible_file(call, call.path_params["fileId"])
    doomed = [record["id"]]
    index = 0
    while index < len(doomed):
        parent = doomed[index]
        doomed.extend(f["id"] for f in call.world.files.values() if parent in f.get("parents", []))
        index += 1
    for file_id in doomed:
        call.world.files.pop(file_id, None)
        call.world.spreadsheets.pop(file_id, None)
    call.status = 204


@api("drive.files.export")
def files_export(call: Call) -> Any:
    record = visible_file(call, call.path_params["fileId"])
    spreadsheet = call.world.spreadsheets.get(record["id"])
    mime = call.param("mimeType")
    if spreadsheet is None or mime not in ("text/csv", "text/tab-separated-values"):
        raise ApiError(501, f"fake_google exports only spreadsheets as CSV/TSV, not {mime}.")
    sheet = spreadsheet["sheets"][0]
    book = Book(spreadsheet)
    rows, cols = size(sheet)
    out = io.StringIO()
    writer = csv.writer(out, delimiter="," if mime == "text/csv" else "\t", lineterminator="\n")
    table = [[book.formatted(sheet, r, c) for c in range(cols)] for r in range(rows)]
    while table and not any(table[-1]):
        table.pop()
    width = max(
        (max((i + 1 for i, v in enumerate(row) if v), default=0) for row in table), default=0
    )
    for row in table:
        writer.writerow(row[:width])
    return out.getvalue()


@api("drive.files.generateIds")
def files_generate_ids(call: Call) -> dict[str, Any]:
    count = int(call.param("count", "10") or "10")
    return {
        "kind": "drive#generatedIds",
        "space": call.param("space", "drive"),
        "ids": [call.world.new_file_id() for _ in range(count)],
    }
