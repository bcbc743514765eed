"""Where a cell sits relative to a tab's anchors, so copies with rows inserted above a
section still line up: the layout of a tab and its cells by anchor region and offset.

Used by the merge (:mod:`sheets_sync.merge.tab`) and the history (:mod:`sheets_sync.merge.diff`).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeAlias

from sheets_sync.merge.row_match import KeyedRows
from sheets_sync.merge.values import blank
from sheets_sync.model import CellValue, Tab

PosKey: TypeAlias = tuple[str, int, int]  # (anchor region, row offset in it, column)


@dataclass(frozen=True)
class Layout:
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


def layouts(tabs: Sequence[Tab | None], spec: KeyedRows | None) -> list[Layout]:
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
    layouts = [Layout(tuple(sorted((r[n], n) for n in ordered))) for r in rows]
    it = iter(layouts)
    return [next(it) if t is not None else layouts[0] for t in tabs]


def positional(tab: Tab | None, lay: Layout, spec: KeyedRows | None) -> dict[PosKey, CellValue]:
    """A tab's cells by anchor region and offset, leaving out the keyed rows' own cells."""
    if tab is None:
        return {}
    header = header_row(lay, spec)
    out: dict[PosKey, CellValue] = {}
    for (r, c), v in tab.cells.items():
        if blank(v) or (spec is not None and r > header and c in spec.row_cols):
            continue
        region, offset = lay.locate(r)
        out[(region, offset, c)] = v
    return out


def header_row(lay: Layout, spec: KeyedRows | None) -> int:
    if spec is None:
        return -1
    row = lay.row(spec.anchor)
    return spec.default_anchor_row if row is None else row
