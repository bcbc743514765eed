"""The three-way merge behind ``push``: local edits against online edits, cell by cell.

``mirror`` stores a snapshot of the online workbook (the *base*) in the local .xlsx; people then
edit the local file offline while others keep editing online. :func:`merge` compares both
copies with the base and says what to write where. It is pure: snapshots in, changes out.

The rules (``SPEC.md``, "Offline round trip" and "Nothing a person typed is ever lost"):

* Tabs match by tool key, never by title (a tab renamed on one side is renamed on the other).
* Cells match by position relative to the nearest anchor above them, so a row inserted above a
  table's area on one side still lines up (cells above the first anchor count from the top of
  the tab). A cell one copy cannot hold (it sits in rows only the other copy has) is left
  where it is: that copy has no say about it, so it is never erased through it. The data rows
  of keyed tabs (gap tabs) match by a hidden row id instead (:mod:`sheets_sync.merge.rows`),
  so inserting, deleting and sorting rows online never moves an offline edit onto the wrong
  row; other columns of those rows still match by position.
* A cell changed on one side only takes that value on both; changed on both to the same value
  (:func:`~sheets_sync.merge.values.same_value`: exact, but ``None == ''``) is no conflict;
  changed on both to different values is a :class:`Conflict`: nothing is written for it on
  either side, and the next base keeps the old value so it is reported again until someone
  makes the two sides agree or ``prefer`` picks a side. ``prefer`` never deletes: a row or
  tab deleted on one side and edited on the other is kept either way. Cells the tool owns
  (``owned``) are never a conflict: the online value wins and the next sync recomputes it.
* A tab deleted online that was edited offline is recreated online from the local copy; one
  deleted online and untouched offline stays deleted: it is listed in
  :attr:`MergeResult.drop_local` and the caller removes it from the local file (the change
  vocabulary has no tab deletion). A tab deleted offline is never deleted online: it is
  restored in the local file. Each case leaves a note.
* Tabs without a tool key (made by a person) are not merged: they cannot be addressed in a
  change. Offline edits to such a tab leave a note and stay in the local file.
* Nothing is truncated. :meth:`MergeResult.long_cells` lists the values the xlsx writer will
  have to deal with (Excel holds at most 32,767 characters in a cell).

``merged`` is the online workbook once ``to_online`` is applied, and the next base. The local
file, once ``to_local`` is applied, holds the same values matched by key, anchor and row id,
though its rows may sit in another order. Merging ``merged`` with both updated copies again
yields no changes.

The pieces: :mod:`~sheets_sync.merge.values` (comparing and showing values),
:mod:`~sheets_sync.merge.anchors` (anchors), :mod:`~sheets_sync.merge.tab` (one tab),
:mod:`~sheets_sync.merge.rows` (keyed rows), :mod:`~sheets_sync.merge.result` (what comes back)
and :mod:`~sheets_sync.merge.diff` (history). Their public names are re-exported here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal, TypeAlias

from sheets_sync.merge.diff import CellChange, ChangeKind, diff, tab_changes
from sheets_sync.merge.result import XLSX_CELL_LIMIT, AssignedId, Conflict, LongCell, MergeResult
from sheets_sync.merge.row_match import KeyedRows
from sheets_sync.merge.tab import Owned, TabMerge, merge_tab, write_ranges
from sheets_sync.merge.values import Prefer, blank, same_value, show, three_way
from sheets_sync.model import AddTab, Change, Tab, TabSpec, UpdateTab, WorkbookSnapshot

__all__ = [
    "XLSX_CELL_LIMIT",
    "AssignedId",
    "CellChange",
    "ChangeKind",
    "Conflict",
    "KeyedRows",
    "LongCell",
    "MergeResult",
    "Owned",
    "SpecFor",
    "diff",
    "merge",
    "same_value",
    "show",
]

SpecFor: TypeAlias = Callable[[str], TabSpec | None]


@dataclass
class _Out:
    to_online: list[Change] = field(default_factory=list)
    to_local: list[Change] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    resolved: list[Conflict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    new_ids: list[AssignedId] = field(default_factory=list)
    tabs: list[Tab] = field(default_factory=list)
    drop_local: list[str] = field(default_factory=list)

    def absorb(self, tm: TabMerge) -> None:
        self.conflicts += tm.conflicts
        self.resolved += tm.resolved
        self.notes += tm.notes
        self.new_ids += tm.new_ids


def merge(
    base: WorkbookSnapshot,
    local: WorkbookSnapshot,
    online: WorkbookSnapshot,
    *,
    prefer: Literal["local", "online"] | None = None,
    keyed: Sequence[KeyedRows] = (),
    owned: Owned | None = None,
    spec_for: SpecFor | None = None,
) -> MergeResult:
    """Merge the local copy and the online copy against their common ``base``.

    ``prefer`` settles every conflict in favour of one side (they are then listed in
    ``resolved``). ``keyed`` says which tabs have rows matched by id (none by default).
    ``owned(tab_key, row, col)`` (online coordinates) marks cells the tool computes: online
    wins there, silently.
    ``spec_for(tab_key)`` may give the template spec (look, protection) for a tab that has to
    be recreated; otherwise the recreated tab gets a plain spec. See the module docstring.
    """
    out = _Out()
    online_keys = [t.key for t in online.tabs if t.key is not None]
    order = list(dict.fromkeys([*online_keys, *local.keys(), *base.keys()]))
    for tab in online.tabs:
        if tab.key is None:
            out.tabs.append(_copy(tab))
    for key in order:
        b, lo, on = base.get(key), local.get(key), online.get(key)
        spec = next((k for k in keyed if k.applies_to(key)), None)
        if lo is not None and on is not None:
            _both(key, b, lo, on, spec, prefer, owned, out)
        elif lo is not None:
            _local_only(key, b, lo, spec, spec_for, out)
        elif on is not None:
            _online_only(key, b, on, spec, spec_for, out)
    out.notes += _keyless_notes(base, local)
    out.tabs.sort(key=lambda t: _tab_rank(t, online))
    return MergeResult(
        to_online=tuple(out.to_online),
        to_local=tuple(out.to_local),
        conflicts=tuple(out.conflicts),
        new_ids=tuple(out.new_ids),
        notes=tuple(out.notes),
        merged=WorkbookSnapshot(out.tabs, revision=online.revision),
        resolved=tuple(out.resolved),
        drop_local=tuple(out.drop_local),
    )


def _tab_rank(tab: Tab, online: WorkbookSnapshot) -> int:
    """Merged tabs in the online order; tabs added online from the local copy come last, in
    the order they are added (``AddTab`` appends)."""
    for i, t in enumerate(online.tabs):
        if (tab.key is not None and t.key == tab.key) or (tab.key is None and t.title == tab.title):
            return i
    return len(online.tabs)


def _copy(tab: Tab) -> Tab:
    return Tab(tab.key, tab.title, dict(tab.cells), dict(tab.anchors), tab.hidden)


def _both(
    key: str,
    b: Tab | None,
    lo: Tab,
    on: Tab,
    spec: KeyedRows | None,
    prefer: Prefer,
    owned: Owned | None,
    out: _Out,
) -> None:
    title = _merge_title(key, b, lo, on, prefer, out)
    tm = merge_tab(key, b, lo, on, spec, prefer, owned)
    out.absorb(tm)
    out.to_online += write_ranges(key, on, tm.online_target)
    out.to_local += write_ranges(key, lo, tm.local_target)
    out.tabs.append(Tab(key, title, tm.merged, dict(on.anchors), on.hidden))


def _merge_title(key: str, b: Tab | None, lo: Tab, on: Tab, prefer: Prefer, out: _Out) -> str:
    base_title = b.title if b is not None else None
    out_t = three_way(base_title, lo.title, on.title, prefer)
    merged = out_t.merged
    if out_t.state == "conflict":
        out.conflicts.append(Conflict(key, on.title, "", base_title, lo.title, on.title))
    elif out_t.state == "resolved":
        out.resolved.append(Conflict(key, on.title, "", base_title, lo.title, on.title))
    if isinstance(out_t.online, str) and out_t.online != on.title:
        out.to_online.append(UpdateTab(key, title=out_t.online))
    if isinstance(out_t.local, str) and out_t.local != lo.title:
        out.to_local.append(UpdateTab(key, title=out_t.local))
    return str(merged) if isinstance(merged, str) else on.title


def _local_only(
    key: str, b: Tab | None, lo: Tab, spec: KeyedRows | None, spec_for: SpecFor | None, out: _Out
) -> None:
    if b is not None and not tab_changes(key, b, lo, spec) and b.title == lo.title:
        out.drop_local.append(key)
        out.notes.append(
            f"{lo.title}: this tab was deleted online and had no offline edits, so it is "
            "removed from the local file too."
        )
        return
    if b is not None:
        out.notes.append(
            f"{lo.title}: this tab was deleted online but edited offline; it was recreated "
            "online from the local copy. Delete it online again if it is not wanted."
        )
    empty = Tab(key, lo.title, {}, dict(lo.anchors), lo.hidden)
    tm = merge_tab(key, None, lo, empty, spec, None, None)
    out.absorb(tm)
    out.to_online.append(AddTab(_spec(key, lo, spec_for), tm.writes(empty, tm.online_target)))
    out.to_local += write_ranges(key, lo, tm.local_target)
    out.tabs.append(Tab(key, lo.title, tm.merged, dict(lo.anchors), lo.hidden))


def _online_only(
    key: str, b: Tab | None, on: Tab, spec: KeyedRows | None, spec_for: SpecFor | None, out: _Out
) -> None:
    if b is not None:
        out.notes.append(
            f"{on.title}: this tab was deleted from the local file; a push never deletes "
            "online, so it was restored in the local file from the online copy."
        )
    empty = Tab(key, on.title, {}, dict(on.anchors), on.hidden)
    tm = merge_tab(key, None, empty, on, spec, None, None)
    out.absorb(tm)
    out.to_online += write_ranges(key, on, tm.online_target)
    out.to_local.append(AddTab(_spec(key, on, spec_for), tm.writes(empty, tm.local_target)))
    out.tabs.append(Tab(key, on.title, tm.merged, dict(on.anchors), on.hidden))


def _spec(key: str, tab: Tab, spec_for: SpecFor | None) -> TabSpec:
    spec = spec_for(key) if spec_for is not None else None
    if spec is None:
        return TabSpec(key=key, title=tab.title, anchors=dict(tab.anchors), hidden=tab.hidden)
    return replace(spec, key=key, title=tab.title, anchors=dict(tab.anchors), hidden=tab.hidden)


def _keyless_notes(base: WorkbookSnapshot, local: WorkbookSnapshot) -> list[str]:
    notes = []
    for tab in local.tabs:
        if tab.key is not None:
            continue
        before = next((t for t in base.tabs if t.key is None and t.title == tab.title), None)
        if (before is None and any(not blank(v) for v in tab.cells.values())) or (
            before is not None and tab_changes(None, before, tab, None)
        ):
            notes.append(
                f"{tab.title}: this tab was not made by sheets_sync, so its offline changes "
                "were not pushed; they are still in the local file — copy them by hand."
            )
    return notes
