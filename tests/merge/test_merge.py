"""The merge behind push, scenario by scenario: cells, values and whole tabs.

Gap rows (matched by id) have their own file, ``test_merge_rows.py``.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from sheets_sync.merge.workbook import Conflict, LongCell, show
from sheets_sync.model import AddTab, CellValue, Formula, Tab, TabSpec, UpdateTab, WorkbookSnapshot
from tests.merge.support import (
    KEY,
    TITLE,
    apply,
    cells_of,
    gap,
    merge,
    settle,
    table,
    typed,
    w,
    wb,
)

Cells = dict[tuple[int, int], CellValue]


def base_gap() -> Tab:
    return gap(("r-1", "Joined-up care", "CAMHS triage"), ("r-2", "Joined-up care", None, "Pilot"))


def edited(tab: Tab, **changes: CellValue) -> Tab:
    """A copy of ``tab`` with cells changed, named like ``B5='x'`` (``None`` clears)."""
    from sheets_sync.model import parse_a1

    out = Tab(tab.key, tab.title, dict(tab.cells), dict(tab.anchors), tab.hidden)
    for ref, value in changes.items():
        if value is None:
            out.cells.pop(parse_a1(ref), None)
        else:
            out.cells[parse_a1(ref)] = value
    return out


# --------------------------------------------------------------------------- cells


def test_edit_offline_only_is_written_online() -> None:
    local = edited(base_gap(), B5="CAMHS triage and school nurses")
    result = merge(wb(base_gap()), wb(local), wb(base_gap()))
    assert result.to_online == (w(4, 1, ["CAMHS triage and school nurses"]),)
    assert result.to_local == ()
    assert result.conflicts == () and result.notes == () and result.new_ids == ()
    assert result.clean
    assert typed(cells_of(result.merged.get(KEY))) == typed(local.cells)


def test_edit_online_only_is_pulled_into_the_local_file() -> None:
    online = edited(base_gap(), C6="Pilot running since May")
    result = merge(wb(base_gap()), wb(base_gap()), wb(online))
    assert result.to_online == ()
    assert result.to_local == (w(5, 2, ["Pilot running since May"]),)
    assert typed(cells_of(result.merged.get(KEY))) == typed(online.cells)


def test_different_cells_on_both_sides_both_arrive() -> None:
    local = edited(base_gap(), D5="Single front door")
    online = edited(base_gap(), E6="Trauma-informed practice")
    result = merge(wb(base_gap()), wb(local), wb(online))
    assert result.to_online == (w(4, 3, ["Single front door"]),)
    assert result.to_local == (w(5, 4, ["Trauma-informed practice"]),)
    assert result.clean
    merged = result.merged.get(KEY)
    assert merged is not None
    assert merged.cells[(4, 3)] == "Single front door"
    assert merged.cells[(5, 4)] == "Trauma-informed practice"


def test_same_cell_changed_differently_is_a_conflict_and_nothing_is_written() -> None:
    local = edited(base_gap(), B5="Schools")
    online = edited(base_gap(), B5="GPs")
    result = merge(wb(base_gap()), wb(local), wb(online))
    assert result.to_online == () and result.to_local == ()
    assert result.conflicts == (
        Conflict(KEY, TITLE, "B5", "CAMHS triage", "Schools", "GPs", None, "r-1"),
    )
    assert not result.clean
    assert result.conflicts[0].line() == (
        "Gap 2 - MESO-3!B5: base 'CAMHS triage', local 'Schools', online 'GPs'"
    )
    merged = result.merged.get(KEY)
    assert merged is not None and merged.cells[(4, 1)] == "CAMHS triage"


def test_same_change_on_both_sides_is_no_conflict() -> None:
    local = edited(base_gap(), B5="Schools", C5=None)
    online = edited(base_gap(), B5="Schools", C5="")
    result = merge(wb(base_gap()), wb(local), wb(online))
    assert result.changes_nothing and result.clean
    merged = result.merged.get(KEY)
    assert merged is not None and merged.cells[(4, 1)] == "Schools"


@pytest.mark.parametrize(
    ("prefer", "to_online", "to_local", "value"),
    [
        ("local", (w(4, 1, ["Schools"]),), (), "Schools"),
        ("online", (), (w(4, 1, ["GPs"]),), "GPs"),
    ],
)
def test_prefer_settles_conflicts(
    prefer: str, to_online: tuple[object, ...], to_local: tuple[object, ...], value: str
) -> None:
    local = edited(base_gap(), B5="Schools", D6="offline only")
    online = edited(base_gap(), B5="GPs")
    result = merge(wb(base_gap()), wb(local), wb(online), prefer=prefer)  # type: ignore[arg-type]
    assert result.clean
    assert [c.cell for c in result.resolved] == ["B5"]
    assert result.to_online == (*to_online, w(5, 3, ["offline only"]))
    assert result.to_local == to_local
    merged = result.merged.get(KEY)
    assert merged is not None and merged.cells[(4, 1)] == value


def test_a_conflict_is_reported_again_until_the_sides_agree() -> None:
    local = wb(edited(base_gap(), B5="Schools"))
    online = wb(edited(base_gap(), B5="GPs"))
    first, local2, online2 = settle(wb(base_gap()), local, online)
    second = merge(first.merged, local2, online2)
    assert second.conflicts == first.conflicts and second.changes_nothing
    agreed = wb(edited(base_gap(), B5="GPs"))
    third = merge(first.merged, agreed, online2)
    assert third.clean and third.changes_nothing


# --------------------------------------------------------------------------- values


def test_text_that_looks_like_a_formula_is_written_as_text() -> None:
    local = edited(base_gap(), D5="=SUM(B5:B9)", E5="+44 7700 900123", F5="@Jo")
    result = merge(wb(base_gap()), wb(local), wb(base_gap()))
    assert result.to_online == (w(4, 3, ["=SUM(B5:B9)", "+44 7700 900123", "@Jo"]),)
    written = result.to_online[0]
    assert all(type(v) is str for row in written.values for v in row)  # type: ignore[union-attr]


def test_a_formula_and_text_with_the_same_characters_are_different_values() -> None:
    base = table({(0, 0): Formula("=COUNTA(B5:B9)")})
    as_text = table({(0, 0): "=COUNTA(B5:B9)"})
    result = merge(wb(base), wb(as_text), wb(base))
    assert result.to_online == (w(0, 0, ["=COUNTA(B5:B9)"], key="table:1"),)
    assert type(result.to_online[0].values[0][0]) is str  # type: ignore[union-attr]

    both = merge(wb(table({})), wb(as_text), wb(base))
    assert [c.line() for c in both.conflicts] == [
        "Table 1!A1: base blank, local '=COUNTA(B5:B9)', online formula =COUNTA(B5:B9)"
    ]


def test_a_formula_written_offline_stays_a_formula() -> None:
    local = table({(0, 0): Formula("=A2*2")})
    result = merge(wb(table({})), wb(local), wb(table({})))
    assert type(result.to_online[0].values[0][0]) is Formula  # type: ignore[union-attr]


def test_unicode_emoji_and_40000_characters_arrive_whole() -> None:
    long_text = ("Café “quote” 😀👩🏽‍⚕️ 日本語 " * 2000)[:40_000]
    assert len(long_text) == 40_000
    local = edited(base_gap(), D5=long_text)
    online = edited(base_gap(), C6=long_text + "!")
    result = merge(wb(base_gap()), wb(local), wb(online))
    assert result.to_online == (w(4, 3, [long_text]),)
    assert result.to_local == (w(5, 2, [long_text + "!"]),)
    merged = result.merged.get(KEY)
    assert merged is not None and merged.cells[(4, 3)] == long_text
    assert result.long_cells() == (LongCell(KEY, TITLE, "C6", 40_001),)
    assert result.long_cells(limit=50_000) == ()
    assert result.long_cells(side="online") == (LongCell(KEY, TITLE, "D5", 40_000),)


def test_crlf_text_unchanged_round_trip_changes_nothing() -> None:
    text = "What we have:\r\n- CAMHS\r\n- Schools\r\n"
    base = edited(base_gap(), D5=text, E5="")
    local = edited(base_gap(), D5=text)  # E5 read back as empty
    online = edited(base_gap(), D5=text, E5=None)
    result = merge(wb(base), wb(local), wb(online))
    assert result.changes_nothing and result.clean


def test_text_is_compared_exactly() -> None:
    base = edited(base_gap(), D5="a\r\nb", E5="x")
    local = edited(base_gap(), D5="a\nb", E5="x ")
    result = merge(wb(base), wb(local), wb(base))
    assert result.to_online == (w(4, 3, ["a\nb", "x "]),)


def test_numbers_compare_by_value_but_true_is_not_one() -> None:
    base = table({(0, 0): 3, (0, 1): 1})
    local = table({(0, 0): 3.0, (0, 1): True})
    result = merge(wb(base), wb(local), wb(base))
    assert result.to_online == (w(0, 1, [True], key="table:1"),)


# --------------------------------------------------------------------------- table tabs


def table_cells() -> Cells:
    return {
        (0, 0): "Table 1",
        (1, 0): "Rank your top five",
        (3, 0): "Rank",
        (3, 1): "Principle",
        (3, 2): "Why",
        (4, 0): 1,
        (4, 1): "MESO-3",
        (4, 2): "Joined up",
        (5, 0): 2,
        (5, 1): "MICRO-1",
        (10, 0): "Status",
        (11, 0): "OK",
    }


ANCHORS = {"entries": 3, "status": 10}


def shifted(cells: Cells, at: int, n: int) -> Cells:
    """The cells after ``n`` sheet rows are inserted at row ``at``."""
    return {((r + n if r >= at else r), c): v for (r, c), v in cells.items()}


def shifted_anchors(at: int, n: int) -> dict[str, int]:
    return {k: (r + n if r >= at else r) for k, r in ANCHORS.items()}


def test_rows_inserted_online_above_a_table_area_keep_offline_edits_in_line() -> None:
    base = table(table_cells(), anchors=ANCHORS)
    local_cells = table_cells() | {(5, 2): "Because", (6, 0): 3}
    online_cells = shifted(table_cells(), 2, 2) | {(6, 2): "Online why"}
    result = merge(
        wb(base),
        wb(table(local_cells, anchors=ANCHORS)),
        wb(table(online_cells, anchors=shifted_anchors(2, 2))),
    )
    assert result.to_online == (
        w(7, 2, ["Because"], key="table:1"),
        w(8, 0, [3], key="table:1"),
    )
    assert result.to_local == (w(4, 2, ["Online why"], key="table:1"),)
    assert result.clean


def test_a_cell_typed_online_in_an_inserted_row_stays_online_only() -> None:
    base = table(table_cells(), anchors=ANCHORS)
    online = table(
        shifted(table_cells(), 3, 1) | {(3, 0): "Note typed in a new row"},
        anchors=shifted_anchors(3, 1),
    )
    result = merge(wb(base), wb(base), wb(online))
    assert result.changes_nothing and result.notes == ()
    merged = result.merged.get("table:1")
    assert merged is not None and merged.cells[(3, 0)] == "Note typed in a new row"


def test_a_cell_typed_offline_in_an_inserted_row_stays_local_and_is_noted() -> None:
    base = table(table_cells(), anchors=ANCHORS)
    local = table(
        shifted(table_cells(), 3, 1) | {(3, 1): "Offline note", (5, 2): "Why"},
        anchors=shifted_anchors(3, 1),
    )
    result = merge(wb(base), wb(local), wb(base))
    assert result.to_online == (w(4, 2, ["Why"], key="table:1"),)
    assert result.to_local == ()
    assert result.notes == (
        "Table 1: 1 cell(s) typed offline sit in rows that do not exist online (rows inserted "
        "above a section in the local file); they stay in the local file only — copy them "
        "online by hand.",
    )


def test_a_row_deleted_offline_at_the_end_of_a_section_never_erases_online_values() -> None:
    with_note = table_cells() | {(9, 0): "Note at the end"}
    base = table(with_note, anchors=ANCHORS)
    local_cells = {((r - 1 if r > 9 else r), c): v for (r, c), v in with_note.items() if r != 9}
    local = table(local_cells, anchors={"entries": 3, "status": 9})
    result = merge(wb(base), wb(local), wb(base))
    assert result.changes_nothing
    online = table(with_note | {(9, 0): "Edited online"}, anchors=ANCHORS)
    result = merge(wb(base), wb(local), wb(online))
    assert result.changes_nothing
    merged = result.merged.get("table:1")
    assert merged is not None and merged.cells[(9, 0)] == "Edited online"


def test_tool_owned_cells_take_the_online_value_without_a_conflict() -> None:
    calls: list[tuple[str, int, int]] = []

    def owned(key: str, row: int, col: int) -> bool:
        calls.append((key, row, col))
        return (key, row, col) == ("table:1", 12, 0)

    base = table(table_cells(), anchors=ANCHORS)
    local = table(table_cells() | {(11, 0): "typed over the status"}, anchors=ANCHORS)
    online = table(
        shifted(table_cells(), 9, 1) | {(12, 0): "2 problems"}, anchors=shifted_anchors(9, 1)
    )
    result = merge(wb(base), wb(local), wb(online), owned=owned)
    assert result.clean and result.resolved == ()
    assert result.to_online == ()
    assert result.to_local == (w(11, 0, ["2 problems"], key="table:1"),)
    # called with online coordinates: row 10 is the inserted row online, the label locally
    assert ("table:1", 12, 0) in calls and ("table:1", 10, 0) not in calls


def test_an_owned_cell_changed_only_offline_is_put_back() -> None:
    base = table(table_cells(), anchors=ANCHORS)
    local = table(table_cells() | {(11, 0): "typed"}, anchors=ANCHORS)
    result = merge(wb(base), wb(local), wb(base), owned=lambda k, r, c: r == 11)
    assert result.to_online == ()
    assert result.to_local == (w(11, 0, ["OK"], key="table:1"),)


def test_a_changed_rectangle_is_one_write() -> None:
    base = table(table_cells(), anchors=ANCHORS)
    local = table(
        table_cells()
        | {(6, 0): 3, (6, 1): "MACRO-1", (6, 2): "a", (7, 0): 4, (7, 1): "M", (7, 2): "b"},
        anchors=ANCHORS,
    )
    result = merge(wb(base), wb(local), wb(base))
    assert result.to_online == (w(6, 0, [3, "MACRO-1", "a"], [4, "M", "b"], key="table:1"),)


def test_a_write_spans_unchanged_cells_but_never_empty_cells_outside_the_data() -> None:
    base = table(table_cells(), anchors=ANCHORS)
    local = table(table_cells() | {(4, 0): 5, (4, 2): "Changed"}, anchors=ANCHORS)
    result = merge(wb(base), wb(local), wb(base))
    assert result.to_online == (w(4, 0, [5, "MESO-3", "Changed"], key="table:1"),)
    gaps = table(table_cells() | {(5, 0): 9, (5, 2): "Typed"}, anchors=ANCHORS)
    result = merge(wb(base), wb(gaps), wb(base))
    assert result.to_online == (w(5, 0, [9, "MICRO-1", "Typed"], key="table:1"),)
    apart = table(table_cells() | {(7, 0): 9, (7, 2): "Typed"}, anchors=ANCHORS)
    result = merge(wb(base), wb(apart), wb(base))
    assert result.to_online == (w(7, 0, [9], key="table:1"), w(7, 2, ["Typed"], key="table:1"))


# --------------------------------------------------------------------------- tabs


def renamed(tab: Tab, title: str) -> Tab:
    return Tab(tab.key, title, dict(tab.cells), dict(tab.anchors), tab.hidden)


def test_a_tab_renamed_online_is_matched_by_key_and_renamed_locally() -> None:
    online = renamed(base_gap(), "Gap 2 - joined-up care")
    local = edited(base_gap(), B5="Schools")
    result = merge(wb(base_gap()), wb(local), wb(online))
    assert result.to_online == (w(4, 1, ["Schools"]),)
    assert result.to_local == (UpdateTab(KEY, title="Gap 2 - joined-up care"),)
    merged = result.merged.get(KEY)
    assert merged is not None and merged.title == "Gap 2 - joined-up care"


def test_a_tab_renamed_offline_is_renamed_online() -> None:
    result = merge(wb(base_gap()), wb(renamed(base_gap(), "Offline name")), wb(base_gap()))
    assert result.to_online == (UpdateTab(KEY, title="Offline name"),)


def test_a_tab_renamed_differently_on_both_sides_is_a_conflict() -> None:
    local, online = renamed(base_gap(), "Mine"), renamed(base_gap(), "Theirs")
    result = merge(wb(base_gap()), wb(local), wb(online))
    assert result.changes_nothing
    assert [c.line() for c in result.conflicts] == [
        "Theirs (tab name): base 'Gap 2 - MESO-3', local 'Mine', online 'Theirs'"
    ]
    settled = merge(wb(base_gap()), wb(local), wb(online), prefer="local")
    assert settled.to_online == (UpdateTab(KEY, title="Mine"),) and settled.clean


def test_a_gap_tab_deleted_online_but_edited_offline_is_recreated_online() -> None:
    local = edited(base_gap(), D6="offline work")
    result = merge(wb(base_gap(), table({})), wb(local, table({})), wb(table({})))
    assert result.to_online == (
        AddTab(TabSpec(key=KEY, title=TITLE, anchors={"rows": 3}), cells_of(local)),
    )
    assert result.to_local == ()
    assert result.notes == (
        f"{TITLE}: this tab was deleted online but edited offline; it was recreated online "
        "from the local copy. Delete it online again if it is not wanted.",
    )
    assert [t.key for t in result.merged.tabs] == ["table:1", KEY]
    assert typed(cells_of(result.merged.get(KEY))) == typed(local.cells)


def test_a_recreated_tab_gets_its_template_spec() -> None:
    template = TabSpec(key=KEY, title="Template title", column_widths={0: 40}, frozen_rows=4)
    local = edited(base_gap(), D6="offline work")
    result = merge(wb(base_gap()), wb(local), wb(), spec_for={KEY: template}.get)
    add = result.to_online[0]
    assert isinstance(add, AddTab)
    assert add.spec == TabSpec(
        key=KEY, title=TITLE, column_widths={0: 40}, frozen_rows=4, anchors={"rows": 3}
    )


def test_a_gap_tab_deleted_online_and_untouched_offline_is_dropped_locally() -> None:
    result = merge(wb(base_gap(), table({})), wb(base_gap(), table({})), wb(table({})))
    assert result.to_online == () and result.to_local == ()
    assert result.drop_local == (KEY,)
    assert result.notes == (
        f"{TITLE}: this tab was deleted online and had no offline edits, so it is removed "
        "from the local file too.",
    )
    assert result.merged.keys() == ["table:1"]


def test_a_tab_deleted_offline_is_restored_from_online_never_deleted_online() -> None:
    online = edited(base_gap(), C6="online edit")
    result = merge(wb(base_gap()), wb(), wb(online))
    assert result.to_online == ()
    assert result.to_local == (
        AddTab(TabSpec(key=KEY, title=TITLE, anchors={"rows": 3}), cells_of(online)),
    )
    assert result.notes == (
        f"{TITLE}: this tab was deleted from the local file; a push never deletes online, so "
        "it was restored in the local file from the online copy.",
    )


def test_new_tabs_on_either_side_are_added_to_the_other() -> None:
    mine = table({(0, 0): "offline"}, key="table:5", title="Table 5")
    theirs = table({(0, 0): "online"}, key="table:6", title="Table 6")
    result = merge(wb(), wb(mine), wb(theirs))
    assert result.to_online == (
        AddTab(TabSpec(key="table:5", title="Table 5"), {(0, 0): "offline"}),
    )
    assert result.to_local == (AddTab(TabSpec(key="table:6", title="Table 6"), {(0, 0): "online"}),)
    assert result.notes == ()
    assert result.merged.keys() == ["table:6", "table:5"]


def test_a_tab_deleted_on_both_sides_stays_deleted() -> None:
    result = merge(wb(base_gap()), wb(), wb())
    assert result.changes_nothing and result.merged.tabs == [] and result.notes == ()


def test_tabs_people_made_are_not_merged_but_offline_edits_are_noted() -> None:
    notes = Tab(None, "My notes", {(0, 0): "hello"})
    notes_edited = Tab(None, "My notes", {(0, 0): "hello", (1, 0): "more"})
    online_notes = Tab(None, "My notes", {(0, 0): "hello", (5, 5): "online"})
    result = merge(wb(notes), wb(notes_edited), wb(online_notes))
    assert result.changes_nothing
    assert result.notes == (
        "My notes: this tab was not made by sheets_sync, so its offline changes were not "
        "pushed; they are still in the local file — copy them by hand.",
    )
    assert result.merged.tabs == [online_notes]
    assert merge(wb(notes), wb(notes), wb(online_notes)).notes == ()


# --------------------------------------------------------------------------- idempotence


def scenarios() -> dict[str, Callable[[], tuple[WorkbookSnapshot, ...]]]:
    base_table = table(table_cells(), anchors=ANCHORS)
    return {
        "offline edit": lambda: (wb(base_gap()), wb(edited(base_gap(), B5="x")), wb(base_gap())),
        "online edit": lambda: (wb(base_gap()), wb(base_gap()), wb(edited(base_gap(), B5="y"))),
        "both, apart": lambda: (
            wb(base_gap()),
            wb(edited(base_gap(), B5="x")),
            wb(edited(base_gap(), C5="y")),
        ),
        "rows inserted above a table": lambda: (
            wb(base_table),
            wb(table(table_cells() | {(5, 2): "Because"}, anchors=ANCHORS)),
            wb(table(shifted(table_cells(), 2, 2), anchors=shifted_anchors(2, 2))),
        ),
        "renamed online": lambda: (
            wb(base_gap()),
            wb(edited(base_gap(), B5="x")),
            wb(renamed(base_gap(), "New")),
        ),
        "deleted online, edited offline": lambda: (
            wb(base_gap()),
            wb(edited(base_gap(), B5="x")),
            wb(),
        ),
        "deleted offline": lambda: (wb(base_gap()), wb(), wb(base_gap())),
        "new tabs": lambda: (wb(), wb(base_gap()), wb(base_table)),
    }


@pytest.mark.parametrize("name", list(scenarios()))
def test_merging_again_after_applying_changes_nothing(name: str) -> None:
    base, local, online = scenarios()[name]()
    result, local2, online2 = settle(base, local, online)
    assert result.clean
    again = merge(result.merged, local2, online2)
    assert again.changes_nothing and again.clean, (again.to_online, again.to_local)
    assert merge(result.merged, result.merged, result.merged).changes_nothing
    merged_online = {t.key: typed(cells_of(t)) for t in result.merged}
    assert merged_online == {t.key: typed(cells_of(t)) for t in online2}


def test_merging_a_snapshot_with_itself_changes_nothing() -> None:
    snap = wb(base_gap(), table(table_cells(), anchors=ANCHORS), Tab(None, "Mine", {}))
    result = merge(snap, snap, snap)
    assert result.changes_nothing and result.clean and result.notes == ()
    assert [typed(t.cells) for t in result.merged] == [typed(t.cells) for t in snap]


def test_the_inputs_are_not_modified() -> None:
    base, local, online = (
        wb(base_gap()),
        wb(edited(base_gap(), B5="x")),
        wb(renamed(base_gap(), "N")),
    )
    before = [(t.title, dict(t.cells)) for s in (base, local, online) for t in s]
    merge(base, local, online)
    assert [(t.title, dict(t.cells)) for s in (base, local, online) for t in s] == before
    assert apply(online, ()).tabs[0].title == "N"


# --------------------------------------------------------------------------- messages


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (None, "blank"),
        ("", "blank"),
        ("x", "'x'"),
        ("a\r\nb", "'a\\r\\nb'"),
        (Formula("=A1"), "formula =A1"),
        (True, "TRUE"),
        (3.5, "3.5"),
        ("y" * 100, "'" + "y" * 60 + "'… (100 characters)"),
        (Formula("=" + "A1+" * 30), "formula =" + ("A1+" * 30)[:59] + "… (91 characters)"),
    ],
)
def test_show(value: CellValue, shown: str) -> None:
    assert show(value) == shown


def test_conflict_line_names_the_local_cell_when_rows_moved() -> None:
    c = Conflict(KEY, TITLE, "B7", "x", "y", "z", "B5", "r-1")
    assert c.line() == "Gap 2 - MESO-3!B7 (local B5): base 'x', local 'y', online 'z'"
