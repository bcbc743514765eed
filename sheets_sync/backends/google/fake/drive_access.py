"""Drive v3 access rules shared by the ``files.*`` and ``permissions.*`` methods.

Who may see a file in a request (shared-drive items need ``supportsAllDrives=true``; files
not shared with the caller are invisible, 404), the caller's role on it, a full ``File`` as
this caller sees it (ownership and capabilities), the checks on new parents and on a
service account's missing storage, and the metadata a created or copied file keeps.
"""

from __future__ import annotations

import copy
from typing import Any

from sheets_sync.backends.google.fake.calls import Call
from sheets_sync.backends.google.fake.errors import (
    ApiError,
    drive_file_not_found,
    storage_quota_exceeded,
)
from sheets_sync.backends.google.fake.state import FOLDER_MIME

ROLES = ("owner", "organizer", "fileOrganizer", "writer", "commenter", "reader")


def _visible(call: Call, record: dict[str, Any] | None) -> bool:
    """Whether the caller can see the file in this request.  Shared-drive items need
    ``supportsAllDrives=true``, but only on methods that have that parameter (``export``
    does not, and works on them)."""
    if record is None:
        return False
    if not call.world.can_access(record["id"], call.principal.email):
        return False
    needs_flag = "supportsAllDrives" in call.method.parameters
    return not (record.get("driveId") and needs_flag and not call.flag("supportsAllDrives"))


def visible_file(call: Call, file_id: str) -> dict[str, Any]:
    record = call.world.files.get(file_id)
    if not _visible(call, record):
        raise drive_file_not_found(file_id)
    assert record is not None
    return record


def _role_of(call: Call, record: dict[str, Any]) -> str:
    email = call.principal.email.lower()
    if email in call.world.owners(record["id"]):
        return "owner"
    for permission in record.get("permissions", []):
        if permission.get("emailAddress", "").lower() == email:
            return str(permission.get("role", "reader"))
    return "writer"


def render_file(call: Call, record: dict[str, Any]) -> dict[str, Any]:
    """A full ``File`` for this caller: stored fields plus capabilities and ownership."""
    out = copy.deepcopy(record)
    role = _role_of(call, record)
    can_edit = role in ("owner", "organizer", "fileOrganizer", "writer")
    is_folder = record["mimeType"] == FOLDER_MIME
    out["ownedByMe"] = role == "owner"
    for owner in out.get("owners", []):
        owner["me"] = owner["emailAddress"].lower() == call.principal.email.lower()
    out["permissionIds"] = [p["id"] for p in record.get("permissions", [])]
    out["shared"] = len(record.get("permissions", [])) > 1
    out["capabilities"] = {
        "canEdit": can_edit,
        "canComment": can_edit or role == "commenter",
        "canCopy": True,
        "canDownload": True,
        "canShare": can_edit,
        "canRename": can_edit,
        "canTrash": can_edit,
        "canDelete": role in ("owner", "organizer"),
        "canAddChildren": is_folder and can_edit,
        "canListChildren": is_folder,
        "canModifyContent": can_edit,
        "canReadRevisions": can_edit,
        "canChangeViewersCanCopyContent": can_edit,
        "canMoveItemWithinDrive": can_edit,
    }
    return out


def _check_parents(call: Call, parents: list[str]) -> None:
    if len(parents) > 1:
        raise ApiError(
            403, "Increasing the number of parents is not allowed", reason="cannotAddParent"
        )
    for parent in parents:
        if parent in call.world.drives:
            if not call.flag("supportsAllDrives"):
                raise drive_file_not_found(parent)
            continue
        record = call.world.files.get(parent)
        if not _visible(call, record):
            raise drive_file_not_found(parent)
        assert record is not None
        if record["mimeType"] != FOLDER_MIME:
            raise ApiError(400, "The specified parent is not a folder.", reason="invalidParent")


def _check_storage(call: Call, parents: list[str]) -> None:
    if (
        call.principal.kind == "service_account"
        and call.settings.get("no_storage")
        and call.world.drive_id_of(parents) is None
    ):
        raise storage_quota_exceeded()


def _metadata(body: dict[str, Any]) -> dict[str, Any]:
    keep = ("appProperties", "properties", "description", "starred", "folderColorRgb")
    return {k: copy.deepcopy(body[k]) for k in keep if body.get(k) is not None}
