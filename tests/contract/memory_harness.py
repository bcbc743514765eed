"""The contract harness for the memory backend: an inspector and a person over its store.

One :class:`MemoryStore` serves all the harnesses of a test, so two workbooks live in one store
at two locations, as two files live in one folder. The inspector reads the stored workbook;
the person edits it through the store's ``person_*`` methods, which do what a spreadsheet
program does around an edit (rows inserted above move anchors, dropdowns and protections).

The store keeps a chart as its :class:`~sheets_sync.model.ChartSpec`, which only describes
horizontal bar charts, so a stored chart is horizontal by definition, not by anything stored.
"""

from __future__ import annotations

import pytest

from sheets_sync.backends.base import WorkbookBackend
from sheets_sync.backends.memory import MemoryBackend, MemoryStore, StoredTab
from sheets_sync.model import CellRange, Formula, Protection
from tests.contract.conftest import ChartView, DropdownView, Harness

_STORE = pytest.StashKey[MemoryStore]()


class MemoryProtection:
    """A cell is locked if a protection covers it and none of that protection's exceptions do
    (warning-only protections count, as they do on Google)."""

    def __init__(self, protections: list[Protection]) -> None:
        self.protections = protections

    @property
    def protected(self) -> bool:
        return bool(self.protections)

    def locked(self, row: int, col: int) -> bool:
        return any(
            (p.where is None or p.where.contains(row, col))
            and not any(e.contains(row, col) for e in p.exceptions)
            for p in self.protections
        )


class MemoryInspector:
    """Reads the stored workbook at ``location`` for every question."""

    def __init__(self, store: MemoryStore, location: str) -> None:
        self.store = store
        self.location = location

    def _tab(self, title: str) -> StoredTab:
        workbook = self.store.get(self.location)
        assert workbook is not None, f"no workbook at {self.location}"
        tab = workbook.titled(title)
        assert tab is not None, f"no tab {title!r}"
        return tab

    def dropdowns(self, title: str) -> list[DropdownView]:
        workbook = self.store.get(self.location)
        assert workbook is not None
        views = []
        for d in self._tab(title).dropdowns:
            source = workbook.keyed(d.source_tab)
            assert source is not None, f"dropdown source {d.source_tab!r} is gone"
            views.append(DropdownView(d.where, source.title, d.source, d.strict))
        return views

    def protections(self, title: str) -> MemoryProtection:
        return MemoryProtection(list(self._tab(title).protections))

    def is_formula(self, title: str, cell: tuple[int, int]) -> bool:
        return isinstance(self._tab(title).cells.get(cell), Formula)

    def frozen(self, title: str) -> tuple[int, int]:
        tab = self._tab(title)
        return tab.frozen_rows, tab.frozen_cols

    def charts(self, title: str) -> list[ChartView]:
        return [
            ChartView(c.title, True, len(c.value_cols), c.anchor)
            for c in self._tab(title).charts.values()
        ]

    def tab_color(self, title: str) -> str | None:
        return self._tab(title).tab_color

    def row_height_px(self, title: str, row: int) -> float:
        raise NotImplementedError("the memory backend keeps values and layout, not pixels")

    def hidden_cols(self, title: str) -> set[int]:
        return set(self._tab(title).hidden_cols)

    def merges(self, title: str) -> set[CellRange]:
        return set(self._tab(title).merges)


class MemoryPerson:
    """Edits as a person in a spreadsheet program, through the store."""

    def __init__(self, store: MemoryStore, location: str) -> None:
        self.store = store
        self.location = location

    def rename_tab(self, old: str, new: str) -> None:
        self.store.person_renames_tab(self.location, old, new)

    def insert_rows(self, title: str, before: int, count: int) -> None:
        self.store.person_inserts_rows(self.location, title, before, count)

    def delete_rows(self, title: str, first: int, count: int) -> None:
        self.store.person_deletes_rows(self.location, title, first, count)

    def add_tab(self, title: str) -> None:
        self.store.person_adds_tab(self.location, title)

    def type(self, title: str, cell: tuple[int, int], text: str) -> None:
        self.store.person_types(self.location, title, cell, text)


def memory_harness(request: pytest.FixtureRequest, n: int) -> Harness:
    """A harness on the not yet created workbook ``memory://contract-<n>/workshop``."""
    stash: pytest.Stash = request.node.stash
    if _STORE not in stash:
        stash[_STORE] = MemoryStore()
    store = stash[_STORE]
    location = f"memory://contract-{n}/workshop"

    def at(where: str) -> WorkbookBackend:
        return MemoryBackend(where, store=store)

    return Harness(
        backend=at(location),
        inspect=MemoryInspector(store, location),
        person=MemoryPerson(store, location),
        at=at,
    )
