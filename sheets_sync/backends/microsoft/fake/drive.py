"""OneDrive / SharePoint document libraries: drives, sites, items, upload, download.

Upload (driveitem-put-content): ``PUT .../items/{parent-id}:/{name}:/content`` (or
``root:/folder/name:/content``) creates a file (201) or replaces one (200, unless
``@microsoft.graph.conflictBehavior=fail``: 409 ``nameAlreadyExists``; ``rename`` picks
``name 1.xlsx``).  A download (``GET .../content``) answers 302 with a pre-authenticated
``Location`` the fake also serves (openpyxl-saved bytes for workbooks).

Finding a file again after a lost upload answer: Graph keeps nothing a client could set
*in* the upload request itself, so the fake documents two ways that Graph supports:
the item's ``description`` (``PATCH`` a driveItem, a ``baseItem`` property, returned by
``GET`` and ``$select=description``), and the workbook's own defined names (a
workbook-level name such as ``SheetsSyncProvisionId`` built into the uploaded file, listed
by ``GET .../workbook/names`` with its ``value``), which costs no extra request at upload.
"""

from __future__ import annotations

from typing import Any

from .calls import Call, handles, not_found
from .errors import GraphError
from .state import XLSX_MIME, Item, World
from .workbook_state import Workbook

DOWNLOAD_HOST = "fake-tenant-my.sharepoint.com"


def item_json(world: World, item: Item) -> dict[str, Any]:
    """A driveItem as Graph returns it (default properties)."""
    drive = world.drives[item.drive_id]
    body: dict[str, Any] = {
        "@odata.type": "#microsoft.graph.driveItem",
        "id": item.id,
        "name": item.name,
        "eTag": item.etag,
        "cTag": item.ctag,
        "createdDateTime": item.created,
        "lastModifiedDateTime": item.modified,
        "webUrl": f"https://{DOWNLOAD_HOST}/Documents/{item.name}",
        "size": len(current_bytes(item)) if not item.is_folder else 0,
        "createdBy": {"user": _identity(world, item.created_by)},
        "lastModifiedBy": {"user": _identity(world, item.modified_by)},
        "fileSystemInfo": {"createdDateTime": item.created, "lastModifiedDateTime": item.modified},
    }
    if item.description is not None:
        body["description"] = item.description
    if item.parent_id is not None:
        body["parentReference"] = {
            "driveType": drive.drive_type,
            "driveId": drive.id,
            "id": item.parent_id,
            "path": world.path_of(item),
        }
    else:
        body["root"] = {}
    if item.is_folder:
        body["folder"] = {"childCount": len(world.children(item.id))}
    else:
        body["file"] = {
            "mimeType": XLSX_MIME if item.name.endswith(".xlsx") else "application/octet-stream"
        }
    return body


def _identity(world: World, who: str) -> dict[str, str]:
    user = world.users.get(who.lower())
    if user is None:
        return {"displayName": who}
    return {"email": user.email, "id": user.id, "displayName": user.display_name}


def current_bytes(item: Item) -> bytes:
    """The file's bytes now (a workbook edited through the API is saved by openpyxl)."""
    if item.workbook is not None and item.workbook.book is not None:
        return item.workbook.to_bytes()
    return item.content


@handles("GET", "DRIVE", "drive.get")
def get_drive(call: Call) -> Any:
    drive = call.drive()
    return {
        "id": drive.id,
        "driveType": drive.drive_type,
        "name": drive.name,
        "owner": {"user": _identity(call.world, drive.owner)},
        "webUrl": f"https://{DOWNLOAD_HOST}/{drive.name}",
    }


@handles("GET", "SITE", "site.get")
def get_site(call: Call) -> Any:
    site = call.site()
    return {
        "id": site.id,
        "name": site.path.rpartition("/")[2],
        "displayName": site.display_name,
        "webUrl": f"https://{site.hostname}{site.path}",
    }


@handles("GET", "DRIVE/ITEM", "drive.item.get")
def get_item(call: Call) -> Any:
    return item_json(call.world, call.item())


@handles("PATCH", "DRIVE/ITEM", "drive.item.patch")
def patch_item(call: Call) -> Any:
    item = call.item()
    body = call.body or {}
    if "name" in body and body["name"] != item.name:
        if item.parent_id and call.world.child(item.parent_id, body["name"]):
            raise _name_exists(body["name"])
        item.name = body["name"]
    if "description" in body:
        item.description = body["description"]
    call.world.touch(item, call.principal.name, content=False)
    return item_json(call.world, item)


@handles("DELETE", "DRIVE/ITEM", "drive.item.delete")
def delete_item(call: Call) -> Any:
    call.world.delete(call.item())
    call.status = 204


@handles("GET", "DRIVE/ITEM/children", "drive.item.children.list")
def list_children(call: Call) -> Any:
    item = call.item()
    return {"value": [item_json(call.world, c) for c in call.world.children(item.id)]}


@handles("POST", "DRIVE/ITEM/children", "drive.item.children.create")
def create_folder(call: Call) -> Any:
    parent = call.item()
    body = call.body or {}
    name = str(body.get("name", ""))
    if not name or "folder" not in body:
        raise GraphError(400, "invalidRequest", "A folder or file facet and a name are required.")
    existing = call.world.child(parent.id, name)
    if existing is not None:
        if body.get("@microsoft.graph.conflictBehavior", "fail") == "fail":
            raise _name_exists(name)
        name = _free_name(call.world, parent, name)
    folder = _new_item(call, parent, name, folder=True)
    call.world.touch(parent, call.principal.name, content=False)
    call.status = 201
    return item_json(call.world, folder)


@handles("PUT", "DRIVE/ITEM/content", "drive.item.content.put")
def upload(call: Call) -> Any:
    target = call.item_or_place()
    content: bytes = call.body if isinstance(call.body, bytes) else b""
    behavior = (call.query.get("@microsoft.graph.conflictBehavior") or ["replace"])[0]
    if behavior not in ("fail", "replace", "rename"):
        raise GraphError(400, "invalidRequest", f"Invalid conflictBehavior '{behavior}'.")
    if isinstance(target, Item):
        if target.is_folder:
            raise GraphError(409, "nameAlreadyExists", "A folder with that name exists.")
        if behavior == "fail":
            raise _name_exists(target.name)
        if behavior == "replace":
            _set_content(target, content)
            call.world.touch(target, call.principal.name, content=True)
            return item_json(call.world, target)
        parent = call.world.items[target.parent_id or ""]
        target = (parent, _free_name(call.world, parent, target.name))
    parent, name = target
    item = _new_item(call, parent, name, folder=False)
    _set_content(item, content)
    call.status = 201
    return item_json(call.world, item)


@handles("GET", "DRIVE/ITEM/content", "drive.item.content.get")
def download(call: Call) -> Any:
    item = call.item()
    if item.is_folder:
        raise not_found()
    call.status = 302
    call.response_headers["Location"] = (
        f"https://{DOWNLOAD_HOST}/_layouts/15/download.aspx?UniqueId={item.guid}&tempauth=fake"
    )
    return None


def _set_content(item: Item, content: bytes) -> None:
    item.content = content
    item.workbook = (
        Workbook.from_bytes(content) if item.name.lower().endswith((".xlsx", ".xlsm")) else None
    )


def _new_item(call: Call, parent: Item, name: str, *, folder: bool) -> Item:
    now = call.world.clock.iso()
    who = call.principal.name
    item = Item(
        call.world.new_item_id(),
        name,
        parent.drive_id,
        parent.id,
        folder,
        now,
        now,
        who,
        who,
        guid=call.world.new_guid().upper(),
    )
    call.world.items[item.id] = item
    return item


def _free_name(world: World, parent: Item, name: str) -> str:
    stem, dot, suffix = name.rpartition(".")
    stem, suffix = (stem, dot + suffix) if dot else (name, "")
    number = 1
    while world.child(parent.id, f"{stem} {number}{suffix}") is not None:
        number += 1
    return f"{stem} {number}{suffix}"


def _name_exists(name: str) -> GraphError:
    return GraphError(
        409, "nameAlreadyExists", f"The specified item name already exists. Name: {name}"
    )
