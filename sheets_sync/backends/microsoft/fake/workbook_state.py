"""A drive item's workbook as Excel Online holds it: an openpyxl ``Workbook``, stable
worksheet ids, chart names and the open sessions.

The uploaded bytes are loaded with openpyxl (so the dropdowns, protection and defined names
a tool built locally are there to inspect); reads come from it and a download saves it.
Bytes openpyxl cannot open make every workbook request fail with ``GenericFileOpenError``.

Sessions (excel-manage-sessions): a persistent session writes to the item; a
non-persistent one works on a private copy that is dropped when it closes or expires.
Sessions expire after :data:`SESSION_IDLE_SECONDS` of simulated inactivity (the docs give
about 5 minutes for persistent and 7 for non-persistent sessions; one figure here).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import openpyxl
from openpyxl.worksheet.worksheet import Worksheet

from sheets_sync.backends.xlsx.cells import escape, unescape

SESSION_IDLE_SECONDS = 300.0


@dataclass
class Session:
    """One workbook session (``workbook-session-id``)."""

    id: str
    persist: bool
    last_used: float
    book: openpyxl.Workbook | None = None


@dataclass
class Workbook:
    """The live workbook of one item, or the reason it could not be opened."""

    book: openpyxl.Workbook | None
    open_error: str | None = None
    sheet_ids: dict[int, str] = field(default_factory=dict)
    chart_names: dict[int, str] = field(default_factory=dict)
    sessions: dict[str, Session] = field(default_factory=dict)
    _next_sheet: int = 0

    @classmethod
    def from_bytes(cls, content: bytes) -> Workbook:
        """Load uploaded bytes (an error is kept, not raised: Excel answers it later)."""
        try:
            book = _load(content)
        except Exception as error:
            return cls(None, open_error=f"{type(error).__name__}: {error}")
        workbook = cls(book)
        for sheet in book.worksheets:
            workbook.sheet_id(sheet)
        return workbook

    def to_bytes(self, book: openpyxl.Workbook | None = None) -> bytes:
        """The workbook saved as Excel saves it (what a download returns): text that XML
        cannot carry as it is (a carriage return, ``_x`` sequences) is ``_xHHHH_``-escaped."""
        target = book or self.book
        if target is None:
            raise ValueError("the workbook could not be opened")
        kept = _recode_text(target, escape)
        out = io.BytesIO()
        try:
            target.save(out)
        finally:
            for cell, text in kept:
                cell.value = text
        return out.getvalue()

    def sheet_id(self, sheet: Worksheet) -> str:
        """The stable id Excel gives a worksheet (``{00000000-0001-0000-0000-000000000000}``)."""
        key = id(sheet)
        if key not in self.sheet_ids:
            index = self._next_sheet
            self._next_sheet += 1
            self.sheet_ids[key] = f"{{00000000-0001-0000-{index:02X}00-000000000000}}"
        return self.sheet_ids[key]

    def find_sheet(self, book: openpyxl.Workbook, key: str) -> Worksheet | None:
        """A worksheet by id or by name (names compare case-insensitively, as in Excel)."""
        for sheet in book.worksheets:
            if self.sheet_ids.get(id(sheet)) == key or sheet.title.lower() == key.lower():
                return sheet
        return None

    def chart_name(self, chart: Any, sheet: Worksheet) -> str:
        """A chart's name (``Chart 1``, ``Chart 2`` ... in each sheet's order)."""
        key = id(chart)
        if key not in self.chart_names:
            taken = set(self.chart_names.values())
            number = 1
            while f"Chart {number}" in taken:
                number += 1
            self.chart_names[key] = f"Chart {number}"
        return self.chart_names[key]

    def expire_sessions(self, now: float) -> None:
        """Drop sessions idle for longer than :data:`SESSION_IDLE_SECONDS`."""
        for session_id, session in list(self.sessions.items()):
            if now - session.last_used > SESSION_IDLE_SECONDS:
                del self.sessions[session_id]

    def copy_book(self) -> openpyxl.Workbook:
        """A private copy of the workbook (for a non-persistent session)."""
        copy = _load(self.to_bytes())
        for original, duplicate in zip(
            self.book.worksheets if self.book else [], copy.worksheets, strict=True
        ):
            self.sheet_ids[id(duplicate)] = self.sheet_id(original)
        return copy


def _load(content: bytes) -> openpyxl.Workbook:
    """The workbook in ``content`` as Excel opens it: ``_xHHHH_`` in text is the character
    (OOXML's ST_Xstring; an XML parser alone turns a stored carriage return into a newline)."""
    book = openpyxl.load_workbook(io.BytesIO(content))
    _recode_text(book, unescape)
    return book


def _recode_text(book: openpyxl.Workbook, code: Callable[[str], str]) -> list[tuple[Any, str]]:
    """Apply ``code`` to every text cell's value; the cells changed, with their old text."""
    changed: list[tuple[Any, str]] = []
    for sheet in book.worksheets:
        for cell in sheet._cells.values():
            if cell.data_type == "s" and isinstance(cell.value, str):
                coded = code(cell.value)
                if coded != cell.value:
                    changed.append((cell, cell.value))
                    cell.value = coded
    return changed
