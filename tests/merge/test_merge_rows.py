"""Gap rows in the merge: matched by their hidden id, whatever happened to row numbers."""

from __future__ import annotations

import re

import pytest

from sheets_sync.merge.rows import new_row_id, read_rows
from sheets_sync.merge.workbook import AssignedId, Conflict
from sheets_sync.model import AddTab, CellValue, TabSpec
from sheets_sync.offline.look import GAP_ROWS
from tests.merge.support import KEY, TITLE, cells_of, gap, merge, settle, w, wb

IDEAL = "Joined-up care"
R1 = ("r-1", IDEAL, "CAMHS triage")
R2 = ("r-2", IDEAL, None, "Pilot")
EMPTY3, EMPTY4 = ("r-3",), ("r-4",)


def row(*values: CellValue, rid: str | None = None) -> list[CellValue]:
    """A full gap row as written: six values then the id."""
    return [*values, *[None] * (6 - len(values)), rid]


def merged_rows(result: object) -> list[tuple[int, str | None, tuple[CellValue, ...]]]:
    tab = result.merged.get(KEY)  # type: ignore[attr-defined]
    return [(r.at, r.row_id, r.values) for r in read_rows(tab, GAP_ROWS, 3)]


def only_new_id(result: object) -> str:
    (assigned,) = result.new_ids  # type: ignore[attr-defined]
    assert re.fullmatch(r"r-[0-9a-f]{6}", assigned.row_id)
    return str(assigned.row_id)


def test_a_row_inserted_online_above_an_edited_row_does_not_move_the_edit() -> None:
    local = gap(("r-1", IDEAL, "CAMHS triage and schools"), R2)
    online = gap((None, IDEAL, "New online row"), R1, R2)
    result = merge(wb(gap(R1, R2)), wb(local), wb(online))
    nid = only_new_id(result)
    assert result.to_online == (w(4, 6, [nid]), w(5, 1, ["CAMHS triage and schools"]))
    assert result.to_local == (w(6, 0, row(IDEAL, "New online row", rid=nid)),)
    assert result.new_ids == (AssignedId(KEY, nid, 4, 6),)
    assert result.clean and result.notes == ()
    assert merged_rows(result) == [
        (4, nid, (IDEAL, "New online row", None, None, None, None)),
        (5, "r-1", (IDEAL, "CAMHS triage and schools", None, None, None, None)),
        (6, "r-2", (IDEAL, None, "Pilot", None, None, None)),
    ]


def test_rows_sorted_online_take_offline_edits_where_they_now_are() -> None:
    local = gap(("r-1", IDEAL, "CAMHS triage", None, "Single front door"), R2)
    online = gap(("r-2", IDEAL, None, "Pilot live"), R1)
    result = merge(wb(gap(R1, R2)), wb(local), wb(online))
    assert result.to_online == (w(5, 3, ["Single front door"]),)
    assert result.to_local == (w(5, 2, ["Pilot live"]),)
    assert result.clean and result.new_ids == ()


def test_a_conflict_on_a_moved_row_names_both_cells() -> None:
    local = gap(("r-1", IDEAL, "Schools"), R2)
    online = gap(R2, ("r-1", IDEAL, "GPs"))
    result = merge(wb(gap(R1, R2)), wb(local), wb(online))
    assert result.conflicts == (
        Conflict(KEY, TITLE, "B6", "CAMHS triage", "Schools", "GPs", "B5", "r-1"),
    )
    assert result.conflicts[0].line() == (
        "Gap 2 - MESO-3!B6 (local B5): base 'CAMHS triage', local 'Schools', online 'GPs'"
    )
    assert result.changes_nothing


@pytest.mark.parametrize("prefer", ["local", "online"])
def test_prefer_settles_row_conflicts(prefer: str) -> None:
    local = gap(("r-1", IDEAL, "Schools"), R2)
    online = gap(R2, ("r-1", IDEAL, "GPs"))
    result = merge(wb(gap(R1, R2)), wb(local), wb(online), prefer=prefer)  # type: ignore[arg-type]
    assert result.clean and [c.cell for c in result.resolved] == ["B6"]
    if prefer == "local":
        assert result.to_online == (w(5, 1, ["Schools"]),) and result.to_local == ()
    else:
        assert result.to_online == () and result.to_local == (w(4, 1, ["GPs"]),)


def test_rows_added_on_both_sides_are_all_kept_below() -> None:
    local = gap(R1, R2, (None, IDEAL, "Local row"))
    online = gap(R1, R2, (None, IDEAL, "Online row"))
    result = merge(wb(gap(R1, R2)), wb(local), wb(online))
    id_online, id_local = (a.row_id for a in result.new_ids)
    assert result.new_ids == (
        AssignedId(KEY, id_online, 6, 7),
        AssignedId(KEY, id_local, 7, 6),
    )
    assert result.to_online == (
        w(6, 6, [id_online]),
        w(7, 0, row(IDEAL, "Local row", rid=id_local)),
    )
    assert result.to_local == (
        w(6, 6, [id_local]),
        w(7, 0, row(IDEAL, "Online row", rid=id_online)),
    )
    assert result.clean and result.notes == ()


def test_the_same_new_row_on_both_sides_is_one_row() -> None:
    new = (None, IDEAL, "Same text")
    result = merge(wb(gap(R1)), wb(gap(R1, new)), wb(gap(R1, None, new)))
    nid = only_new_id(result)
    assert result.to_online == (w(6, 6, [nid]),)
    assert result.to_local == (w(5, 6, [nid]),)


def test_a_push_repeated_after_a_crash_does_not_duplicate_rows() -> None:
    """Online got the new row (with its id) but the local file was never updated."""
    local = gap(R1, (None, IDEAL, "Typed offline"))
    online = gap(R1, ("r-abc123", IDEAL, "Typed offline"))
    result = merge(wb(gap(R1)), wb(local), wb(online))
    assert result.to_online == ()
    assert result.to_local == (w(5, 6, ["r-abc123"]),)
    assert result.new_ids == ()


def test_a_row_deleted_online_but_edited_offline_is_kept_and_added_back() -> None:
    local = gap(("r-1", IDEAL, "CAMHS triage and schools"), R2)
    online = gap(R2)
    for prefer in (None, "online"):
        result = merge(wb(gap(R1, R2)), wb(local), wb(online), prefer=prefer)  # type: ignore[arg-type]
        assert result.to_online == (w(5, 0, row(IDEAL, "CAMHS triage and schools", rid="r-1")),)
        assert result.to_local == ()
        assert result.notes == (
            f"{TITLE}: row r-1 was deleted online but edited offline; it was kept and added "
            "back online at row 6.",
        )


def test_a_row_deleted_online_and_untouched_offline_is_cleared_locally() -> None:
    result = merge(wb(gap(R1, R2)), wb(gap(R1, R2)), wb(gap(R2)))
    assert result.to_online == ()
    assert result.to_local == (w(4, 0, row(rid=None)),)
    assert result.notes == (
        f"{TITLE}: row r-1 ('{IDEAL} | CAMHS triage') was deleted online, so it was also "
        "removed from the local file (row 5 cleared).",
    )
    assert [rid for _, rid, _ in merged_rows(result)] == ["r-2"]


def test_a_row_deleted_offline_and_untouched_online_is_cleared_online() -> None:
    result = merge(wb(gap(R1, R2)), wb(gap(R2)), wb(gap(R1, R2)))
    assert result.to_online == (w(4, 0, row(rid=None)),)
    assert result.to_local == ()
    assert result.notes == (
        f"{TITLE}: row r-1 ('{IDEAL} | CAMHS triage') was deleted in the local file, so it "
        "was also removed online (row 5 cleared).",
    )


def test_a_row_deleted_offline_but_edited_online_is_restored_locally() -> None:
    online = gap(("r-1", IDEAL, "CAMHS triage", "online edit"), R2)
    result = merge(wb(gap(R1, R2)), wb(gap(R2)), wb(online))
    assert result.to_online == ()
    assert result.to_local == (w(5, 0, row(IDEAL, "CAMHS triage", "online edit", rid="r-1")),)
    assert result.notes == (
        f"{TITLE}: row r-1 was deleted in the local file but edited online; it was kept and "
        "added back to the local file at row 6.",
    )


def test_an_empty_row_filled_differently_on_both_sides_becomes_two_rows() -> None:
    base = gap(R1, EMPTY3, EMPTY4)
    local = gap(R1, ("r-3", IDEAL, "Local text"), EMPTY4)
    online = gap(R1, ("r-3", IDEAL, "Online text"), EMPTY4)
    result = merge(wb(base), wb(local), wb(online))
    assert result.clean
    # The offline row takes the next empty pre-made row online (r-4) and its id; the online
    # row comes into the local file where r-4 was.
    assert result.to_online == (w(6, 0, [IDEAL, "Local text"]),)
    assert result.to_local == (w(5, 6, ["r-4"]), w(6, 0, row(IDEAL, "Online text", rid="r-3")))
    assert result.new_ids == (AssignedId(KEY, "r-4", 6, 5),)
    assert result.notes == (
        f"{TITLE}: the online and the offline copy both filled the same empty row "
        "differently; both were kept (the offline one as row r-4, online at row 7).",
    )


def test_a_new_offline_row_fills_the_first_empty_premade_row_online() -> None:
    base = gap(R1, EMPTY3, EMPTY4)
    local = gap(R1, (None, IDEAL, "Inserted in Excel"), EMPTY3, EMPTY4)
    result = merge(wb(base), wb(local), wb(base))
    assert result.to_online == (w(5, 0, [IDEAL, "Inserted in Excel"]),)
    assert result.to_local == (w(5, 6, ["r-3"], [None]),)
    assert result.new_ids == (AssignedId(KEY, "r-3", 5, 5),)


def test_new_rows_go_below_rows_with_values_never_over_them() -> None:
    base = gap(R1, EMPTY3, R2)
    local = gap(R1, EMPTY3, R2, (None, "new"))
    result = merge(wb(base), wb(local), wb(base))
    nid = only_new_id(result)
    assert result.to_online == (w(7, 0, row("new", rid=nid)),)


def test_rows_without_ids_in_the_base_get_ids_and_keep_their_edits() -> None:
    inserted = (None, IDEAL, "Inserted online before the mirror")
    local = gap(R1, (None, IDEAL, "Inserted online before the mirror", "edited offline"))
    result = merge(wb(gap(R1, inserted)), wb(local), wb(gap(R1, inserted)))
    nid = only_new_id(result)
    assert result.to_online == (w(5, 2, ["edited offline", None, None, None, nid]),)
    assert result.to_local == (w(5, 6, [nid]),)
    assert result.new_ids == (AssignedId(KEY, nid, 5, 5),)


def test_a_copied_row_with_a_duplicate_id_gets_its_own_id() -> None:
    local = gap(R1, R2, ("r-1", IDEAL, "A copy"))
    result = merge(wb(gap(R1, R2)), wb(local), wb(gap(R1, R2)))
    nid = only_new_id(result)
    assert nid not in {"r-1", "r-2"}
    assert result.to_online == (w(6, 0, row(IDEAL, "A copy", rid=nid)),)
    assert result.to_local == (w(6, 6, [nid]),)


def test_a_row_inserted_above_the_header_online_moves_nothing() -> None:
    online = gap(R1, R2, header=4, top=("Priority 2: MESO-3", None, None, "Draft"))
    local = gap(("r-1", IDEAL, "Schools"), R2)
    result = merge(wb(gap(R1, R2)), wb(local), wb(online))
    assert result.to_online == (w(5, 1, ["Schools"]),)
    assert result.to_local == ()


def test_untagged_gap_tabs_use_the_default_header_row() -> None:
    base = gap(R1, R2, anchored=False)
    local = gap(("r-1", IDEAL, "Schools"), R2, anchored=False)
    online = gap(R2, R1, anchored=False)
    result = merge(wb(base), wb(local), wb(online))
    assert result.to_online == (w(5, 1, ["Schools"]),)


def test_a_new_offline_gap_tab_gets_ids_on_both_sides() -> None:
    local = gap(R1, (None, IDEAL, "no id yet"))
    result = merge(wb(), wb(local), wb())
    nid = only_new_id(result)
    assert result.to_online == (
        AddTab(
            TabSpec(key=KEY, title=TITLE, anchors={"rows": 3}),
            cells_of(local) | {(5, 6): nid},
        ),
    )
    assert result.to_local == (w(5, 6, [nid]),)


def test_a_row_with_an_id_of_its_own_is_never_taken_for_a_deleted_row() -> None:
    """Online deleted the empty row r-3 and a sync there made a new empty row r-7."""
    result = merge(wb(gap(R1, EMPTY3)), wb(gap(R1, EMPTY3)), wb(gap(R1, ("r-7",))))
    assert result.to_online == ()
    assert result.to_local == (w(5, 6, [None], ["r-7"]),)


def test_a_recreated_tab_keeps_the_local_layout_exactly() -> None:
    local = gap(R1, None, ("r-2", IDEAL, None, "edited offline"), (None, "no id"))
    result = merge(wb(gap(R1, R2)), wb(local), wb())
    nid = only_new_id(result)
    assert result.to_online == (
        AddTab(
            TabSpec(key=KEY, title=TITLE, anchors={"rows": 3}),
            cells_of(local) | {(7, 6): nid},
        ),
    )
    assert result.to_local == (w(7, 6, [nid]),)


def test_new_ids_are_reproducible_and_unique() -> None:
    taken = {"r-1"}
    a = new_row_id(KEY, ("x",), taken)
    b = new_row_id(KEY, ("x",), taken)
    assert a != b and {a, b} <= taken
    assert new_row_id(KEY, ("x",), {"r-1"}) == a
    assert re.fullmatch(r"r-[0-9a-f]{6}", a)


@pytest.mark.parametrize(
    "case",
    [
        "inserted above",
        "sorted",
        "both added",
        "deleted online, edited",
        "deleted online",
        "deleted offline",
        "deleted offline, edited online",
        "filled twice",
        "slot",
    ],
)
def test_applying_the_result_and_merging_again_changes_nothing(case: str) -> None:
    b = gap(R1, R2, EMPTY3, EMPTY4)
    cases = {
        "inserted above": (gap(("r-1", IDEAL, "x"), R2), gap((None, "new"), R1, R2)),
        "sorted": (gap(("r-1", IDEAL, "x"), R2), gap(R2, R1)),
        "both added": (gap(R1, R2, (None, "l")), gap(R1, R2, (None, "o"))),
        "deleted online, edited": (gap(("r-1", IDEAL, "x"), R2), gap(R2)),
        "deleted online": (b, gap(R2, EMPTY3, EMPTY4)),
        "deleted offline": (gap(R2, EMPTY3), b),
        "deleted offline, edited online": (gap(R2), gap(("r-1", "y"), R2, EMPTY3)),
        "filled twice": (gap(R1, R2, ("r-3", "l")), gap(R1, R2, ("r-3", "o"))),
        "slot": (gap(R1, (None, "l"), R2, EMPTY3, EMPTY4), b),
    }
    local, online = cases[case]
    result, local2, online2 = settle(wb(b), wb(local), wb(online))
    assert result.clean
    again = merge(result.merged, local2, online2)
    assert again.changes_nothing, (again.to_online, again.to_local)
    assert again.new_ids == () and again.notes == ()
    assert cells_of(result.merged.get(KEY)) == cells_of(online2.get(KEY))
    local_rows = {r.row_id: r.values for r in read_rows(local2.get(KEY), GAP_ROWS, 3)}
    online_rows = {r.row_id: r.values for r in read_rows(online2.get(KEY), GAP_ROWS, 3)}
    assert local_rows == online_rows and None not in local_rows
