"""Tabs are found by key and rows by anchor, whatever the tool or a person renames or inserts."""

from __future__ import annotations

from sheets_sync.model import UpdateTab, WriteRange
from tests.contract import workbooks
from tests.contract.conftest import Harness


def test_keys_and_anchors_read_back(harness: Harness) -> None:
    harness.backend.create(workbooks.workshop())
    snapshot = harness.reopen().read()
    table = snapshot.get("table_1")
    assert table is not None
    assert table.anchors == {"entries": 1, "status": 22}
    assert table.anchor("status", 99) == 22
    assert table.anchor("never set", 99) == 99
    about = snapshot.get("about")
    assert about is not None
    assert about.anchors == {"principles": 1}
    gap = snapshot.get("gap_1")
    assert gap is not None
    assert gap.anchors == {}


def test_update_tab_renames_and_the_key_follows(harness: Harness) -> None:
    harness.backend.create(workbooks.workshop())
    harness.backend.apply([UpdateTab("table_1", title="Table 1 – Blue")])
    snapshot = harness.reopen().read()
    table = snapshot.get("table_1")
    assert table is not None
    assert table.title == "Table 1 – Blue"
    assert table.anchors == {"entries": 1, "status": 22}
    assert snapshot.titled("Table 1") is None
    harness.backend.apply([WriteRange("table_1", 1, 0, ((1,),))])
    table = harness.reopen().read().get("table_1")
    assert table is not None
    assert table.value(1, 0) == 1


def test_update_tab_recolours(harness: Harness) -> None:
    harness.backend.create(workbooks.workshop())
    assert harness.inspect.tab_color("About") == "#1F4E79"
    harness.backend.apply([UpdateTab("about", tab_color="#C00000")])
    assert harness.inspect.tab_color("About") == "#C00000"
    assert harness.inspect.tab_color("Table 1") is None


def test_key_survives_a_person_renaming_the_tab(harness: Harness) -> None:
    harness.backend.create(workbooks.workshop())
    harness.person.rename_tab("Table 1", "Blue table")
    snapshot = harness.reopen().read()
    table = snapshot.get("table_1")
    assert table is not None
    assert table.title == "Blue table"
    assert table.anchors == {"entries": 1, "status": 22}
    harness.backend.apply([WriteRange("table_1", 22, 1, (("checked",),))])
    assert harness.reopen().read().titled("Blue table") is not None


def test_anchors_follow_rows_a_person_inserts_above(harness: Harness) -> None:
    harness.backend.create(workbooks.workshop())
    harness.person.insert_rows("Table 1", before=5, count=3)
    table = harness.reopen().read().get("table_1")
    assert table is not None
    assert table.anchors == {"entries": 1, "status": 25}
    assert table.value(25, 0) == "Status"


def test_anchors_follow_rows_a_person_deletes_above(harness: Harness) -> None:
    harness.backend.create(workbooks.workshop())
    harness.person.delete_rows("Table 1", first=5, count=2)
    table = harness.reopen().read().get("table_1")
    assert table is not None
    assert table.anchors == {"entries": 1, "status": 20}
    assert table.value(20, 0) == "Status"


def test_tabs_people_add_have_no_key(harness: Harness) -> None:
    harness.backend.create(workbooks.workshop())
    harness.person.add_tab("Our notes")
    harness.person.type("Our notes", (0, 0), "typed by a person")
    snapshot = harness.reopen().read()
    notes = snapshot.titled("Our notes")
    assert notes is not None
    assert notes.key is None
    assert notes.value(0, 0) == "typed by a person"
    assert snapshot.keys() == ["about", "table_1", "gap_1"]


def test_hidden_tabs_are_read_and_marked_hidden(harness: Harness) -> None:
    harness.backend.create([workbooks.about(), workbooks.table(1, hidden=True)])
    snapshot = harness.reopen().read()
    table = snapshot.get("table_1")
    about = snapshot.get("about")
    assert table is not None and about is not None
    assert table.hidden
    assert not about.hidden
    assert table.value(0, 0) == "Rank"
