"""Sharing: ``POST .../invite`` (driveitem-invite) and ``GET .../permissions``.

Recipients are resolved against the tenant: a member (registered user, or an address in
one of the tenant's domains) gets a permission; an outsider is refused while the tenant's
sharing policy forbids external sharing (the default, as in most NHS tenants), and an
invite without ``requireSignIn`` (anyone with the link) while anonymous links are off.
The refusal is 403 ``accessDenied`` with inner code ``notAllowed`` (concepts/errors.md:
"The action is not allowed by the system"); the exact wording Graph uses differs by tenant
configuration and is not documented, so match on the codes, not the message.
"""

from __future__ import annotations

from typing import Any

from .calls import Call, handles, not_found
from .errors import GraphError

ROLES = frozenset(("read", "write", "owner"))


@handles("POST", "DRIVE/ITEM/invite", "drive.item.invite")
def invite(call: Call) -> Any:
    item = call.item()
    body = call.body or {}
    roles = body.get("roles") or []
    if not roles or not set(roles) <= ROLES:
        raise GraphError(400, "invalidRequest", "Invalid value for roles.")
    recipients = body.get("recipients") or []
    if not recipients:
        raise GraphError(400, "invalidRequest", "At least one recipient is required.")
    world = call.world
    created: list[dict[str, Any]] = []
    for recipient in recipients:
        email = str(recipient.get("email") or "").lower()
        user = world.users.get(email)
        domain = email.rpartition("@")[2]
        external = user.external if user else domain not in world.tenant_domains
        if external and not world.allow_external_sharing:
            raise _policy(
                "Sharing with people outside your organization isn't allowed by "
                "your organization's sharing policy."
            )
        if body.get("requireSignIn") is False and not world.allow_anonymous_links:
            raise _policy("Anyone links aren't allowed by your organization's sharing policy.")
        if user is None and not external:
            raise GraphError(400, "invalidRequest", "One or more users could not be resolved.")
        permission = {
            "id": world.new_guid(),
            "roles": list(roles),
            "grantedToV2": {
                "user": {
                    "id": user.id if user else world.new_guid(),
                    "displayName": user.display_name if user else email,
                    "email": email,
                }
            },
            "invitation": {"email": email, "signInRequired": body.get("requireSignIn", True)},
        }
        item.permissions.append(permission)
        created.append(permission)
        if body.get("sendInvitation"):
            world.sent_invitations.append((email, item.id, str(body.get("message") or "")))
    world.touch(item, call.principal.name, content=False)
    return {"value": created}


@handles("GET", "DRIVE/ITEM/permissions", "drive.item.permissions.list")
def list_permissions(call: Call) -> Any:
    item = call.item()
    owner = call.world.users.get(call.world.drives[item.drive_id].owner.lower())
    inherited = []
    if owner is not None:
        inherited.append(
            {
                "id": "owner",
                "roles": ["owner"],
                "grantedToV2": {
                    "user": {
                        "id": owner.id,
                        "email": owner.email,
                        "displayName": owner.display_name,
                    }
                },
            }
        )
    return {"value": inherited + item.permissions}


@handles("DELETE", "DRIVE/ITEM/permissions/{}", "drive.item.permission.delete")
def delete_permission(call: Call) -> Any:
    item = call.item()
    key = call.steps[-1].name
    before = len(item.permissions)
    item.permissions = [p for p in item.permissions if p["id"] != key]
    if len(item.permissions) == before:
        raise not_found()
    call.status = 204


def _policy(message: str) -> GraphError:
    return GraphError(403, "accessDenied", message, inner_code="notAllowed")
