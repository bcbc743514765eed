"""An in-memory backend for the workshop logic's tests: the port's contract, no storage."""

from __future__ import annotations

import copy
from collections.abc import Sequence

from sheets_sync.backends.base import WorkbookBackend
from sheets_sync.errors import MissingTab, WorkbookExists, WorkbookNotFound
from sheets_sync.model import (
    AddTab,
    Cells,
    Change,
    SetChart,
    Tab,
    UpdateTab,
    WorkbookSnapshot,
    WriteRange,
)


class MemoryBackend(WorkbookBackend):
    name = "memory"

    def __init__(self) -> None:
        self.tabs: list[Tab] | None = None
        self.charts: dict[str, object] = {}
        self.reads = 0
        self.applies = 0

    def location(self) -> str:
        return "memory://workbook"

    def exists(self) -> bool:
        return self.tabs is not None

    def create(self, changes: Sequence[Change], *, replace: bool = False) -> str | None:
        if self.tabs is not None and not replace:
            raise WorkbookExists("exists")
        self.tabs = []
        self.apply(changes)
        return "memory://backup" if replace else None

    def read(self) -> WorkbookSnapshot:
        if self.tabs is None:
            raise WorkbookNotFound("no workbook")
        self.reads += 1
        return WorkbookSnapshot(copy.deepcopy(self.tabs))

    def apply(self, changes: Sequence[Change]) -> None:
        if self.tabs is None:
            raise WorkbookNotFound("no workbook")
        tabs = copy.deepcopy(self.tabs)
        for ch in changes:
            if isinstance(ch, AddTab):
                cells: Cells = {k: v for k, v in ch.cells.items() if v is not None}
                tabs.append(
                    Tab(ch.spec.key, ch.spec.title, cells, dict(ch.spec.anchors), ch.spec.hidden)
                )
                continue
            tab = next((t for t in tabs if t.key == ch.tab_key), None)
            if tab is None:
                raise MissingTab(ch.tab_key)
            if isinstance(ch, WriteRange):
                for r, row in enumerate(ch.values):
                    for c, v in enumerate(row):
                        if v is None or v == "":
                            tab.cells.pop((ch.row + r, ch.col + c), None)
                        else:
                            tab.cells[(ch.row + r, ch.col + c)] = v
            elif isinstance(ch, UpdateTab):
                if ch.title:
                    tab.title = ch.title
            elif isinstance(ch, SetChart):
                self.charts[ch.chart.key] = ch.chart
        self.tabs = tabs
        self.applies += 1

    def person_types(self, title: str, row: int, col: int, value: object) -> None:
        assert self.tabs is not None
        tab = next(t for t in self.tabs if t.title == title)
        tab.cells[(row, col)] = value  # type: ignore[assignment]
