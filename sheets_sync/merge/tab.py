"""One tab's three-way merge: the values each side should end up holding, the next base's
cells, its conflicts and notes (:func:`merge_tab`), and the few rectangles of writes that bring
a side there (:func:`write_ranges`).

The workbook-level rules (which tabs merge, recreated and deleted tabs, titles) are in
:mod:`sheets_sync.merge.workbook`; keyed rows in :mod:`sheets_sync.merge.rows`. Pure.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TypeAlias

from sheets_sync.merge.anchors import Layout, header_row, layouts, positional
from sheets_sync.merge.result import AssignedId, Conflict
from sheets_sync.merge.row_match import KeyedRows
from sheets_sync.merge.rows import Sides, merge_rows
from sheets_sync.merge.values import Prefer, blank, same_value, three_way
from sheets_sync.model import Cells, CellValue, Tab, WriteRange, a1, parse_a1

#: ``owned(tab_key, row, col)`` (online coordinates): whether the tool computes that cell.
Owned: TypeAlias = Callable[[str, int, int], bool]


@dataclass
class TabMerge:
    """What :func:`merge_tab` decided for one tab: the cells each side should hold (by sheet
    position on that side), the next base's cells, and the conflicts, notes and new ids."""

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


def merge_tab(
    key: str,
    base: Tab | None,
    local: Tab,
    online: Tab,
    spec: KeyedRows | None,
    prefer: Prefer,
    owned: Owned | None,
) -> TabMerge:
    """Merge the values of one tab that both sides have (``base`` may be ``None``)."""
    title = online.title
    lay_b, lay_l, lay_o = layouts([base, local, online], spec)
    tm = TabMerge()
    pos_b = positional(base, lay_b, spec)
    pos_l = positional(local, lay_l, spec)
    pos_o = positional(online, lay_o, spec)
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
    lays: tuple[Layout, Layout, Layout],
    prefer: Prefer,
    tm: TabMerge,
) -> None:
    base, local, online = tabs
    hb, hl, ho = (header_row(lay, spec) for lay in lays)
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


def write_ranges(
    key: str, side: Tab, target: Mapping[tuple[int, int], CellValue]
) -> list[WriteRange]:
    """The writes that bring ``side`` to ``target``, grouped into few rectangles.

    A run of changed cells in a row may span cells of ``target`` that already hold their value
    (rewritten exactly as they are, so nothing changes there); equal runs in consecutive rows
    form one rectangle. A cell outside ``target`` is never written.
    """
    writes = TabMerge.writes(side, target)
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
