"""The in-memory backend: the port over a :class:`~sheets_sync.backends.memory.store.MemoryStore`.

Each :meth:`MemoryBackend.apply` works on a copy of the stored workbook and stores the copy in
one step only once every change has succeeded, so a failing change (a :class:`MissingTab`, a
duplicate title, a dropdown whose source tab does not exist) leaves the store as it was. A
``str`` is stored as text whatever it starts with; only a :class:`Formula` is a formula.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Sequence

from sheets_sync.backends.base import Origin, WorkbookBackend
from sheets_sync.backends.memory.store import MemoryStore, StoredTab, StoredWorkbook, stored
from sheets_sync.errors import MissingTab, WorkbookError, WorkbookExists, WorkbookNotFound
from sheets_sync.model import (
    AddTab,
    CellValue,
    Change,
    ChartSpec,
    SetChart,
    Tab,
    UpdateTab,
    WorkbookSnapshot,
    WriteRange,
)

_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")


class MemoryBackend(WorkbookBackend):
    """A workbook at ``location`` in ``store`` (a fresh, private store by default).

    ``reads`` and ``applies`` count the round trips this object made (``create`` is one
    apply), for tests that check how often the workshop logic asks.
    """

    name = "memory"

    def __init__(self, location: str = "memory://workbook", *, store: MemoryStore | None = None):
        self._location = location
        self.store = MemoryStore() if store is None else store
        self.reads = 0
        self.applies = 0

    def location(self) -> str:
        return self._location

    def exists(self) -> bool:
        return self._location in self.store

    def create(self, changes: Sequence[Change], *, replace: bool = False) -> str | None:
        """A new workbook of exactly ``changes``; with ``replace``, the old one is first kept
        at a new location (``<location>.backup-<n>``), which is returned."""
        old = self.store.get(self._location)
        if old is not None and not replace:
            raise WorkbookExists(
                f"{self._location} already exists; use --force to replace it "
                "(the old workbook is kept as a backup)"
            )
        workbook = StoredWorkbook()
        _apply_all(workbook, changes)
        backup = None
        if old is not None:
            backup = self.store.free_location(f"{self._location}.backup")
            self.store.put(backup, copy.deepcopy(old))
        self.store.put(self._location, workbook)
        self.applies += 1
        return backup

    def read(self) -> WorkbookSnapshot:
        """Every tab as stored; ``revision`` is the workbook's version."""
        workbook = self._stored()
        self.reads += 1
        return WorkbookSnapshot([t.tab() for t in workbook.tabs], str(workbook.version))

    def apply(self, changes: Sequence[Change]) -> None:
        if not changes:
            return
        workbook = copy.deepcopy(self._stored())
        _apply_all(workbook, changes)
        self.store.put(self._location, workbook)
        self.applies += 1

    def origin(self) -> Origin:
        return MemoryOrigin(self)

    # ------------------------------------------------------------------ for tests

    @property
    def tabs(self) -> list[Tab] | None:
        """The tabs as stored now (copies), or ``None`` if there is no workbook; not a read."""
        workbook = self.store.get(self._location)
        return None if workbook is None else [t.tab() for t in workbook.tabs]

    @property
    def charts(self) -> dict[str, ChartSpec]:
        """Every chart in the workbook by key."""
        workbook = self.store.get(self._location)
        return (
            {} if workbook is None else {k: c for t in workbook.tabs for k, c in t.charts.items()}
        )

    def person_types(self, title: str, row: int, col: int, value: CellValue) -> None:
        """A person enters ``value`` in a cell of the tab titled ``title``."""
        self.store.person_types(self._location, title, (row, col), value)

    def person_deletes_tab(self, title: str) -> None:
        self.store.person_deletes_tab(self._location, title)

    def _stored(self) -> StoredWorkbook:
        workbook = self.store.get(self._location)
        if workbook is None:
            raise WorkbookNotFound(f"there is no workbook at {self._location}")
        return workbook


class MemoryOrigin:
    """A memory workbook: known by its location, versioned by the store."""

    def __init__(self, backend: MemoryBackend) -> None:
        self.backend = backend

    def identity(self) -> str:
        return self.backend.location()

    def version(self) -> str | None:
        workbook = self.backend.store.get(self.backend.location())
        return None if workbook is None else str(workbook.version)


def _apply_all(workbook: StoredWorkbook, changes: Sequence[Change]) -> None:
    """Each change in order on ``workbook``, then the checks a spreadsheet program makes."""
    for change in changes:
        if isinstance(change, AddTab):
            _add_tab(workbook, change)
        elif isinstance(change, WriteRange):
            tab = workbook.tab(change.tab_key)
            _check_cell(tab.title, change.row, change.col)
            for r, values in enumerate(change.values):
                for c, value in enumerate(values):
                    _put(tab, (change.row + r, change.col + c), value)
        elif isinstance(change, UpdateTab):
            tab = workbook.tab(change.tab_key)
            if change.title is not None and change.title != tab.title:
                _check_title(workbook, change.title, besides=tab)
                tab.title = change.title
            if change.tab_color is not None:
                tab.tab_color = _colour(change.tab_color, tab.title)
        elif isinstance(change, SetChart):
            tab = workbook.tab(change.tab_key)
            for other in workbook.tabs:
                other.charts.pop(change.chart.key, None)
            tab.charts[change.chart.key] = change.chart
        else:
            raise TypeError(f"not a change: {change!r}")
    for tab in workbook.tabs:
        for dropdown in tab.dropdowns:
            if workbook.keyed(dropdown.source_tab) is None:
                raise MissingTab(
                    f"tab {tab.title!r}: the dropdown in {dropdown.where.a1()} lists values "
                    f"from the tab tagged {dropdown.source_tab!r}, which does not exist"
                )
    if workbook.tabs and all(t.hidden for t in workbook.tabs):
        raise WorkbookError("a workbook needs at least one tab that is not hidden")


def _add_tab(workbook: StoredWorkbook, change: AddTab) -> None:
    spec = change.spec
    if not spec.key:
        raise WorkbookError(f"tab {spec.title!r} needs a key")
    existing = workbook.keyed(spec.key)
    if existing is not None:
        raise WorkbookError(
            f"there is already a tab tagged {spec.key!r} (titled {existing.title!r})"
        )
    _check_title(workbook, spec.title, besides=None)
    colour = None if spec.tab_color is None else _colour(spec.tab_color, spec.title)
    tab = StoredTab.from_spec(spec, colour)
    for cell, value in change.cells.items():
        _check_cell(spec.title, *cell)
        _put(tab, cell, value)
    keys = [t.key for t in workbook.tabs]
    workbook.tabs.insert(keys.index(change.before) if change.before in keys else len(keys), tab)


def _put(tab: StoredTab, cell: tuple[int, int], value: CellValue) -> None:
    kept = stored(value)
    if kept is None:
        tab.cells.pop(cell, None)
    else:
        tab.cells[cell] = kept


def _check_title(workbook: StoredWorkbook, title: str, *, besides: StoredTab | None) -> None:
    if not title.strip():
        raise WorkbookError("a tab title cannot be empty")
    folded = title.casefold()
    if any(t is not besides and t.title.casefold() == folded for t in workbook.tabs):
        raise WorkbookError(f"there is already a tab titled {title!r}; choose another title")


def _check_cell(title: str, row: int, col: int) -> None:
    if row < 0 or col < 0:
        raise WorkbookError(f"tab {title!r}: ({row}, {col}) is outside the sheet")


def _colour(colour: str, title: str) -> str:
    if not _COLOUR.match(colour):
        raise WorkbookError(f"tab {title!r}: colour {colour!r} is not #RRGGBB")
    return colour.upper()
