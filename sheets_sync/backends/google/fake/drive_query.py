"""Drive v3 search queries (the ``q`` parameter of ``files.list``).

Supported terms, combinable with ``and``, ``or``, ``not`` and parentheses::

    name = 'x'   name != 'x'   name contains 'x'      mimeType = '...'   mimeType != '...'
    trashed = false   starred = true   '<folderId>' in parents   parents in '<folderId>'
    '<email>' in owners | writers | readers
    modifiedTime > '2025-01-01T00:00:00'   createdTime <= '...'
    appProperties has { key='k' and value='v' }   properties has { key='k' and value='v' }
    fullText contains 'x'   sharedWithMe

Strings take single or double quotes; ``\\'`` escapes a quote.  Anything else raises
:class:`QueryError`, which Drive answers with ``400 Invalid Value`` (location ``q``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

FileRecord = dict[str, Any]
Predicate = Callable[[FileRecord], bool]

_TOKEN = re.compile(
    r"""\s*(?:
        (?P<string>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")
      | (?P<op>!=|<=|>=|=|<|>)
      | (?P<punct>[(){}])
      | (?P<word>[A-Za-z_][A-Za-z0-9_.]*)
    )""",
    re.VERBOSE,
)
_STRING_FIELDS = {"name", "mimeType", "fullText"}
_TIME_FIELDS = {"modifiedTime", "createdTime", "viewedByMeTime"}
_BOOL_FIELDS = {"trashed", "starred", "hidden"}
_MEMBERSHIP = {"parents", "owners", "writers", "readers"}


class QueryError(ValueError):
    """A query Drive would refuse."""


def _tokens(query: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    position = 0
    text = query.rstrip()
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            raise QueryError(f"cannot read query at {text[position:]!r}")
        kind = match.lastgroup or ""
        value = match.group(kind)
        if kind == "string":
            value = re.sub(r"\\(.)", r"\1", value[1:-1])
        out.append((kind, value))
        position = match.end()
    return out


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]], roles: Callable[[FileRecord, str], bool]):
        self.tokens = tokens
        self.position = 0
        self.roles = roles

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def take(self, kind: str | None = None, value: str | None = None) -> str:
        token = self.peek()
        if (
            token is None
            or (kind and token[0] != kind)
            or (value is not None and token[1].lower() != value.lower())
        ):
            raise QueryError(f"expected {value or kind}, found {token}")
        self.position += 1
        return token[1]

    def is_word(self, word: str) -> bool:
        token = self.peek()
        return token is not None and token[0] == "word" and token[1].lower() == word

    def expression(self) -> Predicate:
        left = self.conjunction()
        while self.is_word("or"):
            self.take()
            right = self.conjunction()
            left = (lambda a, b: lambda f: a(f) or b(f))(left, right)
        return left

    def conjunction(self) -> Predicate:
        left = self.term()
        while self.is_word("and"):
            self.take()
            right = self.term()
            left = (lambda a, b: lambda f: a(f) and b(f))(left, right)
        return left

    def term(self) -> Predicate:
        if self.is_word("not"):
            self.take()
            inner = self.term()
            return lambda f: not inner(f)
        token = self.peek()
        if token == ("punct", "("):
            self.take()
            inner = self.expression()
            self.take("punct", ")")
            return inner
        if token is not None and token[0] == "string":
            value = self.take()
            self.take("word", "in")
            field = self.take("word")
            return self.membership(field, value)
        return self.condition()

    def membership(self, field: str, value: str) -> Predicate:
        if field not in _MEMBERSHIP:
            raise QueryError(f"'in' is not supported for {field}")
        if field == "parents":
            return lambda f: value in f.get("parents", [])
        return lambda f: self.roles(f, f"{field}:{value.lower()}")

    def condition(self) -> Predicate:
        field = self.take("word")
        if field == "sharedWithMe":
            return lambda f: bool(f.get("sharedWithMeTime"))
        if field in ("appProperties", "properties"):
            self.take("word", "has")
            self.take("punct", "{")
            self.take("word", "key")
            self.take("op", "=")
            key = self.take("string")
            self.take("word", "and")
            self.take("word", "value")
            self.take("op", "=")
            value = self.take("string")
            self.take("punct", "}")
            return lambda f: (f.get(field) or {}).get(key) == value
        if field in _MEMBERSHIP and self.is_word("in"):
            self.take()
            value = self.take("string")
            return self.membership(field, value)
        token = self.peek()
        if token is None:
            raise QueryError("query ends early")
        if token[0] == "word" and token[1] == "contains" and field in _STRING_FIELDS:
            self.take()
            needle = self.take("string").lower()
            if field == "fullText":
                return lambda f: (
                    needle in (f.get("name", "") + " " + f.get("description", "")).lower()
                )
            return lambda f: needle in str(f.get(field, "")).lower()
        op = self.take("op")
        if field in _BOOL_FIELDS:
            if op not in ("=", "!="):
                raise QueryError(f"operator {op} is not supported for {field}")
            word = self.take("word").lower()
            if word not in ("true", "false"):
                raise QueryError(f"{field} takes true or false")
            wanted = word == "true"
            return lambda f: (bool(f.get(field, False)) == wanted) == (op == "=")
        value = self.take("string")
        if field in _STRING_FIELDS - {"fullText"}:
            if op not in ("=", "!="):
                raise QueryError(f"operator {op} is not supported for {field}")
            return lambda f: (f.get(field) == value) == (op == "=")
        if field in _TIME_FIELDS:
            return _time_compare(field, op, value)
        raise QueryError(f"unknown query field {field}")


def _time_compare(field: str, op: str, value: str) -> Predicate:
    wanted = value.rstrip("Z")

    def predicate(record: FileRecord) -> bool:
        have = str(record.get(field, "")).rstrip("Z")
        return {
            "=": have == wanted,
            "!=": have != wanted,
            "<": have < wanted,
            ">": have > wanted,
            "<=": have <= wanted,
            ">=": have >= wanted,
        }[op]

    return predicate


def compile_query(query: str, roles: Callable[[FileRecord, str], bool]) -> Predicate:
    """A predicate over file records for ``query``; raises :class:`QueryError`.

    ``roles(file, "writers:alice@example.com")`` answers the ``'x' in owners/writers/readers``
    terms (the caller knows the permissions model).
    """
    tokens = _tokens(query)
    if not tokens:
        return lambda f: True
    parser = _Parser(tokens, roles)
    predicate = parser.expression()
    if parser.peek() is not None:
        raise QueryError(f"unexpected {parser.peek()}")
    return predicate
