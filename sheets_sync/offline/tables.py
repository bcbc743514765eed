"""For a venue without any wifi: one small .xlsx per table, and collecting them back.

:func:`export_tables` reads the workbook once and writes, per table tab, a file holding that
tab (with its dropdown), the About tab (the 17 principles the dropdown lists) and, on a hidden
tab, the snapshot of the table tab it was taken from — so :func:`collect` can merge each file
back cell by cell with exactly the rules of ``push`` (:func:`sheets_sync.offline.plan.plan_push`):
a change only in the file is written, a change only online is kept (and pulled into the file),
a change on both sides to different values is a conflict. Collecting the same file twice
writes nothing the second time.

:func:`collect` checks every file before it writes anything (it is an export of this workbook,
its base is intact), merges them in order (two files of the same table: the second merges
with the first's result), writes everything online in **one** apply, then renews each file's
snapshot. ``check`` validates each merged table on the way, so the facilitator sees at once
which tables still have a problem.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Literal

from sheets_sync.backends import xlsx_backend
from sheets_sync.backends.base import Origin, WorkbookBackend
from sheets_sync.core.validate import TableCheck
from sheets_sync.errors import WorkbookError
from sheets_sync.merge.workbook import Conflict
from sheets_sync.model import Change, Tab, WorkbookSnapshot
from sheets_sync.offline.codec import SnapshotMeta, StoredSnapshot
from sheets_sync.offline.local import LocalView, view_local
from sheets_sync.offline.look import Look
from sheets_sync.offline.plan import PushPlan, cells_in, plan_push
from sheets_sync.offline.sync import mirror_changes
from sheets_sync.tabs.keys import ABOUT, table_number

__all__ = ["CollectResult", "CollectedFile", "ExportedTable", "collect", "export_tables"]

CheckTable = Callable[[str, Tab], TableCheck | None]


def _file_name(title: str) -> str:
    return re.sub(r"[^\w .()-]+", "_", title).strip(" .") or "table"


@dataclass(frozen=True)
class ExportedTable:
    """One table's file: the tab key and title, where it was written, any backup made."""

    key: str
    title: str
    path: str
    backup: str | None = None


def export_tables(
    online: WorkbookBackend,
    origin: Origin,
    out_dir: Path,
    *,
    look: Look | None = None,
    clock: Callable[[], datetime],
    replace_files: bool = False,
) -> list[ExportedTable]:
    """Write ``<out_dir>/<table title>.xlsx`` for every table tab of ``online``.

    Two reads of the online copy (version, then every tab). An existing file is refused
    (``WorkbookExists``) unless ``replace_files``, which keeps a backup of it.
    """
    version = origin.version()
    snap = online.read()
    meta = SnapshotMeta(origin.identity(), clock(), version)
    about = snap.get(ABOUT)
    out_dir.mkdir(parents=True, exist_ok=True)
    done = []
    for tab in snap.tabs:
        if tab.key is None or table_number(tab.key) is None:
            continue
        tabs = [t for t in (about, tab) if t is not None]
        stored = StoredSnapshot(meta, WorkbookSnapshot(tabs, version))
        changes, _ = mirror_changes(stored, look)
        path = out_dir / f"{_file_name(tab.title)}.xlsx"
        backup = xlsx_backend(path).create(changes, replace=replace_files)
        done.append(ExportedTable(tab.key, tab.title, str(path), backup))
    return done


@dataclass(frozen=True)
class CollectedFile:
    """What collecting one file did; ``check`` is the merged table's validation."""

    path: str
    tables: tuple[str, ...]
    online_cells: int
    local_cells: int
    conflicts: tuple[Conflict, ...] = ()
    notes: tuple[str, ...] = ()
    checks: tuple[TableCheck, ...] = ()


@dataclass(frozen=True)
class CollectResult:
    """Every collected file, and the one online write they made together."""

    online: str
    files: tuple[CollectedFile, ...]
    online_cells: int
    online_kind: str = ""

    @property
    def conflicts(self) -> tuple[Conflict, ...]:
        return tuple(c for f in self.files for c in f.conflicts)

    @property
    def clean(self) -> bool:
        return not self.conflicts


def collect(
    online: WorkbookBackend,
    origin: Origin,
    files: Sequence[Path],
    *,
    look: Look | None = None,
    clock: Callable[[], datetime],
    prefer: Literal["local", "online"] | None = None,
    check: CheckTable | None = None,
) -> CollectResult:
    """Merge each exported file back into ``online`` (see the module docstring)."""
    identity = origin.identity()
    views = [(Path(f), _exported(Path(f), identity)) for f in files]
    current = online.read()
    plans: list[tuple[Path, PushPlan, tuple[str, ...]]] = []
    to_online: list[Change] = []
    for path, view in views:
        assert view.stored is not None
        keys = _table_keys(view.stored.snapshot)
        plan = plan_push(view, current, prefer=prefer, look=look, keys=keys)
        to_online += plan.to_online
        merged = {t.key: t for t in plan.base.tabs}
        current = replace(current, tabs=[merged.get(t.key, t) if t.key else t for t in current])
        plans.append((path, plan, keys))
    if to_online:
        online.apply(to_online)
    renew = [p for _, p, _ in plans if p.changes_something]
    meta = SnapshotMeta(identity, clock(), origin.version() if renew else None)
    results = []
    for path, plan, keys in plans:
        if plan in renew:
            xlsx_backend(path).apply(plan.local_changes(meta))
        checks = tuple(
            c
            for k in keys
            if check is not None
            and (tab := current.get(k)) is not None
            and (c := check(k, tab)) is not None
        )
        results.append(
            CollectedFile(
                str(path),
                tuple(t.title for t in plan.base.tabs),
                cells_in(plan.to_online),
                cells_in(plan.to_local),
                plan.result.conflicts,
                plan.notes,
                checks,
            )
        )
    return CollectResult(online.location(), tuple(results), cells_in(to_online), online.name)


def _table_keys(snapshot: WorkbookSnapshot) -> tuple[str, ...]:
    return tuple(
        t.key for t in snapshot.tabs if t.key is not None and table_number(t.key) is not None
    )


def _exported(path: Path, identity: str) -> LocalView:
    """The file as a :class:`LocalView`; refuses anything that is not an export of this
    workbook, before anything is written."""
    view = view_local(xlsx_backend(path).read())
    if view.stored is None or not _table_keys(view.stored.snapshot):
        raise WorkbookError(
            f"{path} is not a table file written by `sheets-sync export-tables` (it has no "
            "saved snapshot of a table tab); nothing was collected"
        )
    if view.stored.meta.spreadsheet_id != identity:
        raise WorkbookError(
            f"{path} was exported from {view.stored.meta.spreadsheet_id}, not from {identity}; "
            "nothing was collected"
        )
    return view
