"""What only storage shows: dropdowns, protection, frozen panes and charts."""

from __future__ import annotations

import pytest

from sheets_sync.errors import MissingTab
from sheets_sync.model import (
    AddTab,
    CellRange,
    Dropdown,
    SetChart,
    Style,
    TabSpec,
    UpdateTab,
    WriteRange,
)
from tests.contract import workbooks
from tests.contract.conftest import Harness


def test_dropdown_lists_the_source_range_on_the_source_tab(harness: Harness) -> None:
    harness.backend.create(workbooks.workshop())
    (dropdown,) = harness.inspect.dropdowns("Table 1")
    assert dropdown.where == CellRange(1, 1, 20, 1)
    assert dropdown.source_title == "About"
    assert dropdown.source == workbooks.LABELS
    assert not dropdown.strict
    assert harness.inspect.dropdowns("About") == []


def test_strict_dropdown_is_strict(harness: Harness) -> None:
    strict = TabSpec(
        key="agreed",
        title="Agreed",
        dropdowns=(Dropdown(CellRange(0, 0, 4, 0), "about", workbooks.LABELS, strict=True),),
    )
    harness.backend.create([workbooks.about(), AddTab(strict)])
    (dropdown,) = harness.inspect.dropdowns("Agreed")
    assert dropdown.strict


def test_dropdown_source_may_come_later_in_the_same_changes(harness: Harness) -> None:
    harness.backend.create([workbooks.table(1), workbooks.about()])
    (dropdown,) = harness.inspect.dropdowns("Table 1")
    assert dropdown.source_title == "About"


def test_dropdown_follows_its_source_tab_when_renamed(harness: Harness) -> None:
    harness.backend.create(workbooks.workshop())
    harness.backend.apply([UpdateTab("about", title="Principles")])
    (dropdown,) = harness.inspect.dropdowns("Table 1")
    assert dropdown.source_title == "Principles"
    assert dropdown.source == workbooks.LABELS


def test_dropdowns_survive_later_changes(harness: Harness) -> None:
    harness.backend.create(workbooks.workshop())
    harness.backend.apply([WriteRange("table_1", 1, 1, ((workbooks.PRINCIPLES[4],),))])
    assert len(harness.inspect.dropdowns("Table 1")) == 1


def test_whole_tab_protection_locks_every_cell(harness: Harness) -> None:
    harness.backend.create(workbooks.workshop())
    view = harness.inspect.protections("About")
    assert view.protected
    for cell in [(0, 0), (5, 1), (17, 2), (500, 0), (3, 40), (10_000, 200)]:
        assert view.locked(*cell), cell


def test_protection_exceptions_stay_editable_far_below(harness: Harness) -> None:
    harness.backend.create(workbooks.workshop())
    view = harness.inspect.protections("Gap 1")
    assert view.protected
    for cell in [(0, 0), (1, 0), (1, 5), (2, 6), (900, 6), (50_000, 30)]:
        assert view.locked(*cell), cell
    for cell in [(2, 0), (2, 5), (40, 3), (900, 5), (50_000, 0)]:
        assert not view.locked(*cell), cell


def test_protected_ranges_lock_only_themselves(harness: Harness) -> None:
    harness.backend.create(workbooks.workshop())
    view = harness.inspect.protections("Table 1")
    assert view.protected
    for cell in [(0, 0), (0, 2), (0, 300), (22, 0), (25, 2)]:
        assert view.locked(*cell), cell
    for cell in [(1, 0), (1, 1), (20, 2), (22, 3), (26, 0), (5_000, 2), (3, 300)]:
        assert not view.locked(*cell), cell


def test_cells_the_tool_writes_later_keep_the_protection(harness: Harness) -> None:
    harness.backend.create(workbooks.workshop())
    harness.backend.apply(
        [
            WriteRange("gap_1", 700, 0, (("a person's row, written by the tool",),)),
            WriteRange("table_1", 23, 0, (("status line",),)),
            WriteRange("table_1", 3, 300, (("a note far to the right",),)),
        ]
    )
    assert not harness.inspect.protections("Gap 1").locked(700, 0)
    table = harness.inspect.protections("Table 1")
    assert table.locked(23, 0)
    assert not table.locked(3, 300)


def test_a_tab_without_protections_is_not_protected(harness: Harness) -> None:
    harness.backend.create([AddTab(TabSpec(key="free", title="Free"), {(0, 0): "x"})])
    view = harness.inspect.protections("Free")
    assert not view.protected
    assert not view.locked(0, 0)


def test_frozen_panes(harness: Harness) -> None:
    harness.backend.create(workbooks.workshop())
    assert harness.inspect.frozen("About") == (1, 0)
    assert harness.inspect.frozen("Table 1") == (1, 1)
    assert harness.inspect.frozen("Gap 1") == (2, 0)
    harness.backend.create([AddTab(TabSpec(key="t", title="T"))], replace=True)
    assert harness.inspect.frozen("T") == (0, 0)


def test_chart_is_drawn_and_stays_after_later_changes(harness: Harness) -> None:
    harness.backend.create(workbooks.workshop())
    harness.backend.apply([SetChart("about", workbooks.points_chart())])
    (chart,) = harness.inspect.charts("About")
    assert chart.title == "Points per principle"
    assert chart.horizontal
    assert chart.series == 1
    assert chart.anchor == (1, 4)
    harness.backend.apply([WriteRange("table_1", 1, 0, ((1,),))])
    harness.reopen().apply([UpdateTab("about", title="Principles")])
    (chart,) = harness.inspect.charts("Principles")
    assert chart.title == "Points per principle"


def test_set_chart_replaces_a_chart_with_the_same_key(harness: Harness) -> None:
    harness.backend.create(workbooks.workshop())
    harness.backend.apply([SetChart("about", workbooks.points_chart("First"))])
    harness.backend.apply([SetChart("about", workbooks.points_chart("Second"))])
    assert [c.title for c in harness.inspect.charts("About")] == ["Second"]
    assert harness.inspect.charts("Table 1") == []


def test_chart_on_a_missing_tab_is_refused(harness: Harness) -> None:
    harness.backend.create(workbooks.workshop())
    before = harness.backend.read()
    with pytest.raises(MissingTab, match="nope"):
        harness.backend.apply([SetChart("nope", workbooks.points_chart())])
    assert harness.reopen().read() == before


LONG = " ".join(["Commissioners keep refining the gap analysis for months"] * 6)


def _sized(harness: Harness) -> None:
    spec = TabSpec(
        key="sized",
        title="Sized",
        column_widths={0: 20, 1: 20, 2: 20, 3: 12},
        styles=(Style(CellRange(0, 0, None, 2), wrap=True),),
        hidden_cols=(3,),
        merges=(CellRange(5, 0, 5, 2),),
    )
    harness.backend.create([AddTab(spec, {(0, 0): LONG, (1, 0): "short", (3, 3): "r-0a1b2c"})])


#: Backends that draw rows on a screen or a page; the memory backend keeps no pixels.
DRAWN = ("xlsx", "google")


def test_rows_of_wrapped_text_are_tall_enough_for_their_lines(harness: Harness) -> None:
    if harness.backend.name not in DRAWN:
        return
    _sized(harness)
    # A generous bound: even at 1.6 characters per column unit, 336 characters in 20 units
    # need 11 lines of at least 14 pixels.
    assert harness.inspect.row_height_px("Sized", 0) >= 11 * 14
    assert harness.inspect.row_height_px("Sized", 1) < 30
    harness.backend.apply([WriteRange("sized", 2, 1, ((LONG,),)), WriteRange("sized", 0, 0, ((),))])
    assert harness.inspect.row_height_px("Sized", 2) >= 11 * 14
    harness.backend.apply([WriteRange("sized", 2, 1, (("now short",),))])
    assert harness.inspect.row_height_px("Sized", 2) < 30


def test_merged_text_wraps_across_the_whole_block(harness: Harness) -> None:
    _sized(harness)
    assert harness.inspect.merges("Sized") == {CellRange(5, 0, 5, 2)}
    harness.backend.apply([WriteRange("sized", 5, 0, ((LONG,),))])
    if harness.backend.name not in DRAWN:
        return
    across = harness.inspect.row_height_px("Sized", 5)
    assert 3 * 14 <= across < harness.inspect.row_height_px("Sized", 0) / 2


def test_hidden_columns_keep_their_values(harness: Harness) -> None:
    _sized(harness)
    assert harness.inspect.hidden_cols("Sized") == {3}
    tab = harness.reopen().read().get("sized")
    assert tab is not None and tab.value(3, 3) == "r-0a1b2c"
