"""Builders shared by the merge tests: small workbooks, applying changes to a snapshot, and
:func:`merge` / :func:`diff` with the workshop's gap tabs keyed by row id, as offline uses them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sheets_sync.merge.rows import blank
from sheets_sync.merge.workbook import CellChange, MergeResult
from sheets_sync.merge.workbook import diff as _diff
from sheets_sync.merge.workbook import merge as _merge
from sheets_sync.model import (
    AddTab,
    CellValue,
    Change,
    SetChart,
    Tab,
    UpdateTab,
    WorkbookSnapshot,
    WriteRange,
)
from sheets_sync.offline.look import GAP_ROWS


def merge(
    base: WorkbookSnapshot, local: WorkbookSnapshot, online: WorkbookSnapshot, **kw: object
) -> MergeResult:
    """:func:`sheets_sync.merge.workbook.merge` with the gap tabs keyed, unless told otherwise."""
    kw.setdefault("keyed", (GAP_ROWS,))
    return _merge(base, local, online, **kw)  # type: ignore[arg-type]


def diff(a: WorkbookSnapshot, b: WorkbookSnapshot) -> list[CellChange]:
    """:func:`sheets_sync.merge.workbook.diff` with the gap tabs keyed."""
    return _diff(a, b, keyed=(GAP_ROWS,))


KEY = "gap:MESO-3"
TITLE = "Gap 2 - MESO-3"
HEADER = 3
HEADINGS = ("Ideal", "In place", "In development", "Gaps", "Training", "Recommendations")

RowSpec = tuple[CellValue, ...]  # (id, A, B, ...); trailing columns may be left out


def gap(
    *rows: RowSpec | None,
    header: int = HEADER,
    key: str = KEY,
    title: str = TITLE,
    top: Sequence[CellValue] = ("Priority 2: MESO-3",),
    anchored: bool = True,
) -> Tab:
    """A gap tab: ``top`` in A1.., headings on ``header``, then ``rows`` (``None`` = an empty
    sheet row) each ``(id, A, B, ...)``."""
    cells: dict[tuple[int, int], CellValue] = {}
    for r, text in enumerate(top):
        if text is not None:
            cells[(r, 0)] = text
    for c, heading in enumerate(HEADINGS):
        cells[(header, c)] = heading
    cells[(header, 6)] = "Row id"
    for i, row in enumerate(rows):
        if row is None:
            continue
        rid, *values = row
        if rid is not None:
            cells[(header + 1 + i, 6)] = rid
        for c, v in enumerate(values):
            if v is not None:
                cells[(header + 1 + i, c)] = v
    return Tab(key, title, cells, {"rows": header} if anchored else {})


def table(
    cells: dict[tuple[int, int], CellValue],
    *,
    key: str = "table:1",
    title: str = "Table 1",
    anchors: dict[str, int] | None = None,
) -> Tab:
    return Tab(key, title, dict(cells), dict(anchors or {}))


def wb(*tabs: Tab, revision: str | None = None) -> WorkbookSnapshot:
    return WorkbookSnapshot(list(tabs), revision)


def copy_wb(snap: WorkbookSnapshot) -> WorkbookSnapshot:
    return WorkbookSnapshot(
        [Tab(t.key, t.title, dict(t.cells), dict(t.anchors), t.hidden) for t in snap.tabs],
        snap.revision,
    )


def apply(
    snap: WorkbookSnapshot, changes: Iterable[Change], drop: Iterable[str] = ()
) -> WorkbookSnapshot:
    """What a backend holds after applying ``changes`` (blank writes clear the cell)."""
    out = copy_wb(snap)
    for change in changes:
        if isinstance(change, AddTab):
            assert out.get(change.spec.key) is None, f"tab {change.spec.key} added twice"
            cells = {p: v for p, v in change.cells.items() if not blank(v)}
            out.tabs.append(
                Tab(change.spec.key, change.spec.title, cells, dict(change.spec.anchors))
            )
        elif isinstance(change, WriteRange):
            tab = out.get(change.tab_key)
            assert tab is not None, f"write to a missing tab {change.tab_key}"
            for i, row in enumerate(change.values):
                for j, v in enumerate(row):
                    pos = (change.row + i, change.col + j)
                    if blank(v):
                        tab.cells.pop(pos, None)
                    else:
                        tab.cells[pos] = v
        elif isinstance(change, UpdateTab):
            tab = out.get(change.tab_key)
            assert tab is not None
            if change.title is not None:
                tab.title = change.title
        else:
            assert isinstance(change, SetChart)
    dropped = set(drop)
    out.tabs = [t for t in out.tabs if t.key not in dropped]
    return out


def settle(
    base: WorkbookSnapshot, local: WorkbookSnapshot, online: WorkbookSnapshot, **kw: object
) -> tuple[MergeResult, WorkbookSnapshot, WorkbookSnapshot]:
    """Merge, then apply the result to both sides: (result, local after, online after)."""
    result = merge(base, local, online, **kw)
    return (
        result,
        apply(local, result.to_local, result.drop_local),
        apply(online, result.to_online),
    )


def cells_of(tab: Tab | None) -> dict[tuple[int, int], CellValue]:
    assert tab is not None
    return {p: v for p, v in tab.cells.items() if not blank(v)}


def typed(cells: dict[tuple[int, int], CellValue]) -> dict[tuple[int, int], tuple[str, str]]:
    """Cells compared with their types (``Formula('=A1') != '=A1'``, ``1 != 1.0``)."""
    return {p: (type(v).__name__, repr(v)) for p, v in cells.items() if not blank(v)}


def w(row: int, col: int, *rows: Sequence[CellValue], key: str = KEY) -> WriteRange:
    """``WriteRange`` shorthand: ``w(4, 1, ['x', 'y'])``."""
    return WriteRange(key, row, col, tuple(tuple(r) for r in rows))
