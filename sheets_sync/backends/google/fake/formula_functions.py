"""The spreadsheet functions the formula engine computes, by name in :data:`FUNCTIONS`.

Logical (``IF IFERROR ISBLANK ISNUMBER ISTEXT ISERROR AND OR NOT``), aggregate (``SUM COUNT
AVERAGE MIN MAX COUNTA COUNTIF``), text (``CONCATENATE CONCAT TEXTJOIN LEN TRIM UPPER
LOWER``) and numeric (``ROUND ABS``); each takes the :class:`~.formulas.Evaluator` and its
argument nodes and returns a value.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Protocol

from sheets_sync.backends.google.fake.formula_syntax import ErrorValue, Node, Scalar, Unsupported
from sheets_sync.backends.google.fake.formula_values import (
    Value,
    _binary,
    _number,
    _truthy,
    to_text,
)


class Evaluator(Protocol):
    """What a function needs of the formula evaluator: its arguments, evaluated."""

    def scalar_arg(self, node: Node) -> Scalar:
        """A function argument that must be a single value."""

    def values_arg(self, node: Node) -> list[Scalar]:
        """A function argument that may be a range, as a flat list."""


Function = Callable[[Evaluator, list[Node]], Value]


def _fn_if(ev: Evaluator, args: list[Node]) -> Value:
    if not 2 <= len(args) <= 3:
        raise Unsupported("IF takes 2 or 3 arguments")
    condition = _truthy(ev.scalar_arg(args[0]))
    if isinstance(condition, ErrorValue):
        return condition
    if condition:
        return ev.scalar_arg(args[1])
    return ev.scalar_arg(args[2]) if len(args) == 3 else False


def _fn_iferror(ev: Evaluator, args: list[Node]) -> Value:
    value = ev.scalar_arg(args[0])
    if isinstance(value, ErrorValue):
        return ev.scalar_arg(args[1]) if len(args) > 1 else ""
    return value


def _fn_isblank(ev: Evaluator, args: list[Node]) -> Value:
    return ev.scalar_arg(args[0]) is None


def _fn_isnumber(ev: Evaluator, args: list[Node]) -> Value:
    value = ev.scalar_arg(args[0])
    return isinstance(value, int | float) and not isinstance(value, bool)


def _fn_istext(ev: Evaluator, args: list[Node]) -> Value:
    return isinstance(ev.scalar_arg(args[0]), str)


def _fn_iserror(ev: Evaluator, args: list[Node]) -> Value:
    return isinstance(ev.scalar_arg(args[0]), ErrorValue)


def _logical(combine: Callable[[list[bool]], bool]) -> Function:
    def function(ev: Evaluator, args: list[Node]) -> Value:
        flags: list[bool] = []
        for arg in args:
            for value in ev.values_arg(arg):
                if value is None:
                    continue
                flag = _truthy(value)
                if isinstance(flag, ErrorValue):
                    return flag
                flags.append(flag)
        return combine(flags)

    return function


def _fn_not(ev: Evaluator, args: list[Node]) -> Value:
    flag = _truthy(ev.scalar_arg(args[0]))
    return flag if isinstance(flag, ErrorValue) else not flag


def _numbers(ev: Evaluator, args: list[Node]) -> list[float] | ErrorValue:
    out: list[float] = []
    for arg in args:
        direct = arg[0] != "ref"
        for value in ev.values_arg(arg):
            if isinstance(value, ErrorValue):
                return value
            if isinstance(value, bool):
                if direct:
                    out.append(1.0 if value else 0.0)
            elif isinstance(value, int | float):
                out.append(float(value))
            elif isinstance(value, str) and direct:
                number = _number(value)
                if isinstance(number, ErrorValue):
                    return number
                out.append(number)
    return out


def _aggregate(reduce: Callable[[list[float]], Scalar]) -> Function:
    def function(ev: Evaluator, args: list[Node]) -> Value:
        numbers = _numbers(ev, args)
        return numbers if isinstance(numbers, ErrorValue) else reduce(numbers)

    return function


def _average(numbers: list[float]) -> Scalar:
    if not numbers:
        return ErrorValue("DIV_ZERO", "Evaluation of function AVERAGE caused a divide by zero.")
    return sum(numbers) / len(numbers)


def _fn_counta(ev: Evaluator, args: list[Node]) -> Value:
    return float(sum(1 for arg in args for v in ev.values_arg(arg) if v is not None))


def _fn_countif(ev: Evaluator, args: list[Node]) -> Value:
    values = ev.values_arg(args[0])
    criterion = ev.scalar_arg(args[1])
    op, target = "=", criterion
    if isinstance(criterion, str):
        match = re.match(r"(<=|>=|<>|=|<|>)?(.*)", criterion)
        assert match is not None
        op = match.group(1) or "="
        text = match.group(2)
        number = _number(text) if text.strip() else None
        target = number if isinstance(number, float) else text
    count = 0
    for value in values:
        if value is None or (isinstance(target, float) and isinstance(value, str)):
            continue
        if _binary(op, value, target) is True:
            count += 1
    return float(count)


def _text_fn(transform: Callable[[str], Scalar]) -> Function:
    def function(ev: Evaluator, args: list[Node]) -> Value:
        value = ev.scalar_arg(args[0])
        return value if isinstance(value, ErrorValue) else transform(to_text(value))

    return function


def _fn_concatenate(ev: Evaluator, args: list[Node]) -> Value:
    parts: list[str] = []
    for arg in args:
        for value in ev.values_arg(arg):
            if isinstance(value, ErrorValue):
                return value
            parts.append(to_text(value))
    return "".join(parts)


def _fn_textjoin(ev: Evaluator, args: list[Node]) -> Value:
    delimiter = to_text(ev.scalar_arg(args[0]))
    skip_empty = _truthy(ev.scalar_arg(args[1]))
    parts: list[str] = []
    for arg in args[2:]:
        for value in ev.values_arg(arg):
            if isinstance(value, ErrorValue):
                return value
            text = to_text(value)
            if text or not skip_empty:
                parts.append(text)
    return delimiter.join(parts)


def _fn_round(ev: Evaluator, args: list[Node]) -> Value:
    number = _number(ev.scalar_arg(args[0]))
    places = _number(ev.scalar_arg(args[1])) if len(args) > 1 else 0.0
    if isinstance(number, ErrorValue):
        return number
    if isinstance(places, ErrorValue):
        return places
    factor = 10.0 ** int(places)
    return float(math.floor(abs(number) * factor + 0.5)) / factor * (1 if number >= 0 else -1)


def _fn_abs(ev: Evaluator, args: list[Node]) -> Value:
    number = _number(ev.scalar_arg(args[0]))
    return number if isinstance(number, ErrorValue) else abs(number)


FUNCTIONS: dict[str, Function] = {
    "IF": _fn_if,
    "IFERROR": _fn_iferror,
    "ISBLANK": _fn_isblank,
    "ISNUMBER": _fn_isnumber,
    "ISTEXT": _fn_istext,
    "ISERROR": _fn_iserror,
    "AND": _logical(all),
    "OR": _logical(any),
    "NOT": _fn_not,
    "SUM": _aggregate(lambda n: float(sum(n))),
    "COUNT": _aggregate(lambda n: float(len(n))),
    "AVERAGE": _aggregate(_average),
    "MIN": _aggregate(lambda n: min(n) if n else 0.0),
    "MAX": _aggregate(lambda n: max(n) if n else 0.0),
    "COUNTA": _fn_counta,
    "COUNTIF": _fn_countif,
    "CONCATENATE": _fn_concatenate,
    "CONCAT": _fn_concatenate,
    "TEXTJOIN": _fn_textjoin,
    "LEN": _text_fn(lambda s: float(len(s))),
    "TRIM": _text_fn(lambda s: " ".join(s.split())),
    "UPPER": _text_fn(str.upper),
    "LOWER": _text_fn(str.lower),
    "ROUND": _fn_round,
    "ABS": _fn_abs,
}
