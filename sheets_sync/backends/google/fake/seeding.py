"""Seeding and inspecting the fake's state directly (no requests, no simulated time).

Tests use these to set the scene (a shared drive, a spreadsheet a person made, a file not
shared with the caller) and to look at the result the way a person would see it.
"""

from __future__ import annotations

from typing import Any

from sheets_sync.backends.google.fake.grid import Book, size
from sheets_sync.backends.google.fake.people import PersonEditsMixin
from sheets_sync.backends.google.fake.state import FOLDER_MIME
from sheets_sync.backends.google.fake.values import read_block


class SeedingMixin(PersonEditsMixin):
    """State helpers of :class:`~.fake.FakeGoogle` (adds to the ``person_*`` edits)."""

    @property
    def files(self) -> dict[str, dict[str, Any]]:
        """Drive files by id (live state, in Drive's ``File`` shape)."""
        return self.world.files

    @property
    def sent_emails(self) -> list[dict[str, Any]]:
        """Sharing notifications Drive would have e-mailed (``to``, ``fileId``, ``message``)."""
        return self.world.sent_emails

    def spreadsheet(self, spreadsheet_id: str) -> dict[str, Any]:
        """The live stored spreadsheet (Google's ``Spreadsheet`` shape, user-entered parts)."""
        return self.world.spreadsheets[spreadsheet_id]

    def values(self, spreadsheet_id: str, sheet_title: str) -> list[list[str]]:
        """A sheet's formatted values, trimmed like ``values.get`` of the whole sheet."""
        spreadsheet, sheet = self._sheet(spreadsheet_id, sheet_title)
        rows, cols = size(sheet)
        block = read_block(Book(spreadsheet), (sheet, 0, rows, 0, cols), "FORMATTED_VALUE", "ROWS")
        return [[str(v) for v in row] for row in block.get("values", [])]

    def create_spreadsheet(
        self,
        title: str,
        *,
        owner: str | None = None,
        parents: list[str] | None = None,
        sheets: list[str] | None = None,
    ) -> str:
        """Seed a spreadsheet without a request (as if a person made it); returns its id."""
        body: dict[str, Any] = {"properties": {"title": title}}
        if sheets:
            body["sheets"] = [{"properties": {"title": name}} for name in sheets]
        spreadsheet = self.world.create_spreadsheet(
            body, owner=owner or "owner@example.org", parents=parents
        )
        return str(spreadsheet["spreadsheetId"])

    def add_shared_drive(self, name: str = "Workshops") -> str:
        """Register a shared drive; its id is also its root folder id (usable as a parent)."""
        drive_id = "0A" + self.world.new_file_id()[2:21] + "Uk9PVA"
        self.world.drives[drive_id] = {"kind": "drive#drive", "id": drive_id, "name": name}
        return drive_id

    def add_folder(
        self, name: str, parent: str | None = None, owner: str = "owner@example.org"
    ) -> str:
        """Create a folder (in a shared drive when ``parent`` is one or lies in one)."""
        record = self.world.create_file(
            name, FOLDER_MIME, owner=owner, parents=[parent] if parent else None
        )
        return str(record["id"])

    def deny_access(self, file_id: str, email: str | None = None) -> None:
        """Make a file not shared with ``email`` (``None``: with anyone calling the API).
        Sheets then answers 403 PERMISSION_DENIED, Drive 404 ``File not found``."""
        if email is None:
            self.world.denied[file_id] = None
        else:
            denied = self.world.denied.get(file_id, set())
            if denied is not None:
                denied.add(email.lower())
                self.world.denied[file_id] = denied

    def allow_access(self, file_id: str) -> None:
        """Undo :meth:`deny_access`."""
        self.world.denied.pop(file_id, None)
