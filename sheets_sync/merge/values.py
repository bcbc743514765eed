"""Cell values as the merge sees them: when two are the same, the three-way rule for one
cell, and how a value reads in a one-line message.

Shared by the tab merge (:mod:`sheets_sync.merge.workbook`), the keyed rows
(:mod:`sheets_sync.merge.rows`) and the history (:mod:`sheets_sync.merge.diff`); pure.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Literal, TypeAlias

from sheets_sync.model import CellValue, Formula

Row: TypeAlias = tuple[CellValue, ...]
Prefer: TypeAlias = Literal["local", "online"] | None


def blank(value: CellValue) -> bool:
    """Only an empty cell and ``''`` are blank here: whitespace is something a person typed."""
    return value is None or value == ""


def same_value(a: CellValue, b: CellValue) -> bool:
    """Whether two cells hold the same value, compared exactly.

    ``None`` equals ``''``; text equals only identical text (CRLF, spaces and case count); a
    :class:`Formula` never equals text with the same characters; ``True`` never equals ``1``.
    Numbers compare by value (``3 == 3.0``) and a date equals a naive datetime at midnight,
    because spreadsheets store both kinds alike and the two readers return them differently.
    """
    if blank(a) or blank(b):
        return blank(a) and blank(b)
    if isinstance(a, str) or isinstance(b, str):
        return (
            isinstance(a, str)
            and isinstance(b, str)
            and isinstance(a, Formula) == isinstance(b, Formula)
            and str(a) == str(b)
        )
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, int | float) and isinstance(b, int | float):
        if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
            return True
        return a == b
    if isinstance(a, date) and isinstance(b, date):
        return _as_datetime(a) == _as_datetime(b)
    return False


def _as_datetime(value: date) -> datetime:
    if isinstance(value, datetime):
        return value
    return datetime.combine(value, time())


def same_row(a: Row, b: Row) -> bool:
    return len(a) == len(b) and all(same_value(x, y) for x, y in zip(a, b, strict=True))


def value_key(value: CellValue) -> object:
    """A hashable key with ``value_key(a) == value_key(b)`` exactly when ``same_value(a, b)``,
    so rows can be looked up by their values instead of compared pairwise."""
    if blank(value):
        return ("blank",)
    if isinstance(value, Formula):
        return ("formula", str(value))
    if isinstance(value, str):
        return ("text", value)
    if isinstance(value, bool):
        return ("bool", value)
    if isinstance(value, float) and math.isnan(value):
        return ("nan",)
    if isinstance(value, int | float):
        return ("number", value)  # 3 and 3.0 are equal and hash alike
    if isinstance(value, date):
        return ("date", _as_datetime(value))
    return ("other", repr(value))


def row_key(values: Row) -> tuple[object, ...]:
    return tuple(value_key(v) for v in values)


def blank_row(row: Row) -> bool:
    return all(blank(v) for v in row)


State: TypeAlias = Literal["same", "conflict", "resolved"]


@dataclass(frozen=True)
class Cell3:
    """The outcome of a three-way cell merge: what the next base holds, what each side should
    hold (they differ only in an unresolved conflict, where each keeps its own value and the
    next base keeps the old one so the conflict is reported again until someone settles it)."""

    merged: CellValue
    local: CellValue
    online: CellValue
    state: State = "same"


def three_way(
    base: CellValue,
    local: CellValue,
    online: CellValue,
    prefer: Prefer = None,
    *,
    online_wins: bool = False,
) -> Cell3:
    """Merge one cell. A change on one side wins; equal changes agree; different changes are
    a conflict unless ``prefer`` names a side. ``online_wins`` (a cell the tool owns) takes
    the online value whatever happened offline, without a conflict."""
    if same_value(local, online) or same_value(local, base) or online_wins:
        return Cell3(online, online, online)
    if same_value(online, base):
        return Cell3(local, local, local)
    if prefer == "local":
        return Cell3(local, local, local, "resolved")
    if prefer == "online":
        return Cell3(online, online, online, "resolved")
    return Cell3(base, local, online, "conflict")


def show(value: CellValue, width: int = 60) -> str:
    """A value for a one-line message: ``'text'`` (quoted, escapes visible, long text cut
    with its length), ``formula =A1``, ``blank``, ``TRUE``, ``2024-05-01``, ``3.5``."""
    if blank(value):
        return "blank"
    if isinstance(value, Formula):
        text = str(value)
        return "formula " + (text if len(text) <= width else _cut(text, width))
    if isinstance(value, str):
        return repr(value) if len(value) <= width else _cut(value, width, quote=True)
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def _cut(text: str, width: int, *, quote: bool = False) -> str:
    head = repr(text[:width]) if quote else text[:width]
    return f"{head}… ({len(text):,} characters)"
