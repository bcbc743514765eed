"""What a merge hands back: :class:`MergeResult` and the records in it (:class:`Conflict`,
:class:`AssignedId`, :class:`LongCell`). Plain frozen data; :func:`sheets_sync.merge.workbook.merge`
makes them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from sheets_sync.merge.values import show
from sheets_sync.model import AddTab, CellValue, Change, WorkbookSnapshot, WriteRange, a1

#: The most characters an Excel cell holds.
XLSX_CELL_LIMIT = 32_767


@dataclass(frozen=True)
class Conflict:
    """A cell both sides changed to different values since the mirror.

    ``cell`` is where it is online, ``local_cell`` where it is in the local file when that
    differs; ``row_id`` names the gap row. A tab renamed differently on both sides is a
    conflict with ``cell == ''`` and the three titles as values.
    """

    tab_key: str
    tab_title: str
    cell: str
    base: CellValue
    local: CellValue
    online: CellValue
    local_cell: str | None = None
    row_id: str | None = None

    def line(self) -> str:
        """``Gap 2 - MESO-3!C7: base 'x', local 'y', online 'z'``."""
        where = f"{self.tab_title}!{self.cell}" if self.cell else f"{self.tab_title} (tab name)"
        if self.local_cell and self.local_cell != self.cell:
            where += f" (local {self.local_cell})"
        return (
            f"{where}: base {show(self.base)}, local {show(self.local)}, online {show(self.online)}"
        )


@dataclass(frozen=True)
class AssignedId:
    """A row id given to a gap row that had none, and where it is written on each side."""

    tab_key: str
    row_id: str
    online_row: int | None
    local_row: int | None


@dataclass(frozen=True)
class LongCell:
    """A value longer than a limit, at ``cell`` of ``tab_title`` in the local file."""

    tab_key: str
    tab_title: str
    cell: str
    length: int


@dataclass(frozen=True)
class MergeResult:
    """What :func:`merge` decided. Apply ``to_online`` and ``to_local`` (each in order), remove
    the ``drop_local`` tabs from the local file, and store ``merged`` as the next base (its
    ``revision`` is the online one that was read; set the new one after applying)."""

    to_online: tuple[Change, ...]
    to_local: tuple[Change, ...]
    conflicts: tuple[Conflict, ...]
    new_ids: tuple[AssignedId, ...]
    notes: tuple[str, ...]
    merged: WorkbookSnapshot
    #: Conflicts that ``prefer`` settled (for the report; already in the changes).
    resolved: tuple[Conflict, ...] = ()
    #: Keys of tabs deleted online and untouched offline, to delete from the local file.
    drop_local: tuple[str, ...] = ()

    @property
    def clean(self) -> bool:
        """No conflict is left to settle."""
        return not self.conflicts

    @property
    def changes_nothing(self) -> bool:
        return not (self.to_online or self.to_local or self.drop_local)

    def long_cells(
        self, limit: int = XLSX_CELL_LIMIT, side: Literal["local", "online"] = "local"
    ) -> tuple[LongCell, ...]:
        """The values that ``to_local`` (or ``to_online``) would write that are longer than
        ``limit`` characters: Excel holds 32,767 in a cell, Google Sheets 50,000. The merge
        itself never cuts text; the writer decides what to do with these."""
        found = []
        for change in self.to_local if side == "local" else self.to_online:
            if isinstance(change, AddTab):
                key, title = change.spec.key, change.spec.title
                cells: Iterable[tuple[tuple[int, int], CellValue]] = change.cells.items()
            elif isinstance(change, WriteRange):
                key = change.tab_key
                tab = self.merged.get(key)
                title = tab.title if tab else key
                cells = (
                    ((change.row + i, change.col + j), v)
                    for i, row in enumerate(change.values)
                    for j, v in enumerate(row)
                )
            else:
                continue
            for (r, c), v in sorted(cells, key=lambda item: item[0]):
                if isinstance(v, str) and len(v) > limit:
                    found.append(LongCell(key, title, a1(r, c), len(v)))
        return tuple(found)
