"""What a cell holds, how typed input becomes that, and how values are displayed.

``USER_ENTERED`` input is parsed as if typed into the Sheets UI:

* ``=...`` becomes a formula, ``'...`` text without the apostrophe;
* ``TRUE``/``FALSE`` (any case) become booleans;
* numbers (``42``, ``-1.5``, ``1e3``, ``1,234``) become numbers, ``50%`` becomes 0.5 with a
  percent format, ``2024-03-05`` (ISO dates only) becomes a date serial with a date format;
* anything else, including text starting with ``+``, ``-`` or ``@`` that is not a number,
  stays text.  (The UI's locale-dependent dates, currencies and times are not modelled.)

``RAW`` input is stored as given: strings stay strings (``"=1+1"`` is text).  In both modes
``""`` clears the value and JSON ``null`` leaves the cell untouched.

Numbers are displayed plainly unless the cell has a ``numberFormat`` of a supported pattern
(``0``, ``0.00``, ``#,##0``, ``#,##0.00``, ``0%``, ``0.0%``, ``yyyy-mm-dd``, ``dd/mm/yyyy``).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from sheets_sync.backends.google.fake.formula_values import plain_number
from sheets_sync.backends.google.fake.formulas import ErrorValue, Scalar

_EPOCH = dt.date(1899, 12, 30)
_NUMBER = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?(?:[eE][+-]?\d+)?")
_PERCENT = re.compile(r"([+-]?(?:\d+(?:\.\d*)?|\.\d+))%")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


#: Google refuses cell contents longer than this.
MAX_CELL_CHARACTERS = 50_000
TOO_LONG_MESSAGE = (
    f"Your input contains more than the maximum of {MAX_CELL_CHARACTERS} characters in a "
    "single cell."
)


def too_long(extended_value: dict[str, Any] | None) -> bool:
    """Whether a user-entered value exceeds Google's per-cell character limit."""
    text = (extended_value or {}).get("stringValue") or (extended_value or {}).get("formulaValue")
    return isinstance(text, str) and len(text) > MAX_CELL_CHARACTERS


def parse_input(value: Any, input_option: str) -> dict[str, Any] | None:
    """The cell fields a values write sets, or ``None`` to leave the cell untouched.

    Returns ``{}`` to clear the value, else ``{"userEnteredValue": {...}}`` possibly with
    ``{"userEnteredFormat": {"numberFormat": ...}}`` (Google sets a format for ``50%``).
    """
    if value is None:
        return None
    if isinstance(value, bool):
        return {"userEnteredValue": {"boolValue": value}}
    if isinstance(value, int | float):
        return {"userEnteredValue": {"numberValue": value}}
    if isinstance(value, list | dict):
        raise TypeError("a cell value must be a string, number or boolean")
    text = str(value)
    if text == "":
        return {}
    if input_option == "RAW":
        return {"userEnteredValue": {"stringValue": text}}
    return typed(text)


def typed(text: str) -> dict[str, Any]:
    """Cell fields for ``text`` typed into the UI (see module docstring)."""
    if text.startswith("'"):
        return {"userEnteredValue": {"stringValue": text[1:]}}
    if text.startswith("=") and len(text) > 1:
        return {"userEnteredValue": {"formulaValue": text}}
    stripped = text.strip()
    if stripped.upper() in ("TRUE", "FALSE"):
        return {"userEnteredValue": {"boolValue": stripped.upper() == "TRUE"}}
    if stripped and _NUMBER.fullmatch(stripped) and any(c.isdigit() for c in stripped):
        number = float(stripped.replace(",", ""))
        cell: dict[str, Any] = {"userEnteredValue": {"numberValue": _tidy(number)}}
        if "," in stripped:
            pattern = "#,##0.00" if "." in stripped else "#,##0"
            cell["userEnteredFormat"] = {"numberFormat": {"type": "NUMBER", "pattern": pattern}}
        return cell
    match = _PERCENT.fullmatch(stripped)
    if match:
        decimals = len(match.group(1).partition(".")[2])
        pattern = "0%" if decimals == 0 else "0." + "0" * decimals + "%"
        return {
            "userEnteredValue": {"numberValue": _tidy(float(match.group(1)) / 100)},
            "userEnteredFormat": {"numberFormat": {"type": "PERCENT", "pattern": pattern}},
        }
    match = _ISO_DATE.fullmatch(stripped)
    if match:
        try:
            day = dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError:
            return {"userEnteredValue": {"stringValue": text}}
        return {
            "userEnteredValue": {"numberValue": (day - _EPOCH).days},
            "userEnteredFormat": {"numberFormat": {"type": "DATE", "pattern": "yyyy-mm-dd"}},
        }
    return {"userEnteredValue": {"stringValue": text}}


def _tidy(number: float) -> float | int:
    return int(number) if number.is_integer() and abs(number) < 2**53 else number


def scalar(extended: dict[str, Any] | None) -> Scalar:
    """The value of a non-formula ``ExtendedValue`` (``None`` when empty)."""
    if not extended:
        return None
    if "numberValue" in extended:
        return float(extended["numberValue"])
    if "stringValue" in extended:
        return str(extended["stringValue"])
    if "boolValue" in extended:
        return bool(extended["boolValue"])
    if "errorValue" in extended:
        error = extended["errorValue"]
        return ErrorValue(error.get("type", "ERROR"), error.get("message", ""))
    return None


def extended(value: Scalar) -> dict[str, Any] | None:
    """An ``ExtendedValue`` for an effective value (``None`` for empty)."""
    if value is None:
        return None
    if isinstance(value, ErrorValue):
        return {"errorValue": {"type": value.type, "message": value.message}}
    if isinstance(value, bool):
        return {"boolValue": value}
    if isinstance(value, int | float):
        return {"numberValue": json_number(float(value))}
    return {"stringValue": value}


def json_number(value: float) -> float | int:
    """Numbers as Google's JSON writes them: ``5`` not ``5.0``."""
    return _tidy(value)


def formatted(value: Scalar, number_format: dict[str, Any] | None = None) -> str:
    """The text a person sees for ``value`` under ``number_format``."""
    if value is None:
        return ""
    if isinstance(value, ErrorValue):
        return value.text
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, str):
        return value
    number = float(value)
    if number_format:
        text = _apply_pattern(number, number_format)
        if text is not None:
            return text
    return plain_number(number)


def _apply_pattern(number: float, number_format: dict[str, Any]) -> str | None:
    kind = number_format.get("type", "NUMBER")
    pattern = str(number_format.get("pattern", ""))
    if kind in ("DATE", "DATE_TIME") or (kind != "TEXT" and re.search(r"[yd]", pattern)):
        return _format_date(number, pattern or "yyyy-mm-dd")
    if kind == "PERCENT" or pattern.endswith("%"):
        body = pattern.rstrip("%") or "0"
        return _format_decimal(number * 100, body) + "%"
    if kind == "TEXT" or not pattern:
        return None
    if re.fullmatch(r"[#0,]*0(\.[0#]+)?", pattern):
        return _format_decimal(number, pattern)
    return None


def _format_decimal(number: float, pattern: str) -> str:
    integer_part, _, fraction = pattern.partition(".")
    required = fraction.count("0")
    optional = fraction.count("#")
    text = (
        f"{abs(number):,.{required + optional}f}"
        if "," in integer_part
        else (f"{abs(number):.{required + optional}f}")
    )
    if optional:
        whole, _, digits = text.partition(".")
        digits = digits[:required] + digits[required:].rstrip("0")
        text = whole + ("." + digits if digits else "")
    return ("-" if number < 0 and float(text.replace(",", "")) != 0 else "") + text


def _format_date(number: float, pattern: str) -> str:
    day = _EPOCH + dt.timedelta(days=int(number))
    out = pattern
    for token, text in (
        ("yyyy", f"{day.year:04d}"),
        ("yy", f"{day.year % 100:02d}"),
        ("mmmm", day.strftime("%B")),
        ("mmm", day.strftime("%b")),
        ("mm", f"{day.month:02d}"),
        ("dd", f"{day.day:02d}"),
    ):
        out = out.replace(token, "\0" + text + "\0")
    out = re.sub(r"(?<!\0)\bm\b", str(day.month), out)
    out = re.sub(r"(?<!\0)\bd\b", str(day.day), out)
    return out.replace("\0", "")


def unformatted(value: Scalar) -> Any:
    """A value as ``UNFORMATTED_VALUE`` renders it (numbers stay numbers; errors as text)."""
    if value is None:
        return ""
    if isinstance(value, ErrorValue):
        return value.text
    if isinstance(value, (bool, str)):
        return value
    return json_number(float(value))
