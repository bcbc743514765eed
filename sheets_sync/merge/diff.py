"""History: what changed between two snapshots, as :class:`CellChange` records (:func:`diff`).

Cells match as in the merge (tabs by key, cells by anchor offset, gap rows by id), so a row
inserted above a section or a sorted gap tab shows as the edits people made, not as every
cell below them moving. Pure.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, TypeAlias

from sheets_sync.merge.anchors import header_row, layouts, positional
from sheets_sync.merge.row_match import KeyedRows, base_keys, match_rows, read_rows
from sheets_sync.merge.values import blank, same_value, show
from sheets_sync.model import CellValue, Tab, WorkbookSnapshot, a1

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
    a: WorkbookSnapshot, b: WorkbookSnapshot, *, keyed: Sequence[KeyedRows] = ()
) -> list[CellChange]:
    """What changed from ``a`` to ``b``: per tab (by key; tabs without one by title), per cell
    by anchor offset, the rows of ``keyed`` tabs by id. Cells are named where they are in
    ``b`` (in ``a`` when gone). Values compare with :func:`same_value`, so ``None`` and ``''``
    are no change."""
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
            changes += tab_changes(key, ta, tb, spec)
    return changes


def _keyless(snap: WorkbookSnapshot, title: str) -> Tab | None:
    return next((t for t in snap.tabs if t.key is None and t.title == title), None)


def tab_changes(key: str | None, ta: Tab, tb: Tab, spec: KeyedRows | None) -> list[CellChange]:
    lay_a, lay_b = layouts([ta, tb], spec)
    pos_a, pos_b = positional(ta, lay_a, spec), positional(tb, lay_b, spec)
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
        found += _row_changes(key, ta, tb, spec, header_row(lay_a, spec), header_row(lay_b, spec))
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
