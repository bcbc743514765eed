"""Creating, replacing and changing a workbook: exactly the tabs asked for, all or nothing."""

from __future__ import annotations

import pytest

from sheets_sync.errors import MissingTab, WorkbookExists, WorkbookNotFound
from sheets_sync.model import AddTab, TabSpec, UpdateTab, WriteRange
from tests.contract import workbooks
from tests.contract.conftest import BackendFactory, Harness


def test_a_new_location_has_no_workbook(harness: Harness) -> None:
    assert not harness.backend.exists()
    assert harness.backend.location()
    with pytest.raises(WorkbookNotFound):
        harness.backend.read()


def test_create_makes_exactly_the_tabs_given_in_order(harness: Harness) -> None:
    assert harness.backend.create(workbooks.workshop()) is None
    assert harness.backend.exists()
    snapshot = harness.reopen().read()
    assert [t.title for t in snapshot] == ["About", "Table 1", "Gap 1"]
    assert snapshot.keys() == ["about", "table_1", "gap_1"]
    about = snapshot.get("about")
    assert about is not None
    assert about.value(3, 1) == workbooks.PRINCIPLES[2]
    assert about.value(3, 2) == 17


def test_create_refuses_an_existing_workbook(harness: Harness) -> None:
    harness.backend.create([workbooks.about()])
    before = harness.backend.read()
    with pytest.raises(WorkbookExists) as err:
        harness.backend.create([workbooks.table()])
    assert "--force" in str(err.value)
    after = harness.reopen().read()
    assert [t.title for t in after] == ["About"]
    assert after.revision == before.revision


def test_replace_keeps_the_old_workbook_as_a_backup(harness: Harness) -> None:
    harness.backend.create([workbooks.about("Old about")])
    backup = harness.backend.create([workbooks.about("New about")], replace=True)
    assert backup is not None
    assert backup != harness.backend.location()
    assert [t.title for t in harness.reopen().read()] == ["New about"]
    old = harness.at(backup).read()
    assert [t.title for t in old] == ["Old about"]
    assert old.keys() == ["about"]


def test_replace_when_nothing_exists_makes_no_backup(harness: Harness) -> None:
    assert harness.backend.create([workbooks.about()], replace=True) is None
    assert harness.backend.exists()


def test_apply_adds_tabs_at_the_end(harness: Harness) -> None:
    harness.backend.create([workbooks.about()])
    harness.backend.apply([workbooks.table(1), workbooks.table(2)])
    snapshot = harness.reopen().read()
    assert [t.key for t in snapshot] == ["about", "table_1", "table_2"]


def test_apply_adds_a_tab_before_the_one_named(harness: Harness) -> None:
    harness.backend.create([workbooks.about(), workbooks.table(1), workbooks.gap(1)])
    harness.backend.apply([AddTab(workbooks.table(2).spec, before="gap_1")])
    harness.backend.apply([AddTab(workbooks.table(3).spec, before="no_such_tab")])
    snapshot = harness.reopen().read()
    assert snapshot.keys() == ["about", "table_1", "table_2", "gap_1", "table_3"]


def test_apply_is_all_or_nothing(harness: Harness) -> None:
    harness.backend.create(workbooks.workshop())
    before = harness.backend.read()
    changes = [
        WriteRange("table_1", 1, 0, ((1, workbooks.PRINCIPLES[0]),)),
        workbooks.table(2),
        UpdateTab("about", title="Principles"),
        WriteRange("no_such_tab", 0, 0, (("x",),)),
    ]
    with pytest.raises(MissingTab) as err:
        harness.backend.apply(changes)
    assert "no_such_tab" in str(err.value)
    after = harness.reopen().read()
    assert after.tabs == before.tabs
    assert after.revision == before.revision


def test_apply_of_nothing_changes_nothing(harness: Harness) -> None:
    harness.backend.create(workbooks.workshop())
    before = harness.backend.read()
    harness.backend.apply([])
    assert harness.reopen().read() == before


def test_changes_apply_in_order(harness: Harness) -> None:
    harness.backend.create([workbooks.about()])
    harness.backend.apply(
        [
            AddTab(TabSpec(key="notes", title="Notes"), {(0, 0): "first"}),
            WriteRange("notes", 0, 0, (("second",),)),
            UpdateTab("notes", title="Notes (kept)"),
            WriteRange("notes", 1, 0, (("third",),)),
        ]
    )
    notes = harness.reopen().read().get("notes")
    assert notes is not None
    assert notes.title == "Notes (kept)"
    assert notes.cells == {(0, 0): "second", (1, 0): "third"}


def test_workbooks_at_different_locations_are_independent(backend_factory: BackendFactory) -> None:
    one, two = backend_factory(), backend_factory()
    assert one.backend.location() != two.backend.location()
    one.backend.create([workbooks.about("One")])
    two.backend.create([workbooks.about("Two")])
    assert [t.title for t in one.reopen().read()] == ["One"]
    assert [t.title for t in two.reopen().read()] == ["Two"]
