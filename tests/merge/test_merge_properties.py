"""Properties of the merge over random offline and online edits of a gap tab.

Each side may edit cells, delete rows, insert rows (id-less, as a person does), insert empty
sheet rows above the header; online may also sort the rows. Then:

* nothing typed on one side disappears from the merged result or from that side, unless it
  is listed as a conflict;
* edits of different cells never conflict;
* a change on one side only reaches the other side;
* after applying the result both sides hold the same rows, ``merged`` is what online holds,
  and merging again changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from sheets_sync.merge.rows import Row, blank, blank_row, read_rows, same_row, same_value, value_key
from sheets_sync.merge.workbook import MergeResult
from sheets_sync.model import CellValue, Formula, Tab, WorkbookSnapshot, a1
from sheets_sync.offline.look import GAP_ROWS
from tests.merge.support import KEY, TITLE, merge, settle

VALUES: list[CellValue] = [None, None, "a", "b", "=1+1", Formula("=1+1"), "x\r\ny", "😀", 1, 1.0]
values = st.sampled_from(VALUES)
rows = st.tuples(*[values] * 6)


@dataclass(frozen=True)
class Side:
    """One copy of the gap tab: empty sheet rows above the header, then the rows in order."""

    above: int
    rows: tuple[tuple[str | None, Row], ...]
    top: CellValue  # cell A1


def tab(side: Side) -> Tab:
    header = 3 + side.above
    cells: dict[tuple[int, int], CellValue] = {(header, c): f"H{c}" for c in range(7)}
    if not blank(side.top):
        cells[(0, 0)] = side.top
    for i, (rid, vals) in enumerate(side.rows):
        r = header + 1 + i
        if rid is not None:
            cells[(r, 6)] = rid
        for c, v in enumerate(vals):
            if not blank(v):
                cells[(r, c)] = v
    return Tab(KEY, TITLE, cells, {"rows": header})


def book(side: Side) -> WorkbookSnapshot:
    return WorkbookSnapshot([tab(side)])


@st.composite
def edited(
    draw: st.DrawFn, base: Side, name: str, *, sort: bool, cells: set[tuple[int, int]] | None
) -> Side:
    """``base`` as one side changed it. ``cells`` limits edits to those (row, col) of base."""
    out: list[tuple[str | None, Row]] = []
    for i, (rid, vals) in enumerate(base.rows):
        if cells is None and draw(st.integers(0, 5)) == 0:
            continue  # deleted
        new = list(vals)
        for c in range(6):
            if (cells is None or (i, c) in cells) and draw(st.integers(0, 3)) == 0:
                new[c] = draw(values)
        out.append((rid, tuple(new)))
    if sort and draw(st.booleans()):
        out = draw(st.permutations(out))
    for k in range(draw(st.integers(0, 2)) if cells is None else 0):
        shared = draw(st.booleans())
        marker = f"new-shared-{k}" if shared else f"new-{name}-{k}"
        at = draw(st.integers(0, len(out)))
        out.insert(at, (None, (*draw(st.tuples(*[values] * 5)), marker)))
    top = draw(values) if cells is None and draw(st.booleans()) else base.top
    above = base.above + (draw(st.integers(0, 2)) if cells is None else 0)
    return Side(above, tuple(out), top)


@st.composite
def bases(draw: st.DrawFn) -> Side:
    n = draw(st.integers(0, 5))
    return Side(0, tuple((f"r-{i:06x}", draw(rows)) for i in range(n)), "Priority 2")


def by_id(t: Tab | None) -> dict[str, Row]:
    assert t is not None
    header = t.anchor("rows", 3)
    found = read_rows(t, GAP_ROWS, header)
    ids = [r.row_id for r in found]
    assert None not in ids, "a row was left without an id"
    assert len(set(ids)) == len(ids), f"duplicate ids: {ids}"
    return {r.row_id: r.values for r in found if r.row_id is not None}


def conflict_cells(result: MergeResult) -> set[tuple[str | None, int]]:
    return {(c.row_id, "ABCDEF".index(c.cell[0])) for c in result.conflicts if c.row_id}


def edits_kept(before: Side, base: Side, after: Tab, result: MergeResult) -> None:
    """Every value this side typed (differs from base, or in a new row) is still on this side
    after applying, and in ``merged`` unless that cell is a conflict."""
    base_rows = dict(base.rows)
    merged = by_id(result.merged.get(KEY))
    header = 3 + before.above
    conflicts = conflict_cells(result)
    for i, (rid, vals) in enumerate(before.rows):
        r = header + 1 + i
        now_id = after.cells.get((r, 6))
        old = base_rows.get(rid) if rid is not None else None
        for c, v in enumerate(vals):
            typed = old is None or not same_value(v, old[c])
            if not typed or blank(v):
                continue
            assert isinstance(now_id, str), f"row {r} lost its id"
            assert same_value(after.cells.get((r, c)), v), f"{now_id} col {c} overwritten"
            if (now_id, c) not in conflicts:
                assert now_id in merged, f"row {now_id} lost from merged"
                assert same_value(merged[now_id][c], v), f"{now_id} col {c} lost from merged"


scenarios = bases().flatmap(
    lambda b: st.tuples(
        st.just(b),
        edited(b, "local", sort=False, cells=None),
        edited(b, "online", sort=True, cells=None),
        st.sampled_from([None, "local", "online"]),
    )
)


@settings(max_examples=250, deadline=None)
@given(scenarios)
def test_nothing_typed_is_lost_and_both_sides_converge(
    case: tuple[Side, Side, Side, str | None],
) -> None:
    base, local, online, prefer = case
    result, local2, online2 = settle(book(base), book(local), book(online), prefer=prefer)
    if prefer is None:
        edits_kept(local, base, local2.tabs[0], result)
        edits_kept(online, base, online2.tabs[0], result)
    else:
        assert result.clean
    lrows, orows, mrows = (
        by_id(local2.tabs[0]),
        by_id(online2.tabs[0]),
        by_id(result.merged.tabs[0]),
    )
    assert set(lrows) == set(orows) == set(mrows)
    skip = conflict_cells(result)
    for rid in lrows:
        for c in range(6):
            if (rid, c) not in skip:
                assert same_value(lrows[rid][c], orows[rid][c]), (rid, c)
                assert same_value(mrows[rid][c], orows[rid][c]), (rid, c)
    if result.clean:
        assert result.merged.tabs[0].cells == online2.tabs[0].cells
    again = merge(result.merged, local2, online2)
    assert again.changes_nothing, (again.to_online, again.to_local)
    assert [c.line() for c in again.conflicts] == [c.line() for c in result.conflicts]
    assert merge(result.merged, result.merged, result.merged).changes_nothing


disjoint = bases().flatmap(
    lambda b: st.sets(
        st.tuples(st.integers(0, max(len(b.rows) - 1, 0)), st.integers(0, 5))
    ).flatmap(
        lambda mine: st.tuples(
            st.just(b),
            edited(b, "local", sort=False, cells=mine),
            edited(
                b,
                "online",
                sort=True,
                cells={(i, c) for i in range(len(b.rows)) for c in range(6)} - mine,
            ),
        )
    )
)


@settings(max_examples=200, deadline=None)
@given(disjoint)
def test_edits_of_different_cells_never_conflict_and_both_arrive(
    case: tuple[Side, Side, Side],
) -> None:
    base, local, online = case
    result, local2, online2 = settle(book(base), book(local), book(online))
    assert result.conflicts == () and result.resolved == ()
    merged = by_id(result.merged.tabs[0])
    base_rows = dict(base.rows)
    for side in (local, online):
        for rid, vals in side.rows:
            assert rid is not None
            for c, v in enumerate(vals):
                if not same_value(v, base_rows[rid][c]):
                    assert same_value(merged[rid][c], v)
    assert by_id(local2.tabs[0]) == by_id(online2.tabs[0]) == merged


one_sided = bases().flatmap(
    lambda b: st.tuples(st.just(b), edited(b, "x", sort=True, cells=None), st.booleans())
)


@settings(max_examples=200, deadline=None)
@given(one_sided)
def test_a_change_on_one_side_only_is_never_lost(case: tuple[Side, Side, bool]) -> None:
    base, changed, offline = case
    local, online = (changed, base) if offline else (base, changed)
    result, local2, online2 = settle(book(base), book(local), book(online))
    assert result.clean
    mine = changed.rows
    after = (local2 if offline else online2).tabs[0]
    other = by_id((online2 if offline else local2).tabs[0])
    header = 3 + changed.above
    filled = [(i, vals) for i, (_rid, vals) in enumerate(mine) if not blank_row(vals)]
    for i, vals in filled:
        now_id = after.cells.get((header + 1 + i, 6))
        assert isinstance(now_id, str)
        assert same_row(other[now_id], vals)
    assert len([v for v in other.values() if not blank_row(v)]) == len(filled)


any_value = st.one_of(
    st.sampled_from(VALUES),
    st.none(),
    st.just(""),
    st.text(max_size=3),
    st.text(max_size=3).map(Formula),
    st.booleans(),
    st.integers(-3, 3),
    st.floats(-3, 3).map(lambda f: round(f, 1)),
    st.just(float("nan")),
    st.dates(min_value=date(2024, 1, 1), max_value=date(2024, 1, 3)),
    st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2024, 1, 3)).map(
        lambda d: d.replace(minute=0, second=0, microsecond=0)
    ),
)


@settings(max_examples=600, deadline=None)
@given(any_value, any_value)
def test_value_key_agrees_with_same_value(a: CellValue, b: CellValue) -> None:
    assert (value_key(a) == value_key(b)) == same_value(a, b)
    assert same_value(a, b) == same_value(b, a)
    assert same_value(a, a)


# --------------------------------------------------------------------------- anchored tabs

ANCHOR_ROWS = {"entries": 2, "status": 8}
GRID = [(r, c) for r in range(11) for c in range(3)]


@dataclass(frozen=True)
class Grid:
    """A table tab in base coordinates, plus blank rows inserted above each anchor."""

    cells: dict[tuple[int, int], CellValue]
    above_entries: int = 0
    above_status: int = 0

    def row(self, r: int) -> int:
        return (
            r
            + (self.above_entries if r >= ANCHOR_ROWS["entries"] else 0)
            + (self.above_status if r >= ANCHOR_ROWS["status"] else 0)
        )

    def tab(self) -> Tab:
        anchors = {name: self.row(r) for name, r in ANCHOR_ROWS.items()}
        cells = {(self.row(r), c): v for (r, c), v in self.cells.items() if not blank(v)}
        return Tab("table:1", "Table 1", cells, anchors)


@st.composite
def grids(draw: st.DrawFn, base: Grid | None = None) -> Grid:
    if base is None:
        return Grid({p: draw(values) for p in GRID})
    cells = dict(base.cells)
    for p in GRID:
        if draw(st.integers(0, 3)) == 0:
            cells[p] = draw(values)
    return Grid(cells, draw(st.integers(0, 2)), draw(st.integers(0, 2)))


grid_cases = grids().flatmap(lambda b: st.tuples(st.just(b), grids(b), grids(b)))


@settings(max_examples=150, deadline=None)
@given(grid_cases)
def test_anchored_tabs_keep_every_edit_in_line(case: tuple[Grid, Grid, Grid]) -> None:
    base, local, online = case
    result, local2, online2 = settle(
        WorkbookSnapshot([base.tab()]),
        WorkbookSnapshot([local.tab()]),
        WorkbookSnapshot([online.tab()]),
    )
    l2, o2, merged = local2.tabs[0].cells, online2.tabs[0].cells, result.merged.tabs[0].cells
    conflicts = {c.cell for c in result.conflicts}
    for r, c in GRID:
        lp, op = (local.row(r), c), (online.row(r), c)
        if a1(*op) in conflicts:
            assert same_value(l2.get(lp), local.cells[(r, c)])
            assert same_value(o2.get(op), online.cells[(r, c)])
            continue
        assert same_value(l2.get(lp), o2.get(op)), (r, c)
        assert same_value(merged.get(op), o2.get(op)), (r, c)
        for side in (local, online):
            if not same_value(side.cells[(r, c)], base.cells[(r, c)]):
                assert same_value(merged.get(op), side.cells[(r, c)]), (r, c)
    assert set(l2) == {(local.row(r), c) for r, c in GRID if not blank(l2.get((local.row(r), c)))}
    again = merge(result.merged, local2, online2)
    assert again.changes_nothing
