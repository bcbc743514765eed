"""Edits people make in Excel Online, applied straight to the fake's state.

They are not requests: not recorded, no simulated time, no faults, and they bypass sheet
protection (the person is allowed).  Each is a content change, so it bumps the item's
cTag and eTag, with :data:`PERSON_EMAIL` as ``lastModifiedBy``.  Rows are numbered from 1
and cells named in A1 notation, as a person sees them.  Inserting or deleting rows moves
cells (openpyxl's ``insert_rows``/``delete_rows``); it does not rewrite formulas, merged
cells or data validations the way Excel would.
"""

from __future__ import annotations

from typing import Any

from openpyxl.worksheet.worksheet import Worksheet

from .renaming import rename_references
from .state import Item, World
from .workbook_formulas import Evaluator
from .workbook_ranges import used_bounds
from .workbook_state import Workbook
from .workbook_values import parse_address, read_value, write_typed

PERSON_EMAIL = "table.member@sampleton.nhs.uk"


class PersonEditsMixin:
    """``person_*`` helpers of :class:`~.fake.FakeGraph`."""

    world: World

    def _person_sheet(self, item_id: str, sheet: str) -> tuple[Item, Workbook, Worksheet]:
        item = self.world.items[item_id]
        if item.workbook is None:
            item.workbook = Workbook.from_bytes(item.content)
        if item.workbook.book is None:
            raise ValueError(f"{item.name} does not open as a workbook")
        found = item.workbook.find_sheet(item.workbook.book, sheet)
        if found is None:
            raise KeyError(f"no sheet {sheet!r} in {item.name}")
        return item, item.workbook, found

    def _person_touched(self, item: Item) -> None:
        self.world.touch(item, PERSON_EMAIL, content=True)

    def person_sets(self, item_id: str, sheet: str, cell: str, value: Any) -> None:
        """Type ``value`` into ``cell`` (``"B5"``) as a person does (``=`` makes a formula,
        ``007`` a number, ``'x`` text); ``None`` or ``""`` empties it."""
        item, _, found = self._person_sheet(item_id, sheet)
        top, left, bottom, right = parse_address(cell)
        if (top, left) != (bottom, right):
            raise ValueError(f"{cell!r} is not a single cell")
        write_typed(found.cell(top, left), "" if value is None else value)
        self._person_touched(item)

    def person_inserts_rows(
        self, item_id: str, sheet: str, before_row: int, count: int = 1
    ) -> None:
        """Insert ``count`` empty rows above row ``before_row``."""
        item, _, found = self._person_sheet(item_id, sheet)
        found.insert_rows(before_row, count)
        self._person_touched(item)

    def person_deletes_rows(self, item_id: str, sheet: str, first_row: int, count: int = 1) -> None:
        """Delete ``count`` rows from row ``first_row``."""
        item, _, found = self._person_sheet(item_id, sheet)
        found.delete_rows(first_row, count)
        self._person_touched(item)

    def person_renames_sheet(self, item_id: str, old: str, new: str) -> None:
        """Rename a tab (its id stays, and references to it follow, as in Excel)."""
        item, workbook, found = self._person_sheet(item_id, old)
        assert workbook.book is not None
        rename_references(workbook.book, found.title, new)
        found.title = new
        self._person_touched(item)

    def person_deletes_sheet(self, item_id: str, sheet: str) -> None:
        """Delete a tab."""
        item, workbook, found = self._person_sheet(item_id, sheet)
        assert workbook.book is not None
        workbook.book.remove(found)
        self._person_touched(item)

    def values(self, item_id: str, sheet: str) -> list[list[Any]]:
        """The computed values of a sheet's used range (``""`` for empty cells), as
        ``usedRange(valuesOnly=true)`` would return them."""
        _, workbook, found = self._person_sheet(item_id, sheet)
        assert workbook.book is not None
        evaluator = Evaluator(workbook.book)
        top, left, bottom, right = used_bounds(found, values_only=True)
        return [
            [
                read_value(found.cell(r, c), evaluator.cell_value(found.title, r, c))
                for c in range(left, right + 1)
            ]
            for r in range(top, bottom + 1)
        ]
