"""A1 (and R1C1) range notation, as the Sheets API reads and writes it.

Accepted forms: ``Sheet1!A1:B2``, ``'My sheet'!A1`` (``''`` escapes a quote inside quotes),
``Sheet1`` (whole sheet), ``A:C`` / ``2:5`` (whole columns / rows), ``A5:C`` (from row 5
down), ``A1:B2`` without a sheet (the first sheet), ``Sheet1!R1C1:R2C3``.  Sheet titles
are matched case-insensitively, as Google does.

Indices are zero-based and half-open like a ``GridRange``; ``None`` means unbounded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CELL = re.compile(r"\$?([A-Za-z]{0,3})\$?(\d*)")
_R1C1 = re.compile(r"[Rr](\d+)[Cc](\d+)")
_PLAIN_TITLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_LOOKS_LIKE_CELL = re.compile(r"([A-Za-z]{1,3}\d+|[Rr]\d+[Cc]\d+|[Rr]\d*|[Cc]\d*)")


class A1Error(ValueError):
    """Text that is not a range (Google answers ``Unable to parse range: <text>``)."""


@dataclass(frozen=True)
class A1Range:
    """A parsed range; ``sheet`` is ``None`` when the text named no sheet."""

    sheet: str | None
    start_row: int | None = None
    end_row: int | None = None
    start_col: int | None = None
    end_col: int | None = None

    @property
    def whole_sheet(self) -> bool:
        """True when no cell part was given (``Sheet1``)."""
        return (
            self.start_row is None
            and self.end_row is None
            and self.start_col is None
            and self.end_col is None
        )


def column_letters(index: int) -> str:
    """Zero-based column index -> letters (0 -> ``A``, 26 -> ``AA``)."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def column_index(letters: str) -> int:
    """Letters -> zero-based column index (``A`` -> 0, ``AA`` -> 26)."""
    value = 0
    for char in letters.upper():
        value = value * 26 + (ord(char) - 64)
    return value - 1


def quote_title(title: str) -> str:
    """A sheet title as Google writes it in ranges: quoted unless a plain identifier."""
    if _PLAIN_TITLE.fullmatch(title) and not _LOOKS_LIKE_CELL.fullmatch(title):
        return title
    return "'" + title.replace("'", "''") + "'"


def split_sheet(text: str) -> tuple[str | None, str]:
    """Split ``'It''s'!A1`` into (``It's``, ``A1``); the sheet is ``None`` if absent."""
    text = text.strip()
    if text.startswith("'"):
        index = 1
        title = ""
        while index < len(text):
            char = text[index]
            if char == "'":
                if text[index + 1 : index + 2] == "'":
                    title += "'"
                    index += 2
                    continue
                rest = text[index + 1 :]
                if rest == "":
                    return title, ""
                if rest.startswith("!"):
                    return title, rest[1:]
                raise A1Error(text)
            title += char
            index += 1
        raise A1Error(text)
    if "!" in text:
        title, _, rest = text.rpartition("!")
        return title, rest
    return None, text


def parse_cells(part: str) -> tuple[int | None, int | None, int | None, int | None]:
    """Parse the cell part (``A1:B2``, ``A:B``, ``3:4``, ``R1C1``) into half-open bounds.

    Returns ``(start_row, end_row, start_col, end_col)``; raises :class:`A1Error`.
    """
    part = part.strip()
    pieces = part.split(":")
    if len(pieces) > 2 or not part:
        raise A1Error(part)
    r1c1 = [_R1C1.fullmatch(p) for p in pieces]
    if all(r1c1):
        rows = [int(m.group(1)) - 1 for m in r1c1 if m]
        cols = [int(m.group(2)) - 1 for m in r1c1 if m]
        return min(rows), max(rows) + 1, min(cols), max(cols) + 1
    cells = [_CELL.fullmatch(p) for p in pieces]
    if not all(cells):
        raise A1Error(part)
    parsed = [(m.group(1), m.group(2)) for m in cells if m]
    if any((digits and int(digits) < 1) or not (letters or digits) for letters, digits in parsed):
        raise A1Error(part)
    if len(parsed) == 1:
        letters, digits = parsed[0]
        if not letters or not digits:
            raise A1Error(part)
        row, col = int(digits) - 1, column_index(letters)
        return row, row + 1, col, col + 1
    (l1, d1), (l2, d2) = parsed
    if bool(l1) != bool(l2):
        raise A1Error(part)
    if not l1:
        low, high = sorted((int(d1), int(d2)))
        return low - 1, high, None, None
    c1, c2 = sorted((column_index(l1), column_index(l2)))
    if d1 and d2:
        low, high = sorted((int(d1), int(d2)))
        return low - 1, high, c1, c2 + 1
    if d1:
        return int(d1) - 1, None, c1, c2 + 1
    if d2:
        return 0, int(d2), c1, c2 + 1
    return None, None, c1, c2 + 1


def parse(text: str) -> A1Range:
    """Parse a range in A1 notation; raises :class:`A1Error` if it is not one."""
    sheet, part = split_sheet(text)
    if sheet is not None and not part:
        return A1Range(sheet)
    if sheet is None and not part:
        raise A1Error(text)
    try:
        bounds = parse_cells(part)
    except A1Error:
        if sheet is None:
            return A1Range(part)
        raise A1Error(text) from None
    return A1Range(sheet, *bounds)


def format_range(title: str, start_row: int, end_row: int, start_col: int, end_col: int) -> str:
    """``'My sheet'!A1:B2`` for the half-open bounds; a single cell is written ``A1``."""
    start = f"{column_letters(start_col)}{start_row + 1}"
    end = f"{column_letters(end_col - 1)}{end_row}"
    cells = start if (end_row - start_row == 1 and end_col - start_col == 1) else f"{start}:{end}"
    return f"{quote_title(title)}!{cells}"


def cell_name(row: int, col: int) -> str:
    """Zero-based ``(row, col)`` -> ``B5``."""
    return f"{column_letters(col)}{row + 1}"
