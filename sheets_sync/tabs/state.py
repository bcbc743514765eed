"""Cells the tool owns, and the proof that nobody else changed them.

The tool writes only its own regions (status areas, computed sections). It records what it
last wrote in each region on the hidden state tab; before writing again it compares the
workbook with that record. A difference means a person typed in a tool cell: the tool stops
and says where (:class:`ToolCellEdited`) instead of overwriting it, unless told ``force``.
A difference that is exactly the record with whole rows inserted (blank) or deleted somewhere
is a person inserting or deleting rows, not typing: the region is laid out afresh where it is
now, and cells its old content was pushed into are cleared.

Pure: works on a :class:`WorkbookSnapshot` and returns :class:`Change` objects.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sheets_sync.errors import MissingTab, ToolCellEdited, WorkbookCorrupt
from sheets_sync.model import (
    AddTab,
    CellValue,
    Change,
    Formula,
    Protection,
    Tab,
    TabSpec,
    WorkbookSnapshot,
    WriteRange,
    a1,
    is_blank,
)
from sheets_sync.tabs.keys import (
    STATE,
    STATE_TITLE,
)


def state_tab(records: Mapping[str, object] | None = None) -> AddTab:
    """The hidden tab where the tool records what it last wrote in the cells it owns;
    ``records`` are written in it from the start (regions a new tab already fills)."""
    spec = TabSpec(
        key=STATE,
        title=STATE_TITLE,
        column_widths={0: 30, 1: 100},
        hidden=True,
        protections=(Protection(None, "sheets_sync's own records; do not edit."),),
        rewritten=True,
    )
    cells: dict[tuple[int, int], CellValue] = {
        (0, 0): "sheets_sync state: do not edit",
        (0, 1): "format 1",
    }
    for row, (key, value) in enumerate((records or {}).items(), start=1):
        cells[(row, 0)] = key
        cells[(row, 1)] = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return AddTab(spec, cells)


Grid = tuple[tuple[CellValue, ...], ...]


@dataclass(frozen=True)
class Region:
    """A rectangle the tool owns: ``values`` with top-left ``row_offset`` rows below the
    anchor ``anchor`` (template row ``anchor_default``) in column ``col`` of tab ``tab_key``."""

    id: str
    tab_key: str
    anchor: str
    anchor_default: int
    row_offset: int
    col: int
    values: Grid


def norm(value: CellValue) -> object:
    """A comparable form: blanks equal, ``3 == 3.0``, a formula never equals its text."""
    if is_blank(value):
        return ""
    if isinstance(value, Formula):
        return ("formula", str(value))
    if isinstance(value, bool):
        return ("bool", value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _jsonable(value: CellValue) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _read_state(tab: Tab | None) -> tuple[dict[str, Any], dict[str, int]]:
    records: dict[str, Any] = {}
    rows: dict[str, int] = {}
    if tab is None:
        return records, rows
    for (r, c), key in sorted(tab.cells.items()):
        if c != 0 or r == 0 or not isinstance(key, str) or not key:
            continue
        raw = tab.value(r, 1)
        try:
            records[key] = json.loads(str(raw))
        except ValueError:
            raise WorkbookCorrupt(
                f"tab {tab.title!r}, cell B{r + 1}: sheets_sync's record is damaged; "
                "restore the workbook from a backup or re-provision with --force"
            ) from None
        rows[key] = r
    return records, rows


class ToolState:
    """The records on the hidden state tab, and the writes that keep them current."""

    def __init__(self, snapshot: WorkbookSnapshot):
        self.snapshot = snapshot
        self.records, self._rows = _read_state(snapshot.get(STATE))
        self._dirty: dict[str, Any] = {}

    def get(self, key: str, default: Any = None) -> Any:
        return self._dirty.get(key, self.records.get(key, default))

    def set(self, key: str, value: Any) -> None:
        if self.records.get(key) != value:
            self._dirty[key] = value

    def changes(self) -> list[Change]:
        """The state-tab writes for everything :meth:`set` changed, in one compact range each."""
        if not self._dirty:
            return []
        next_row = max(self._rows.values(), default=0) + 1
        out: list[Change] = []
        for key, value in self._dirty.items():
            row = self._rows.get(key)
            if row is None:
                row, next_row = next_row, next_row + 1
                self._rows[key] = row
            text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
            out.append(WriteRange(STATE, row, 0, ((key, text),)))
        self.records.update(self._dirty)
        self._dirty = {}
        return out


def _pad(values: Grid, rows: int, cols: int) -> Grid:
    return tuple(
        tuple(values[r][c] if r < len(values) and c < len(values[r]) else None for c in range(cols))
        for r in range(rows)
    )


MAX_ROW_SHIFT = 10


def _blank_row(width: int) -> tuple[CellValue, ...]:
    return (None,) * width


def _grid(tab: Tab, top: int, col: int, rows: int, width: int) -> Grid:
    return tuple(tuple(tab.value(top + r, col + c) for c in range(width)) for r in range(rows))


def _shifted(old: Grid, now: Grid, new: Grid) -> Grid | None:
    """``old`` as it reads after the person's row insert or delete that explains ``now``, or
    ``None`` when no such edit explains it (then a person typed). Cells already holding
    their ``new`` value count as explained."""
    width = len(now[0]) if now else 0
    candidates: list[Grid] = []
    for d in range(1, min(MAX_ROW_SHIFT, len(now)) + 1):
        for p in range(len(old) + 1):
            candidates.append(old[:p] + (_blank_row(width),) * d + old[p:])
        for p in range(len(old) - d + 1):
            candidates.append(old[:p] + old[p + d :])
    for candidate in candidates:
        padded = _pad(candidate, len(now), width)
        if all(
            norm(now[r][c]) in (norm(padded[r][c]), norm(new[r][c]))
            for r in range(len(now))
            for c in range(width)
        ):
            return candidate
    return None


def plan_regions(
    snapshot: WorkbookSnapshot, state: ToolState, regions: Iterable[Region], *, force: bool = False
) -> list[Change]:
    """Writes that bring every region to its new values, after checking nobody edited them.

    A region whose cells already hold the new values costs nothing. When a region shrinks, the
    cells it no longer needs are cleared. Raises :class:`ToolCellEdited` naming the first few
    cells a person changed, unless ``force``.
    """
    changes: list[Change] = []
    edited: list[str] = []
    for region in regions:
        tab = snapshot.get(region.tab_key)
        if tab is None:
            raise MissingTab(
                f"the tab for {region.tab_key!r} is missing from the workbook; "
                "run `sheets-sync provision` to add it back"
            )
        top = tab.anchor(region.anchor, region.anchor_default) + region.row_offset
        record = state.get(f"region:{region.id}") or {}
        old: Grid = tuple(tuple(row) for row in record.get("values", ()))
        height = max(len(region.values), len(old))
        width = max((len(r) for r in (*region.values, *old)), default=0)

        expected, new = _pad(old, height, width), _pad(region.values, height, width)
        reach = height + MAX_ROW_SHIFT
        if any(
            norm(v) not in (norm(e), norm(n))
            for row_now, row_e, row_n in zip(
                _grid(tab, top, region.col, height, width), expected, new, strict=True
            )
            for v, e, n in zip(row_now, row_e, row_n, strict=True)
        ) and (
            moved := _shifted(
                old, _grid(tab, top, region.col, reach, width), _pad(region.values, reach, width)
            )
        ):
            height = max(len(region.values), len(moved))
            expected, new = _pad(moved, height, width), _pad(region.values, height, width)
        for r in range(height):
            for c in range(width):
                now = tab.value(top + r, region.col + c)
                if norm(now) != norm(expected[r][c]) and norm(now) != norm(new[r][c]):
                    edited.append(
                        f"{tab.title}!{a1(top + r, region.col + c)} "
                        f"({_show(expected[r][c])} → {_show(now)})"
                    )
        current = _grid(tab, top, region.col, height, width)
        if [[norm(v) for v in row] for row in current] != [[norm(v) for v in row] for row in new]:
            changes.append(WriteRange(region.tab_key, top, region.col, new))
        state.set(
            f"region:{region.id}", {"values": [[_jsonable(v) for v in r] for r in region.values]}
        )
    if edited and not force:
        more = f" and {len(edited) - 3} more" if len(edited) > 3 else ""
        raise ToolCellEdited(
            "a person typed in cells sheets_sync writes: "
            + "; ".join(edited[:3])
            + more
            + ". Move that text to your own columns and undo the edit, or re-run with --force "
            "to let sheets_sync overwrite its own cells"
        )
    return changes


def _show(value: CellValue) -> str:
    if is_blank(value):
        return "empty"
    text = str(value)
    return repr(text if len(text) <= 30 else text[:29] + "…")


def region(
    id: str,
    tab_key: str,
    anchor: str,
    anchor_default: int,
    row_offset: int,
    col: int,
    values: Sequence[Sequence[CellValue]],
) -> Region:
    """Build a :class:`Region` from any nested sequence of values."""
    return Region(
        id, tab_key, anchor, anchor_default, row_offset, col, tuple(tuple(r) for r in values)
    )
