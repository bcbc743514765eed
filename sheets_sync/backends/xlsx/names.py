"""Tab keys and anchors as workbook defined names, and sheet references that follow a rename.

A tab's tool key and its named anchors must survive a person renaming the tab or inserting
rows above an anchor in Excel or LibreOffice. Both programs rewrite the references held by
**defined names** on exactly those edits, so the tags live there:

* ``_ss_tab_<key>``          → ``'Title'!$1:$1048576`` (the whole tab that carries ``key``)
* ``_ss_anchor_<key>_<name>`` → ``'Title'!$5:$5``       (anchor ``name`` of that tab: row 4)

Whole rows rather than cells, so that deleting a column cannot break a tag; the whole sheet
for the tab, so that no row or column deletion can. Deleting an anchor's row turns its name
into ``#REF!``: the anchor is then reported missing and the template's row applies. The names
are workbook-scoped (a tab a person copies does not copy the tag) and hidden (they
do not clutter Excel's Name Manager). Keys and anchor names are encoded so that the result is
a legal name in both programs, contains no ``_`` (which separates the parts) and is all lower
case (Excel compares names case-insensitively): ``a``–``w``, ``y``, ``z`` and digits stay, every
other character becomes ``x`` plus two hex digits per UTF-8 byte (``table_1`` →
``tablex5f1``).

This module also rewrites references to a tab when the adapter renames it, as Excel does:
in defined names, cell formulas, data validations and conditional formats.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from openpyxl.formula.tokenizer import Token, Tokenizer, TokenizerError
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from sheets_sync.errors import WorkbookError

TAB_PREFIX = "_ss_tab_"
ANCHOR_PREFIX = "_ss_anchor_"
_MAX_NAME = 255
MAX_ROWS = 1_048_576
_PLAIN = frozenset("abcdefghijklmnopqrstuvwz0123456789")
_HEX = re.compile(r"x([0-9a-f]{2})")
_INVALID_TITLE = re.compile(r"[\[\]:*?/\\]")
_REF = re.compile(r"^(?:'((?:[^']|'')+)'|([^'!]+))!(.+)$")
_AREA = re.compile(r"^\$?(?:[A-Za-z]{1,3})?\$?(\d+)(?::\$?(?:[A-Za-z]{1,3})?\$?\d+)?$")


def encode(text: str) -> str:
    """``'table_1' -> 'tablex5f1'``: lower-case letters and digits only, reversible."""
    out: list[str] = []
    for ch in text:
        if ch in _PLAIN:
            out.append(ch)
        else:
            out.extend(f"x{b:02x}" for b in ch.encode("utf-8"))
    return "".join(out)


def decode(code: str) -> str:
    """Inverse of :func:`encode`; ``ValueError`` if ``code`` was not made by it."""
    code = code.lower()
    raw = bytearray()
    i = 0
    while i < len(code):
        ch = code[i]
        if ch == "x":
            m = _HEX.match(code, i)
            if not m:
                raise ValueError(f"bad escape in {code!r}")
            raw.append(int(m.group(1), 16))
            i = m.end()
        elif ch in _PLAIN:
            raw.extend(ch.encode("ascii"))
            i += 1
        else:
            raise ValueError(f"unexpected {ch!r} in {code!r}")
    return raw.decode("utf-8")


def _checked(name: str, what: str) -> str:
    if len(name) > _MAX_NAME:
        raise WorkbookError(
            f"{what} is too long to tag in an .xlsx workbook ({len(name)} > {_MAX_NAME} "
            "characters once encoded); use a shorter key"
        )
    return name


def tab_name(key: str) -> str:
    """The defined name that tags the tab ``key``."""
    return _checked(TAB_PREFIX + encode(key), f"tab key {key!r}")


def anchor_name(key: str, anchor: str) -> str:
    """The defined name that marks anchor ``anchor`` of the tab ``key``."""
    return _checked(
        f"{ANCHOR_PREFIX}{encode(key)}_{encode(anchor)}", f"anchor {anchor!r} of tab {key!r}"
    )


def parse_tag(name: str) -> tuple[str, str | None] | None:
    """``(key, None)`` for a tab tag, ``(key, anchor)`` for an anchor tag, else ``None``."""
    lowered = name.lower()
    try:
        if lowered.startswith(TAB_PREFIX):
            return decode(lowered[len(TAB_PREFIX) :]), None
        if lowered.startswith(ANCHOR_PREFIX):
            key, sep, anchor = lowered[len(ANCHOR_PREFIX) :].partition("_")
            if sep and "_" not in anchor:
                return decode(key), decode(anchor)
    except (ValueError, UnicodeDecodeError):
        return None
    return None


#: Writes a tab title as it stands before ``!`` in a reference.
Quote = Callable[[str], str]


def quote_title(title: str) -> str:
    """A tab title as it appears before ``!`` in a reference: always quoted, ``'`` doubled."""
    return "'" + title.replace("'", "''") + "'"


def row_ref(title: str, first_row: int, last_row: int | None = None) -> str:
    """``'Title'!$5:$5``: whole rows of a tab, 0-based and inclusive."""
    last = first_row if last_row is None else last_row
    return f"{quote_title(title)}!${first_row + 1}:${last + 1}"


def split_ref(ref: str) -> tuple[str, int] | None:
    """``"'It''s'!$5:$5" -> ("It's", 4)``: the tab title and first 0-based row of a
    single-area reference (whole rows or cells), or ``None`` for anything else (``#REF!``
    after a person deleted the row or the tab, a constant, several areas)."""
    m = _REF.match(ref.strip().lstrip("="))
    if not m:
        return None
    title = m.group(1).replace("''", "'") if m.group(1) is not None else m.group(2)
    area = _AREA.match(m.group(3))
    if not area:
        return None
    return title, int(area.group(1)) - 1


def _tag(wb: Workbook, name: str, ref: str) -> None:
    wb.defined_names[name] = DefinedName(name, hidden=True, attr_text=ref)


def tag_tab(wb: Workbook, key: str, title: str) -> None:
    """Tag the tab ``title`` with ``key``."""
    _tag(wb, tab_name(key), row_ref(title, 0, MAX_ROWS - 1))


def tag_anchor(wb: Workbook, key: str, anchor: str, title: str, row: int) -> None:
    """Mark 0-based ``row`` of the tab ``title`` (tagged ``key``) as anchor ``anchor``."""
    _tag(wb, anchor_name(key, anchor), row_ref(title, row))


def check_title(title: str, others: Iterable[str]) -> None:
    """Refuse a tab title Excel would reject or that another tab already has."""
    if not title.strip() or len(title) > 31:
        raise WorkbookError(f"tab title {title!r} must be 1 to 31 characters for Excel")
    if _INVALID_TITLE.search(title) or title.startswith("'") or title.endswith("'"):
        raise WorkbookError(
            f"tab title {title!r} cannot contain [ ] : * ? / \\ or start or end with '"
        )
    folded = title.casefold()
    if any(folded == other.casefold() for other in others):
        raise WorkbookError(f"there is already a tab titled {title!r}; choose another title")


# --------------------------------------------------------------------------- renaming


def _renamed_operand(value: str, old: str, new: str, quote: Quote) -> str | None:
    m = _REF.match(value)
    if not m:
        return None
    title = m.group(1).replace("''", "'") if m.group(1) is not None else m.group(2)
    if title.casefold() != old.casefold():
        return None
    return f"{quote(new)}!{m.group(3)}"


def rename_in_formula(formula: str, old: str, new: str, quote: Quote = quote_title) -> str:
    """``formula`` with every reference to tab ``old`` pointed at ``new`` instead.

    Works with or without the leading ``=`` (defined names and validations store none) and
    returns the text unchanged when nothing refers to ``old`` or it cannot be parsed.
    ``quote`` writes the new title as a reference (this adapter always quotes it).
    """
    lead = "" if formula.startswith("=") else "="
    try:
        tok = Tokenizer(lead + formula)
    except TokenizerError:
        return formula
    changed = False
    for item in tok.items:
        if item.type == Token.OPERAND and item.subtype == Token.RANGE:
            renamed = _renamed_operand(item.value, old, new, quote)
            if renamed is not None:
                item.value = renamed
                changed = True
    if not changed:
        return formula
    body = "".join(str(item.value) for item in tok.items)
    return body if lead else "=" + body


def _rename_in_sheet(ws: Worksheet, old: str, new: str, quote: Quote) -> None:
    def again(formula: str) -> str:
        return rename_in_formula(formula, old, new, quote)

    for cell in ws._cells.values():
        if cell.data_type == "f" and isinstance(cell.value, str):
            cell.value = again(cell.value)
    for dv in ws.data_validations.dataValidation:
        if dv.formula1:
            dv.formula1 = again(dv.formula1)
        if dv.formula2:
            dv.formula2 = again(dv.formula2)
    for cf in ws.conditional_formatting:
        for rule in cf.rules:
            rule.formula = [again(f) for f in rule.formula]
    for dn in ws.defined_names.values():
        if isinstance(dn.attr_text, str):
            dn.attr_text = again(dn.attr_text)


def rename_references(wb: Workbook, old: str, new: str, quote: Quote = quote_title) -> None:
    """Rewrite references to tab ``old`` across the workbook, as Excel does on a rename:
    defined names (workbook and sheet), cell formulas, validations, conditional formats."""
    for dn in wb.defined_names.values():
        if isinstance(dn.attr_text, str):
            dn.attr_text = rename_in_formula(dn.attr_text, old, new, quote)
    for ws in wb.worksheets:
        _rename_in_sheet(ws, old, new, quote)
