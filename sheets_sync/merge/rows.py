"""Keyed rows: the data rows of a gap tab, matched across copies by a hidden row id.

People insert, delete and sort the rows of a gap tab, online and offline. Matching rows by
position would move an offline edit onto the wrong row as soon as someone inserts a row above
it online, so each row carries a tool-written id (``r-7f3a2c``) in a hidden column and rows are
matched by that id. This module is the row half of :mod:`sheets_sync.merge.workbook`; it is pure.

How rows are matched (:func:`match_rows`), for one copy against the base:

1. by id (the first row holding an id; a copied row with a duplicate id counts as id-less);
2. an id-less row whose values equal an unmatched base row exactly is that row;
3. an id-less row at the same offset below the header as an unmatched base row that had no
   id either (a row people inserted online before the mirror) is that row, edited in place —
   a base row that had an id and lost it on this side was deleted there;
4. anything else is a new row. New rows on both sides with equal values are one row (so a
   push that is repeated after a crash does not duplicate them).

How matched rows merge (:func:`merge_rows`): cell by cell with :func:`three_way`, except

* a row that was empty in the base and that both sides filled differently is two rows: online
  keeps it, the offline version becomes a new row (two people used the same empty row);
* a row deleted on one side and untouched on the other is deleted (cleared, id included);
* a row deleted on one side and edited on the other is kept, and added back (below) on the
  side that deleted it — nothing a person typed is lost; a note says so;
* a row only one side has is added to the other.

A row added to a side goes below the last row there that holds any values: into the first
row being cleared by this merge, or the first untouched empty pre-made row (which then gives
up its id — to the new row if that has none — and is cleared on the other side), or else
below every used row; a value is never overwritten. Every row without an id is given one
(:func:`new_row_id`), written on both sides.

The values (:mod:`sheets_sync.merge.values`), the matching (:mod:`sheets_sync.merge.row_match`)
and the placement (:mod:`sheets_sync.merge.row_place`) live in modules of their own; their
names are re-exported here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sheets_sync.merge.row_match import (
    SYNTHETIC,
    KeyedRows,
    SideRow,
    base_keys,
    match_rows,
    new_row_id,
    read_rows,
)
from sheets_sync.merge.row_place import RowPlan, Side, or_default, place_rows
from sheets_sync.merge.values import (
    Cell3,
    Prefer,
    Row,
    State,
    blank,
    blank_row,
    row_key,
    same_row,
    same_value,
    three_way,
    value_key,
)
from sheets_sync.model import CellValue, Tab

__all__ = [
    "Cell3",
    "KeyedRows",
    "PlacedRow",
    "Prefer",
    "Row",
    "RowConflict",
    "RowsMerge",
    "Side",
    "SideRow",
    "Sides",
    "State",
    "base_keys",
    "blank",
    "blank_row",
    "match_rows",
    "merge_rows",
    "new_row_id",
    "read_rows",
    "row_key",
    "same_row",
    "same_value",
    "three_way",
    "value_key",
]


@dataclass(frozen=True)
class PlacedRow:
    """One row after the merge, with where it goes on each side.

    ``online``/``local`` are the values that side's row should hold (``None``: clear the row,
    id included); ``online_row``/``local_row`` are the sheet rows (``None``: not on that side).
    ``merged`` is the row in the next base (``None``: the row is gone); it sits at
    ``online_row``.
    """

    row_id: str
    online_row: int | None
    online: Row | None
    local_row: int | None
    local: Row | None
    merged: Row | None


@dataclass(frozen=True)
class RowConflict:
    """A cell of a row both sides changed differently (``resolved`` if ``prefer`` settled it)."""

    row_id: str
    col: int
    online_row: int
    local_row: int
    base: CellValue
    local: CellValue
    online: CellValue
    resolved: bool


@dataclass(frozen=True)
class RowsMerge:
    """Everything :func:`merge_rows` decided for one tab."""

    rows: tuple[PlacedRow, ...]
    conflicts: tuple[RowConflict, ...]
    notes: tuple[str, ...]
    #: ``(row_id, online_row, local_row)`` for rows that had no id and were given one.
    new_ids: tuple[tuple[str, int | None, int | None], ...]


@dataclass(frozen=True)
class Sides:
    """The three copies of one keyed tab and the header row on each (``None``: no such tab)."""

    base: Tab | None
    local: Tab
    online: Tab
    base_header: int
    local_header: int
    online_header: int


def merge_rows(
    tab_key: str, title: str, spec: KeyedRows, sides: Sides, prefer: Prefer = None
) -> RowsMerge:
    """Merge the keyed rows of one tab; see the module docstring for the rules."""
    b_rows = read_rows(sides.base, spec, sides.base_header)
    l_rows = read_rows(sides.local, spec, sides.local_header)
    o_rows = read_rows(sides.online, spec, sides.online_header)
    bmap = base_keys(b_rows)
    lmap, l_new = match_rows(bmap, sides.base_header, l_rows, sides.local_header)
    omap, o_new = match_rows(bmap, sides.base_header, o_rows, sides.online_header)
    _pair_new_rows(bmap, lmap, l_new, omap, o_new)
    split = _split_filled_blank_rows(bmap, lmap, omap)

    order = [*omap, *(k for k in lmap if k not in omap)]
    plans = [p for k in order if (p := _decide(k, bmap.get(k), lmap.get(k), omap.get(k), prefer))]
    for p in plans:
        _explain(p, title, split)

    place_rows(plans, "online", sides.online, sides.online_header, sides.local_header)
    place_rows(plans, "local", sides.local, sides.local_header, sides.online_header)

    taken = {r.row_id for r in (*b_rows, *l_rows, *o_rows) if r.row_id is not None}
    kept = [p for p in plans if not p.retired]
    for p in kept:
        if p.row_id is None:
            p.row_id = new_row_id(tab_key, p.merged or p.local or p.online or (), taken)
            p.id_given = True
    return RowsMerge(
        rows=tuple(_placed(p) for p in plans),
        conflicts=tuple(_conflicts(kept, spec)),
        notes=tuple(_fill(n, p) for p in kept for n in p.notes),
        new_ids=tuple((p.row_id or "", p.online_row, p.local_row) for p in kept if p.id_given),
    )


def _pair_new_rows(
    bmap: dict[str, SideRow],
    lmap: dict[str, SideRow],
    l_new: list[SideRow],
    omap: dict[str, SideRow],
    o_new: list[SideRow],
) -> None:
    """Key the rows new on each side: by their own id; an id-less one by an equal new row on
    the other side (its id, or a shared placeholder), or else by a placeholder of its own.
    Fills ``lmap`` and ``omap`` in place."""
    l_pending = _take_own_ids(l_new, lmap)
    o_pending = _take_own_ids(o_new, omap)
    count = 0

    def placeholder() -> str:
        nonlocal count
        count += 1
        return f"{SYNTHETIC}new:{count}"

    def index(keyed: dict[str, SideRow]) -> dict[tuple[object, ...], list[str]]:
        found: dict[tuple[object, ...], list[str]] = {}
        for k, r in keyed.items():
            if k not in bmap:
                found.setdefault(row_key(r.values), []).append(k)
        return found

    def claim(
        found: dict[tuple[object, ...], list[str]], row: SideRow, taken: dict[str, SideRow]
    ) -> str | None:
        keys = found.get(row_key(row.values), [])
        while keys:
            k = keys.pop(0)
            if k not in taken:
                return k
        return None

    o_with_ids = index(omap)
    for row in l_pending:
        key = claim(o_with_ids, row, lmap)
        lmap[key if key is not None else placeholder()] = row
    l_new_rows = index(lmap)  # now also the local id-less rows, under placeholders
    for row in o_pending:
        key = claim(l_new_rows, row, omap)
        omap[key if key is not None else placeholder()] = row


def _take_own_ids(rows: list[SideRow], keyed: dict[str, SideRow]) -> list[SideRow]:
    pending = []
    for row in rows:
        if row.row_id is not None and row.row_id not in keyed:
            keyed[row.row_id] = row
        else:
            pending.append(row)
    return pending


def _split_filled_blank_rows(
    bmap: dict[str, SideRow], lmap: dict[str, SideRow], omap: dict[str, SideRow]
) -> dict[str, str]:
    """Re-key the local version of every row that was empty in the base and that both sides
    filled differently, so it becomes a new row. Returns new key -> the online row's key."""
    split: dict[str, str] = {}
    for key in [k for k in lmap if k in omap]:
        b, lr, o = bmap.get(key), lmap[key], omap[key]
        if (
            (b is None or blank_row(b.values))
            and not blank_row(lr.values)
            and not blank_row(o.values)
            and not same_row(lr.values, o.values)
        ):
            new_key = f"{SYNTHETIC}split:{key}"
            lmap[new_key] = lmap.pop(key)
            split[new_key] = key
    return split


def _decide(
    key: str, b: SideRow | None, lr: SideRow | None, o: SideRow | None, prefer: Prefer
) -> RowPlan | None:
    """What the row should be on each side and in the next base (positions come later)."""
    row_id = None if key.startswith(SYNTHETIC) else key
    p = RowPlan(key, row_id, b, lr, o)
    p.local_row = lr.at if lr else None
    p.online_row = o.at if o else None
    if lr is not None and o is not None:
        bv = b.values if b else (None,) * len(lr.values)
        p.cells = tuple(
            three_way(x, y, z, prefer) for x, y, z in zip(bv, lr.values, o.values, strict=True)
        )
        p.merged = tuple(c.merged for c in p.cells)
        p.local = tuple(c.local for c in p.cells)
        p.online = tuple(c.online for c in p.cells)
    elif lr is not None or o is not None:
        here = lr if lr is not None else o
        assert here is not None
        gone_elsewhere = b is not None and (
            same_row(here.values, b.values) or blank_row(here.values)
        )
        if not gone_elsewhere:
            p.merged = p.local = p.online = here.values
    else:
        return None
    return p


# Stand-ins in notes for what is only known once rows are placed (see _fill).
_ID, _ONLINE, _LOCAL = "\x00id\x00", "\x00online\x00", "\x00local\x00"


def _explain(p: RowPlan, title: str, split: dict[str, str]) -> None:
    """Plain-words notes for rows that were deleted, kept or split."""
    if p.key in split:
        p.notes.append(
            f"{title}: the online and the offline copy both filled the same empty row "
            f"differently; both were kept (the offline one as row {_ID}, online at row {_ONLINE})."
        )
        return
    if p.base is None or p.key in split.values() or (p.lo is not None and p.on is not None):
        return
    was = "" if blank_row(p.base.values) else " (" + _preview(p.base.values) + ")"
    if p.lo is not None and p.on is None:
        if p.merged is None:
            if was:
                p.notes.append(
                    f"{title}: row {_ID}{was} was deleted online, so it was also removed "
                    f"from the local file (row {p.lo.at + 1} cleared)."
                )
        else:
            p.notes.append(
                f"{title}: row {_ID} was deleted online but edited offline; it was kept "
                f"and added back online at row {_ONLINE}."
            )
    elif p.on is not None and p.lo is None:
        if p.merged is None:
            if was:
                p.notes.append(
                    f"{title}: row {_ID}{was} was deleted in the local file, so it was also "
                    f"removed online (row {p.on.at + 1} cleared)."
                )
        else:
            p.notes.append(
                f"{title}: row {_ID} was deleted in the local file but edited online; it "
                f"was kept and added back to the local file at row {_LOCAL}."
            )


def _preview(values: Row) -> str:
    text = " | ".join(" ".join(str(v).split()) for v in values if not blank(v))
    return repr(text if len(text) <= 40 else text[:39] + "…")


def _fill(note: str, p: RowPlan) -> str:
    """A note with the row's final id and sheet rows (1-based) filled in."""
    return (
        note.replace(_ID, p.row_id or "")
        .replace(_ONLINE, str(or_default(p.online_row, -1) + 1))
        .replace(_LOCAL, str(or_default(p.local_row, -1) + 1))
    )


def _placed(p: RowPlan) -> PlacedRow:
    return PlacedRow(
        row_id=p.row_id or "",
        online_row=p.online_row,
        online=p.online,
        local_row=p.local_row,
        local=p.local,
        merged=p.merged,
    )


def _conflicts(plans: Sequence[RowPlan], spec: KeyedRows) -> Iterable[RowConflict]:
    for p in plans:
        if p.lo is None or p.on is None:
            continue
        bv = p.base.values if p.base else (None,) * len(spec.data_cols)
        for i, cell in enumerate(p.cells):
            if cell.state == "same":
                continue
            yield RowConflict(
                row_id=p.row_id or "",
                col=spec.data_cols[i],
                online_row=p.on.at,
                local_row=p.lo.at,
                base=bv[i],
                local=p.lo.values[i],
                online=p.on.values[i],
                resolved=cell.state == "resolved",
            )
