"""A small formula evaluator, so ``values`` of formula cells read as Excel computes them.

Understood: numbers, ``"text"``, ``TRUE``/``FALSE``, references (``A1``, ``$B$2``,
``Sheet2!A1``, ``'Table 1'!A1``), ranges inside functions, ``+ - * / ^ &``, comparisons,
unary minus, and ``SUM COUNT COUNTA COUNTIF AVERAGE MIN MAX IF IFERROR AND OR NOT LEN
CONCATENATE TRIM UPPER LOWER ROUND ABS``.  Anything else evaluates to ``#NAME?`` (as Excel
shows an unknown name), a reference loop to ``#REF!``; a real Excel would compute more.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from openpyxl import Workbook
from openpyxl.utils import column_index_from_string

_TOKEN = re.compile(
    r"\s*(?:(?P<num>\d+(\.\d*)?([eE][-+]?\d+)?)|(?P<str>\"([^\"]|\"\")*\")"
    r"|(?P<ref>(('([^']|'')+'|[A-Za-z_][\w.]*)!)?\$?[A-Za-z]{1,3}\$?\d+(:\$?[A-Za-z]{1,3}\$?\d+)?)"
    r"|(?P<name>[A-Za-z_][\w.]*)|(?P<op><>|<=|>=|[-+*/^&=<>(),%]))"
)


class FormulaError(Exception):
    """An Excel error value (``#NAME?``, ``#REF!`` ...) raised during evaluation."""


class Evaluator:
    """Evaluates formulas of one workbook; ``compute(sheet_title, formula)``."""

    def __init__(self, book: Workbook) -> None:
        self.book = book
        self._stack: set[tuple[str, int, int]] = set()

    def cell_value(self, sheet_title: str, row: int, column: int) -> Any:
        """The computed value of a cell (``None`` when empty)."""
        key = (sheet_title.lower(), row, column)
        if key in self._stack:
            raise FormulaError("#REF!")
        sheet = next((s for s in self.book.worksheets if s.title.lower() == key[0]), None)
        if sheet is None:
            raise FormulaError("#REF!")
        cell = sheet._cells.get((row, column))
        if cell is None:
            return None
        if cell.data_type == "f" and isinstance(cell.value, str):
            self._stack.add(key)
            try:
                return self.compute(sheet.title, cell.value)
            finally:
                self._stack.discard(key)
        return cell.value

    def compute(self, sheet_title: str, formula: str) -> Any:
        """The value of ``formula`` (``=...``) in ``sheet_title``; errors as their text."""
        try:
            parser = _Parser(self, sheet_title, _tokens(formula.lstrip("=")))
            value = parser.expression()
            if parser.peek() is not None:
                raise FormulaError("#NAME?")
            return value[0] if isinstance(value, list) and value else value
        except FormulaError as error:
            return str(error)


def _tokens(text: str) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    position = 0
    while position < len(text.rstrip()):
        match = _TOKEN.match(text, position)
        if match is None or match.end() == position:
            raise FormulaError("#NAME?")
        kind = match.lastgroup or "op"
        kind = next(k for k in ("num", "str", "ref", "name", "op") if match.group(k) is not None)
        found.append((kind, match.group(kind)))
        position = match.end()
    return found


def _number(value: Any) -> float:
    if value is None or value == "":
        return 0.0
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(str(value))
    except ValueError:
        raise FormulaError("#VALUE!") from None


def _flat(values: list[Any]) -> list[Any]:
    out: list[Any] = []
    for value in values:
        out.extend(value if isinstance(value, list) else [value])
    return out


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _countif(args: list[Any]) -> int:
    criterion = args[1]
    return sum(
        1
        for v in _flat([args[0]])
        if v is not None and _text(v).lower() == _text(criterion).lower()
    )


_FUNCTIONS: dict[str, Callable[[list[Any]], Any]] = {
    "SUM": lambda a: sum(_number(v) for v in _flat(a) if isinstance(v, int | float)),
    "COUNT": lambda a: sum(
        1 for v in _flat(a) if isinstance(v, int | float) and not isinstance(v, bool)
    ),
    "COUNTA": lambda a: sum(1 for v in _flat(a) if v not in (None, "")),
    "COUNTIF": _countif,
    "AVERAGE": lambda a: (lambda n: sum(n) / len(n) if n else _raise("#DIV/0!"))(
        [_number(v) for v in _flat(a) if isinstance(v, int | float)]
    ),
    "MIN": lambda a: min([_number(v) for v in _flat(a) if isinstance(v, int | float)] or [0.0]),
    "MAX": lambda a: max([_number(v) for v in _flat(a) if isinstance(v, int | float)] or [0.0]),
    "AND": lambda a: all(bool(v) for v in _flat(a)),
    "OR": lambda a: any(bool(v) for v in _flat(a)),
    "NOT": lambda a: not bool(a[0]),
    "LEN": lambda a: len(_text(a[0])),
    "CONCATENATE": lambda a: "".join(_text(v) for v in _flat(a)),
    "TRIM": lambda a: " ".join(_text(a[0]).split()),
    "UPPER": lambda a: _text(a[0]).upper(),
    "LOWER": lambda a: _text(a[0]).lower(),
    "ROUND": lambda a: round(_number(a[0]), int(_number(a[1]) if len(a) > 1 else 0)),
    "ABS": lambda a: abs(_number(a[0])),
}


def _raise(code: str) -> Any:
    raise FormulaError(code)


class _Parser:
    """Recursive descent over Excel's precedence: comparison < & < +- < */ < ^ < unary."""

    def __init__(self, evaluator: Evaluator, sheet: str, tokens: list[tuple[str, str]]) -> None:
        self.evaluator, self.sheet, self.tokens, self.index = evaluator, sheet, tokens, 0

    def peek(self) -> str | None:
        return self.tokens[self.index][1] if self.index < len(self.tokens) else None

    def take(self) -> tuple[str, str]:
        if self.index >= len(self.tokens):
            raise FormulaError("#NAME?")
        self.index += 1
        return self.tokens[self.index - 1]

    def expression(self) -> Any:
        left = self.concat()
        while self.peek() in ("=", "<>", "<", ">", "<=", ">="):
            op, right = self.take()[1], self.concat()
            a, b = (left, right) if type(left) is type(right) else (_text(left), _text(right))
            if isinstance(a, str):
                a, b = a.lower(), str(b).lower()
            left = {"=": a == b, "<>": a != b, "<": a < b, ">": a > b, "<=": a <= b, ">=": a >= b}[
                op
            ]
        return left

    def concat(self) -> Any:
        left = self.additive()
        while self.peek() == "&":
            self.take()
            left = _text(left) + _text(self.additive())
        return left

    def additive(self) -> Any:
        left = self.term()
        while self.peek() in ("+", "-"):
            op, right = self.take()[1], self.term()
            left = _number(left) + _number(right) if op == "+" else _number(left) - _number(right)
        return left

    def term(self) -> Any:
        left = self.power()
        while self.peek() in ("*", "/"):
            op, right = self.take()[1], _number(self.power())
            if op == "/" and right == 0:
                raise FormulaError("#DIV/0!")
            left = _number(left) * right if op == "*" else _number(left) / right
        return left

    def power(self) -> Any:
        left = self.unary()
        while self.peek() == "^":
            self.take()
            left = _number(left) ** _number(self.unary())
        return left

    def unary(self) -> Any:
        if self.peek() in ("-", "+"):
            sign = self.take()[1]
            value = _number(self.unary())
            return -value if sign == "-" else value
        value = self.primary()
        if self.peek() == "%":
            self.take()
            return _number(value) / 100
        return value

    def primary(self) -> Any:
        kind, text = self.take()
        if kind == "num":
            return float(text)
        if kind == "str":
            return text[1:-1].replace('""', '"')
        if kind == "ref":
            return self.reference(text)
        if kind == "name":
            return self.name(text)
        if text == "(":
            value = self.expression()
            if self.take()[1] != ")":
                raise FormulaError("#NAME?")
            return value
        raise FormulaError("#NAME?")

    def name(self, text: str) -> Any:
        upper = text.upper()
        if upper in ("TRUE", "FALSE") and self.peek() != "(":
            return upper == "TRUE"
        if self.peek() != "(":
            raise FormulaError("#NAME?")
        self.take()
        if upper in ("IF", "IFERROR"):
            return self.lazy(upper)
        args: list[Any] = []
        while self.peek() != ")":
            args.append(self.expression())
            if self.peek() == ",":
                self.take()
        self.take()
        function = _FUNCTIONS.get(upper)
        if function is None:
            raise FormulaError("#NAME?")
        try:
            return function(args)
        except (IndexError, TypeError):
            raise FormulaError("#VALUE!") from None

    def lazy(self, upper: str) -> Any:
        args: list[Any] = []
        while self.peek() != ")":
            try:
                args.append(self.expression())
            except FormulaError as error:
                args.append(error)
            if self.peek() == ",":
                self.take()
        self.take()
        if upper == "IFERROR":
            return (
                args[1]
                if isinstance(args[0], FormulaError)
                or (isinstance(args[0], str) and args[0].startswith("#"))
                else args[0]
            )
        for arg in args:
            if isinstance(arg, FormulaError):
                raise arg
        return args[1] if args and bool(args[0]) else (args[2] if len(args) > 2 else False)

    def reference(self, text: str) -> Any:
        sheet, _, cells = text.rpartition("!")
        title = sheet[1:-1].replace("''", "'") if sheet.startswith("'") else (sheet or self.sheet)
        first, _, last = cells.replace("$", "").partition(":")
        start, end = _split(first), _split(last or first)
        values = [
            self.evaluator.cell_value(title, row, column)
            for row in range(start[0], end[0] + 1)
            for column in range(start[1], end[1] + 1)
        ]
        return values if last else values[0]


def _split(cell: str) -> tuple[int, int]:
    match = re.fullmatch(r"([A-Za-z]{1,3})(\d+)", cell)
    if match is None:
        raise FormulaError("#REF!")
    return int(match[2]), column_index_from_string(match[1].upper())
