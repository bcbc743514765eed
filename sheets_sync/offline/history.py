"""Dated snapshots of the gap tabs, kept at every mirror and push, and what changed between two.

Commissioners keep editing the gap analysis for months; the history answers "what did we
change since the workshop?". Each snapshot is one small JSON file in ``history/<config stem>/``
beside the workshop config, named ``YYYY-mm-ddTHHMMSS-<event>.json`` so they sort by time,
holding the rows of :mod:`sheets_sync.offline.codec` (so every value round-trips exactly).
Only the gap tabs are kept. A snapshot equal to the latest one is not written again, so a
push that changed nothing adds nothing. Files are written atomically (temporary file, then
rename); a damaged file raises :class:`~sheets_sync.errors.WorkbookCorrupt` naming it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sheets_sync.errors import ConfigError, WorkbookCorrupt
from sheets_sync.files import write_text_atomically
from sheets_sync.merge.workbook import CellChange, diff
from sheets_sync.model import WorkbookSnapshot
from sheets_sync.offline.codec import StoredSnapshot, decode, encode
from sheets_sync.offline.look import GAP_ROWS
from sheets_sync.tabs.keys import gap_code

__all__ = ["History", "HistoryEntry", "gap_tabs_only", "history_folder"]


def history_folder(config_path: Path) -> Path:
    """``<config folder>/history/<config stem>/``: one folder per workshop config."""
    return config_path.resolve().parent / "history" / config_path.stem


def gap_tabs_only(snapshot: WorkbookSnapshot) -> WorkbookSnapshot:
    """The gap tabs of ``snapshot`` (keys ``gap:<CODE>``), in order."""
    tabs = [t for t in snapshot.tabs if gap_code(t.key) is not None]
    return WorkbookSnapshot(tabs, snapshot.revision)


@dataclass(frozen=True)
class HistoryEntry:
    """One kept snapshot: its number (1 = oldest), file, time and what made it."""

    number: int
    path: Path
    taken_at: str
    event: str

    @property
    def name(self) -> str:
        return self.path.name


class History:
    """The snapshots in ``folder`` (created on the first :meth:`record`)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def entries(self) -> list[HistoryEntry]:
        """Every kept snapshot, oldest first."""
        if not self.folder.is_dir():
            return []
        files = sorted(p for p in self.folder.glob("*.json") if not p.name.startswith("."))
        out = []
        for n, path in enumerate(files, start=1):
            taken, event = _split(path.stem)
            out.append(HistoryEntry(n, path, taken, event))
        return out

    def record(self, stored: StoredSnapshot, event: str) -> Path | None:
        """Keep the gap tabs of ``stored``; the new file, or ``None`` if nothing changed."""
        gaps = StoredSnapshot(stored.meta, gap_tabs_only(stored.snapshot))
        entries = self.entries()
        if entries:
            latest = self.load(entries[-1])
            if not diff(latest.snapshot, gaps.snapshot, keyed=(GAP_ROWS,)):
                return None
        self.folder.mkdir(parents=True, exist_ok=True)
        stamp = stored.meta.taken_at.strftime("%Y-%m-%dT%H%M%S")
        path = self.folder / f"{stamp}-{event}.json"
        n = 2
        while path.exists():
            path = self.folder / f"{stamp}-{event}-{n}.json"
            n += 1
        text = json.dumps({"rows": encode(gaps.snapshot, gaps.meta)}, ensure_ascii=True)
        write_text_atomically(path, text + "\n")
        return path

    def load(self, entry: HistoryEntry) -> StoredSnapshot:
        """The snapshot ``entry`` keeps."""
        try:
            rows = json.loads(entry.path.read_text(encoding="ascii"))["rows"]
            return decode(rows)
        except (OSError, ValueError, KeyError, TypeError, WorkbookCorrupt) as exc:
            raise WorkbookCorrupt(
                f"{entry.path}: this history snapshot cannot be read ({str(exc)[:120]}); "
                "delete the file or restore it"
            ) from None

    def pick(self, ref: str) -> HistoryEntry:
        """The entry named by ``ref``: its number (``-1`` = newest) or a prefix of its name."""
        entries = self.entries()
        if not entries:
            raise ConfigError(
                f"no history yet in {self.folder}: it is kept at every mirror and push"
            )
        try:
            n = int(ref)
        except ValueError:
            found = [e for e in entries if e.name.startswith(ref)]
            if len(found) != 1:
                what = "matches no" if not found else f"matches {len(found)}"
                raise ConfigError(
                    f"{ref!r} {what} snapshot in {self.folder}; "
                    "use a number from `sheets-sync history list` or more of the name"
                ) from None
            return found[0]
        if n < 0:
            n = len(entries) + 1 + n
        if not 1 <= n <= len(entries):
            raise ConfigError(f"there is no snapshot {ref}: the history has 1 to {len(entries)}")
        return entries[n - 1]

    def changes(self, old: HistoryEntry, new: HistoryEntry) -> list[CellChange]:
        """What changed in the gap tabs from ``old`` to ``new`` (rows matched by id)."""
        return diff(self.load(old).snapshot, self.load(new).snapshot, keyed=(GAP_ROWS,))


def _split(stem: str) -> tuple[str, str]:
    """``2026-12-03T103000-push`` -> ``('2026-12-03 10:30:00', 'push')``."""
    try:
        when = datetime.strptime(stem[:17], "%Y-%m-%dT%H%M%S")
    except ValueError:
        return stem, ""
    return when.strftime("%Y-%m-%d %H:%M:%S"), stem[18:]
