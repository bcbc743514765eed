"""Mirror, edit offline, push: the offline round trip between two backends.

``online`` is the shared workbook (Google Sheets, or an .xlsx standing in for it); ``local`` is the
file people take offline. Each operation reads each side once, merges in pure code
(:func:`sheets_sync.merge.workbook.merge`), applies ``to_online`` in one ``apply`` and ``to_local``
in one ``apply``, and stores the new base snapshot in the local file
(:mod:`sheets_sync.offline.local`).

The contract (``SPEC.md``, "Offline round trip", "Nothing a person typed is ever lost"):

* :meth:`OfflineSync.mirror` copies every tab and value to a new local file with the
  templates' look and the base snapshot (spreadsheet id, time, Drive version, every value).
  Over a file with unpushed edits it refuses (:class:`UnpushedEdits`), or with ``merge=True``
  pushes them instead; it never throws local work away. The file it replaces is backed up.
* :meth:`OfflineSync.push` writes cells changed only locally, pulls cells changed only online,
  and reports cells changed on both sides to different values as conflicts (nothing written
  for them) unless ``prefer`` picks a side. It then renews the base. Pushing again changes
  nothing and writes nothing.
* **Crash safety.** Every save of the local file is atomic (the adapter's). A push saves the
  local writes — online edits pulled in, and the ids it gives new gap rows — first, then
  writes online, then saves the renewed base. A crash at any point leaves the old base in the
  file; a re-run finds the cells already written agreeing on both sides (no conflict) and
  matches every new gap row by its id (no duplicate), then finishes. Without the first save
  a new offline row written online into a pre-made row would come back as a second row.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Literal

from sheets_sync.backends.base import Origin, WorkbookBackend
from sheets_sync.errors import UnpushedEdits, WorkbookError
from sheets_sync.merge.workbook import CellChange, Conflict, diff
from sheets_sync.model import AddTab, Change, TabSpec, WorkbookSnapshot, local_now
from sheets_sync.offline.codec import SnapshotMeta, StoredSnapshot
from sheets_sync.offline.local import (
    PERSON_PREFIX,
    KeptOnline,
    LocalView,
    base_changes,
    base_tab,
    fit_for_local,
    view_local,
)
from sheets_sync.offline.look import GAP_ROWS, Look, spec_of
from sheets_sync.offline.plan import PushPlan, cells_in, plan_push

__all__ = ["MirrorResult", "OfflineSync", "PushResult", "UnpushedEdits", "mirror_changes"]

Prefer = Literal["local", "online"] | None
OnBase = Callable[[StoredSnapshot, str], None]


@dataclass(frozen=True)
class PushResult:
    """What a push (or collect) did. ``conflicts`` left nothing written for their cells."""

    online: str
    local: str
    online_cells: int
    local_cells: int
    conflicts: tuple[Conflict, ...] = ()
    resolved: tuple[Conflict, ...] = ()
    notes: tuple[str, ...] = ()
    kept_online: tuple[KeptOnline, ...] = ()
    warnings: tuple[str, ...] = ()
    renewed: bool = False

    @property
    def clean(self) -> bool:
        return not self.conflicts


@dataclass(frozen=True)
class MirrorResult:
    """What a mirror did: ``created`` or ``replaced`` the local file, found it ``unchanged``,
    or ``merged`` its unpushed edits (``push`` says how)."""

    online: str
    local: str
    action: Literal["created", "replaced", "unchanged", "merged"]
    tabs: tuple[str, ...] = ()
    version: str | None = None
    taken_at: datetime | None = None
    backup: str | None = None
    kept_online: tuple[KeptOnline, ...] = ()
    warnings: tuple[str, ...] = ()
    push: PushResult | None = None
    online_kind: str = ""


@dataclass
class OfflineSync:
    """The offline round trip between ``online`` and ``local``.

    ``look`` gives tab specs and tool-owned cells (``None``: plain tabs, nothing owned);
    ``origin`` identifies the online copy and its version (default: ``online.origin()``);
    ``on_base`` is told every base snapshot stored, with ``"mirror"`` or ``"push"``.
    """

    online: WorkbookBackend
    local: WorkbookBackend
    look: Look | None = None
    origin: Origin | None = None
    clock: Callable[[], datetime] = local_now
    on_base: OnBase | None = None
    _origin: Origin = field(init=False)

    def __post_init__(self) -> None:
        self._origin = self.origin or self.online.origin()

    # ------------------------------------------------------------------ reading

    def read_local(self) -> LocalView:
        """The local file as the merge sees it, with its base (raises if not a mirror)."""
        view = view_local(self.local.read())
        if view.stored is None:
            raise WorkbookError(
                f"{self.local.location()} holds no sheets_sync snapshot, so it was not made by "
                "`sheets-sync mirror`: move it aside, or name another file with --local"
            )
        identity = self._origin.identity()
        if view.stored.meta.spreadsheet_id != identity:
            raise WorkbookError(
                f"{self.local.location()} is a mirror of {view.stored.meta.spreadsheet_id}, "
                f"not of {identity}: push it to the workbook it came from, or mirror this one "
                "to another --local file"
            )
        return view

    def pending(self, view: LocalView | None = None) -> list[CellChange]:
        """The local edits not pushed yet (tabs added, removed, renamed and cells)."""
        view = view or self.read_local()
        assert view.stored is not None
        return diff(view.stored.snapshot, view.snapshot, keyed=(GAP_ROWS,))

    # ------------------------------------------------------------------ mirror

    def mirror(self, *, merge: bool = False) -> MirrorResult:
        """Copy the online workbook to the local file (see the module docstring).

        Costs two reads of the online copy (its version, then every tab) and no write.
        """
        view: LocalView | None = None
        if self.local.exists():
            view = self.read_local()
            edits = self.pending(view)
            if edits:
                if not merge:
                    raise UnpushedEdits(
                        f"{self.local.location()} has {len(edits)} change(s) not pushed yet "
                        f"(first: {edits[0].line()}): run `sheets-sync push`, or "
                        "`sheets-sync mirror --merge` to merge them"
                    )
                pushed = self.push(view=view)
                return MirrorResult(
                    self.online.location(),
                    self.local.location(),
                    "merged",
                    push=pushed,
                    online_kind=self.online.name,
                )
        version = self._origin.version()
        online = self.online.read()
        if (
            view is not None
            and view.stored is not None
            and not diff(view.stored.snapshot, online, keyed=(GAP_ROWS,))
        ):
            meta = view.stored.meta
            return MirrorResult(
                self.online.location(),
                self.local.location(),
                "unchanged",
                tuple(t.title for t in online),
                meta.drive_version,
                meta.taken_at,
                online_kind=self.online.name,
            )
        warnings = tuple(self._would_lose()) if view is not None else ()
        meta = SnapshotMeta(self._origin.identity(), self.clock(), version)
        stored = StoredSnapshot(meta, WorkbookSnapshot(list(online.tabs), version))
        changes, kept = mirror_changes(stored, self.look)
        backup = self.local.create(changes, replace=view is not None)
        if self.on_base is not None:
            self.on_base(stored, "mirror")
        return MirrorResult(
            self.online.location(),
            self.local.location(),
            "replaced" if view is not None else "created",
            tuple(t.title for t in online),
            version,
            meta.taken_at,
            backup,
            tuple(kept),
            warnings,
            online_kind=self.online.name,
        )

    # ------------------------------------------------------------------ push

    def push(self, *, prefer: Prefer = None, view: LocalView | None = None) -> PushResult:
        """Merge the local edits into the online copy and the online edits into the file.

        One read and at most one write of the online copy (plus one version request once
        something changed); one read of the local file and at most two saves (see the
        module docstring, "Crash safety").
        """
        view = view or self.read_local()
        assert view.stored is not None
        online = self.online.read()
        plan = plan_push(view, online, prefer=prefer, look=self.look)
        if not plan.changes_something:
            return self._result(plan, [], False)
        warnings = self._would_lose()
        if plan.to_online:
            # The local writes (with the ids given to new rows) are saved before the online
            # write, the base only after it: whichever step a crash interrupts, a re-run
            # matches every new row by its id and finds both sides agreeing.
            if plan.to_local:
                self.local.apply(plan.to_local)
            self.online.apply(plan.to_online)
            meta = SnapshotMeta(self._origin.identity(), self.clock(), self._origin.version())
            self.local.apply(base_changes(plan.stored(meta), view.base_rows))
        else:
            meta = SnapshotMeta(self._origin.identity(), self.clock(), self._origin.version())
            self.local.apply(plan.local_changes(meta))
        if self.on_base is not None:
            self.on_base(plan.stored(meta), "push")
        return self._result(plan, warnings, True)

    def _result(self, plan: PushPlan, warnings: Sequence[str], renewed: bool) -> PushResult:
        r = plan.result
        return PushResult(
            self.online.location(),
            self.local.location(),
            cells_in(plan.to_online),
            cells_in(plan.to_local),
            r.conflicts,
            r.resolved,
            plan.notes,
            tuple(plan.kept),
            tuple(warnings),
            renewed,
        )

    def _would_lose(self) -> list[str]:
        """What rewriting the local file would drop (features openpyxl cannot keep)."""
        probe = getattr(self.local, "unkeepable_features", None)
        return list(probe()) if callable(probe) else []


def mirror_changes(
    stored: StoredSnapshot, look: Look | None
) -> tuple[list[Change], list[KeptOnline]]:
    """The tabs of a new local file holding ``stored``: every online tab with its template's
    look (tabs people made get a ``person:`` key), the base tab, then the look's extras."""
    online = stored.snapshot
    keys = {t.key for t in online if t.key is not None}
    adds: list[Change] = []
    for n, tab in enumerate(online.tabs, start=1):
        if tab.key is None:
            spec = TabSpec(key=f"{PERSON_PREFIX}{n}", title=tab.title, hidden=tab.hidden)
        else:
            spec = spec_of(tab, look)
            dropdowns = tuple(d for d in spec.dropdowns if d.source_tab in keys)
            if dropdowns != spec.dropdowns:
                spec = replace(spec, dropdowns=dropdowns)
        adds.append(AddTab(spec, dict(tab.cells)))
    titles = {t.key: t.title for t in online if t.key is not None}
    fitted, kept = fit_for_local(adds, titles)
    extras = look.extras(online) if look is not None else []
    return [*fitted, base_tab(stored), *extras], kept
