"""Workbooks kept in memory by location, and the edits a person makes to one by hand.

A :class:`StoredWorkbook` holds what a file or a Google spreadsheet would: its tabs in order,
each with the tool's key (kept apart from the title, so it survives a rename), its values as
stored, its named anchor rows, the look its :class:`~sheets_sync.model.TabSpec` gave it
(dropdowns, protections, frozen panes, tab colour, column widths, styles) and its charts.
A dropdown names its source tab by key, so it follows that tab through any rename.

The ``person_*`` methods of :class:`MemoryStore` are what a spreadsheet program does when a
person edits: inserting rows moves every cell, anchor, dropdown, protected range, style and
chart below them down (and grows a range they fall inside). The store evaluates no formulas,
so it rewrites none either: a formula's text stays as it was written.

Every change, by the tool or a person, gives the workbook a new ``version``.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace

from sheets_sync.errors import MissingTab, WorkbookError, WorkbookNotFound
from sheets_sync.model import (
    CellRange,
    Cells,
    CellValue,
    ChartSpec,
    Dropdown,
    Formula,
    Protection,
    Style,
    Tab,
    TabSpec,
)


def stored(value: CellValue) -> CellValue:
    """A value as storage keeps it: ``None`` for empty or ``""``, any ``str`` as plain text
    (only a :class:`Formula` stays a formula), a whole ``float`` as ``int``."""
    if value is None or value == "":
        return None
    if isinstance(value, Formula):
        return Formula(value)
    if isinstance(value, str):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


@dataclass
class StoredTab:
    """One tab as stored: identity, values, anchors and look."""

    key: str | None
    title: str
    cells: Cells = field(default_factory=dict)
    anchors: dict[str, int] = field(default_factory=dict)
    hidden: bool = False
    tab_color: str | None = None
    frozen_rows: int = 0
    frozen_cols: int = 0
    column_widths: dict[int, int] = field(default_factory=dict)
    dropdowns: list[Dropdown] = field(default_factory=list)
    protections: list[Protection] = field(default_factory=list)
    styles: list[Style] = field(default_factory=list)
    charts: dict[str, ChartSpec] = field(default_factory=dict)
    hidden_cols: set[int] = field(default_factory=set)
    merges: set[CellRange] = field(default_factory=set)

    @classmethod
    def from_spec(cls, spec: TabSpec, colour: str | None) -> StoredTab:
        """An empty tab laid out as ``spec`` says (``colour`` already checked)."""
        return cls(
            key=spec.key,
            title=spec.title,
            anchors=dict(spec.anchors),
            hidden=spec.hidden,
            tab_color=colour,
            frozen_rows=spec.frozen_rows,
            frozen_cols=spec.frozen_cols,
            column_widths=dict(spec.column_widths),
            dropdowns=list(spec.dropdowns),
            protections=list(spec.protections),
            styles=list(spec.styles),
            hidden_cols=set(spec.hidden_cols),
            merges=set(spec.merges),
        )

    def tab(self) -> Tab:
        """The tab as the port reads it (a copy: changing it changes nothing stored)."""
        return Tab(self.key, self.title, dict(self.cells), dict(self.anchors), self.hidden)


@dataclass
class StoredWorkbook:
    """The tabs of one workbook, in order, and its version (a new one at every change)."""

    tabs: list[StoredTab] = field(default_factory=list)
    version: int = 0

    def keyed(self, key: str) -> StoredTab | None:
        return next((t for t in self.tabs if t.key == key), None)

    def titled(self, title: str) -> StoredTab | None:
        return next((t for t in self.tabs if t.title == title), None)

    def tab(self, key: str) -> StoredTab:
        """The tab tagged ``key``; ``MissingTab`` if there is none."""
        found = self.keyed(key)
        if found is None:
            raise MissingTab(
                f"the workbook has no tab tagged {key!r} (it was deleted); undo the deletion "
                "or restore a backup, then run the command again"
            )
        return found


class MemoryStore:
    """Workbooks by location. Every backend given this store and a location sees the same
    workbook there; another location is another workbook."""

    def __init__(self) -> None:
        self._workbooks: dict[str, StoredWorkbook] = {}
        self._versions = itertools.count(1)

    def __contains__(self, location: object) -> bool:
        return location in self._workbooks

    def __iter__(self) -> Iterator[str]:
        """The locations that hold a workbook."""
        return iter(list(self._workbooks))

    def get(self, location: str) -> StoredWorkbook | None:
        """The workbook stored at ``location`` itself (not a copy), or ``None``."""
        return self._workbooks.get(location)

    def put(self, location: str, workbook: StoredWorkbook) -> None:
        """Store ``workbook`` at ``location`` in one step, replacing what was there."""
        workbook.version = next(self._versions)
        self._workbooks[location] = workbook

    def free_location(self, stem: str) -> str:
        """``<stem>-1``, ``<stem>-2``, ...: the first that holds no workbook."""
        return next(f"{stem}-{n}" for n in itertools.count(1) if f"{stem}-{n}" not in self)

    # ------------------------------------------------------------------ a person's edits

    def person_renames_tab(self, location: str, old: str, new: str) -> None:
        """Retitle a tab; its key, anchors and the dropdowns listing it stay with it."""
        workbook = self._edit(location)
        tab = self._titled(workbook, old)
        if any(t is not tab and t.title.casefold() == new.casefold() for t in workbook.tabs):
            raise WorkbookError(f"there is already a tab titled {new!r}")
        tab.title = new
        self._changed(workbook)

    def person_inserts_rows(self, location: str, title: str, before: int, count: int) -> None:
        """Insert ``count`` empty rows above 0-based row ``before``."""

        def down(row: int) -> int:
            return row + count if row >= before else row

        self._move_rows(location, title, down, before, count)

    def person_deletes_rows(self, location: str, title: str, first: int, count: int) -> None:
        """Delete ``count`` rows from 0-based row ``first`` on: their cells go, everything
        below moves up, and what pointed into them points at the row that took their place."""

        def up(row: int) -> int:
            return row if row < first else max(first, row - count)

        tab = self._titled(self._edit(location), title)
        tab.cells = {k: v for k, v in tab.cells.items() if not first <= k[0] < first + count}
        self._move_rows(location, title, up, first, -count)

    def _move_rows(
        self, location: str, title: str, move: Callable[[int], int], at: int, count: int
    ) -> None:
        """Renumber every row of the tab titled ``title`` through ``move`` (a person inserted
        ``count`` rows at ``at``, or deleted ``-count``)."""
        workbook = self._edit(location)
        tab = self._titled(workbook, title)

        def moved(where: CellRange) -> CellRange:
            last = None if where.last_row is None else move(where.last_row)
            return replace(where, first_row=move(where.first_row), last_row=last)

        tab.cells = {(move(r), c): v for (r, c), v in tab.cells.items()}
        tab.anchors = {name: move(row) for name, row in tab.anchors.items()}
        tab.dropdowns = [replace(d, where=moved(d.where)) for d in tab.dropdowns]
        tab.protections = [
            replace(
                p,
                where=None if p.where is None else moved(p.where),
                exceptions=tuple(moved(e) for e in p.exceptions),
            )
            for p in tab.protections
        ]
        tab.styles = [replace(s, where=moved(s.where)) for s in tab.styles]
        tab.charts = {
            key: replace(
                c,
                rows=(move(c.rows[0]), move(c.rows[1])),
                anchor=(move(c.anchor[0]), c.anchor[1]),
            )
            for key, c in tab.charts.items()
        }
        if at < tab.frozen_rows:
            tab.frozen_rows = max(at, tab.frozen_rows + count)
        if tab.key is not None:
            for other in workbook.tabs:
                other.dropdowns = [
                    replace(d, source=moved(d.source)) if d.source_tab == tab.key else d
                    for d in other.dropdowns
                ]
        self._changed(workbook)

    def person_adds_tab(self, location: str, title: str) -> None:
        """A new, empty tab at the end, with no key (the tool did not make it)."""
        workbook = self._edit(location)
        if any(t.title.casefold() == title.casefold() for t in workbook.tabs):
            raise WorkbookError(f"there is already a tab titled {title!r}")
        workbook.tabs.append(StoredTab(None, title))
        self._changed(workbook)

    def person_deletes_tab(self, location: str, title: str) -> None:
        workbook = self._edit(location)
        workbook.tabs.remove(self._titled(workbook, title))
        self._changed(workbook)

    def person_types(
        self, location: str, title: str, cell: tuple[int, int], value: CellValue
    ) -> None:
        """Enter ``value`` in ``cell`` as it is (a :class:`Formula` for a formula); an empty
        value clears the cell."""
        workbook = self._edit(location)
        cells = self._titled(workbook, title).cells
        kept = stored(value)
        if kept is None:
            cells.pop(cell, None)
        else:
            cells[cell] = kept
        self._changed(workbook)

    def _edit(self, location: str) -> StoredWorkbook:
        workbook = self._workbooks.get(location)
        if workbook is None:
            raise WorkbookNotFound(f"no workbook at {location}")
        return workbook

    def _changed(self, workbook: StoredWorkbook) -> None:
        workbook.version = next(self._versions)

    @staticmethod
    def _titled(workbook: StoredWorkbook, title: str) -> StoredTab:
        found = workbook.titled(title)
        if found is None:
            raise MissingTab(f"the workbook has no tab titled {title!r}")
        return found
