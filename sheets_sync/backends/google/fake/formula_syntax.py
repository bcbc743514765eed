"""Formula syntax: tokens, the expression tree, and spreadsheet error values.

Shared by the evaluator (:mod:`formulas`) and the reference rewriter
(:mod:`formula_references`).  :class:`Unsupported` signals anything outside the small
language the fake understands.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sheets_sync.backends.google.fake.a1 import column_index


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
