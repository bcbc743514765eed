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
  of keyed tabs (gap tabs) match by a hidden row id instead (:mod:`sheets_sync.merge_rows`),
  so inserting, deleting and sorting rows online never moves an offline edit onto the wrong
  row; other columns of those rows still match by position.
* A cell changed on one side only takes that value on both; changed on both to the same value
  (:func:`~sheets_sync.merge_rows.same_value`: exact, but ``None == ''``) is no conflict;
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
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Literal, TypeAlias

from .backend import (
    AddTab,
    Cells,
    CellValue,
    Change,
    Formula,
    Tab,
    TabSpec,
    UpdateTab,
    WorkbookSnapshot,
    WriteRange,
    a1,
    parse_a1,
)
from .merge_rows import (
    GAP_ROWS,
    KeyedRows,
    Prefer,
    Sides,
    base_keys,
    blank,
    match_rows,
    merge_rows,
    read_rows,
    same_value,
    three_way,
)

__all__ = [
    "GAP_ROWS",
    "XLSX_CELL_LIMIT",
    "AssignedId",
    "CellChange",
    "Conflict",
    "KeyedRows",
    "LongCell",
    "MergeResult",
    "diff",
    "merge",
    "same_value",
    "show",
]

#: The most characters an Excel cell holds.
XLSX_CELL_LIMIT = 32_767

Owned: TypeAlias = Callable[[str, int, int], bool]
SpecFor: TypeAlias = Callable[[str], TabSpec | None]


def show(value: CellValue, width: int = 60) -> str:
    """A value for a one-line message: ``'text'`` (quoted, escapes visible, long text cut
    with its length), ``formula =A1``, ``blank``, ``TRUE``, ``2024-05-01``, ``3.5``."""
    if blank(value):
        return "blank"
    if isinstance(value, Formula):
        text = str(value)
        return "formula " + (text if len(text) <= width else _cut(text, width))
    if isinstance(value, str):
        return repr(value) if len(value) <= width else _cut(value, width, quote=True)
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def _cut(text: str, width: int, *, quote: bool = False) -> str:
    head = repr(text[:width]) if quote else text[:width]
    return f"{head}… ({len(text):,} characters)"


@dataclass(frozen=True)
class Conflict:
    """A cell both sides changed to different values since the mirror.

    ``cell`` is where it is online, ``local_cell`` where it is in the local file when that
    differs; ``row_id`` names the gap row. A tab renamed differently on both sides is a
    conflict with ``cell == ''`` and the three titles as values.
    """

    tab_key: str
    tab_title: str
    cell: str
    base: CellValue
    local: CellValue
    online: CellValue
    local_cell: str | None = None
    row_id: str | None = None

    def line(self) -> str:
        """``Gap 2 - MESO-3!C7: base 'x', local 'y', online 'z'``."""
        where = f"{self.tab_title}!{self.cell}" if self.cell else f"{self.tab_title} (tab name)"
        if self.local_cell and self.local_cell != self.cell:
            where += f" (local {self.local_cell})"
        return (
            f"{where}: base {show(self.base)}, local {show(self.local)}, online {show(self.online)}"
        )


@dataclass(frozen=True)
class AssignedId:
    """A row id given to a gap row that had none, and where it is written on each side."""

    tab_key: str
    row_id: str
    online_row: int | None
    local_row: int | None


@dataclass(frozen=True)
class LongCell:
    """A value longer than a limit, at ``cell`` of ``tab_title`` in the local file."""

    tab_key: str
    tab_title: str
    cell: str
    length: int


@dataclass(frozen=True)
class MergeResult:
    """What :func:`merge` decided. Apply ``to_online`` and ``to_local`` (each in order), remove
    the ``drop_local`` tabs from the local file, and store ``merged`` as the next base (its
    ``revision`` is the online one that was read; set the new one after applying)."""

    to_online: tuple[Change, ...]
    to_local: tuple[Change, ...]
    conflicts: tuple[Conflict, ...]
    new_ids: tuple[AssignedId, ...]
    notes: tuple[str, ...]
    merged: WorkbookSnapshot
    #: Conflicts that ``prefer`` settled (for the report; already in the changes).
    resolved: tuple[Conflict, ...] = ()
    #: Keys of tabs deleted online and untouched offline, to delete from the local file.
    drop_local: tuple[str, ...] = ()

    @property
    def clean(self) -> bool:
        """No conflict is left to settle."""
        return not self.conflicts

    @property
    def changes_nothing(self) -> bool:
        return not (self.to_online or self.to_local or self.drop_local)

    def long_cells(
        self, limit: int = XLSX_CELL_LIMIT, side: Literal["local", "online"] = "local"
    ) -> tuple[LongCell, ...]:
        """The values that ``to_local`` (or ``to_online``) would write that are longer than
        ``limit`` characters: Excel holds 32,767 in a cell, Google Sheets 50,000. The merge
        itself never cuts text; the writer decides what to do with these."""
        found = []
        for change in self.to_local if side == "local" else self.to_online:
            if isinstance(change, AddTab):
                key, title = change.spec.key, change.spec.title
                cells: Iterable[tuple[tuple[int, int], CellValue]] = change.cells.items()
            elif isinstance(change, WriteRange):
                key = change.tab_key
                tab = self.merged.get(key)
                title = tab.title if tab else key
                cells = (
                    ((change.row + i, change.col + j), v)
                    for i, row in enumerate(change.values)
                    for j, v in enumerate(row)
                )
            else:
                continue
            for (r, c), v in sorted(cells, key=lambda item: item[0]):
                if isinstance(v, str) and len(v) > limit:
                    found.append(LongCell(key, title, a1(r, c), len(v)))
        return tuple(found)


# --------------------------------------------------------------------------- layout


PosKey: TypeAlias = tuple[str, int, int]  # (anchor region, row offset in it, column)


@dataclass(frozen=True)
class _Layout:
    """Where a tab's anchors are: a row belongs to the nearest anchor at or above it (``''``
    for rows above every anchor) and is addressed by its offset below that anchor."""

    anchors: tuple[tuple[int, str], ...]  # (row, name), sorted by row

    def row(self, name: str) -> int | None:
        return next((r for r, n in self.anchors if n == name), None)

    def locate(self, row: int) -> tuple[str, int]:
        region, start = "", 0
        for r, name in self.anchors:
            if r > row:
                break
            region, start = name, r
        return region, row - start

    def place(self, region: str, offset: int) -> int | None:
        """The sheet row of ``(region, offset)``, or ``None`` if this copy cannot hold it."""
        start = 0 if region == "" else self.row(region)
        if start is None or start + offset < 0:
            return None
        row = start + offset
        return row if self.locate(row) == (region, offset) else None


def _layouts(tabs: Sequence[Tab | None], spec: KeyedRows | None) -> list[_Layout]:
    """One layout per tab (``None`` gets the first present tab's), using only the anchors
    that sit in the same order on every copy (and, on a keyed tab, none below its rows)."""
    present = [t for t in tabs if t is not None]
    names = list(dict.fromkeys(n for t in present for n in t.anchors))
    if spec is not None and spec.anchor not in names:
        names.append(spec.anchor)

    def row_of(tab: Tab, name: str) -> int:
        for t in (tab, *present):
            if name in t.anchors:
                return t.anchors[name]
        assert spec is not None
        return spec.default_anchor_row

    rows = [{n: row_of(t, n) for n in names} for t in present]
    if spec is not None:
        names = [n for n in names if all(r[n] <= r[spec.anchor] for r in rows)]
    ordered = sorted(names, key=lambda n: rows[0][n])
    if not all(all(r[a] < r[b] for a, b in itertools.pairwise(ordered)) for r in rows):
        ordered = [spec.anchor] if spec is not None else []
    layouts = [_Layout(tuple(sorted((r[n], n) for n in ordered))) for r in rows]
    it = iter(layouts)
    return [next(it) if t is not None else layouts[0] for t in tabs]


def _positional(tab: Tab | None, lay: _Layout, spec: KeyedRows | None) -> dict[PosKey, CellValue]:
    """A tab's cells by anchor region and offset, leaving out the keyed rows' own cells."""
    if tab is None:
        return {}
    header = _header(lay, spec)
    out: dict[PosKey, CellValue] = {}
    for (r, c), v in tab.cells.items():
        if blank(v) or (spec is not None and r > header and c in spec.row_cols):
            continue
        region, offset = lay.locate(r)
        out[(region, offset, c)] = v
    return out


def _header(lay: _Layout, spec: KeyedRows | None) -> int:
    if spec is None:
        return -1
    row = lay.row(spec.anchor)
    return spec.default_anchor_row if row is None else row


# --------------------------------------------------------------------------- one tab


@dataclass
class _TabMerge:
    online_target: dict[tuple[int, int], CellValue] = field(default_factory=dict)
    local_target: dict[tuple[int, int], CellValue] = field(default_factory=dict)
    merged: Cells = field(default_factory=dict)
    conflicts: list[Conflict] = field(default_factory=list)
    resolved: list[Conflict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    new_ids: list[AssignedId] = field(default_factory=list)

    @staticmethod
    def writes(side: Tab, target: Mapping[tuple[int, int], CellValue]) -> Cells:
        """The cells of ``target`` that ``side`` does not hold yet (blanks as ``None``)."""
        return {
            pos: (None if blank(v) else v)
            for pos, v in sorted(target.items())
            if not same_value(side.cells.get(pos), v)
        }


def _merge_tab(
    key: str,
    base: Tab | None,
    local: Tab,
    online: Tab,
    spec: KeyedRows | None,
    prefer: Prefer,
    owned: Owned | None,
) -> _TabMerge:
    """Merge the values of one tab that both sides have (``base`` may be ``None``)."""
    title = online.title
    lay_b, lay_l, lay_o = _layouts([base, local, online], spec)
    tm = _TabMerge()
    pos_b = _positional(base, lay_b, spec)
    pos_l = _positional(local, lay_l, spec)
    pos_o = _positional(online, lay_o, spec)
    unplaced = 0
    for k in dict.fromkeys([*pos_o, *pos_l, *pos_b]):
        region, offset, col = k
        at_o, at_l = lay_o.place(region, offset), lay_l.place(region, offset)
        b = pos_b.get(k)
        lv = pos_l.get(k) if at_l is not None else b  # no opinion on cells it cannot hold
        ov = pos_o.get(k) if at_o is not None else b
        wins = owned is not None and at_o is not None and owned(key, at_o, col)
        out = three_way(b, lv, ov, prefer, online_wins=wins)
        if at_o is not None:
            tm.online_target[(at_o, col)] = out.online
            if not blank(out.merged):
                tm.merged[(at_o, col)] = out.merged
        elif not same_value(out.merged, b):
            unplaced += 1
        if at_l is not None:
            tm.local_target[(at_l, col)] = out.local
        if out.state != "same" and at_o is not None and at_l is not None:
            c = Conflict(key, title, a1(at_o, col), b, lv, ov, _other(at_l, at_o, col))
            (tm.conflicts if out.state == "conflict" else tm.resolved).append(c)
    if unplaced:
        tm.notes.append(
            f"{title}: {unplaced} cell(s) typed offline sit in rows that do not exist online "
            "(rows inserted above a section in the local file); they stay in the local file "
            "only — copy them online by hand."
        )
    if spec is not None:
        _merge_keyed(key, title, spec, (base, local, online), (lay_b, lay_l, lay_o), prefer, tm)
    tm.conflicts.sort(key=_conflict_order)
    tm.resolved.sort(key=_conflict_order)
    return tm


def _other(at_l: int, at_o: int, col: int) -> str | None:
    return None if at_l == at_o else a1(at_l, col)


def _conflict_order(c: Conflict) -> tuple[int, int]:
    r, col = _parse(c.cell)
    return r, col


def _parse(ref: str) -> tuple[int, int]:
    return parse_a1(ref) if ref else (-1, -1)


def _merge_keyed(
    key: str,
    title: str,
    spec: KeyedRows,
    tabs: tuple[Tab | None, Tab, Tab],
    lays: tuple[_Layout, _Layout, _Layout],
    prefer: Prefer,
    tm: _TabMerge,
) -> None:
    base, local, online = tabs
    hb, hl, ho = (_header(lay, spec) for lay in lays)
    rm = merge_rows(key, title, spec, Sides(base, local, online, hb, hl, ho), prefer)
    for pr in rm.rows:
        for row, values, target in (
            (pr.online_row, pr.online, tm.online_target),
            (pr.local_row, pr.local, tm.local_target),
        ):
            if row is None:
                continue
            for i, col in enumerate(spec.data_cols):
                target[(row, col)] = values[i] if values is not None else None
            target[(row, spec.id_col)] = pr.row_id if values is not None else None
        if pr.merged is not None and pr.online_row is not None:
            for i, col in enumerate(spec.data_cols):
                if not blank(pr.merged[i]):
                    tm.merged[(pr.online_row, col)] = pr.merged[i]
            tm.merged[(pr.online_row, spec.id_col)] = pr.row_id
    for rc in rm.conflicts:
        c = Conflict(
            key,
            title,
            a1(rc.online_row, rc.col),
            rc.base,
            rc.local,
            rc.online,
            _other(rc.local_row, rc.online_row, rc.col),
            rc.row_id,
        )
        (tm.resolved if rc.resolved else tm.conflicts).append(c)
    tm.notes.extend(rm.notes)
    tm.new_ids.extend(AssignedId(key, rid, on, lo) for rid, on, lo in rm.new_ids)


# --------------------------------------------------------------------------- the workbook


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

    def absorb(self, tm: _TabMerge) -> None:
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
    keyed: Sequence[KeyedRows] = (GAP_ROWS,),
    owned: Owned | None = None,
    spec_for: SpecFor | None = None,
) -> MergeResult:
    """Merge the local copy and the online copy against their common ``base``.

    ``prefer`` settles every conflict in favour of one side (they are then listed in
    ``resolved``). ``keyed`` says which tabs have rows matched by id. ``owned(tab_key, row,
    col)`` (online coordinates) marks cells the tool computes: online wins there, silently.
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
    tm = _merge_tab(key, b, lo, on, spec, prefer, owned)
    out.absorb(tm)
    out.to_online += _ranges(key, on, tm.online_target)
    out.to_local += _ranges(key, lo, tm.local_target)
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
    if b is not None and not _tab_changes(key, b, lo, spec) and b.title == lo.title:
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
    tm = _merge_tab(key, None, lo, empty, spec, None, None)
    out.absorb(tm)
    out.to_online.append(AddTab(_spec(key, lo, spec_for), tm.writes(empty, tm.online_target)))
    out.to_local += _ranges(key, lo, tm.local_target)
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
    tm = _merge_tab(key, None, empty, on, spec, None, None)
    out.absorb(tm)
    out.to_online += _ranges(key, on, tm.online_target)
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
            before is not None and _tab_changes(None, before, tab, None)
        ):
            notes.append(
                f"{tab.title}: this tab was not made by sheets_sync, so its offline changes "
                "were not pushed; they are still in the local file — copy them by hand."
            )
    return notes


def _ranges(key: str, side: Tab, target: Mapping[tuple[int, int], CellValue]) -> list[WriteRange]:
    """The writes that bring ``side`` to ``target``, grouped into few rectangles.

    A run of changed cells in a row may span cells of ``target`` that already hold their value
    (rewritten exactly as they are, so nothing changes there); equal runs in consecutive rows
    form one rectangle. A cell outside ``target`` is never written.
    """
    writes = _TabMerge.writes(side, target)
    runs: list[tuple[int, int, int]] = []  # (row, first col, last col)
    for r, c in sorted(writes):
        if runs and runs[-1][0] == r and all((r, x) in target for x in range(runs[-1][2], c)):
            runs[-1] = (r, runs[-1][1], c)
        else:
            runs.append((r, c, c))
    rects: list[list[int]] = []  # [first row, last row, first col, last col]
    open_by_cols: dict[tuple[int, int], list[int]] = {}
    for r, c0, c1 in runs:
        rect = open_by_cols.get((c0, c1))
        if rect is not None and rect[1] == r - 1:
            rect[1] = r
        else:
            rect = [r, r, c0, c1]
            rects.append(rect)
            open_by_cols[(c0, c1)] = rect

    def value(r: int, c: int) -> CellValue:
        return writes[(r, c)] if (r, c) in writes else side.cells.get((r, c))

    return [
        WriteRange(
            key,
            r0,
            c0,
            tuple(tuple(value(r, c) for c in range(c0, c1 + 1)) for r in range(r0, r1 + 1)),
        )
        for r0, r1, c0, c1 in sorted(rects)
    ]


# --------------------------------------------------------------------------- history


ChangeKind: TypeAlias = Literal["cell", "tab added", "tab removed", "tab renamed"]


@dataclass(frozen=True)
class CellChange:
    """One difference between two snapshots: a cell (gap rows matched by id, named by
    ``row_id``), or a whole tab added, removed or renamed (``cell == ''``; a rename has the
    titles as ``old`` and ``new``)."""

    tab_key: str | None
    tab_title: str
    cell: str
    old: CellValue
    new: CellValue
    row_id: str | None = None
    kind: ChangeKind = "cell"

    def line(self) -> str:
        """``Gap 2 - MESO-3!C7 (row r-7f3a2c): 'x' → 'y'``."""
        if self.kind == "tab renamed":
            return f"tab {show(self.old)} renamed to {show(self.new)}"
        if self.kind != "cell":
            return f"{self.tab_title}: {self.kind}"
        row = f" (row {self.row_id})" if self.row_id else ""
        return f"{self.tab_title}!{self.cell}{row}: {show(self.old)} → {show(self.new)}"


def diff(
    a: WorkbookSnapshot, b: WorkbookSnapshot, *, keyed: Sequence[KeyedRows] = (GAP_ROWS,)
) -> list[CellChange]:
    """What changed from ``a`` to ``b``: per tab (by key; tabs without one by title), per cell
    by anchor offset, gap rows by id. Cells are named where they are in ``b`` (in ``a`` when
    gone). Values compare with :func:`same_value`, so ``None`` and ``''`` are no change."""
    changes: list[CellChange] = []
    pairs: list[tuple[str | None, Tab | None, Tab | None]] = []
    for k in dict.fromkeys([*b.keys(), *a.keys()]):
        pairs.append((k, a.get(k), b.get(k)))
    titles = dict.fromkeys(t.title for t in (*b.tabs, *a.tabs) if t.key is None)
    for title in titles:
        pairs.append((None, _keyless(a, title), _keyless(b, title)))
    for key, ta, tb in pairs:
        spec = next((k for k in keyed if key is not None and k.applies_to(key)), None)
        if ta is None and tb is not None:
            changes.append(CellChange(key, tb.title, "", None, None, kind="tab added"))
        elif tb is None and ta is not None:
            changes.append(CellChange(key, ta.title, "", None, None, kind="tab removed"))
        elif ta is not None and tb is not None:
            if ta.title != tb.title:
                changes.append(
                    CellChange(key, tb.title, "", ta.title, tb.title, None, "tab renamed")
                )
            changes += _tab_changes(key, ta, tb, spec)
    return changes


def _keyless(snap: WorkbookSnapshot, title: str) -> Tab | None:
    return next((t for t in snap.tabs if t.key is None and t.title == title), None)


def _tab_changes(key: str | None, ta: Tab, tb: Tab, spec: KeyedRows | None) -> list[CellChange]:
    lay_a, lay_b = _layouts([ta, tb], spec)
    pos_a, pos_b = _positional(ta, lay_a, spec), _positional(tb, lay_b, spec)
    found: list[tuple[tuple[int, int], CellChange]] = []
    for k in dict.fromkeys([*pos_b, *pos_a]):
        region, offset, col = k
        at_a, at_b = lay_a.place(region, offset), lay_b.place(region, offset)
        if at_a is None or at_b is None:
            at = at_b if at_b is not None else at_a
            assert at is not None
            if not blank(pos_a.get(k)) or not blank(pos_b.get(k)):
                found.append(((at, col), _cell(key, tb, at, col, pos_a.get(k), pos_b.get(k))))
            continue
        if not same_value(pos_a.get(k), pos_b.get(k)):
            found.append(((at_b, col), _cell(key, tb, at_b, col, pos_a.get(k), pos_b.get(k))))
    if spec is not None:
        found += _row_changes(key, ta, tb, spec, _header(lay_a, spec), _header(lay_b, spec))
    found.sort(key=lambda item: item[0])
    return [c for _, c in found]


def _cell(
    key: str | None,
    tab: Tab,
    row: int,
    col: int,
    old: CellValue,
    new: CellValue,
    rid: str | None = None,
) -> CellChange:
    return CellChange(key, tab.title, a1(row, col), old, new, rid)


def _row_changes(
    key: str | None, ta: Tab, tb: Tab, spec: KeyedRows, ha: int, hb: int
) -> list[tuple[tuple[int, int], CellChange]]:
    rows_a = base_keys(read_rows(ta, spec, ha))
    matched, new = match_rows(rows_a, ha, read_rows(tb, spec, hb), hb)
    found = []
    for k, ra in rows_a.items():
        rb = matched.get(k)
        rid = (rb.row_id if rb is not None else None) or ra.row_id
        at = rb.at if rb is not None else ra.at
        for i, col in enumerate(spec.data_cols):
            old, now = ra.values[i], rb.values[i] if rb is not None else None
            if not same_value(old, now):
                found.append(((at, col), _cell(key, tb, at, col, old, now, rid)))
    for rb in new:
        for i, col in enumerate(spec.data_cols):
            if not blank(rb.values[i]):
                found.append(
                    ((rb.at, col), _cell(key, tb, rb.at, col, None, rb.values[i], rb.row_id))
                )
    return found
