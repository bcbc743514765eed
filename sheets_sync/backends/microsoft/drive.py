"""Where the workbook lives in OneDrive or SharePoint, and the drive-item requests around it.

* :meth:`DriveFolder.resolve` finds the folder once (``GET {drive}/root:/{path}``, after a
  ``GET /sites/{host}:/{path}`` for a site); the drive and folder ids go in the state file.
* :meth:`DriveFolder.find` looks for the workbook by its file name in that folder and checks
  the tag the upload carried (a hidden defined name ``_ss_workshop`` = workshop id and the
  upload's nonce), so a file of the same name made by someone else is never adopted.
* :meth:`DriveFolder.upload` sends the bytes with ``conflictBehavior=fail``: never two files,
  never an overwrite. When the answer is lost, the file is looked up and adopted if it carries
  this upload's nonce.
* :meth:`DriveFolder.invite` shares with everyone in one ``invite``; a tenant that refuses
  (external or anonymous sharing switched off) is one line naming who could not be invited.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from sheets_sync.errors import ApiError, ConfigError, UncertainOutcome, WorkbookNotFound

from .http import Failure, GraphHTTP, Sub

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TAG_NAME = "_ss_workshop"
ITEM_FIELDS = "id,name,cTag,webUrl,parentReference"
_BAD_CHARS = re.compile(r'[\\/:*?"<>|#%\x00-\x1f]+')


def file_name(title: str) -> str:
    """The workbook's file name: ``title`` without characters OneDrive refuses, ``.xlsx``."""
    clean = " ".join(_BAD_CHARS.sub(" - ", title).split()).strip(" .-")
    return (clean or "workshop")[:120] + ".xlsx"


@dataclass(frozen=True)
class Item:
    """A drive item the adapter found or made."""

    drive_id: str
    id: str
    name: str
    web_url: str
    ctag: str | None

    @classmethod
    def of(cls, body: dict[str, Any], drive_id: str) -> Item:
        parent = body.get("parentReference") or {}
        return cls(
            drive_id=str(parent.get("driveId") or drive_id),
            id=str(body["id"]),
            name=str(body.get("name", "")),
            web_url=str(body.get("webUrl", "")),
            ctag=body.get("cTag") if isinstance(body.get("cTag"), str) else None,
        )


class DriveFolder:
    """The folder that holds the workbook (``site`` ``None``: the user's own OneDrive)."""

    def __init__(self, http: GraphHTTP, *, folder: str, site: str | None) -> None:
        self.http = http
        self.folder = folder.strip("/")
        self.site = site
        self.drive_id: str | None = None
        self.folder_id: str | None = None

    def where(self) -> str:
        place = f"the SharePoint site {self.site}" if self.site else "your OneDrive"
        return f"folder {self.folder or '(top level)'!r} of {place}"

    def resolve(self) -> tuple[str, str]:
        """``(drive_id, folder_id)``, looked up once (see the module docstring)."""
        if self.drive_id is not None and self.folder_id is not None:
            return self.drive_id, self.folder_id
        drive = "/me/drive"
        if self.site:
            host, _, path = self.site.partition(":")
            site = self.http.json(
                "GET",
                f"/sites/{host}:/{quote(path.strip('/'))}?$select=id",
                what=f"finding the SharePoint site {self.site}",
            )
            drive = f"/sites/{site.get('id')}/drive"
        target = f"{drive}/root:/{quote(self.folder)}" if self.folder else f"{drive}/root"
        try:
            body = self.http.json(
                "GET", f"{target}?$select=id,parentReference,folder", what=f"finding {self.where()}"
            )
        except ApiError as exc:
            if exc.status == 404:
                raise ConfigError(
                    f"[microsoft] folder: there is no {self.where()}: create it, or fix the "
                    'folder (a path such as "Workshops/Camden") or site'
                ) from None
            raise
        if "folder" not in body:
            raise ConfigError(f"[microsoft] folder: {self.where()} is a file, not a folder")
        self.drive_id = str((body.get("parentReference") or {}).get("driveId", ""))
        self.folder_id = str(body["id"])
        return self.drive_id, self.folder_id

    def find(self, name: str, workshop_id: str, nonce: str | None = None) -> Item | None:
        """The workbook ``name`` in the folder if it carries this workshop's tag (and, when
        given, this upload's ``nonce``)."""
        drive_id, folder_id = self.resolve()
        try:
            body = self.http.json(
                "GET",
                f"/drives/{drive_id}/items/{folder_id}:/{quote(name)}?$select={ITEM_FIELDS}",
                what=f"looking for {name} in {self.where()}",
            )
        except ApiError as exc:
            if exc.status == 404:
                return None
            raise
        item = Item.of(body, drive_id)
        tag = self.tag(item)
        if tag is None or tag.split(" ")[0] != workshop_id:
            return None
        if nonce is not None and tag.split(" ")[-1] != nonce:
            return None
        return item

    def tag(self, item: Item) -> str | None:
        """The workshop tag inside the workbook, or ``None`` (not ours, or not a workbook)."""
        try:
            body = self.http.json(
                "GET",
                f"/drives/{item.drive_id}/items/{item.id}/workbook/names/{TAG_NAME}?$select=value",
                what=f"reading the tag of {item.name}",
            )
        except ApiError as exc:
            if exc.status in (400, 404):
                return None
            raise
        value = body.get("value")
        return value.strip('="') if isinstance(value, str) else None

    def upload(self, name: str, content: bytes, *, workshop_id: str, nonce: str) -> Item:
        """Upload a new workbook (refused if the name is taken); see the module docstring."""
        drive_id, folder_id = self.resolve()
        url = (
            f"/drives/{drive_id}/items/{folder_id}:/{quote(name)}:/content"
            "?@microsoft.graph.conflictBehavior=fail"
        )
        try:
            body = self.http.json(
                "PUT",
                url,
                what=f"uploading {name} to {self.where()}",
                data=content,
                headers={"Content-Type": XLSX_TYPE},
                replay_safe=False,
            )
        except UncertainOutcome:
            found = self.find(name, workshop_id, nonce)
            if found is None:
                return self.upload(name, content, workshop_id=workshop_id, nonce=nonce)
            return found
        except ApiError as exc:
            if exc.status == 409:
                found = self.find(name, workshop_id, nonce)
                if found is not None:
                    return found
                raise ApiError(
                    f"{self.where()} already has a file named {name} that this workshop did not "
                    "make: rename or move it, or change the workshop title",
                    409,
                ) from None
            raise
        return Item.of(body, drive_id)

    def rename(self, item: Item, new_name: str) -> Item:
        """Rename ``item`` in place (the backup of a replaced workbook)."""
        body = self.http.json(
            "PATCH",
            f"/drives/{item.drive_id}/items/{item.id}?$select={ITEM_FIELDS}",
            what=f"renaming {item.name} to {new_name}",
            json={"name": new_name},
        )
        return Item.of(body, item.drive_id)

    def item(self, drive_id: str, item_id: str) -> Item:
        """The item by id; ``WorkbookNotFound`` when it is gone or not visible."""
        try:
            body = self.http.json(
                "GET",
                f"/drives/{drive_id}/items/{item_id}?$select={ITEM_FIELDS}",
                what=f"finding the workbook {item_id}",
            )
        except ApiError as exc:
            if exc.status == 404:
                raise WorkbookNotFound(
                    f"the workbook {item_id} is gone from {self.where()}, or this account "
                    "cannot see it: run `sheets-sync provision` to make it again"
                ) from None
            raise
        return Item.of(body, drive_id)

    def invite_sub(self, item: Item, emails: Sequence[str], *, notify: bool) -> Sub:
        """The one ``invite`` that gives every address edit access (sent in a batch)."""
        body = {
            "recipients": [{"email": e} for e in emails],
            "roles": ["write"],
            "requireSignIn": True,
            "sendInvitation": notify,
        }
        return Sub("POST", f"/drives/{item.drive_id}/items/{item.id}/invite", body, optional=True)

    def check_invite(self, item: Item, emails: Sequence[str], answer: dict[str, Any]) -> None:
        """Raise the one-line error for an ``invite`` the tenant refused."""
        failure = answer.get("@failed")
        if not isinstance(failure, Failure):
            return
        raise ApiError(
            f"the workbook {item.web_url or item.name} was made, but Microsoft refused to share "
            f"it with {', '.join(emails)} ({failure.code or failure.status}"
            f"{': ' + failure.message if failure.message else ''}): the tenant may forbid sharing "
            "with people outside it; ask IT, or share the workbook by hand",
            failure.status,
            failure.code or None,
        )
