"""The xlsx adapter: a workshop workbook as a local .xlsx file, through openpyxl.

The offline default: venues lose wifi and many NHS and council staff work in Excel. It
implements :class:`~sheets_sync.backends.base.WorkbookBackend` (see that module for the contract);
what is particular to a file:

* **Round trips.** :meth:`XlsxBackend.read` loads the file once; :meth:`XlsxBackend.apply`
  applies every change in memory and saves once, atomically (a temporary file beside it,
  fsync, ``os.replace``). If any change fails nothing is written; an empty list does not touch
  the file; a file saved by someone else meanwhile is not overwritten.
* **One parse.** The backend keeps the workbook it last loaded or saved, with the SHA-256 of
  the file's bytes. The next call reads the bytes again (cheap) and, when they hash the same,
  works on the kept workbook instead of parsing the file again, so a read followed by an apply
  parses once. A change that fails, or a file changed by anyone else, drops what was kept.
  :attr:`XlsxBackend.loads` and :attr:`XlsxBackend.saves` count the parses and the saves.
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
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from openpyxl.workbook.workbook import Workbook

from sheets_sync.backends.base import WorkbookBackend
from sheets_sync.backends.xlsx.disk import (
    FileState,
    Writer,
    back_up,
    collector_paused,
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


@dataclass(frozen=True)
class _Kept:
    """A workbook as loaded from, or saved to, the file whose bytes hash to ``digest``."""

    digest: str
    wb: Workbook
    lost: tuple[str, ...]


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
        #: How many times this backend parsed the file, and saved it.
        self.loads = 0
        self.saves = 0
        self._kept: _Kept | None = None

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
        with collector_paused():
            wb = Workbook()
            wb.remove(wb.worksheets[0])
            session = Session(wb, [])
            session.apply_all(changes)
            session.finish()
            wb.properties.title = self.path.stem
            wb.properties.creator = "sheets_sync"
            backup = back_up(self.path, self.clock()) if replace and self.path.exists() else None
            self._kept = None
            self._save(wb, exclusive=not replace)
        self._report(session.lost)
        return str(backup) if backup is not None else None

    def read(self) -> WorkbookSnapshot:
        """Every tab with its key, title, typed values, anchors and hidden state.

        ``revision`` is a hash of the file's bytes. Raises ``WorkbookNotFound`` or
        ``WorkbookCorrupt`` (one line, naming the file).
        """
        with collector_paused():
            session, _, digest = self._open()
            self._kept = _Kept(digest, session.wb, tuple(session.lost))
            return session.snapshot(revision=digest)

    def apply(self, changes: Sequence[Change]) -> None:
        """Apply ``changes`` in order and save once; all or nothing (see the module docs)."""
        if not changes:
            return
        with collector_paused():
            session, state, _ = self._open()
            session.apply_all(changes)
            session.finish()
            warn_if_open(self.path)
            self._save(session.wb, expect=state)
        self._report(session.lost)

    def unkeepable_features(self) -> list[str]:
        """What the next :meth:`apply` would not keep, without changing the file."""
        with collector_paused():
            session, _, digest = self._open()
            self._kept = _Kept(digest, session.wb, tuple(session.lost))
            return session.unkeepable()

    def _open(self) -> tuple[Session, FileState, str]:
        """A session on the file's workbook: the kept one if the bytes are unchanged, else a
        fresh parse. What was kept is handed over, so a failing change cannot leave it
        half-changed for the next call."""
        data, state = read_file(self.path)
        digest = hashlib.sha256(data).hexdigest()
        kept, self._kept = self._kept, None
        if kept is not None and kept.digest == digest:
            return Session(kept.wb, list(kept.lost)), state, digest
        wb, lost = load(self.path, data)
        self.loads += 1
        return Session(wb, lost), state, digest

    def _save(
        self, wb: Workbook, *, expect: FileState | None = None, exclusive: bool = False
    ) -> None:
        """Save atomically; keep the saved workbook for the next call. A save drops what the
        load could not keep, so a fresh parse of the new file would find nothing to report."""
        digest = write_atomically(self.path, wb, self.writer, expect=expect, exclusive=exclusive)
        self.saves += 1
        self._kept = _Kept(digest, wb, ())

    def _report(self, lost: list[str]) -> None:
        self.lost_features = list(lost)
        for line in lost:
            log.warning("%s: not kept: %s", self.path, line)
