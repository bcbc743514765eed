"""The cell values of one write: how the port's values are typed into Excel through Graph.

Excel parses ``values`` as a person's typing, so every ``str`` is sent behind an apostrophe,
Excel's quote prefix: it is stored as that exact text, never a formula, number, date or
boolean, and the cell's format is left alone. Only a :class:`~sheets_sync.model.Formula` is
sent bare. Dates go as serial numbers with a date format.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sheets_sync.backends.google.read import to_serial
from sheets_sync.model import CellValue, Formula, a1

from .http import Sub

DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm:ss"


def excel_value(value: CellValue, *, was_empty: bool = False) -> Any:
    """A value as typed into Excel: text behind a quote prefix, dates as serial numbers;
    clearing a cell that was empty is ``null`` (left alone: it may be the hidden part of a
    merged area, or hold what a person typed since the read)."""
    if value is None:
        return None if was_empty else ""
    if isinstance(value, Formula):
        return str(value)
    if isinstance(value, str):
        return "'" + value
    if isinstance(value, datetime | date):
        return to_serial(value)
    return value


def number_format(value: CellValue) -> str | None:
    if isinstance(value, datetime):
        return DATETIME_FORMAT
    if isinstance(value, date):
        return DATE_FORMAT
    return None


def value_subs(
    ref: str,
    cells: dict[tuple[int, int], CellValue],
    filled: set[tuple[int, int]] | None = None,
) -> list[Sub]:
    """One ``PATCH range`` for ``cells`` (the bounding rectangle, ``null`` elsewhere), or one
    per row when the rectangle would be mostly empty and large. ``filled`` are the cells
    that held something when last read (``None``: not known, so every clear is sent)."""
    rows = [r for r, _ in cells]
    cols = [c for _, c in cells]
    top, left, bottom, right = min(rows), min(cols), max(rows), max(cols)
    area = (bottom - top + 1) * (right - left + 1)
    if area > 200_000 and area > 20 * len(cells):
        out: list[Sub] = []
        for r in sorted(set(rows)):
            out += value_subs(ref, {k: v for k, v in cells.items() if k[0] == r}, filled)
        return out
    values: list[list[Any]] = [[None] * (right - left + 1) for _ in range(bottom - top + 1)]
    formats: list[list[Any]] = [[None] * (right - left + 1) for _ in range(bottom - top + 1)]
    dated = False
    for (r, c), value in cells.items():
        was_empty = filled is not None and (r, c) not in filled
        values[r - top][c - left] = excel_value(value, was_empty=was_empty)
        fmt = number_format(value)
        if fmt is not None:
            formats[r - top][c - left] = fmt
            dated = True
    body: dict[str, Any] = {"values": values}
    if dated:
        body["numberFormat"] = formats
    span = f"{a1(top, left)}:{a1(bottom, right)}"
    return [Sub("PATCH", f"{ref}/range(address='{span}')", body)]
