"""Values inside the formula engine and how Sheets coerces them.

:class:`_Range` is a block of values passed to a function; :func:`plain_number` and
:func:`to_text` give a value's text as Sheets shows it; ``_number``, ``_truthy`` and
``_compare_key`` coerce values to numbers, booleans and comparison keys; ``_binary`` applies
the binary operators (``+ - * / ^ & = <> < > <= >=``), propagating errors.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

from sheets_sync.backends.google.fake.formula_syntax import ErrorValue, Scalar


class _Range:
    """A rectangular block of values passed to a function."""

    def __init__(self, rows: list[list[Scalar]]) -> None:
        self.rows = rows

    def values(self) -> Iterator[Scalar]:
        for row in self.rows:
            yield from row


Value = Scalar | _Range


def plain_number(value: float) -> str:
    """A number as Sheets shows it with no number format (``5``, ``1.5``, ``0.3``)."""
    if math.isnan(value) or math.isinf(value):
        return "#NUM!"
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    text = f"{value:.15g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        return f"{float(mantissa):.6g}E{int(exponent):+03d}".replace("E+0", "E+").replace(
            "E-0", "E-"
        )
    return text


def to_text(value: Scalar) -> str:
    """Text form used by ``&`` and text functions."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float | int):
        return plain_number(float(value))
    if isinstance(value, ErrorValue):
        return value.text
    return value


def _number(value: Scalar) -> float | ErrorValue:
    if value is None:
        return 0.0
    if isinstance(value, ErrorValue):
        return value
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(value.replace(",", "")) if value.strip() else 0.0
    except ValueError:
        return ErrorValue("VALUE", f"Function expects number values. But '{value}' is a text.")


def _compare_key(value: Scalar, other: Scalar) -> tuple[int, Any]:
    if value is None:
        value = "" if isinstance(other, str) else (False if isinstance(other, bool) else 0.0)
    if isinstance(value, bool):
        return (2, value)
    if isinstance(value, int | float):
        return (0, float(value))
    return (1, str(value).lower())


def _binary(op: str, left: Scalar, right: Scalar) -> Scalar:
    for side in (left, right):
        if isinstance(side, ErrorValue):
            return side
    if op == "&":
        return to_text(left) + to_text(right)
    if op in ("=", "<>", "<", ">", "<=", ">="):
        a, b = _compare_key(left, right), _compare_key(right, left)
        result = {
            "=": a == b,
            "<>": a != b,
            "<": a < b,
            ">": a > b,
            "<=": a <= b,
            ">=": a >= b,
        }[op]
        return result
    x, y = _number(left), _number(right)
    if isinstance(x, ErrorValue):
        return x
    if isinstance(y, ErrorValue):
        return y
    if op == "+":
        return x + y
    if op == "-":
        return x - y
    if op == "*":
        return x * y
    if op == "/":
        return (
            ErrorValue("DIV_ZERO", "Function DIVIDE parameter 2 cannot be zero.")
            if y == 0
            else x / y
        )
    return float(x**y)


def _truthy(value: Scalar) -> bool | ErrorValue:
    if isinstance(value, ErrorValue):
        return value
    if isinstance(value, str):
        if value.upper() in ("TRUE", "FALSE"):
            return value.upper() == "TRUE"
        if value == "":
            return False
        return ErrorValue(
            "VALUE",
            f"Function IF parameter 1 expects boolean values. But "
            f"'{value}' is a text and cannot be coerced to a boolean.",
        )
    return bool(value)
