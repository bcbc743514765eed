"""Edits made by people in the Sheets UI, applied straight to the fake's state.

They are not API requests: they are not recorded, cost no simulated time or quota, bypass
protection (the person is assumed to be allowed) and cannot fail by fault injection.  Each
one is a change to the spreadsheet's content, so it bumps the Drive ``version`` and
``modifiedTime``, with :data:`PERSON_EMAIL` as ``lastModifyingUser``.

Rows are numbered from 1 and cells named in A1 notation, as a person sees them.
"""

from __future__ import annotations

from typing import Any

from sheets_sync.backends.google.fake import a1, cellvalues, discovery
from sheets_sync.backends.google.fake.batch import apply_batch
from sheets_sync.backends.google.fake.errors import ApiError
from sheets_sync.backends.google.fake.grid import (
    Sheet,
    Spreadsheet,
    find_sheet,
    get_cell,
    set_cell,
    size,
)
from sheets_sync.backends.google.fake.state import World

PERSON_EMAIL = "table.member@example.org"


class PersonEditsMixin:
    """``person_*`` helpers of :class:`~.fake.FakeGoogle`."""

    world: World

    def _sheet(self, spreadsheet_id: str, sheet_title: str) -> tuple[Spreadsheet, Sheet]:
        spreadsheet = self.world.spreadsheets.get(spreadsheet_id)
        if spreadsheet is None:
            raise KeyError(f"no spreadsheet {spreadsheet_id!r} in the fake")
        sheet = find_sheet(spreadsheet, title=sheet_title)
        if sheet is None:
            raise KeyError(f"no sheet {sheet_title!r} in spreadsheet {spreadsheet_id!r}")
        return spreadsheet, sheet

    def _person_batch(self, spreadsheet_id: str, requests: list[dict[str, Any]]) -> None:
        spreadsheet = self.world.spreadsheets[spreadsheet_id]
        try:
            new_state, _ = apply_batch(
                spreadsheet,
                requests,
                doc=discovery.load("sheets"),
                new_id=self.world.new_int_id,
                caller=None,
                owners=set(),
            )
        except ApiError as error:
            raise ValueError(f"the Sheets UI would refuse this: {error.message}") from None
        spreadsheet.clear()
        spreadsheet.update(new_state)
        self._person_touched(spreadsheet_id)

    def _person_touched(self, spreadsheet_id: str) -> None:
        spreadsheet = self.world.spreadsheets[spreadsheet_id]
        record = self.world.files.get(spreadsheet_id)
        if record is not None:
            record["name"] = spreadsheet["properties"]["title"]
        self.world.touch(spreadsheet_id, PERSON_EMAIL)

    def person_sets(self, spreadsheet_id: str, sheet_title: str, cell: str, value: Any) -> None:
        """Type ``value`` into ``cell`` (``"B5"``) as in the UI: ``=`` text becomes a
        formula, number-like text a number; ``None`` or ``""`` empties the cell's value."""
        _, sheet = self._sheet(spreadsheet_id, sheet_title)
        row0, row1, col0, col1 = a1.parse_cells(cell)
        if row0 is None or col0 is None or row1 != row0 + 1 or col1 != col0 + 1:
            raise ValueError(f"{cell!r} is not a single cell")
        rows, cols = size(sheet)
        if row0 >= rows or col0 >= cols:
            raise ValueError(f"{cell} is outside the grid of {sheet_title!r} ({rows}x{cols})")
        patch = cellvalues.parse_input(value, "USER_ENTERED") or {}
        stored = dict(get_cell(sheet, row0, col0) or {})
        stored.pop("userEnteredValue", None)
        if "userEnteredValue" in patch:
            stored["userEnteredValue"] = patch["userEnteredValue"]
        if "userEnteredFormat" in patch:
            stored["userEnteredFormat"] = {
                **(stored.get("userEnteredFormat") or {}),
                **patch["userEnteredFormat"],
            }
        set_cell(sheet, row0, col0, stored)
        self._person_touched(spreadsheet_id)

    def _sheet_id(self, spreadsheet_id: str, sheet_title: str) -> int:
        _, sheet = self._sheet(spreadsheet_id, sheet_title)
        return int(sheet["properties"].get("sheetId", 0))

    def person_inserts_rows(
        self, spreadsheet_id: str, sheet_title: str, before_row: int, count: int = 1
    ) -> None:
        """Insert ``count`` empty rows above row ``before_row`` (1-based)."""
        sheet_id = self._sheet_id(spreadsheet_id, sheet_title)
        start = before_row - 1
        self._person_batch(
            spreadsheet_id,
            [
                {
                    "insertDimension": {
                        "range": {
                            "sheetId": sheet_id,
                            "dimension": "ROWS",
                            "startIndex": start,
                            "endIndex": start + count,
                        },
                        "inheritFromBefore": start > 0,
                    }
                }
            ],
        )

    def person_deletes_rows(
        self, spreadsheet_id: str, sheet_title: str, first_row: int, count: int = 1
    ) -> None:
        """Delete ``count`` rows starting at row ``first_row`` (1-based)."""
        sheet_id = self._sheet_id(spreadsheet_id, sheet_title)
        self._person_batch(
            spreadsheet_id,
            [
                {
                    "deleteDimension": {
                        "range": {
                            "sheetId": sheet_id,
                            "dimension": "ROWS",
                            "startIndex": first_row - 1,
                            "endIndex": first_row - 1 + count,
                        },
                    }
                }
            ],
        )

    def person_renames_sheet(self, spreadsheet_id: str, old_title: str, new_title: str) -> None:
        """Rename a tab (formulas referring to it follow, as in Sheets)."""
        sheet_id = self._sheet_id(spreadsheet_id, old_title)
        self._person_batch(
            spreadsheet_id,
            [
                {
                    "updateSheetProperties": {
                        "properties": {"sheetId": sheet_id, "title": new_title},
                        "fields": "title",
                    }
                }
            ],
        )

    def person_deletes_sheet(self, spreadsheet_id: str, sheet_title: str) -> None:
        """Delete a tab (formulas referring to it become ``#REF!``)."""
        sheet_id = self._sheet_id(spreadsheet_id, sheet_title)
        self._person_batch(spreadsheet_id, [{"deleteSheet": {"sheetId": sheet_id}}])

    def person_sorts_rows(
        self,
        spreadsheet_id: str,
        sheet_title: str,
        first_row: int,
        last_row: int | None = None,
        by_column: str = "A",
        descending: bool = False,
    ) -> None:
        """Sort rows ``first_row..last_row`` (1-based, inclusive; default: to the end) by a
        column (``"B"``), all columns moving together, empty values last."""
        _, sheet = self._sheet(spreadsheet_id, sheet_title)
        rows, _ = size(sheet)
        sheet_id = int(sheet["properties"].get("sheetId", 0))
        self._person_batch(
            spreadsheet_id,
            [
                {
                    "sortRange": {
                        "range": {
                            "sheetId": sheet_id,
                            "startRowIndex": first_row - 1,
                            "endRowIndex": rows if last_row is None else last_row,
                        },
                        "sortSpecs": [
                            {
                                "dimensionIndex": a1.column_index(by_column),
                                "sortOrder": "DESCENDING" if descending else "ASCENDING",
                            }
                        ],
                    }
                }
            ],
        )

    def person_formats(
        self, spreadsheet_id: str, sheet_title: str, cell: str, user_entered_format: dict[str, Any]
    ) -> None:
        """Change a cell's format (for example make it bold) without touching its value."""
        _, sheet = self._sheet(spreadsheet_id, sheet_title)
        row0, _, col0, _ = a1.parse_cells(cell)
        assert row0 is not None and col0 is not None
        stored = dict(get_cell(sheet, row0, col0) or {})
        stored["userEnteredFormat"] = {
            **(stored.get("userEnteredFormat") or {}),
            **user_entered_format,
        }
        set_cell(sheet, row0, col0, stored)
        self._person_touched(spreadsheet_id)
