"""Drive v3 sharing (``permissions.*``) and shared drives (``drives.get/list``).

``permissions.create`` checks what Drive checks (type and role present and known, an e-mail
for users and groups, ``transferOwnership`` for the owner role), updates the role of an
existing permission for the same address instead of adding a second one, and records the
notification Drive would send (unless ``sendNotificationEmail=false``) in
:attr:`FakeGoogle.sent_emails`.
"""

from __future__ import annotations

import copy
from typing import Any

from sheets_sync.backends.google.fake.calls import Call, api
from sheets_sync.backends.google.fake.drive_access import ROLES, visible_file
from sheets_sync.backends.google.fake.errors import ApiError, bad_request
from sheets_sync.backends.google.fake.state import permission_for

_TYPES = ("user", "group", "domain", "anyone")


@api("drive.permissions.create")
def permissions_create(call: Call) -> dict[str, Any]:
    record = visible_file(call, call.path_params["fileId"])
    body = call.json_body()
    kind, role = body.get("type"), body.get("role")
    if kind not in _TYPES:
        raise bad_request(
            f"The permission type field is required and must be one of {', '.join(_TYPES)}."
        )
    if role not in ROLES:
        raise bad_request(
            f"The permission role field is required and must be one of {', '.join(ROLES)}."
        )
    if role == "owner" and not call.flag("transferOwnership"):
        raise ApiError(
            403,
            "The transferOwnership parameter must be enabled when the permission role is 'owner'.",
            reason="forbidden",
        )
    email = body.get("emailAddress")
    if kind in ("user", "group") and not email:
        raise bad_request("The permission's emailAddress is required for type user or group.")
    if kind == "domain" and not body.get("domain"):
        raise bad_request("The permission's domain is required for type domain.")
    permissions = record.setdefault("permissions", [])
    existing = next(
        (
            p
            for p in permissions
            if email and p.get("emailAddress", "").lower() == str(email).lower()
        ),
        None,
    )
    if existing is not None:
        existing["role"] = role
        permission = existing
    else:
        permission = permission_for(str(email or ""), str(role), str(kind), call.world.new_int_id())
        if not email:
            permission.pop("emailAddress")
            permission.pop("displayName")
        if body.get("domain"):
            permission["domain"] = body["domain"]
        if kind in ("domain", "anyone"):
            permission["allowFileDiscovery"] = bool(body.get("allowFileDiscovery", False))
        permissions.append(permission)
    if kind in ("user", "group") and call.flag("sendNotificationEmail", default=True):
        call.world.sent_emails.append(
            {
                "to": email,
                "fileId": record["id"],
                "role": role,
                "message": call.param("emailMessage"),
            }
        )
    return copy.deepcopy(permission)


@api("drive.permissions.list")
def permissions_list(call: Call) -> dict[str, Any]:
    record = visible_file(call, call.path_params["fileId"])
    return {
        "kind": "drive#permissionList",
        "permissions": copy.deepcopy(record.get("permissions", [])),
    }


def _permission(call: Call) -> tuple[dict[str, Any], dict[str, Any]]:
    record = visible_file(call, call.path_params["fileId"])
    wanted = call.path_params["permissionId"]
    for permission in record.get("permissions", []):
        if permission["id"] == wanted:
            return record, permission
    raise ApiError(
        404, f"Permission not found: {wanted}.", reason="notFound", location="permissionId"
    )


@api("drive.permissions.get")
def permissions_get(call: Call) -> dict[str, Any]:
    return copy.deepcopy(_permission(call)[1])


@api("drive.permissions.update")
def permissions_update(call: Call) -> dict[str, Any]:
    _, permission = _permission(call)
    role = call.json_body().get("role")
    if role is not None:
        if role not in ROLES:
            raise bad_request(f"Invalid permission role: {role}")
        permission["role"] = role
    return copy.deepcopy(permission)


@api("drive.permissions.delete")
def permissions_delete(call: Call) -> None:
    record, permission = _permission(call)
    record["permissions"].remove(permission)
    call.status = 204


# -- shared drives -----------------------------------------------------------------------


@api("drive.drives.get")
def drives_get(call: Call) -> dict[str, Any]:
    drive = call.world.drives.get(call.path_params["driveId"])
    if drive is None:
        raise ApiError(
            404,
            f"Shared drive not found: {call.path_params['driveId']}",
            reason="notFound",
            location="driveId",
        )
    return copy.deepcopy(drive)


@api("drive.drives.list")
def drives_list(call: Call) -> dict[str, Any]:
    return {"kind": "drive#driveList", "drives": copy.deepcopy(list(call.world.drives.values()))}
