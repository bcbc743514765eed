"""The context every ``batchUpdate`` request handler works in, and the handler registry.

A handler is ``handler(ctx, body) -> reply | None`` registered with :func:`handles` under
the request kind (``"addSheet"``).  It mutates ``ctx.spreadsheet`` (a deep copy: the batch
is committed only if every request succeeds) and raises :meth:`BatchContext.fail` errors,
which carry Google's ``Invalid requests[i].kind: ...`` prefix.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sheets_sync.backends.google.fake import fieldmask, protection
from sheets_sync.backends.google.fake.a1 import format_range
from sheets_sync.backends.google.fake.discovery import DiscoveryDoc
from sheets_sync.backends.google.fake.errors import ApiError, bad_request
from sheets_sync.backends.google.fake.grid import Sheet, Spreadsheet, find_sheet, size

#: Google's limit on cells in one spreadsheet.
CELL_LIMIT = 10_000_000

Bounds = tuple[Sheet, int, int, int, int]
Handler = Callable[["BatchContext", dict[str, Any]], dict[str, Any] | None]
HANDLERS: dict[str, Handler] = {}


def handles(kind: str) -> Callable[[Handler], Handler]:
    """Register a handler for the ``batchUpdate`` request kind ``kind``."""

    def register(function: Handler) -> Handler:
        HANDLERS[kind] = function
        return function

    return register


@dataclass
class BatchContext:
    """State and helpers shared by the requests of one ``batchUpdate``.

    ``caller`` is the e-mail of the account making the request (``None`` for the fake's
    person-edit helpers, which bypass protection); ``owners`` the file's owners.
    """

    spreadsheet: Spreadsheet
    doc: DiscoveryDoc
    new_id: Callable[[], int]
    caller: str | None = None
    owners: set[str] = field(default_factory=set)
    index: int = 0
    kind: str = ""

    def fail(self, message: str, code: int = 400) -> ApiError:
        """An error for the current request, worded like Google's."""
        text = f"Invalid requests[{self.index}].{self.kind}: {message}"
        return ApiError(code, text) if code != 400 else bad_request(text)

    def sheet(self, sheet_id: Any) -> Sheet:
        """The sheet with this id (missing id means 0, as in protobuf); fails if absent."""
        wanted = int(sheet_id or 0)
        found = find_sheet(self.spreadsheet, sheet_id=wanted)
        if found is None:
            raise self.fail(f"No grid with id: {wanted}")
        return found

    def area(self, grid_range: dict[str, Any] | None, *, require_grid: bool = True) -> Bounds:
        """Resolve a ``GridRange``: unbounded sides become the grid edge; beyond it fails."""
        grid_range = grid_range or {}
        sheet = self.sheet(grid_range.get("sheetId"))
        rows, cols = size(sheet)
        r0 = int(grid_range.get("startRowIndex", 0))
        r1 = int(grid_range.get("endRowIndex", rows))
        c0 = int(grid_range.get("startColumnIndex", 0))
        c1 = int(grid_range.get("endColumnIndex", cols))
        if min(r0, r1, c0, c1) < 0 or r0 > r1 or c0 > c1:
            raise self.fail("Invalid range: start index must not be after end index.")
        if require_grid and (r1 > rows or c1 > cols):
            raise self.fail(self.grid_limit_message(sheet, r0, r1, c0, c1))
        return sheet, r0, r1, c0, c1

    @staticmethod
    def grid_limit_message(sheet: Sheet, r0: int, r1: int, c0: int, c1: int) -> str:
        """Google's wording for a range that runs off the grid."""
        rows, cols = size(sheet)
        title = sheet["properties"].get("title", "")
        shown = format_range(title, r0, max(r1, r0 + 1), c0, max(c1, c0 + 1))
        return f"Range ({shown}) exceeds grid limits. Max rows: {rows}, max columns: {cols}"

    def mask(self, fields: Any, schema: str) -> fieldmask.FieldTree:
        """Parse and check an update mask against ``schema``; an absent mask fails."""
        if not fields:
            raise self.fail("At least one field must be specified in 'fields'.")
        try:
            tree = fieldmask.parse(str(fields))
        except fieldmask.FieldMaskError as error:
            raise self.fail(f"Invalid field mask '{fields}': {error}") from None
        bad = fieldmask.invalid_paths(self.doc, schema, tree)
        if bad:
            raise self.fail(f"Invalid field mask: '{bad[0]}' is not a field of {schema}.")
        return tree

    def check_writable(self, bounds: Bounds) -> None:
        """Fail if the caller may not edit these cells (see :mod:`protection`)."""
        sheet, r0, r1, c0, c1 = bounds
        protection.check_writable(
            sheet,
            (r0, r1, c0, c1),
            self.caller,
            self.owners,
            prefix=f"Invalid requests[{self.index}].{self.kind}: ",
        )

    def check_cell_limit(self) -> None:
        """Fail if the spreadsheet would exceed Google's 10 million cell limit."""
        total = 0
        for sheet in self.spreadsheet.get("sheets", []):
            rows, cols = size(sheet)
            total += rows * cols
        if total > CELL_LIMIT:
            raise self.fail(
                "This action would increase the number of cells in the workbook above the "
                f"limit of {CELL_LIMIT} cells."
            )

    def title_taken(self, title: str, ignore: Sheet | None = None) -> bool:
        """Whether another sheet already has this title (case-insensitively)."""
        found = find_sheet(self.spreadsheet, title=title)
        return found is not None and found is not ignore

    def fresh_id(self, taken: set[int]) -> int:
        """A new random id (like Google's) not in ``taken``."""
        while True:
            candidate = self.new_id()
            if candidate not in taken:
                return candidate

    def sheet_ids(self) -> set[int]:
        """Ids of all sheets."""
        return {int(s["properties"].get("sheetId", 0)) for s in self.spreadsheet["sheets"]}

    def reindex(self) -> None:
        """Renumber ``properties.index`` after sheets were added, moved or removed."""
        for position, sheet in enumerate(self.spreadsheet["sheets"]):
            sheet["properties"]["index"] = position
