"""The fake's world: spreadsheets, Drive files, shared drives, the simulated clock.

Spreadsheets are stored in the shape of the Sheets ``Spreadsheet`` resource and Drive files
in the shape of the Drive ``File`` resource, so tests can inspect them with Google's field
names.  A spreadsheet and its Drive file share an id and are created, renamed and deleted
together; every change to the spreadsheet's content bumps the file's ``version`` and
``modifiedTime``, as Drive does.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import random
import string
from dataclasses import dataclass
from typing import Any

from sheets_sync.backends.google.fake.grid import Spreadsheet
from sheets_sync.backends.google.fake.spreadsheet_factory import build_spreadsheet

SHEET_MIME = "application/vnd.google-apps.spreadsheet"
FOLDER_MIME = "application/vnd.google-apps.folder"
#: The id Drive reports as the parent of files in a user's My Drive root.
MY_DRIVE_ROOT = "0AMyDriveRootFolderFakeUk9PVA"
#: 2025-01-06T09:00:00Z, a Monday morning: the default start of simulated time.
DEFAULT_START = 1_736_154_000.0
_ID_CHARS = string.ascii_letters + string.digits + "-_"


class SimulatedClock:
    """Time that passes only when told to: per request (latency) or by :meth:`sleep`.

    Callable (``clock()`` is the current time in seconds since the epoch), so it can be
    injected wherever ``time.time`` or ``time.monotonic`` is expected, and its
    :meth:`sleep` can replace ``time.sleep`` in a client's retry loop.
    """

    def __init__(self, start: float = DEFAULT_START) -> None:
        self._now = float(start)

    @property
    def now(self) -> float:
        """Current simulated time (seconds since the epoch)."""
        return self._now

    def __call__(self) -> float:
        return self._now

    def time(self) -> float:
        """Same as :attr:`now` (a drop-in for ``time.time``)."""
        return self._now

    def monotonic(self) -> float:
        """Same as :attr:`now` (a drop-in for ``time.monotonic``)."""
        return self._now

    def advance(self, seconds: float) -> None:
        """Move time forward by ``seconds`` (must not be negative)."""
        if seconds < 0:
            raise ValueError("simulated time cannot go backwards")
        self._now += seconds

    def sleep(self, seconds: float) -> None:
        """A drop-in for ``time.sleep`` that advances simulated time instead of waiting."""
        self.advance(max(0.0, float(seconds)))

    def rfc3339(self) -> str:
        """Current time as Drive writes timestamps (``2025-01-06T09:00:00.000Z``)."""
        moment = dt.datetime.fromtimestamp(self._now, tz=dt.UTC)
        return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


@dataclass(frozen=True)
class Principal:
    """Who a request is made as: an e-mail, ``service_account`` or ``user``, granted scopes."""

    email: str
    kind: str
    scopes: frozenset[str]


class World:
    """All stored Google state of one fake."""

    def __init__(self, clock: SimulatedClock, seed: int = 0) -> None:
        self.clock = clock
        self.rng = random.Random(seed)
        self.spreadsheets: dict[str, Spreadsheet] = {}
        self.files: dict[str, dict[str, Any]] = {}
        self.drives: dict[str, dict[str, Any]] = {}
        self.denied: dict[str, set[str] | None] = {}
        self.sent_emails: list[dict[str, Any]] = []

    # -- ids ---------------------------------------------------------------------------

    def new_file_id(self) -> str:
        """A fresh 44-character id like Google's (``1`` + 43 url-safe characters)."""
        while True:
            candidate = "1" + "".join(self.rng.choice(_ID_CHARS) for _ in range(43))
            if candidate not in self.files and candidate not in self.drives:
                return candidate

    def new_int_id(self) -> int:
        """A fresh positive 31-bit id (sheet, chart, protected range, metadata ids)."""
        return self.rng.randint(1, 2**31 - 1)

    # -- files -------------------------------------------------------------------------

    def drive_id_of(self, parents: list[str]) -> str | None:
        """The shared drive holding a file with these parents, or ``None`` (My Drive)."""
        seen: set[str] = set()
        stack = list(parents)
        while stack:
            parent = stack.pop()
            if parent in self.drives:
                return parent
            if parent in seen:
                continue
            seen.add(parent)
            folder = self.files.get(parent)
            if folder is not None:
                if folder.get("driveId"):
                    return str(folder["driveId"])
                stack.extend(folder.get("parents", []))
        return None

    def create_file(
        self,
        name: str,
        mime_type: str,
        *,
        owner: str | None,
        parents: list[str] | None = None,
        file_id: str | None = None,
        extra: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """Store a new Drive file; files outside shared drives get ``owner`` as owner."""
        file_id = file_id or self.new_file_id()
        parents = list(parents or [MY_DRIVE_ROOT])
        now = self.clock.rfc3339()
        record: dict[str, Any] = {
            "kind": "drive#file",
            "id": file_id,
            "name": name,
            "mimeType": mime_type,
            "parents": parents,
            "version": "1",
            "createdTime": now,
            "modifiedTime": now,
            "trashed": False,
            "explicitlyTrashed": False,
            "starred": False,
            "spaces": ["drive"],
            "permissions": [],
        }
        drive_id = self.drive_id_of(parents)
        if drive_id is not None:
            record["driveId"] = drive_id
        elif owner is not None:
            record["owners"] = [user(owner)]
            record["permissions"].append(
                {**permission_for(owner, "owner", "user", self.new_int_id())}
            )
        if owner is not None:
            record["lastModifyingUser"] = user(owner)
        if mime_type == SHEET_MIME:
            record["webViewLink"] = f"https://docs.google.com/spreadsheets/d/{file_id}/edit"
        for key, value in (extra or {}).items():
            if value is not None:
                record[key] = copy.deepcopy(value)
        self.files[file_id] = record
        return record

    def touch(self, file_id: str, by: str | None = None) -> None:
        """Record a change: bump ``version``, set ``modifiedTime`` (and who changed it)."""
        record = self.files.get(file_id)
        if record is None:
            return
        record["version"] = str(int(record.get("version", "0")) + 1)
        record["modifiedTime"] = self.clock.rfc3339()
        if by is not None:
            record["lastModifyingUser"] = user(by)

    def owners(self, file_id: str) -> set[str]:
        """Lower-cased e-mails of the file's owners."""
        record = self.files.get(file_id, {})
        return {o["emailAddress"].lower() for o in record.get("owners", [])}

    def can_access(self, file_id: str, email: str) -> bool:
        """Whether ``email`` may see the file (see :meth:`FakeGoogle.deny_access`)."""
        if file_id not in self.denied:
            return True
        denied = self.denied[file_id]
        return denied is not None and email.lower() not in denied

    # -- spreadsheets ------------------------------------------------------------------

    def create_spreadsheet(
        self,
        body: dict[str, Any] | None,
        *,
        owner: str | None,
        parents: list[str] | None = None,
        file_extra: dict[str, Any] | None = None,
    ) -> Spreadsheet:
        """Create a spreadsheet (from a ``Spreadsheet`` body) and its Drive file."""
        body = copy.deepcopy(body or {})
        title = str((body.get("properties") or {}).get("title") or "Untitled spreadsheet")
        record = self.create_file(title, SHEET_MIME, owner=owner, parents=parents, extra=file_extra)
        spreadsheet = build_spreadsheet(record["id"], body, self.new_int_id)
        self.spreadsheets[record["id"]] = spreadsheet
        return spreadsheet


def user(email: str) -> dict[str, Any]:
    """A Drive ``User`` resource for an e-mail address."""
    return {
        "kind": "drive#user",
        "displayName": email.split("@")[0],
        "emailAddress": email,
        "permissionId": str(int(hashlib.sha256(email.lower().encode()).hexdigest()[:15], 16)),
    }


def permission_for(email: str, role: str, kind: str, number: int) -> dict[str, Any]:
    """A Drive ``Permission`` resource granting ``role`` to a user or group."""
    return {
        "kind": "drive#permission",
        "id": str(number),
        "type": kind,
        "role": role,
        "emailAddress": email,
        "displayName": email.split("@")[0],
        "deleted": False,
        "pendingOwner": False,
    }
