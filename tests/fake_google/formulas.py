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
from dataclasses import dataclass
from typing import Any

from .a1 import column_index, column_letters, quote_title


@dataclass(frozen=True)
class ErrorValue:
    """A spreadsheet error; ``type`` is the Sheets ``ErrorType`` name (``REF``, ``DIV_ZERO``)."""

    type: str
    message: str = ""

    @property
    def text(self) -> str:
        """How the error is displayed (``#REF!``)."""
        return ERROR_TEXT.get(self.type, "#ERROR!")


ERROR_TEXT = {
    "REF": "#REF!",
    "DIV_ZERO": "#DIV/0!",
    "VALUE": "#VALUE!",
    "NAME": "#NAME?",
    "N_A": "#N/A",
    "NUM": "#NUM!",
    "NULL_VALUE": "#NULL!",
    "ERROR": "#ERROR!",
}
_ERROR_BY_TEXT = {text: kind for kind, text in ERROR_TEXT.items()}

Scalar = None | float | str | bool | ErrorValue
#: ``(sheet_title_or_None, row, col) -> effective value``; raises ``KeyError`` for no sheet.
CellResolver = Callable[[str | None, int, int], Scalar]
#: ``(sheet_title_or_None) -> (row_count, column_count)``; raises ``KeyError`` for no sheet.
SizeResolver = Callable[[str | None], tuple[int, int]]


class Unsupported(Exception):
    """The formula uses something this engine does not evaluate."""


# -- tokens ------------------------------------------------------------------------------

_SHEET = r"(?:'(?:[^']|'')+'|[A-Za-z_][A-Za-z0-9_.]*)"
_REF_BODY = (
    r"\$?[A-Za-z]{1,3}\$?\d+(?::\$?[A-Za-z]{1,3}\$?\d+)?"
    r"|\$?[A-Za-z]{1,3}:\$?[A-Za-z]{1,3}"
    r"|\$?\d+:\$?\d+"
)
_TOKEN = re.compile(
    rf"""
    (?P<ws>\s+)
  | (?P<string>"(?:[^"]|"")*")
  | (?P<error>\#(?:REF!|DIV/0!|VALUE!|NAME\?|N/A|NUM!|NULL!|ERROR!))
  | (?P<ref>(?:(?P<sheet>{_SHEET})!)?(?P<cells>{_REF_BODY}))(?![A-Za-z0-9_(])
  | (?P<number>(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)
  | (?P<name>[A-Za-z_][A-Za-z0-9_.]*)
  | (?P<op><=|>=|<>|[-+*/^&=<>%])
  | (?P<punct>[(),;])
    """,
    re.VERBOSE,
)


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    start: int
    end: int
    sheet: str | None = None
    cells: str | None = None


def tokenize(formula: str) -> list[Token]:
    """Tokens of a formula (without its leading ``=``); raises :class:`Unsupported`."""
    tokens: list[Token] = []
    position = 0
    while position < len(formula):
        match = _TOKEN.match(formula, position)
        if match is None:
            raise Unsupported(f"cannot read {formula[position:]!r}")
        kind = match.lastgroup or ""
        if kind == "sheet" or kind == "cells":
            kind = "ref"
        if kind != "ws":
            tokens.append(
                Token(
                    "ref" if match.group("ref") else kind,
                    match.group(0),
                    match.start(),
                    match.end(),
                    _unquote_sheet(match.group("sheet")),
                    match.group("cells"),
                )
            )
        position = match.end()
    return tokens


def _unquote_sheet(text: str | None) -> str | None:
    if text is None:
        return None
    if text.startswith("'"):
        return text[1:-1].replace("''", "'")
    return text


# -- parsing -----------------------------------------------------------------------------

Node = tuple[Any, ...]
_BINARY = {
    "=": 1,
    "<>": 1,
    "<": 1,
    ">": 1,
    "<=": 1,
    ">=": 1,
    "&": 2,
    "+": 3,
    "-": 3,
    "*": 4,
    "/": 4,
    "^": 5,
}


class _Parser:
    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.position = 0

    def peek(self) -> Token | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def take(self) -> Token:
        token = self.peek()
        if token is None:
            raise Unsupported("formula ends early")
        self.position += 1
        return token

    def expression(self, min_precedence: int = 0) -> Node:
        left = self.unary()
        while True:
            token = self.peek()
            if token is None or token.kind != "op" or token.text not in _BINARY:
                return left
            precedence = _BINARY[token.text]
            if precedence <= min_precedence:
                return left
            self.take()
            right = self.expression(precedence if token.text != "^" else precedence - 1)
            left = ("binary", token.text, left, right)

    def unary(self) -> Node:
        token = self.peek()
        if token is not None and token.kind == "op" and token.text in "+-":
            self.take()
            return ("unary", token.text, self.unary())
        node = self.primary()
        while (nxt := self.peek()) is not None and nxt.kind == "op" and nxt.text == "%":
            self.take()
            node = ("percent", node)
        return node

    def primary(self) -> Node:
        token = self.take()
        if token.kind == "number":
            return ("value", float(token.text))
        if token.kind == "string":
            return ("value", token.text[1:-1].replace('""', '"'))
        if token.kind == "error":
            return ("value", ErrorValue(_ERROR_BY_TEXT[token.text]))
        if token.kind == "ref":
            return ("ref", token.sheet, *_ref_bounds(token.cells or ""))
        if token.kind == "punct" and token.text == "(":
            node = self.expression()
            self._expect(")")
            return node
        if token.kind == "name":
            nxt = self.peek()
            if nxt is not None and nxt.kind == "punct" and nxt.text == "(":
                self.take()
                return ("call", token.text.upper(), self.arguments())
            if token.text.upper() in ("TRUE", "FALSE"):
                return ("value", token.text.upper() == "TRUE")
            raise Unsupported(f"named range or unknown name {token.text!r}")
        raise Unsupported(f"unexpected {token.text!r}")

    def arguments(self) -> list[Node]:
        args: list[Node] = []
        nxt = self.peek()
        if nxt is not None and nxt.kind == "punct" and nxt.text == ")":
            self.take()
            return args
        while True:
            nxt = self.peek()
            if nxt is not None and nxt.kind == "punct" and nxt.text in ",;":
                args.append(("value", None))
            else:
                args.append(self.expression())
            token = self.take()
            if token.kind == "punct" and token.text in ",;":
                continue
            if token.kind == "punct" and token.text == ")":
                return args
            raise Unsupported(f"unexpected {token.text!r} in arguments")

    def _expect(self, text: str) -> None:
        token = self.take()
        if token.text != text:
            raise Unsupported(f"expected {text!r}")


def _ref_bounds(cells: str) -> tuple[int | None, int | None, int | None, int | None]:
    """``B2:C3`` -> zero-based inclusive (row1, row2, col1, col2); ``None`` = unbounded."""
    parts = cells.replace("$", "").split(":")
    rows: list[int | None] = []
    cols: list[int | None] = []
    for part in parts:
        match = re.fullmatch(r"([A-Za-z]*)(\d*)", part)
        assert match is not None
        letters, digits = match.groups()
        cols.append(column_index(letters) if letters else None)
        rows.append(int(digits) - 1 if digits else None)
    if len(parts) == 1:
        return rows[0], rows[0], cols[0], cols[0]
    return rows[0], rows[1], cols[0], cols[1]


def parse(formula: str) -> Node:
    """Parse a formula (with or without the leading ``=``) into an expression tree."""
    text = formula[1:] if formula.startswith("=") else formula
    parser = _Parser(tokenize(text))
    node = parser.expression()
    if parser.peek() is not None:
        raise Unsupported(f"unexpected {parser.peek()!r}")
    return node


# -- evaluation --------------------------------------------------------------------------


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


# -- rewriting references ----------------------------------------------------------------


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
