"""Keyed rows: the data rows of a gap tab, matched across copies by a hidden row id.

People insert, delete and sort the rows of a gap tab, online and offline. Matching rows by
position would move an offline edit onto the wrong row as soon as someone inserts a row above
it online, so each row carries a tool-written id (``r-7f3a2c``) in a hidden column and rows are
matched by that id. This module is the row half of :mod:`sheets_sync.merge`; it is pure.

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
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import cached_property
from typing import Literal, TypeAlias

from .backend import CellValue, Formula, Tab

Row: TypeAlias = tuple[CellValue, ...]
Prefer: TypeAlias = Literal["local", "online"] | None
Side: TypeAlias = Literal["local", "online"]


@dataclass(frozen=True)
class KeyedRows:
    """How the rows of the tabs whose key starts with ``key_prefix`` are matched by a key.

    The header row is the anchor ``anchor`` (``default_anchor_row`` when untagged); data rows
    are every row below it. A row is its values in ``data_cols``; its id is in ``id_col``.
    Other columns of those rows are merged by position like the rest of the tab.
    """

    key_prefix: str
    anchor: str
    default_anchor_row: int
    id_col: int
    data_cols: tuple[int, ...]

    def applies_to(self, tab_key: str) -> bool:
        return tab_key.startswith(self.key_prefix)

    @cached_property
    def row_cols(self) -> frozenset[int]:
        """The columns a keyed row owns: its data columns and its id column."""
        return frozenset((*self.data_cols, self.id_col))


#: The gap tabs: header on row 4 (index 3), six person columns A..F, the row id in G.
GAP_ROWS = KeyedRows("gap:", "rows", 3, 6, (0, 1, 2, 3, 4, 5))


# --------------------------------------------------------------------------- values


def blank(value: CellValue) -> bool:
    """Only an empty cell and ``''`` are blank here: whitespace is something a person typed."""
    return value is None or value == ""


def same_value(a: CellValue, b: CellValue) -> bool:
    """Whether two cells hold the same value, compared exactly.

    ``None`` equals ``''``; text equals only identical text (CRLF, spaces and case count); a
    :class:`Formula` never equals text with the same characters; ``True`` never equals ``1``.
    Numbers compare by value (``3 == 3.0``) and a date equals a naive datetime at midnight,
    because spreadsheets store both kinds alike and the two readers return them differently.
    """
    if blank(a) or blank(b):
        return blank(a) and blank(b)
    if isinstance(a, str) or isinstance(b, str):
        return (
            isinstance(a, str)
            and isinstance(b, str)
            and isinstance(a, Formula) == isinstance(b, Formula)
            and str(a) == str(b)
        )
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, int | float) and isinstance(b, int | float):
        if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
            return True
        return a == b
    if isinstance(a, date) and isinstance(b, date):
        return _as_datetime(a) == _as_datetime(b)
    return False


def _as_datetime(value: date) -> datetime:
    if isinstance(value, datetime):
        return value
    return datetime.combine(value, time())


def same_row(a: Row, b: Row) -> bool:
    return len(a) == len(b) and all(same_value(x, y) for x, y in zip(a, b, strict=True))


def value_key(value: CellValue) -> object:
    """A hashable key with ``value_key(a) == value_key(b)`` exactly when ``same_value(a, b)``,
    so rows can be looked up by their values instead of compared pairwise."""
    if blank(value):
        return ("blank",)
    if isinstance(value, Formula):
        return ("formula", str(value))
    if isinstance(value, str):
        return ("text", value)
    if isinstance(value, bool):
        return ("bool", value)
    if isinstance(value, float) and math.isnan(value):
        return ("nan",)
    if isinstance(value, int | float):
        return ("number", value)  # 3 and 3.0 are equal and hash alike
    if isinstance(value, date):
        return ("date", _as_datetime(value))
    return ("other", repr(value))


def row_key(values: Row) -> tuple[object, ...]:
    return tuple(value_key(v) for v in values)


def blank_row(row: Row) -> bool:
    return all(blank(v) for v in row)


State: TypeAlias = Literal["same", "conflict", "resolved"]


@dataclass(frozen=True)
class Cell3:
    """The outcome of a three-way cell merge: what the next base holds, what each side should
    hold (they differ only in an unresolved conflict, where each keeps its own value and the
    next base keeps the old one so the conflict is reported again until someone settles it)."""

    merged: CellValue
    local: CellValue
    online: CellValue
    state: State = "same"


def three_way(
    base: CellValue,
    local: CellValue,
    online: CellValue,
    prefer: Prefer = None,
    *,
    online_wins: bool = False,
) -> Cell3:
    """Merge one cell. A change on one side wins; equal changes agree; different changes are
    a conflict unless ``prefer`` names a side. ``online_wins`` (a cell the tool owns) takes
    the online value whatever happened offline, without a conflict."""
    if same_value(local, online) or same_value(local, base) or online_wins:
        return Cell3(online, online, online)
    if same_value(online, base):
        return Cell3(local, local, local)
    if prefer == "local":
        return Cell3(local, local, local, "resolved")
    if prefer == "online":
        return Cell3(online, online, online, "resolved")
    return Cell3(base, local, online, "conflict")


# --------------------------------------------------------------------------- reading rows


@dataclass(frozen=True)
class SideRow:
    """A data row as one copy holds it: its sheet row, its id (if any) and its values."""

    at: int
    row_id: str | None
    values: Row


def read_rows(tab: Tab | None, spec: KeyedRows, header: int) -> list[SideRow]:
    """The rows below ``header`` holding an id or any value in a data column, top to bottom."""
    if tab is None:
        return []
    found: dict[int, dict[int, CellValue]] = {}
    cols = spec.row_cols
    for (r, c), v in tab.cells.items():
        if r > header and c in cols and not blank(v):
            found.setdefault(r, {})[c] = v
    rows = []
    for r in sorted(found):
        cells = found[r]
        raw = cells.get(spec.id_col)
        rid = str(raw).strip() if raw is not None else ""
        rows.append(SideRow(r, rid or None, tuple(cells.get(c) for c in spec.data_cols)))
    return rows


_SYNTHETIC = "\x00"  # prefix of keys for rows that have no id yet; no real id starts so


def base_keys(rows: Iterable[SideRow]) -> dict[str, SideRow]:
    """Key every base row: by its id, or (id-less or duplicate id) by its sheet row."""
    keyed: dict[str, SideRow] = {}
    for row in rows:
        if row.row_id is not None and row.row_id not in keyed:
            keyed[row.row_id] = row
        else:
            keyed[f"{_SYNTHETIC}base:{row.at}"] = row
    return keyed


def match_rows(
    base: dict[str, SideRow], base_header: int, side: Sequence[SideRow], side_header: int
) -> tuple[dict[str, SideRow], list[SideRow]]:
    """Match one copy's rows to the base keys (see the module docstring for the order).

    Returns the matched rows by base key, and the remaining rows (new on this side) in order.
    """
    matched: dict[str, SideRow] = {}
    rest: list[SideRow] = []
    for row in side:
        if row.row_id is not None and row.row_id in base and row.row_id not in matched:
            matched[row.row_id] = row
        else:
            rest.append(row)
    by_values: dict[tuple[object, ...], list[str]] = {}
    for k, b in base.items():
        if k not in matched:
            by_values.setdefault(row_key(b.values), []).append(k)
    unmatched: list[SideRow] = []
    for row in rest:
        if row.row_id is not None and row.row_id not in base:
            unmatched.append(row)  # an id of its own: a row added on this side
            continue
        keys = by_values.get(row_key(row.values))
        if keys:
            matched[keys.pop(0)] = row
        else:
            unmatched.append(row)
    free = [k for k in base if k not in matched]
    new: list[SideRow] = []
    for row in unmatched:
        offset = row.at - side_header
        key = None
        if row.row_id is None or row.row_id in base:
            key = next(
                (
                    k
                    for k in free
                    if k.startswith(_SYNTHETIC) and base[k].at - base_header == offset
                ),
                None,
            )
        if key is None:
            new.append(row)
        else:
            free.remove(key)
            matched[key] = row
    return matched, new


def new_row_id(tab_key: str, values: Row, taken: set[str]) -> str:
    """A fresh id ``r-`` + six hex digits, derived from the row so merges are reproducible,
    and different from every id in ``taken`` (to which it is added)."""
    n = 0
    while True:
        seed = "\x1f".join([tab_key, str(n), *(repr(v) for v in values)])
        rid = "r-" + hashlib.sha256(seed.encode("utf-8", "surrogatepass")).hexdigest()[:6]
        if rid not in taken:
            taken.add(rid)
            return rid
        n += 1


# --------------------------------------------------------------------------- merging rows


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


@dataclass
class _Plan:
    """One row while it is being merged: its key, its three versions (``lo``/``on`` as the
    copies hold it), what each side and the next base should hold, and where on each side."""

    key: str
    row_id: str | None
    base: SideRow | None
    lo: SideRow | None
    on: SideRow | None
    merged: Row | None = None
    local: Row | None = None
    online: Row | None = None
    local_row: int | None = None
    online_row: int | None = None
    cells: tuple[Cell3, ...] = ()
    retired: bool = False
    id_given: bool = False
    notes: list[str] = field(default_factory=list)

    def at(self, side: Side) -> int | None:
        return self.online_row if side == "online" else self.local_row

    def target(self, side: Side) -> Row | None:
        return self.online if side == "online" else self.local


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

    _place(plans, "online", sides.online, sides.online_header, sides.local_header)
    _place(plans, "local", sides.local, sides.local_header, sides.online_header)

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
        return f"{_SYNTHETIC}new:{count}"

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
            new_key = f"{_SYNTHETIC}split:{key}"
            lmap[new_key] = lmap.pop(key)
            split[new_key] = key
    return split


def _decide(
    key: str, b: SideRow | None, lr: SideRow | None, o: SideRow | None, prefer: Prefer
) -> _Plan | None:
    """What the row should be on each side and in the next base (positions come later)."""
    row_id = None if key.startswith(_SYNTHETIC) else key
    p = _Plan(key, row_id, b, lr, o)
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


def _explain(p: _Plan, title: str, split: dict[str, str]) -> None:
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


def _place(plans: list[_Plan], side: Side, tab: Tab, header: int, other_header: int) -> None:
    """Give every row that must be added to ``side`` a sheet row there (see module docs).

    A non-empty row lands in the first row below the last filled one that is either an
    untouched empty pre-made row (retired by :func:`_retire`) or a row being cleared anyway;
    otherwise, and for empty rows, below every used row of the tab.
    """
    adding = [p for p in plans if p.target(side) is not None and p.at(side) is None]
    if not adding:
        return
    other: Side = "local" if side == "online" else "online"
    adding.sort(key=lambda p: _or(p.at(other), -1))
    occupied = [p for p in plans if p.at(side) is not None]
    if not occupied and not any(r > header and not blank(v) for (r, _c), v in tab.cells.items()):
        for p in adding:  # an empty tab: rows keep the other side's layout
            _set_at(p, side, header + (_or(p.at(other), 0) - other_header))
        return
    last_filled = max(
        [header]
        + [
            _or(p.at(side), header)
            for p in occupied
            if (t := p.target(side)) is not None and not blank_row(t)
        ]
    )
    slots = sorted(
        (
            p
            for p in occupied
            if _or(p.at(side), 0) > last_filled
            and (p.target(side) is None or (not p.retired and _is_free_slot(p, side)))
        ),
        key=lambda p: _or(p.at(side), 0),
    )
    next_row = 1 + max(
        [header, *(r for (r, c), v in tab.cells.items() if r > header and not blank(v))]
    )
    for p in adding:
        t = p.target(side)
        if slots and t is not None and not blank_row(t):
            slot = slots.pop(0)
            _set_at(p, side, slot.at(side))
            if slot.target(side) is None:
                _set_at(slot, side, None)  # being cleared anyway: the new row replaces it
            else:
                _retire(slot, side, taken_by=p)
        else:
            _set_at(p, side, next_row)
            next_row += 1


def _or(value: int | None, default: int) -> int:
    return default if value is None else value


def _is_free_slot(p: _Plan, side: Side) -> bool:
    """An empty pre-made row nobody touched: empty in the base, on both sides and merged."""
    return (
        p.row_id is not None
        and p.merged is not None
        and blank_row(p.merged)
        and (p.base is None or blank_row(p.base.values))
        and all(r is None or blank_row(r.values) for r in (p.lo, p.on))
        and p.target(side) is not None
    )


def _set_at(p: _Plan, side: Side, row: int | None) -> None:
    if side == "online":
        p.online_row = row
    else:
        p.local_row = row


def _retire(slot: _Plan, side: Side, *, taken_by: _Plan) -> None:
    """``taken_by`` now fills ``slot``'s sheet row on ``side``; the empty row goes away: its
    id passes to ``taken_by`` if that has none, and its row on the other side is cleared."""
    slot.retired = True
    slot.merged = None
    if side == "online":
        slot.online_row, slot.online = None, None
        slot.local = None
    else:
        slot.local_row, slot.local = None, None
        slot.online = None
    if taken_by.row_id is None:
        taken_by.row_id = slot.row_id
        taken_by.id_given = True


def _fill(note: str, p: _Plan) -> str:
    """A note with the row's final id and sheet rows (1-based) filled in."""
    return (
        note.replace(_ID, p.row_id or "")
        .replace(_ONLINE, str(_or(p.online_row, -1) + 1))
        .replace(_LOCAL, str(_or(p.local_row, -1) + 1))
    )


def _placed(p: _Plan) -> PlacedRow:
    return PlacedRow(
        row_id=p.row_id or "",
        online_row=p.online_row,
        online=p.online,
        local_row=p.local_row,
        local=p.local,
        merged=p.merged,
    )


def _conflicts(plans: Sequence[_Plan], spec: KeyedRows) -> Iterable[RowConflict]:
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
