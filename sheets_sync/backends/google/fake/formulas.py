"""A small formula engine: enough to compute what a spreadsheet *tool* writes.

Supported: literals (numbers, ``"text"``, ``TRUE``/``FALSE``), cell references and ranges
(``B5``, ``$B$5``, ``'Table 1'!B5``, ``A1:C9``, ``A:A``), the operators
``+ - * / ^ & = <> < > <= >=`` and postfix ``%``, and the functions in :data:`FUNCTIONS`
(``IF``, ``ISBLANK``, ``IFERROR``, ``SUM``, ``COUNTA``, ``COUNTIF``, ``CONCATENATE``, ...).

Anything else raises :class:`Unsupported`; the fake then keeps the formula but gives the
cell no effective value (formatted value ``""``), rather than inventing one.

Sheets semantics kept: a bare reference to an empty cell yields an empty result (not 0);
empty is 0 in arithmetic and ``""`` in text; text comparison ignores case; errors propagate
(``#REF!``, ``#DIV/0!``, ``#VALUE!``, ``#N/A``).

:func:`shift_references` and :func:`rename_sheet` rewrite formulas when rows/columns are
inserted or deleted and when sheets are renamed or deleted, as Google does.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator
from typing import Any

from sheets_sync.backends.google.fake.formula_references import rename_sheet, shift_references
from sheets_sync.backends.google.fake.formula_syntax import (
    CellResolver,
    ErrorValue,
    Node,
    Scalar,
    SizeResolver,
    Unsupported,
    parse,
    tokenize,
)

__all__ = [
    "FUNCTIONS",
    "CellResolver",
    "ErrorValue",
    "Evaluator",
    "Scalar",
    "SizeResolver",
    "Unsupported",
    "parse",
    "plain_number",
    "rename_sheet",
    "shift_references",
    "to_text",
    "tokenize",
]


class _Range:
    """A rectangular block of values passed to a function."""

    def __init__(self, rows: list[list[Scalar]]) -> None:
        self.rows = rows

    def values(self) -> Iterator[Scalar]:
        for row in self.rows:
            yield from row


Value = Scalar | _Range


class Evaluator:
    """Evaluates formulas of one sheet against cell values provided by callbacks."""

    def __init__(self, cell: CellResolver, size: SizeResolver) -> None:
        self.cell = cell
        self.size = size

    def evaluate(self, formula: str) -> Scalar:
        """The formula's value; raises :class:`Unsupported` if the engine cannot compute it."""
        result = self._eval(parse(formula))
        if isinstance(result, _Range):
            raise Unsupported("array results are not evaluated")
        return result

    def _eval(self, node: Node) -> Value:
        kind = node[0]
        if kind == "value":
            value: Scalar = node[1]
            return value
        if kind == "ref":
            return self._reference(node)
        if kind == "unary":
            operand = _number(self._scalar(self._eval(node[2])))
            if isinstance(operand, ErrorValue):
                return operand
            return -operand if node[1] == "-" else operand
        if kind == "percent":
            operand = _number(self._scalar(self._eval(node[1])))
            return operand if isinstance(operand, ErrorValue) else operand / 100
        if kind == "binary":
            return _binary(
                node[1], self._scalar(self._eval(node[2])), self._scalar(self._eval(node[3]))
            )
        if kind == "call":
            function = FUNCTIONS.get(node[1])
            if function is None:
                raise Unsupported(f"function {node[1]} is not modelled")
            return function(self, node[2])
        raise Unsupported(kind)

    def _reference(self, node: Node) -> Value:
        _, sheet, row1, row2, col1, col2 = node
        try:
            rows, cols = self.size(sheet)
        except KeyError:
            return ErrorValue("REF", f"Unresolved sheet name '{sheet}'.")
        if row1 is not None and row1 == row2 and col1 is not None and col1 == col2:
            if row1 >= rows or col1 >= cols:
                return ErrorValue("REF", "Reference beyond the grid.")
            return self.cell(sheet, row1, col1)
        r1 = 0 if row1 is None else row1
        r2 = rows - 1 if row2 is None else min(row2, rows - 1)
        c1 = 0 if col1 is None else col1
        c2 = cols - 1 if col2 is None else min(col2, cols - 1)
        return _Range(
            [[self.cell(sheet, r, c) for c in range(c1, c2 + 1)] for r in range(r1, r2 + 1)]
        )

    def _scalar(self, value: Value) -> Scalar:
        if isinstance(value, _Range):
            raise Unsupported("a range used where one value is expected")
        return value

    def scalar_arg(self, node: Node) -> Scalar:
        """Evaluate a function argument that must be a single value."""
        return self._scalar(self._eval(node))

    def values_arg(self, node: Node) -> list[Scalar]:
        """Evaluate a function argument that may be a range, as a flat list."""
        value = self._eval(node)
        return list(value.values()) if isinstance(value, _Range) else [value]


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


# -- functions ---------------------------------------------------------------------------

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
