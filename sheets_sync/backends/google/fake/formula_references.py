"""Rewriting formula references when the grid changes shape, as Google does.

:func:`shift_references` follows inserted and deleted rows/columns (references into deleted
cells become ``#REF!``); :func:`rename_sheet` follows renamed and deleted sheets.  Formulas
the tokenizer cannot read are left unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from sheets_sync.backends.google.fake.a1 import column_index, column_letters, quote_title
from sheets_sync.backends.google.fake.formula_syntax import Token, Unsupported, tokenize


def _rewrite(formula: str, replace: Callable[[Token], str | None]) -> str:
    """Apply ``replace`` to each reference token; unreadable formulas come back unchanged."""
    if not formula.startswith("="):
        return formula
    try:
        tokens = tokenize(formula[1:])
    except Unsupported:
        return formula
    out = "="
    position = 1
    for token in tokens:
        if token.kind != "ref":
            continue
        new = replace(token)
        if new is None:
            continue
        out += formula[position : token.start + 1] + new
        position = token.end + 1
    return out + formula[position:]


def _same(title: str | None, other: str) -> bool:
    return title is not None and title.lower() == other.lower()


def shift_references(
    formula: str, home_sheet: str, target_sheet: str, dimension: str, start: int, count: int
) -> str:
    """Rewrite references after inserting (``count`` > 0) or deleting (``count`` < 0) rows
    (``dimension="ROWS"``) or columns at zero-based ``start`` of ``target_sheet``.

    ``home_sheet`` is the sheet holding the formula (for references without a sheet name).
    References into deleted cells become ``#REF!``.
    """

    def replace(token: Token) -> str | None:
        sheet = token.sheet if token.sheet is not None else home_sheet
        if not _same(sheet, target_sheet):
            return None
        prefix = token.text[: len(token.text) - len(token.cells or "")]
        parts = (token.cells or "").split(":")
        new_parts: list[str] = []
        lows_highs = [_shift_part(part, dimension, start, count) for part in parts]
        if any(p is None for p in lows_highs):
            if len(parts) == 2:
                return _shift_range(token, prefix, parts, dimension, start, count)
            return "#REF!"
        new_parts = [p for p in lows_highs if p is not None]
        return prefix + ":".join(new_parts)

    return _rewrite(formula, replace)


def _split_part(part: str) -> tuple[str, str, str, str]:
    match = re.fullmatch(r"(\$?)([A-Za-z]*)(\$?)(\d*)", part)
    assert match is not None
    col_anchor, letters, row_anchor, digits = match.groups()
    return col_anchor + letters, letters, row_anchor, digits


def _shift_index(index: int, start: int, count: int) -> int | None:
    if count > 0:
        return index + count if index >= start else index
    removed = -count
    if start <= index < start + removed:
        return None
    return index - removed if index >= start + removed else index


def _shift_part(part: str, dimension: str, start: int, count: int) -> str | None:
    col_text, letters, row_anchor, digits = _split_part(part)
    if dimension == "ROWS" and digits:
        new = _shift_index(int(digits) - 1, start, count)
        return None if new is None else f"{col_text}{row_anchor}{new + 1}"
    if dimension == "COLUMNS" and letters:
        new = _shift_index(column_index(letters), start, count)
        if new is None:
            return None
        anchor = "$" if col_text.startswith("$") else ""
        return f"{anchor}{column_letters(new)}{row_anchor}{digits}"
    return part


def _shift_range(
    token: Token, prefix: str, parts: list[str], dimension: str, start: int, count: int
) -> str:
    """A range with an end inside a deleted block: shrink it, or ``#REF!`` if all is gone."""
    removed = -count
    ends: list[str] = []
    for which, part in enumerate(parts):
        col_text, letters, row_anchor, digits = _split_part(part)
        index = int(digits) - 1 if dimension == "ROWS" else column_index(letters)
        if start <= index < start + removed:
            index = start if which == 0 else start - 1
        elif index >= start + removed:
            index -= removed
        if dimension == "ROWS":
            ends.append(f"{col_text}{row_anchor}{index + 1}")
        else:
            anchor = "$" if col_text.startswith("$") else ""
            ends.append(f"{anchor}{column_letters(index)}{row_anchor}{digits}")
    first = _split_part(parts[0])
    last = _split_part(parts[1])
    if dimension == "ROWS":
        low, high = int(first[3]) - 1, int(last[3]) - 1
    else:
        low, high = column_index(first[1]), column_index(last[1])
    if start <= low and high < start + removed:
        return "#REF!"
    return prefix + ":".join(ends)


def rename_sheet(formula: str, old: str, new: str | None) -> str:
    """Rewrite ``old!`` references to ``new!``; with ``new=None`` (sheet deleted) to ``#REF!``."""

    def replace(token: Token) -> str | None:
        if not _same(token.sheet, old):
            return None
        if new is None:
            return "#REF!"
        return f"{quote_title(new)}!{token.cells}"

    return _rewrite(formula, replace)
