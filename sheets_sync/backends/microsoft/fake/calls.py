"""One Graph request on its way to a handler: what it addressed, resolved to state.

Handlers register with :func:`handles` for an HTTP method and a *shape* (see
:func:`.paths.shape`, e.g. ``DRIVE/ITEM/workbook/worksheets/{}/range()``) under an
operation name (``workbook.range.patch``).  :class:`Call` resolves the drive, item,
workbook, worksheet and session the path names, enforcing permissions and sessions, and
raises Graph's errors (``itemNotFound`` 404, ``accessDenied`` 403, the session codes).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import openpyxl
from openpyxl.worksheet.worksheet import Worksheet

from .credentials import AppRegistration
from .errors import WORKBOOK_FAULTS, GraphError
from .oauth import Principal
from .paths import Step
from .state import Drive, Item, Site, World
from .workbook_state import Session, Workbook

Handler = Callable[["Call"], Any]
HANDLERS: dict[tuple[str, str], tuple[str, Handler]] = {}

_WRITE = frozenset(("Files.ReadWrite", "Files.ReadWrite.All", "Sites.ReadWrite.All"))
_READ = _WRITE | {"Files.Read", "Files.Read.All", "Sites.Read.All"}
_BROAD = frozenset(
    ("Files.ReadWrite.All", "Sites.ReadWrite.All", "Files.Read.All", "Sites.Read.All")
)
_PERSONAL = frozenset(("Files.ReadWrite", "Files.Read"))


def handles(method: str, shape: str, operation: str) -> Callable[[Handler], Handler]:
    """Register a handler for ``method`` on requests of ``shape``."""

    def register(handler: Handler) -> Handler:
        HANDLERS[(method, shape)] = (operation, handler)
        return handler

    return register


def not_found() -> GraphError:
    """Drive's 404."""
    return GraphError(404, "itemNotFound", "The resource could not be found.")


@dataclass
class Call:
    """A request being served: parsed inputs, the principal, and the answer's status."""

    world: World
    apps: dict[str, AppRegistration]
    method: str
    steps: list[Step]
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: Any
    principal: Principal
    status: int = 200
    response_headers: dict[str, str] = field(default_factory=dict)
    session: Session | None = None

    # -- drives and items --------------------------------------------------------------

    def site(self) -> Site:
        """The site named by ``sites/{id-or-hostname}[:/path:]``."""
        key = self.steps[1].name
        path = self.steps[2].name if len(self.steps) > 2 and self.steps[2].kind == "path" else None
        for site in self.world.sites.values():
            if site.id == key or (
                path is not None and site.hostname == key and site.path.strip("/") == path
            ):
                return site
        raise not_found()

    def drive(self) -> Drive:
        """The drive the path starts from, if the principal may use it."""
        root = self.steps[0].name
        drive_id: str | None
        if root == "me":
            if self.principal.user is None:
                raise GraphError(
                    400,
                    "BadRequest",
                    "/me request is only valid with delegated authentication flow.",
                )
            drive_id = self.principal.user.drive_id
        elif root == "users":
            key = self.steps[1].name.lower()
            user = next(
                (u for u in self.world.users.values() if u.id == key or u.email.lower() == key),
                None,
            )
            drive_id = user.drive_id if user else None
        elif root == "drives":
            drive_id = self.steps[1].name
        elif root == "sites":
            drive_id = self.site().drive_id
        else:
            raise GraphError(501, "notImplemented", f"The fake does not model /{root}.")
        drive = self.world.drives.get(drive_id or "")
        if drive is None:
            raise not_found()
        self._authorize(drive)
        return drive

    def _authorize(self, drive: Drive) -> None:
        granted = self.principal.permissions
        needed = _READ if self.method == "GET" else _WRITE
        allowed = bool(granted & needed & _BROAD)
        if self.principal.kind == "app":
            app = self.apps.get(self.principal.client_id)
            allowed = allowed or (
                "Sites.Selected" in granted
                and app is not None
                and drive.site_id in app.selected_sites
            )
        else:
            own = drive.owner.lower() == self.principal.name.lower()
            allowed = allowed or (own and bool(granted & needed & _PERSONAL))
        if not allowed:
            raise GraphError(403, "accessDenied", "Access denied")

    def item(self) -> Item:
        """The existing item the path names (``root``, ``items/{id}``, ``...:/path:``)."""
        found = self.item_or_place()
        if isinstance(found, tuple):
            raise not_found()
        return found

    def item_or_place(self) -> Item | tuple[Item, str]:
        """The item, or (parent folder, name) when a path names one not there yet."""
        drive = self.drive()
        index = next(i for i, s in enumerate(self.steps) if s.name in ("root", "items"))
        step = self.steps[index]
        start_id = drive.root_id if step.name == "root" else self.steps[index + 1].name
        start = self.world.items.get(start_id)
        if start is None or start.drive_id != drive.id:
            raise not_found()
        after_index = index + (1 if step.name == "root" else 2)
        if after_index >= len(self.steps) or self.steps[after_index].kind != "path":
            return start
        after = self.steps[after_index]
        parent_path, _, name = after.name.rpartition("/")
        found = self.world.walk(start.id, after.name)
        if found is not None:
            return found
        parent = self.world.walk(start.id, parent_path)
        if parent is None or not parent.is_folder:
            raise not_found()
        return parent, name

    # -- workbooks ---------------------------------------------------------------------

    def workbook(self) -> Workbook:
        """The item's workbook (loaded from its bytes on first use)."""
        item = self.item()
        if not item.name.lower().endswith((".xlsx", ".xlsm")):
            raise GraphError(
                400,
                "invalidRequest",
                "The item is not a workbook.",
                inner_code="unsupportedWorkbook",
            )
        if item.workbook is None:
            item.workbook = Workbook.from_bytes(item.content)
        workbook = item.workbook
        if workbook.book is None:
            fault = WORKBOOK_FAULTS["GenericFileOpenError"]
            raise GraphError(fault.status, fault.code, fault.message)
        workbook.expire_sessions(self.world.clock.now)
        session_id = self.headers.get("workbook-session-id")
        if session_id:
            session = workbook.sessions.get(session_id)
            if session is None:
                fault = WORKBOOK_FAULTS["invalidSessionReCreatable"]
                raise GraphError(fault.status, fault.code, fault.message, fault.inner_code)
            session.last_used = self.world.clock.now
            self.session = session
        return workbook

    def book(self) -> openpyxl.Workbook:
        """The openpyxl workbook this request reads and writes (a session's copy for a
        non-persistent session)."""
        workbook = self.workbook()
        if self.session is not None and self.session.book is not None:
            return self.session.book
        assert workbook.book is not None
        return workbook.book

    def sheet(self) -> Worksheet:
        """The worksheet named by the key after ``worksheets``."""
        index = next(i for i, s in enumerate(self.steps) if s.name == "worksheets")
        key = self.steps[index + 1].name
        sheet = self.workbook().find_sheet(self.book(), key)
        if sheet is None:
            raise GraphError(
                404,
                "itemNotFound",
                "The requested resource doesn't exist.",
                inner_code="itemNotFound",
            )
        return sheet

    def step(self, name: str) -> Step | None:
        """The last step called ``name`` (``range``, ``usedRange``), if any."""
        return next((s for s in reversed(self.steps) if s.name == name), None)

    def changed(self) -> None:
        """Record a content change made through the workbook API (bumps cTag/eTag unless
        the request ran in a non-persistent session)."""
        if self.session is None or self.session.persist:
            self.world.touch(self.item(), self.principal.name, content=True)
