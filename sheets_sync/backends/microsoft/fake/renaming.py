"""What Excel rewrites when a sheet is renamed, through the API or by a person: every
reference to the sheet in defined names, cell formulas, data-validation formulas and
conditional-formatting rules now names the new title (the sheet's id stays).

The rewriting is the xlsx adapter's (:func:`~sheets_sync.backends.xlsx.names.rename_references`,
pure openpyxl); what is Excel's own here is how it writes the new title: quoted only when it
must be (``Tisch!A1``, ``'Table 1'!A1``), where the adapter always quotes."""

from __future__ import annotations

import re

from openpyxl.workbook.workbook import Workbook

from sheets_sync.backends.xlsx import names

_PLAIN_TITLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_.]*$")


def excel_quoted(title: str) -> str:
    """``title`` before ``!`` as Excel writes it: bare when it is a plain word."""
    return title if _PLAIN_TITLE.match(title) else "'" + title.replace("'", "''") + "'"


def rename_references(book: Workbook, old: str, new: str) -> None:
    """Point every reference to sheet ``old`` at ``new`` (titles compare case-insensitively)."""
    names.rename_references(book, old, new, quote=excel_quoted)
