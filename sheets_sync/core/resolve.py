"""Turn what a person typed in a principle cell into one of the 17 principles, or say why not.

Pure: no I/O. :func:`resolve_principle` never guesses silently: an exact reading is accepted
with an empty message, a fuzzy reading is accepted as ``how="corrected"`` with a message saying
what was read as what, and anything else is refused with a ``problem`` id, a message and a
suggestion a table can act on.

Readings, tried in this order on a cleaned copy of the cell (Unicode NFKC, curly quotes made
straight, dashes made hyphens, whitespace collapsed, surrounding punctuation and a leading list
number such as ``1.`` removed):

1. **A number alone** (``3``) is never a principle: it could be a rank or any level's number.
2. **More than one principle named** is ambiguous, never read as the first: two codes
   (``MACRO-1 MESO-2``, ``M1 or M2``), a code and more numbers (``macro 1 or 2``,
   ``Meso 3 & 4``), two full texts, or a code joined by ``or``/``and``/``&``/``+``/``/``/``,``
   to another principle's text.
3. **A code**: a level word, an optional ``principle``, a number, in any case and spacing
   (``macro 1``, ``MACRO1``, ``Macro principle 1:``, ``MESO–3``). Text after the code (the
   dropdown label, the seed's heading form, ``code - text``) must not point at another
   principle, and a too-short text (``M1 C``) never picks the level. A level word with a small
   slip (``Marco 1``) or a clear abbreviation (``Mic 2``) is accepted as corrected; ``M1`` is
   ambiguous; a number outside a level is an unknown code.
4. **The text**, compared as lower-case words without punctuation (``&`` read as ``and``):
   the full text, or a **leading part** of it long enough to start exactly one principle
   (the last word may be cut short). A code after the words (``Shared decision making
   (MICRO-1)``) must agree.
5. **Small typos**: :mod:`difflib` similarity against each principle's full text and its
   leading words, which must be clearly closer to one than to any other; otherwise it is
   ambiguous or no match (with the closest as a suggestion). Fuzzy matching never applies to
   a code's number, so ``MACRO 6`` is an unknown code, never ``MACRO-5``. The thresholds are
   in :mod:`sheets_sync.core.wording`.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, Literal

from sheets_sync.core.principles import PRINCIPLES, Level, Principle
from sheets_sync.core.wording import (
    KEYS,
    as_text,
    clean,
    codes,
    key,
    long_enough,
    match_text,
    show,
)
from sheets_sync.model import CellValue, Formula

How = Literal["code", "label", "text", "prefix", "corrected"]
Problem = Literal["empty", "formula", "unknown_code", "ambiguous", "no_match"]

LEVEL_RATIO: Final = 0.75
LEVEL_MARGIN: Final = 0.1

_LEVELS: Final[tuple[Level, ...]] = ("macro", "meso", "micro")
_BY_LEVEL: Final[dict[str, tuple[Principle, ...]]] = {
    lv: tuple(p for p in PRINCIPLES if p.level == lv) for lv in _LEVELS
}
_PICK: Final = "pick from the dropdown"


@dataclass(frozen=True)
class Resolution:
    """How a typed cell was read.

    Accepted: ``principle`` is set, ``how`` says which reading, ``problem`` is ``None``,
    ``message`` is ``''`` unless ``how == "corrected"`` (then it says what was read as what).
    Refused: ``principle`` and ``how`` are ``None``; ``problem``, ``message`` (what is wrong)
    and ``suggestion`` (a concrete fix) are set; ``candidates`` holds the principles it could
    be (ambiguous) or the closest ones (suggestions).
    """

    typed: str
    principle: Principle | None
    how: How | None
    problem: Problem | None
    candidates: tuple[Principle, ...] = ()
    message: str = ""
    suggestion: str = ""

    @property
    def ok(self) -> bool:
        """True when a principle was understood (exactly or as a reported correction)."""
        return self.principle is not None


# --------------------------------------------------------------------------- patterns

_LIST_NUMBER = re.compile(r"^(?:\(?#?\d{1,2}\s*[.):\-]+|\d{1,2}\s+)\s*(?=[^\W\d])")
_NUMBER_ONLY = re.compile(r"^(?:princip[a-z]*\s*)?(?:no\.?\s*|#\s*)?(\d+)$")
_CODE = re.compile(
    r"^(?P<level>[a-z]+?)[\s\-_.]*"
    r"(?:princip[a-z]*[\s\-_.:]*)?"
    r"(?:no\.?|number|#)?[\s\-_.:#/]*"
    r"(?P<number>\d+)(?!\d)(?P<rest>.*)$",
    re.DOTALL,
)
_CODE_ANYWHERE = re.compile(
    r"(?<![a-z'])(macro|meso|micro|m)[\s\-_.]*(?:princip[a-z]*[\s\-_.:]*)?[\s\-_.:#]*(\d+)(?!\d)"
)
_CONNECTOR: Final = r"\s*(?:,|;|/|&|\+|\bor\b|\band\b|\bplus\b|\bvs\b\.?|\bversus\b)\s*"
_MORE_NUMBER = re.compile(rf"{_CONNECTOR}(\d+)(?![\d])")
_LEADING_CONNECTOR = re.compile(rf"^{_CONNECTOR}")
_TRAILING_CONNECTOR = re.compile(rf"{_CONNECTOR}$")
_LEVEL_ONLY = re.compile(r"^(?P<level>macro|meso|micro)(?:[\s\-]*princip[a-z]*)?$")
_REST_LEAD: Final = " \t\n-:.,;)]}/|="


# --------------------------------------------------------------------------- refusals


def _refuse(
    typed: str,
    problem: Problem,
    message: str,
    suggestion: str,
    candidates: Sequence[Principle] = (),
) -> Resolution:
    return Resolution(typed, None, None, problem, tuple(candidates), message, suggestion)


def _ambiguous(typed: str, message: str, candidates: Sequence[Principle]) -> Resolution:
    tip = f"type the code, e.g. {codes(candidates[:2])}" if candidates else _PICK
    return _refuse(typed, "ambiguous", message, tip, candidates)


def _accept(typed: str, p: Principle, how: How) -> Resolution:
    message = f"read {show(typed)} as {p.code}" if how == "corrected" else ""
    return Resolution(typed, p, how, None, (), message, "")


def _resolve_text(typed: str, key: str) -> Resolution:
    m = match_text(key)
    for how in ("text", "prefix", "corrected"):
        if m.kind == how:
            return _accept(typed, m.principles[0], how)
    if m.kind == "starts":
        return _ambiguous(typed, f"it is how {codes(m.principles, 'and')} begin", m.principles)
    if m.kind == "close":
        message = f"it is about equally close to {codes(m.principles, 'and')}"
        return _ambiguous(typed, message, m.principles)
    if m.kind == "too_short":
        message = "it is too short to tell which principle is meant"
        tip = f"did you mean {m.principles[0].code}? type the code or more of the text"
        return _refuse(typed, "no_match", message, tip, m.principles)
    if m.principles:
        message = "it is not close enough to any of the 17 principles to be sure"
        tip = f"did you mean {codes(m.principles)}?"
        return _refuse(typed, "no_match", message, tip, m.principles)
    return _refuse(typed, "no_match", "it matches none of the 17 principles", _PICK)


# --------------------------------------------------------------------------- codes


def _levels_for(word: str) -> tuple[tuple[Level, ...], bool] | None:
    """The levels a level word may mean, and whether reading it so is a correction.

    ``m`` means any level; an abbreviation of two or more letters that starts exactly one
    level (``mic``) or a unique close spelling (``marco``) is a correction. ``None`` when the
    word is not a level word at all, so the cell is read as text.
    """
    for lv in _LEVELS:
        if word == lv:
            return (lv,), False
    if word == "m":
        return _LEVELS, False
    starting = tuple(lv for lv in _LEVELS if lv.startswith(word))
    if len(word) >= 2 and len(starting) == 1:
        return starting, True
    ratios = {lv: difflib.SequenceMatcher(None, word, lv).ratio() for lv in _LEVELS}
    best = max(ratios.values())
    if best < LEVEL_RATIO:
        return None
    return tuple(lv for lv, r in ratios.items() if r > best - LEVEL_MARGIN), True


def _find(level: Level, number: int) -> Principle | None:
    ps = _BY_LEVEL[level]
    return ps[number - 1] if 1 <= number <= len(ps) else None


def _with_number(levels: Sequence[Level], number: int) -> tuple[Principle, ...]:
    return tuple(p for lv in levels if (p := _find(lv, number)) is not None)


def _points_to(rest: str) -> tuple[tuple[Principle, ...], bool]:
    """The principles the text after a code names, and whether it named them by code.

    Codes anywhere in it (``and MESO-3``) or a bare number count as naming by code;
    otherwise its wording is matched as text.
    """
    if number := _NUMBER_ONLY.match(rest):
        return _with_number(_LEVELS, int(number[1])), True
    if named := _named_codes(rest):
        return named, True
    words = key(rest)
    return (match_text(words).points_to if long_enough(words) else ()), False


def _named_codes(text: str) -> tuple[Principle, ...]:
    """Existing principles named by a code anywhere in ``text`` (``m 2`` names three)."""
    named = [
        p
        for word, n in _CODE_ANYWHERE.findall(text)
        for p in _with_number(_LEVELS if word == "m" else (word,), int(n))
    ]
    return tuple(dict.fromkeys(named))


def _resolve_text_naming_codes(
    typed: str, cleaned: str, named: tuple[Principle, ...]
) -> Resolution:
    """Text that mentions a code after some words (``Shared decision making (MICRO-1)``):
    accepted only when the words and the one code agree."""
    words = match_text(key(_CODE_ANYWHERE.sub(" ", cleaned))).points_to
    agreed = tuple(p for p in named if p in words)
    if len(agreed) == 1:
        return _accept(typed, agreed[0], "label")
    if not words:
        tip = f"did you mean {codes(named)}? type the code alone"
        return _refuse(typed, "no_match", "it names a code inside other text", tip, named)
    both = tuple(dict.fromkeys((*words, *named)))
    message = f"the text says {codes(words)} but the code says {codes(named)}"
    return _ambiguous(typed, message, both)


def _unknown_code(typed: str, levels: tuple[Level, ...], number: int, rest: str) -> Resolution:
    if len(levels) == 1:
        ps = _BY_LEVEL[levels[0]]
        nearest: tuple[Principle, ...] = (ps[0] if number < 1 else ps[-1],)
        message = (
            f"there is no {levels[0].upper()}-{number}; {levels[0]} principles are "
            f"{ps[0].code} to {ps[-1].code}"
        )
    else:
        nearest = ()
        message = (
            f"no level has a principle {number}; the codes are MACRO-1 to MACRO-5, "
            "MESO-1 to MESO-5 and MICRO-1 to MICRO-7"
        )
    by_rest = _points_to(rest)[0] if rest else ()
    suggest = by_rest if len(by_rest) == 1 else nearest
    tip = f"did you mean {suggest[0].code}?" if suggest else _PICK
    return _refuse(typed, "unknown_code", message, tip, suggest)


def _resolve_code(typed: str, m: re.Match[str]) -> Resolution | None:
    """Read a cell that starts with a code; ``None`` if the first word is not a level word."""
    found = _levels_for(m["level"])
    if found is None:
        return None
    levels, level_corrected = found
    number = int(m["number"])
    rest = m["rest"].strip(_REST_LEAD)
    candidates = _with_number(levels, number)
    if not candidates:
        return _unknown_code(typed, levels, number, rest)
    said, by_code = _points_to(rest) if rest else ((), False)
    if said:
        agreed = tuple(p for p in candidates if p in said)
        if len(agreed) == 1 and (not by_code or len(said) == 1):
            return _accept(typed, agreed[0], "label")
        both = tuple(dict.fromkeys((*candidates, *said)))
        message = f"the code says {codes(candidates)} but what follows says {codes(said)}"
        return _ambiguous(typed, message, both)
    if len(levels) > 1:
        unclear = (
            f"it could be {codes(candidates)}"
            if len(candidates) > 1
            else f"the level is not clear (only {candidates[0].code} exists)"
        )
        return _ambiguous(typed, unclear, candidates)
    return _accept(typed, candidates[0], "corrected" if level_corrected else "code")


# --------------------------------------------------------------------------- several


@dataclass(frozen=True)
class _Mention:
    """One place in a cell that names a principle: where (in :func:`key` space), how it is
    shown in a message, and the principles it could be."""

    at: int
    label: str
    principles: tuple[Principle, ...]


def _code_mentions(cleaned: str) -> tuple[list[_Mention], list[tuple[int, int]]]:
    """Every code in ``cleaned`` and every number joined to one (``macro 1 or 2``), with the
    spans they cover."""
    found: list[_Mention] = []
    spans: list[tuple[int, int]] = []
    for m in _CODE_ANYWHERE.finditer(cleaned):
        levels = tuple(lv for lv in _LEVELS if m[1] in ("m", lv))
        numbers, end = [(m.start(), m[2])], m.end()
        while more := _MORE_NUMBER.match(cleaned, end):
            numbers.append((more.start(1), more[1]))
            end = more.end()
        spans.append((m.start(), end))
        for at, n in numbers:
            ps = _with_number(levels, int(n))
            label = ps[0].code if len(ps) == 1 else f"{m[1].upper()}{n}"
            if ps:
                found.append(_Mention(len(key(cleaned[:at])), label, ps))
    return found, spans


def _joined_text_mentions(cleaned: str, spans: list[tuple[int, int]]) -> list[_Mention]:
    """Text joined to a code by ``or``/``and``/``&``/``+``/``/``/``,`` (``MACRO-1 or Shared
    decision making``) that points at principles."""
    found: list[_Mention] = []
    edges = [0, *(i for span in spans for i in span), len(cleaned)]
    for i in range(0, len(edges), 2):
        start, end = edges[i], edges[i + 1]
        part = cleaned[start:end]
        after_code, before_code = i > 0, i + 2 < len(edges)
        lead = _LEADING_CONNECTOR.match(part) if after_code else None
        trail = _TRAILING_CONNECTOR.search(part) if before_code else None
        if not (lead or trail):
            continue
        words = key(part[lead.end() if lead else 0 : trail.start() if trail else len(part)])
        ps = match_text(words).points_to
        if ps:
            found.append(_Mention(len(key(cleaned[:start])), codes(ps), ps))
    return found


def _several(typed: str, cleaned: str) -> Resolution | None:
    """Refuse a cell whose mentions cannot all be one principle; ``None`` when they can.

    One code beside one other principle's full text (a label that disagrees) is left to the
    code and text readings, which say which part says what.
    """
    found, spans = _code_mentions(cleaned)
    joined = _joined_text_mentions(cleaned, spans) if spans else []
    padded = f" {key(cleaned)} "
    texts = [
        _Mention(at, p.code, (p,)) for p in PRINCIPLES if (at := padded.find(f" {KEYS[p]} ")) >= 0
    ]
    if len(found) == 1 and len(texts) == 1 and not joined:
        return None
    found += joined + texts
    if len(found) < 2 or set.intersection(*(set(m.principles) for m in found)):
        return None
    found.sort(key=lambda m: m.at)
    labels = list(dict.fromkeys(m.label for m in found))
    message = "it names more than one principle: " + ", ".join(labels[:-1]) + " and " + labels[-1]
    named = tuple(dict.fromkeys(p for m in found for p in m.principles))
    return _refuse(typed, "ambiguous", message, "pick one", named)


# --------------------------------------------------------------------------- entry point


def resolve_principle(typed: CellValue) -> Resolution:
    """Read one principle cell. See the module docstring for what is accepted and refused.

    Deterministic and total: any cell value gives a :class:`Resolution`, never an exception.
    A :class:`~sheets_sync.model.Formula` is refused (``"formula"``); ``None``, whitespace
    or punctuation alone is ``"empty"``; numbers, booleans and dates are read as their text.
    """
    if isinstance(typed, bool):
        return _refuse(str(typed).upper(), "no_match", "a tick box is not a principle", _PICK)
    text = as_text(typed)
    if isinstance(typed, Formula):
        tip = "type the principle or pick it from the dropdown"
        return _refuse(text, "formula", "a formula is not read", tip)
    cleaned = clean(text)
    if not cleaned:
        return _refuse(text, "empty", "nothing is typed", "pick a principle from the dropdown")
    if number := _NUMBER_ONLY.match(cleaned):
        same = _with_number(_LEVELS, int(number[1]))
        if same:
            return _ambiguous(text, f"a number alone could be {codes(same)}", same)
        return _refuse(text, "no_match", "a number alone is not a principle", _PICK)
    cleaned = _LIST_NUMBER.sub("", cleaned)
    if several := _several(text, cleaned):
        return several
    if code := _CODE.match(cleaned):
        resolved = _resolve_code(text, code)
        if resolved is not None:
            return resolved
    if level := _LEVEL_ONLY.match(cleaned):
        ps = _BY_LEVEL[level["level"]]
        message = f"it could be any {level['level']} principle, {ps[0].code} to {ps[-1].code}"
        return _ambiguous(text, message, ps)
    if named := _named_codes(cleaned):
        return _resolve_text_naming_codes(text, cleaned, named)
    return _resolve_text(text, key(cleaned))
