"""Where merged keyed rows go: a row added to a side gets a sheet row there.

A row added to a side goes below the last row there that holds any values: into the first
row being cleared by this merge, or the first untouched empty pre-made row (which then gives
up its id — to the new row if that has none — and is cleared on the other side), or else
below every used row; a value is never overwritten. :class:`RowPlan` is one row while
:func:`~sheets_sync.merge.rows.merge_rows` decides it; :func:`place_rows` fills in its sheet
rows. Pure.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, TypeAlias

from sheets_sync.merge.row_match import SideRow
from sheets_sync.merge.values import Cell3, Row, blank, blank_row
from sheets_sync.model import Tab

Side: TypeAlias = Literal["local", "online"]


@dataclass
class RowPlan:
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


def place_rows(plans: list[RowPlan], side: Side, tab: Tab, header: int, other_header: int) -> None:
    """Give every row that must be added to ``side`` a sheet row there (see module docs).

    A non-empty row lands in the first row below the last filled one that is either an
    untouched empty pre-made row (retired by :func:`_retire`) or a row being cleared anyway;
    otherwise, and for empty rows, below every used row of the tab.
    """
    adding = [p for p in plans if p.target(side) is not None and p.at(side) is None]
    if not adding:
        return
    other: Side = "local" if side == "online" else "online"
    adding.sort(key=lambda p: or_default(p.at(other), -1))
    occupied = [p for p in plans if p.at(side) is not None]
    if not occupied and not any(r > header and not blank(v) for (r, _c), v in tab.cells.items()):
        for p in adding:  # an empty tab: rows keep the other side's layout
            _set_at(p, side, header + (or_default(p.at(other), 0) - other_header))
        return
    last_filled = max(
        [header]
        + [
            or_default(p.at(side), header)
            for p in occupied
            if (t := p.target(side)) is not None and not blank_row(t)
        ]
    )
    slots = sorted(
        (
            p
            for p in occupied
            if or_default(p.at(side), 0) > last_filled
            and (p.target(side) is None or (not p.retired and _is_free_slot(p, side)))
        ),
        key=lambda p: or_default(p.at(side), 0),
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


def or_default(value: int | None, default: int) -> int:
    return default if value is None else value


def _is_free_slot(p: RowPlan, side: Side) -> bool:
    """An empty pre-made row nobody touched: empty in the base, on both sides and merged."""
    return (
        p.row_id is not None
        and p.merged is not None
        and blank_row(p.merged)
        and (p.base is None or blank_row(p.base.values))
        and all(r is None or blank_row(r.values) for r in (p.lo, p.on))
        and p.target(side) is not None
    )


def _set_at(p: RowPlan, side: Side, row: int | None) -> None:
    if side == "online":
        p.online_row = row
    else:
        p.local_row = row


def _retire(slot: RowPlan, side: Side, *, taken_by: RowPlan) -> None:
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
