"""The fake's world: users, sites, drives and drive items.

Items keep their bytes; an ``.xlsx`` item also gets a :class:`~.workbook_state.Workbook`
(openpyxl) when the workbook API first touches it.  ``eTag`` changes on every change to an
item, ``cTag`` only on content changes (driveItem resource page); both look like Graph's
(``"{GUID},3"``, ``"c:{GUID},3"``).
"""

from __future__ import annotations

import random
import string
import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .clock import SimulatedClock

if TYPE_CHECKING:
    from .workbook_state import Workbook

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class User:
    """A tenant member (or an external guest, ``external=True``)."""

    id: str
    email: str
    display_name: str
    drive_id: str | None = None
    external: bool = False


@dataclass
class Site:
    """A SharePoint site with its default document library."""

    id: str
    hostname: str
    path: str
    display_name: str
    drive_id: str


@dataclass
class Drive:
    """A OneDrive (``business``) or a site's document library (``documentLibrary``)."""

    id: str
    name: str
    drive_type: str
    owner: str
    root_id: str
    site_id: str | None = None


@dataclass
class Item:
    """A folder or file; ``version`` feeds the eTag, ``content_version`` the cTag."""

    id: str
    name: str
    drive_id: str
    parent_id: str | None
    is_folder: bool
    created: str
    modified: str
    created_by: str
    modified_by: str
    guid: str = field(default_factory=lambda: str(uuid.uuid4()).upper())
    content: bytes = b""
    description: str | None = None
    version: int = 1
    content_version: int = 1
    permissions: list[dict[str, Any]] = field(default_factory=list)
    workbook: Workbook | None = None

    @property
    def etag(self) -> str:
        """The item's eTag (changes with any change)."""
        return f'"{{{self.guid}}},{self.version}"'

    @property
    def ctag(self) -> str:
        """The item's cTag (changes with content changes only)."""
        return f'"c:{{{self.guid}}},{self.content_version}"'


class World:
    """Everything the fake stores, with id generation (seeded, so runs repeat)."""

    def __init__(self, clock: SimulatedClock, seed: int = 0) -> None:
        self.clock = clock
        self.random = random.Random(seed)
        self.users: dict[str, User] = {}
        self.sites: dict[str, Site] = {}
        self.drives: dict[str, Drive] = {}
        self.items: dict[str, Item] = {}
        self.allow_external_sharing = False
        self.allow_anonymous_links = False
        self.tenant_domains: set[str] = set()
        self.sent_invitations: list[tuple[str, str, str]] = []

    def new_item_id(self) -> str:
        """An id shaped like OneDrive for Business ids (``01`` + 32 base-32 characters)."""
        alphabet = string.ascii_uppercase + "234567"
        return "01" + "".join(self.random.choice(alphabet) for _ in range(32))

    def new_guid(self) -> str:
        """A random (seeded) GUID."""
        return str(uuid.UUID(int=self.random.getrandbits(128), version=4))

    def new_drive_id(self) -> str:
        """An id shaped like a Business drive id (``b!`` + 64 url-safe characters)."""
        alphabet = string.ascii_letters + string.digits + "-_"
        return "b!" + "".join(self.random.choice(alphabet) for _ in range(64))

    def add_drive(
        self, name: str, drive_type: str, owner: str, site_id: str | None = None
    ) -> Drive:
        """Create a drive with its root folder."""
        drive_id = self.new_drive_id()
        now = self.clock.iso()
        root = Item(self.new_item_id(), "root", drive_id, None, True, now, now, owner, owner)
        self.items[root.id] = root
        drive = Drive(drive_id, name, drive_type, owner, root.id, site_id)
        self.drives[drive_id] = drive
        return drive

    def add_user(self, email: str, display_name: str, *, external: bool = False) -> User:
        """Register a person; members get a OneDrive."""
        user = User(self.new_guid(), email, display_name, external=external)
        if not external:
            user.drive_id = self.add_drive("OneDrive", "business", email).id
        self.users[email.lower()] = user
        return user

    def add_site(self, hostname: str, path: str, display_name: str, owner: str) -> Site:
        """A SharePoint site (``hostname`` + server-relative ``path``) and its library."""
        site_id = f"{hostname},{self.new_guid()},{self.new_guid()}"
        drive = self.add_drive("Documents", "documentLibrary", owner, site_id)
        site = Site(site_id, hostname, "/" + path.strip("/"), display_name, drive.id)
        self.sites[site_id] = site
        return site

    def children(self, folder_id: str) -> list[Item]:
        """Items directly inside a folder, by name."""
        found = [i for i in self.items.values() if i.parent_id == folder_id]
        return sorted(found, key=lambda i: i.name.lower())

    def child(self, folder_id: str, name: str) -> Item | None:
        """The child named ``name`` (case-insensitively, as OneDrive compares)."""
        return next((i for i in self.children(folder_id) if i.name.lower() == name.lower()), None)

    def walk(self, start_id: str, path: str) -> Item | None:
        """The item at ``path`` (``a/b.xlsx``) below ``start_id``, or ``None``."""
        current: Item | None = self.items.get(start_id)
        for part in (p for p in path.split("/") if p):
            if current is None or not current.is_folder:
                return None
            current = self.child(current.id, part)
        return current

    def path_of(self, item: Item) -> str:
        """``/drive/root:/a/b`` style parent path for ``parentReference.path``."""
        names: list[str] = []
        current = self.items.get(item.parent_id or "")
        while current is not None and current.parent_id is not None:
            names.append(current.name)
            current = self.items.get(current.parent_id)
        return "/drive/root:" + "".join("/" + n for n in reversed(names))

    def touch(self, item: Item, who: str, *, content: bool) -> None:
        """Record a change to ``item`` by ``who`` (content changes bump the cTag too)."""
        item.version += 1
        if content:
            item.content_version += 1
        item.modified = self.clock.iso()
        item.modified_by = who

    def delete(self, item: Item) -> None:
        """Delete an item and everything below it."""
        for child in self.children(item.id):
            self.delete(child)
        self.items.pop(item.id, None)
