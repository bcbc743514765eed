"""Planning one push (or the collect of one exported file): pure, snapshots in, changes out.

:func:`plan_push` runs the three-way merge of a local file (its base and its values) with the
online workbook as read, and works out everything :class:`~sheets_sync.offline.sync.OfflineSync`
then applies: the online writes, the local writes (text too long for Excel replaced by a
placeholder, never cut) and the next base, whose metadata is only known after the online write.

A tab deleted online and untouched offline should leave the local file too, but the port
cannot delete a tab; it stays in the file and in the next base (so it is never recreated
online unless someone edits it offline), and a note says to delete it by hand or mirror again.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from sheets_sync.merge.workbook import MergeResult, diff, merge
from sheets_sync.model import AddTab, Change, UpdateTab, WorkbookSnapshot, WriteRange
from sheets_sync.offline.codec import SnapshotMeta, StoredSnapshot
from sheets_sync.offline.local import KeptOnline, LocalView, base_changes, fit_for_local, only
from sheets_sync.offline.look import GAP_ROWS, Look

__all__ = ["PushPlan", "cells_in", "plan_push"]


def cells_in(changes: Iterable[Change]) -> int:
    """How many cells (or tab properties) ``changes`` write."""
    n = 0
    for c in changes:
        if isinstance(c, WriteRange):
            n += sum(len(r) for r in c.values)
        elif isinstance(c, AddTab):
            n += max(1, len(c.cells))
        elif isinstance(c, UpdateTab):
            n += 1
    return n


@dataclass
class PushPlan:
    """The merge of one local file with the online copy, ready to apply."""

    view: LocalView
    result: MergeResult
    to_online: list[Change]
    to_local: list[Change]
    base: WorkbookSnapshot
    kept: list[KeptOnline] = field(default_factory=list)
    notes: tuple[str, ...] = ()

    @property
    def changes_something(self) -> bool:
        """Whether either side or the stored base has to change."""
        assert self.view.stored is not None
        return bool(self.to_online or self.to_local) or bool(
            diff(self.view.stored.snapshot, self.base, keyed=(GAP_ROWS,))
        )

    def stored(self, meta: SnapshotMeta) -> StoredSnapshot:
        """The next base with its metadata (its revision is the meta's Drive version)."""
        return StoredSnapshot(meta, WorkbookSnapshot(list(self.base.tabs), meta.drive_version))

    def local_changes(self, meta: SnapshotMeta) -> list[Change]:
        """The local writes, then the rewrite of the stored base, for one ``apply``."""
        return [*self.to_local, *base_changes(self.stored(meta), self.view.base_rows)]


def plan_push(
    view: LocalView,
    online: WorkbookSnapshot,
    *,
    prefer: Literal["local", "online"] | None = None,
    look: Look | None = None,
    keys: Sequence[str] | None = None,
) -> PushPlan:
    """Merge ``view`` (a local file with its base) with ``online``.

    ``keys`` limits the merge to those tabs (an exported table file holds only its own);
    the other tabs of the stored base are kept in the next base as they were.
    """
    assert view.stored is not None
    base, local = view.stored.snapshot, view.snapshot
    if keys is not None:
        base, local, online = only(base, keys), only(local, keys), only(online, keys)
    result = merge(
        base,
        local,
        online,
        prefer=prefer,
        keyed=(GAP_ROWS,),
        owned=look.owned(online) if look is not None else None,
        spec_for=look.spec_for if look is not None else None,
    )
    titles = {t.key: t.title for t in (*online.tabs, *local.tabs) if t.key is not None}
    to_local, kept = fit_for_local(result.to_local, titles)
    next_base = WorkbookSnapshot(list(result.merged.tabs), result.merged.revision)
    if keys is not None:
        next_base.tabs += [t for t in view.stored.snapshot.tabs if t.key not in keys]
    notes = list(result.notes)
    for key in result.drop_local:
        gone = base.get(key)
        if gone is not None:
            next_base.tabs.append(gone)
            notes.append(
                f"{gone.title}: delete this tab from the local file by hand (or mirror again); "
                "it will not come back online unless it is edited offline."
            )
    return PushPlan(view, result, list(result.to_online), to_local, next_base, kept, tuple(notes))
