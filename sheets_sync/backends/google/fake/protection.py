"""Protected ranges: who may write where.

Google refuses a write touching a protected range (that is not ``warningOnly``) unless the
caller is one of its editors or owns the file, with ``400 You are trying to edit a protected
cell or object...``.  Cells inside one of the range's ``unprotectedRanges`` stay writable.
When a protected range is added, Google adds the requesting user to its editors; so the
account that protects a tab can still write it, and a *person* (another account) cannot.
"""

from __future__ import annotations

from typing import Any

from sheets_sync.backends.google.fake.errors import ApiError
from sheets_sync.backends.google.fake.grid import Sheet, size

PROTECTED_MESSAGE = (
    "You are trying to edit a protected cell or object. Please contact the spreadsheet owner "
    "to remove protection if you need to edit."
)


def range_bounds(sheet: Sheet, grid_range: dict[str, Any]) -> tuple[int, int, int, int]:
    """Half-open ``(r0, r1, c0, c1)`` of a ``GridRange``, unbounded sides filled from the grid."""
    rows, cols = size(sheet)
    return (
        int(grid_range.get("startRowIndex", 0)),
        int(grid_range.get("endRowIndex", rows)),
        int(grid_range.get("startColumnIndex", 0)),
        int(grid_range.get("endColumnIndex", cols)),
    )


def _overlaps(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1] and a[2] < b[3] and b[2] < a[3]


def _inside(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> bool:
    return b[0] <= a[0] and a[1] <= b[1] and b[2] <= a[2] and a[3] <= b[3]


def can_edit(protected: dict[str, Any], caller: str | None, owners: set[str]) -> bool:
    """Whether ``caller`` may edit inside this protected range."""
    if protected.get("warningOnly") or caller is None:
        return True
    if caller.lower() in owners:
        return True
    editors = protected.get("editors") or {}
    users = {u.lower() for u in editors.get("users", [])}
    groups = {g.lower() for g in editors.get("groups", [])}
    return caller.lower() in users or caller.lower() in groups


def check_writable(
    sheet: Sheet,
    bounds: tuple[int, int, int, int],
    caller: str | None,
    owners: set[str],
    prefix: str = "",
) -> None:
    """Raise the 400 Google sends if ``caller`` may not write every cell of ``bounds``.

    ``caller=None`` (the fake's own person-edit helpers) is never refused.
    """
    r0, r1, c0, c1 = bounds
    if r0 >= r1 or c0 >= c1:
        return
    for protected in sheet.get("protectedRanges", []):
        if "range" not in protected or can_edit(protected, caller, owners):
            continue
        area = range_bounds(sheet, protected["range"])
        if not _overlaps(bounds, area):
            continue
        holes = [range_bounds(sheet, r) for r in protected.get("unprotectedRanges", [])]
        if _all_in_holes(bounds, area, holes):
            continue
        raise ApiError(400, prefix + PROTECTED_MESSAGE)


def _all_in_holes(
    bounds: tuple[int, int, int, int],
    area: tuple[int, int, int, int],
    holes: list[tuple[int, int, int, int]],
) -> bool:
    r0 = max(bounds[0], area[0])
    r1 = min(bounds[1], area[1])
    c0 = max(bounds[2], area[2])
    c1 = min(bounds[3], area[3])
    for row in range(r0, r1):
        for col in range(c0, c1):
            cell = (row, row + 1, col, col + 1)
            if not any(_inside(cell, hole) for hole in holes):
                return False
    return True
