"""The backend port: what the workshop logic needs from a workbook, and nothing more.

The workshop logic (:mod:`sheets_sync.workshop.facade`) is written once against
:class:`WorkbookBackend`. Two adapters implement it: ``sheets_sync.backends.xlsx.adapter``
(openpyxl, a local file) and ``sheets_sync.backends.google`` (gspread, a shared Google Sheet).
Business rules never live in an adapter; an adapter only translates this vocabulary to its storage.

The contract, which ``tests/contract`` runs against every backend:

* :meth:`WorkbookBackend.read` returns the whole workbook in **one** round trip: every tab with
  its tool key (a tag that survives a person renaming the tab), title, the values exactly as
  typed (a formula as :class:`Formula`, text that merely starts with ``=`` as plain ``str``),
  and the current row of every named anchor (anchors follow rows a person inserts above).
* :meth:`WorkbookBackend.apply` performs a list of :data:`Change` objects **atomically** (all or
  nothing) in **one** round trip, in order. A ``str`` value is always stored as text, never
  parsed into a formula or number; only :class:`Formula` values become formulas.
* :meth:`WorkbookBackend.create` makes a new workbook holding exactly the tabs it is given; it
  refuses (:class:`~sheets_sync.errors.WorkbookExists`) when one exists, unless ``replace`` is
  true, in which case the old one is kept as a backup first.

* :meth:`WorkbookBackend.origin` says which workbook this is and which version of it was
  read, for the snapshot an offline mirror stores (:class:`Origin`).

The values it speaks are in :mod:`sheets_sync.model`.
"""

from __future__ import annotations

import abc
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from sheets_sync.model import Change, WorkbookSnapshot


class Origin(Protocol):
    """Which online workbook this is, and its current version (for the stored snapshot)."""

    def identity(self) -> str:
        """A stable id: the spreadsheet id, or the file's resolved path."""

    def version(self) -> str | None:
        """The current version tag (Drive's file version; a file's hash), or ``None``."""


class WorkbookBackend(abc.ABC):
    """Where a workshop workbook lives. See the module docstring for the contract."""

    #: Short name shown to people: ``"xlsx"`` or ``"google"``.
    name: str = ""

    @abc.abstractmethod
    def location(self) -> str:
        """Where the workbook is, for people: a file path or a spreadsheet URL."""

    @abc.abstractmethod
    def exists(self) -> bool:
        """Whether the workbook exists (cheap; may cost a request on Google)."""

    @abc.abstractmethod
    def create(self, changes: Sequence[Change], *, replace: bool = False) -> str | None:
        """Make a new workbook from ``changes`` (normally all :class:`AddTab`).

        Raises ``WorkbookExists`` if one exists and ``replace`` is false. With ``replace``, the
        existing workbook is backed up first and the backup's location is returned.
        """

    @abc.abstractmethod
    def read(self) -> WorkbookSnapshot:
        """Every tab with keys, titles, values as typed and anchors, in one round trip.

        Raises ``WorkbookNotFound`` if there is no workbook, ``WorkbookCorrupt`` if unreadable.
        """

    @abc.abstractmethod
    def apply(self, changes: Sequence[Change]) -> None:
        """Apply ``changes`` in order, atomically, in one round trip. No-op for an empty list."""

    def origin(self) -> Origin:
        """Which workbook this is and its version; by default known by location alone."""
        return PlainOrigin(self)


@dataclass(frozen=True)
class PlainOrigin:
    """An online copy known only by its location; no version."""

    backend: WorkbookBackend

    def identity(self) -> str:
        return self.backend.location()

    def version(self) -> str | None:
        return None
