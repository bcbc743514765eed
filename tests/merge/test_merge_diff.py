"""``diff``: what changed between two snapshots, for the history command."""

from __future__ import annotations

from sheets_sync.merge.workbook import CellChange
from sheets_sync.model import Formula, Tab
from tests.merge.support import KEY, TITLE, diff, gap, table, wb

IDEAL = "Joined-up care"
R1 = ("r-1", IDEAL, "CAMHS triage")
R2 = ("r-2", IDEAL, None, "Pilot")


def test_no_change() -> None:
    snap = wb(gap(R1, R2), table({(0, 0): "x"}), Tab(None, "Mine", {(0, 0): 1}))
    assert diff(snap, snap) == []


def test_blank_and_empty_text_are_no_change_but_crlf_is() -> None:
    a = wb(table({(0, 0): "", (0, 1): "a\r\nb"}))
    b = wb(table({(0, 1): "a\nb"}))
    assert [c.line() for c in diff(a, b)] == ["Table 1!B1: 'a\\r\\nb' → 'a\\nb'"]


def test_gap_rows_are_compared_by_id_even_when_sorted_and_moved() -> None:
    a = wb(gap(R1, R2))
    b = wb(gap((None, "new row"), R2, ("r-1", IDEAL, "Schools")))
    assert diff(a, b) == [
        CellChange(KEY, TITLE, "A5", None, "new row"),
        CellChange(KEY, TITLE, "B7", "CAMHS triage", "Schools", "r-1"),
    ]
    assert [c.line() for c in diff(a, b)] == [
        "Gap 2 - MESO-3!A5: blank → 'new row'",
        "Gap 2 - MESO-3!B7 (row r-1): 'CAMHS triage' → 'Schools'",
    ]


def test_a_deleted_row_lists_what_it_held() -> None:
    changes = diff(wb(gap(R1, R2)), wb(gap(R2)))
    assert [c.line() for c in changes] == [
        f"Gap 2 - MESO-3!A5 (row r-1): '{IDEAL}' → blank",
        "Gap 2 - MESO-3!B5 (row r-1): 'CAMHS triage' → blank",
    ]


def test_cells_follow_anchors() -> None:
    a = wb(table({(3, 0): "Rank", (4, 0): 1}, anchors={"entries": 3}))
    b = wb(table({(5, 0): "Rank", (6, 0): 2}, anchors={"entries": 5}))
    assert [c.line() for c in diff(a, b)] == ["Table 1!A7: 1 → 2"]


def test_tabs_added_removed_and_renamed() -> None:
    a = wb(gap(R1), table({}, key="table:1"), Tab(None, "Mine", {}))
    b = wb(
        Tab(KEY, "Gap 2 - renamed", dict(gap(R1).cells), {"rows": 3}),
        table({}, key="table:2", title="Table 2"),
    )
    assert [c.line() for c in diff(a, b)] == [
        "tab 'Gap 2 - MESO-3' renamed to 'Gap 2 - renamed'",
        "Table 2: tab added",
        "Table 1: tab removed",
        "Mine: tab removed",
    ]


def test_formula_against_text_is_a_change() -> None:
    a = wb(table({(0, 0): Formula("=A2")}))
    b = wb(table({(0, 0): "=A2"}))
    assert [c.line() for c in diff(a, b)] == ["Table 1!A1: formula =A2 → '=A2'"]


def test_people_made_tabs_are_compared_by_title() -> None:
    a = wb(Tab(None, "Mine", {(0, 0): "x"}))
    b = wb(Tab(None, "Mine", {(0, 0): "y"}))
    assert diff(a, b) == [CellChange(None, "Mine", "A1", "x", "y")]
