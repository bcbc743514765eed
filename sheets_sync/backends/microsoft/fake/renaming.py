"""What Excel rewrites when a sheet is renamed, through the API or by a person: every
reference to the sheet in defined names, cell formulas, data-validation formulas and
conditional-formatting rules now names the new title (the sheet's id stays)."""

from __future__ import annotations

import re

from openpyxl.formula.tokenizer import Token, Tokenizer, TokenizerError
from openpyxl.workbook.workbook import Workbook

#: A range operand with a sheet: ``'Sheet one'!A1:B2`` or ``Sheet1!$A$1``.
_REF = re.compile(r"^(?:'((?:[^']|'')+)'|([^'!]+))!(.+)$")
_PLAIN_TITLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_.]*$")


def rename_references(book: Workbook, old: str, new: str) -> None:
    """Point every reference to sheet ``old`` at ``new`` (titles compare case-insensitively)."""
    for defined in book.defined_names.values():
        if isinstance(defined.attr_text, str):
            defined.attr_text = renamed(defined.attr_text, old, new)
    for sheet in book.worksheets:
        for defined in sheet.defined_names.values():
            if isinstance(defined.attr_text, str):
                defined.attr_text = renamed(defined.attr_text, old, new)
        for cell in sheet._cells.values():
            if cell.data_type == "f" and isinstance(cell.value, str):
                cell.value = renamed(cell.value, old, new)
        for validation in sheet.data_validations.dataValidation:
            if validation.formula1:
                validation.formula1 = renamed(validation.formula1, old, new)
            if validation.formula2:
                validation.formula2 = renamed(validation.formula2, old, new)
        for formatting in sheet.conditional_formatting:
            for rule in formatting.rules:
                rule.formula = [renamed(f, old, new) for f in rule.formula]


def renamed(formula: str, old: str, new: str) -> str:
    """``formula`` (with or without its ``=``) with references to ``old`` naming ``new``."""
    lead = "" if formula.startswith("=") else "="
    try:
        tokens = Tokenizer(lead + formula)
    except TokenizerError:
        return formula
    changed = False
    for token in tokens.items:
        if token.type != Token.OPERAND or token.subtype != Token.RANGE:
            continue
        match = _REF.match(token.value)
        if match is None:
            continue
        title = match[1].replace("''", "'") if match[1] is not None else match[2]
        if title.casefold() == old.casefold():
            token.value = f"{_quoted(new)}!{match[3]}"
            changed = True
    if not changed:
        return formula
    body = "".join(str(token.value) for token in tokens.items)
    return body if lead else "=" + body


def _quoted(title: str) -> str:
    return title if _PLAIN_TITLE.match(title) else "'" + title.replace("'", "''") + "'"
