"""What the memory backend promises beyond the contract suite: storage shared by location, a
private store by default, and a person's edits that move what sits below inserted rows."""

from __future__ import annotations

import pytest

from sheets_sync.backends.memory import MemoryBackend, MemoryStore
from sheets_sync.errors import MissingTab, WorkbookError
from sheets_sync.model import (
    AddTab,
    CellRange,
    Dropdown,
    Formula,
    SetChart,
    TabSpec,
    UpdateTab,
    WriteRange,
)
from tests.contract import workbooks
from tests.contract.workbooks import LABELS


def test_backends_on_one_store_and_location_share_the_workbook() -> None:
    store = MemoryStore()
    one = MemoryBackend("memory://a", store=store)
    one.create(workbooks.workshop())
    two = MemoryBackend("memory://a", store=store)
    two.apply([WriteRange("table_1", 1, 0, ((1,),))])
    table = one.read().get("table_1")
    assert table is not None and table.value(1, 0) == 1
    assert not MemoryBackend("memory://b", store=store).exists()
    assert list(store) == ["memory://a"]


def test_the_default_store_is_private() -> None:
    one, two = MemoryBackend(), MemoryBackend()
    one.create([workbooks.about()])
    assert one.location() == two.location()
    assert not two.exists()


def test_backups_take_the_next_free_location() -> None:
    backend = MemoryBackend()
    backend.create([workbooks.about("First")])
    first = backend.create([workbooks.about("Second")], replace=True)
    second = backend.create([workbooks.about("Third")], replace=True)
    assert (first, second) == ("memory://workbook.backup-1", "memory://workbook.backup-2")
    titles = [t.title for t in MemoryBackend(second, store=backend.store).read()]
    assert titles == ["Second"]


def test_every_change_gives_a_new_revision_and_origin_version() -> None:
    backend = MemoryBackend()
    backend.create([workbooks.about()])
    first = backend.read().revision
    assert backend.origin().version() == first
    backend.apply([UpdateTab("about", tab_color="#00ff00")])
    assert backend.read().revision not in (None, first)
    second = backend.read().revision
    backend.person_types("About", 0, 0, "edited")
    assert backend.origin().version() not in (first, second)
    backend.apply([])
    assert backend.read().revision == backend.origin().version()


def test_inserted_rows_move_what_sits_below() -> None:
    backend = MemoryBackend()
    backend.create(workbooks.workshop())
    backend.apply([SetChart("table_1", workbooks.points_chart())])
    backend.store.person_inserts_rows(backend.location(), "Table 1", 5, 3)
    backend.store.person_inserts_rows(backend.location(), "About", 0, 2)
    stored = backend.store.get(backend.location())
    assert stored is not None
    table, about = stored.titled("Table 1"), stored.titled("About")
    assert table is not None and about is not None
    assert table.dropdowns[0].where == CellRange(1, 1, 23, 1)
    assert table.dropdowns[0].source == CellRange(3, 1, 19, 1)
    assert [p.where for p in table.protections] == [
        CellRange(0, 0, 0, None),
        CellRange(25, 0, 28, 2),
    ]
    assert table.charts["points"].anchor == (1, 4)
    assert table.charts["points"].rows == (1, 20)
    assert about.frozen_rows == 3
    assert about.anchors == {"principles": 3}


def test_a_failing_change_stores_nothing() -> None:
    backend = MemoryBackend()
    backend.create(workbooks.workshop())
    before = backend.read()
    for changes in (
        [WriteRange("table_1", 0, 0, (("x",),)), UpdateTab("gap_1", title="about")],
        [workbooks.table(2), AddTab(TabSpec("table_2", "Again"))],
        [AddTab(TabSpec("t", "T", dropdowns=(Dropdown(CellRange(0, 0), "nowhere", LABELS),)))],
    ):
        with pytest.raises((WorkbookError, MissingTab)):
            backend.apply(changes)
    assert backend.read() == before


def test_only_a_formula_is_a_formula_and_a_person_may_type_one() -> None:
    backend = MemoryBackend()
    backend.create([AddTab(TabSpec("t", "T"), {(0, 0): "=1+1", (0, 1): Formula("=1+1")})])
    backend.person_types("T", 1, 0, Formula("=A1"))
    tab = backend.read().get("t")
    assert tab is not None
    assert type(tab.value(0, 0)) is str
    assert isinstance(tab.value(0, 1), Formula) and isinstance(tab.value(1, 0), Formula)
