"""The xlsx adapter: a workshop workbook as a local .xlsx file, through openpyxl.

The offline default: venues lose wifi and many NHS and council staff work in Excel. It
implements :class:`~sheets_sync.backends.base.WorkbookBackend` (see that module for the contract);
what is particular to a file:

* **Round trips.** :meth:`XlsxBackend.read` loads the file once; :meth:`XlsxBackend.apply`
  loads it once, applies every change in memory and saves once, atomically (a temporary file
  beside it, fsync, ``os.replace``). If any change fails nothing is written; an empty list does
  not touch the file; a file saved by someone else meanwhile is not overwritten.
* **Keys and anchors** are hidden workbook defined names, which Excel and LibreOffice rewrite
  when a person renames a tab or inserts rows (:mod:`._xlsx_names`). Tabs people made have no
  key.
* **Values** keep their type: text is text even when it starts with ``=``, only
  :class:`~sheets_sync.model.Formula` is a formula, CRLF and control characters survive, and
  over-long text is refused rather than cut (:mod:`._xlsx_cells`).
* **Layout** (widths, frozen panes, formatting, dropdowns, protection that leaves every other
  cell, down to the last row, editable) is in :mod:`._xlsx_layout`. Hidden tabs are ordinary
  hidden sheets, which people can unhide, except the tool's own (titles starting with
  ``_sheets_sync``: its records, state and snapshot tabs), which every save makes very
  hidden again, whatever a spreadsheet program did to them meanwhile (LibreOffice saves very
  hidden sheets as plain hidden).
* **Charts** are kept as specs and re-drawn on every save (:mod:`._xlsx_charts`).
* **What openpyxl cannot keep.** Dropdowns Excel stored in its extension list are restored
  (:mod:`._xlsx_parts`); every other feature a save drops (shapes, sparklines, charts people
  made…) is logged as a warning and listed in :attr:`XlsxBackend.lost_features`;
  :meth:`XlsxBackend.unkeepable_features` tells in advance.

Formulas are recalculated when the file is next opened (``fullCalcOnLoad``), since openpyxl
computes nothing.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

from openpyxl.workbook.workbook import Workbook

from sheets_sync.backends.base import WorkbookBackend
from sheets_sync.backends.xlsx.disk import (
    Writer,
    back_up,
    load,
    read_file,
    save_workbook,
    warn_if_open,
    write_atomically,
)
from sheets_sync.backends.xlsx.origin import FileOrigin
from sheets_sync.backends.xlsx.session import Session
from sheets_sync.errors import WorkbookExists
from sheets_sync.model import Change, WorkbookSnapshot

log = logging.getLogger("sheets_sync.backends.xlsx.adapter")

__all__ = ["XlsxBackend"]


class XlsxBackend(WorkbookBackend):
    """A workbook in the .xlsx file at ``path``.

    ``clock`` names backups (``<stem>.backup-YYYYmmdd-HHMMSS.xlsx``); ``writer`` saves an
    openpyxl workbook to a stream (tests inject one that fails midway).
    """

    name = "xlsx"

    def __init__(
        self,
        path: Path | str,
        *,
        clock: Callable[[], datetime] = datetime.now,
        writer: Writer = save_workbook,
    ) -> None:
        self.path = Path(path)
        self.clock = clock
        self.writer = writer
        #: What the last :meth:`create` or :meth:`apply` could not keep, one line each.
        self.lost_features: list[str] = []

    def __repr__(self) -> str:
        return f"XlsxBackend({str(self.path)!r})"

    def origin(self) -> FileOrigin:
        """The file's resolved path, and the SHA-256 of its bytes as its version."""
        return FileOrigin(self.path)

    def location(self) -> str:
        """The file's path."""
        return str(self.path)

    def exists(self) -> bool:
        """Whether the file exists (it may still be unreadable)."""
        return self.path.is_file()

    def create(self, changes: Sequence[Change], *, replace: bool = False) -> str | None:
        """Write a new workbook holding exactly the tabs in ``changes``.

        Raises ``WorkbookExists`` (suggesting ``--force``) if the file exists and ``replace`` is
        false. With ``replace`` the old file is first copied to
        ``<stem>.backup-YYYYmmdd-HHMMSS.xlsx`` beside it, and that path is returned. The parent
        folder is created if needed. Nothing is written if a change fails.
        """
        if not replace and self.path.exists():
            raise WorkbookExists(
                f"{self.path} already exists; use --force to replace it "
                "(the old file is kept as a backup)"
            )
        wb = Workbook()
        wb.remove(wb.worksheets[0])
        session = Session(wb, [])
        session.apply_all(changes)
        session.finish()
        wb.properties.title = self.path.stem
        wb.properties.creator = "sheets_sync"
        backup = back_up(self.path, self.clock()) if replace and self.path.exists() else None
        write_atomically(self.path, wb, self.writer, exclusive=not replace)
        self._report(session.lost)
        return str(backup) if backup is not None else None

    def read(self) -> WorkbookSnapshot:
        """Every tab with its key, title, typed values, anchors and hidden state.

        ``revision`` is a hash of the file's bytes. Raises ``WorkbookNotFound`` or
        ``WorkbookCorrupt`` (one line, naming the file).
        """
        data, _ = read_file(self.path)
        wb, _lost = load(self.path, data)
        return Session(wb, []).snapshot(revision=hashlib.sha256(data).hexdigest())

    def apply(self, changes: Sequence[Change]) -> None:
        """Apply ``changes`` in order and save once; all or nothing (see the module docs)."""
        if not changes:
            return
        data, state = read_file(self.path)
        wb, lost = load(self.path, data)
        session = Session(wb, lost)
        session.apply_all(changes)
        session.finish()
        warn_if_open(self.path)
        write_atomically(self.path, wb, self.writer, expect=state)
        self._report(session.lost)

    def unkeepable_features(self) -> list[str]:
        """What the next :meth:`apply` would not keep, without changing the file."""
        data, _ = read_file(self.path)
        wb, lost = load(self.path, data)
        session = Session(wb, lost)
        session.finish()
        return session.lost

    def _report(self, lost: list[str]) -> None:
        self.lost_features = list(lost)
        for line in lost:
            log.warning("%s: not kept: %s", self.path, line)
