"""Turn what a person typed in a principle cell into one of the 17 principles, or say why not.

Pure: no I/O. :func:`resolve_principle` never guesses silently: an exact reading is accepted
with an empty message, a fuzzy reading is accepted as ``how="corrected"`` with a message saying
what was read as what, and anything else is refused with a ``problem`` id, a message and a
suggestion a table can act on.

Readings, tried in this order on a cleaned copy of the cell (Unicode NFKC, curly quotes made
straight, dashes made hyphens, whitespace collapsed, surrounding punctuation and a leading list
number such as ``1.`` removed):

1. **A number alone** (``3``) is never a principle: it could be a rank or any level's number.
2. **A code**: a level word, an optional ``principle``, a number, in any case and spacing
   (``macro 1``, ``MACRO1``, ``Macro principle 1:``, ``MESO–3``). Text after the code (the
   dropdown label, the seed's heading form, ``code - text``) must not point at another
   principle. A level word with a small slip (``Marco 1``) or a clear abbreviation (``Mic 2``)
   is accepted as corrected; ``M1`` is ambiguous; a number outside a level is an unknown code.
3. **The text**, compared as lower-case words without punctuation (``&`` read as ``and``):
   the full text, or a **leading part** of it with at least :data:`MIN_PREFIX_WORDS` words and
   :data:`MIN_PREFIX_CHARS` characters that starts exactly one principle (the last word may be
   cut short). A code after the words (``Shared decision making (MICRO-1)``) must agree.
4. **Small typos**: :mod:`difflib` similarity against each principle's full text and its
   leading words. The best must reach :data:`ACCEPT_RATIO` and beat the runner-up by
   :data:`MARGIN`; otherwise it is ambiguous (two nearly equally close) or no match (with the
   closest as a suggestion when it reaches :data:`SUGGEST_RATIO`). Fuzzy matching never
   applies to a code's number, so ``MACRO 6`` is an unknown code, never ``MACRO-5``.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, Literal

from sheets_sync.core.principles import PRINCIPLES, Level, Principle
from sheets_sync.model import CellValue, Formula

How = Literal["code", "label", "text", "prefix", "corrected"]
Problem = Literal["empty", "formula", "unknown_code", "ambiguous", "no_match"]

MIN_PREFIX_WORDS: Final = 2
MIN_PREFIX_CHARS: Final = 10
ACCEPT_RATIO: Final = 0.85
SUGGEST_RATIO: Final = 0.65
MARGIN: Final = 0.04
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


# --------------------------------------------------------------------------- text shaping

_QUOTES: Final = str.maketrans(
    "\u2018\u2019\u201a\u201b\u2032`\u00b4\u201c\u201d\u201e\u2010\u2011\u2012\u2013\u2014\u2015\u2212",
    "'''''''\"\"\"-------",
)
_EDGE_PUNCT: Final = " .,;:!?\"'*_-()[]{}<>/\\|•·=+@"
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
_LEVEL_ONLY = re.compile(r"^(?P<level>macro|meso|micro)(?:[\s\-]*princip[a-z]*)?$")
_REST_LEAD: Final = " \t\n-:.,;)]}/|="


def _clean(text: str) -> str:
    """Case-folded, NFKC, straight quotes, hyphens, single spaces, no edge punctuation."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    text = " ".join(text.split()).casefold()
    return text.strip(_EDGE_PUNCT)


def _key(text: str) -> str:
    """Words only, for comparing texts: no apostrophes, other punctuation as spaces."""
    text = _clean(text).replace("&", " and ").replace("'", "")
    return " ".join(re.sub(r"[\W_]+", " ", text).split())


_KEYS: Final[dict[Principle, str]] = {p: _key(p.text) for p in PRINCIPLES}


def _show(typed: str, limit: int = 40) -> str:
    """The typed text quoted for a message, on one line and cut to ``limit`` characters."""
    flat = " ".join(typed.split())
    if len(flat) > limit:
        flat = flat[: limit - 1].rstrip() + "…"
    return f"'{flat}'"


def _codes(ps: Sequence[Principle], last: str = "or") -> str:
    """``MACRO-1, MESO-1 or MICRO-1``."""
    codes = [p.code for p in ps]
    if len(codes) <= 1:
        return "".join(codes)
    return ", ".join(codes[:-1]) + f" {last} " + codes[-1]


def _as_text(typed: CellValue) -> str:
    if typed is None:
        return ""
    if isinstance(typed, float) and typed.is_integer():
        return str(int(typed))
    return str(typed)


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
    tip = f"type the code, e.g. {_codes(candidates[:2])}" if candidates else _PICK
    return _refuse(typed, "ambiguous", message, tip, candidates)


def _accept(typed: str, p: Principle, how: How) -> Resolution:
    message = f"read {_show(typed)} as {p.code}" if how == "corrected" else ""
    return Resolution(typed, p, how, None, (), message, "")


# --------------------------------------------------------------------------- text matching


@dataclass(frozen=True)
class _TextMatch:
    """What a text key matched: ``principles`` are the match, the tie or the suggestions."""

    kind: Literal["text", "prefix", "corrected", "starts", "close", "too_short", "none"]
    principles: tuple[Principle, ...] = ()

    @property
    def points_to(self) -> tuple[Principle, ...]:
        """The principles this text could mean (empty for no match or a mere suggestion)."""
        return () if self.kind in ("none", "too_short") else self.principles


def _similarity(typed: str, p: Principle) -> float:
    """Best difflib ratio of ``typed`` against the full text and its leading n-1..n+1 words."""
    words = _KEYS[p].split()
    n = len(typed.split())
    targets = {_KEYS[p]} | {" ".join(words[:k]) for k in (n - 1, n, n + 1) if 0 < k <= len(words)}
    return max(difflib.SequenceMatcher(None, typed, t, autojunk=False).ratio() for t in targets)


def _long_enough(key: str) -> bool:
    return len(key) >= MIN_PREFIX_CHARS and len(key.split()) >= MIN_PREFIX_WORDS


def _match_text(key: str) -> _TextMatch:
    """Match a :func:`_key` against the texts: exact, leading part, then fuzzy."""
    if not key:
        return _TextMatch("none")
    exact = tuple(p for p in PRINCIPLES if _KEYS[p] == key)
    if exact:
        return _TextMatch("text", exact)
    starts = tuple(p for p in PRINCIPLES if _KEYS[p].startswith(key))
    if len(starts) > 1:
        return _TextMatch("starts", starts)
    if starts:
        return _TextMatch("prefix" if _long_enough(key) else "too_short", starts)
    scored = sorted(((_similarity(key, p), p) for p in PRINCIPLES), key=lambda sp: -sp[0])
    best, runner_up = scored[0][0], scored[1][0]
    near = tuple(p for score, p in scored if score >= best - MARGIN)
    if best >= ACCEPT_RATIO and _long_enough(key):
        return _TextMatch("close" if runner_up >= best - MARGIN else "corrected", near)
    return _TextMatch("none", near if best >= SUGGEST_RATIO else ())


def _resolve_text(typed: str, key: str) -> Resolution:
    m = _match_text(key)
    for how in ("text", "prefix", "corrected"):
        if m.kind == how:
            return _accept(typed, m.principles[0], how)
    if m.kind == "starts":
        return _ambiguous(typed, f"it is how {_codes(m.principles, 'and')} begin", m.principles)
    if m.kind == "close":
        message = f"it is about equally close to {_codes(m.principles, 'and')}"
        return _ambiguous(typed, message, m.principles)
    if m.kind == "too_short":
        message = "it is too short to tell which principle is meant"
        tip = f"did you mean {m.principles[0].code}? type the code or more of the text"
        return _refuse(typed, "no_match", message, tip, m.principles)
    if m.principles:
        message = "it is not close enough to any of the 17 principles to be sure"
        tip = f"did you mean {_codes(m.principles)}?"
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
    return _match_text(_key(rest)).points_to, False


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
    words = _match_text(_key(_CODE_ANYWHERE.sub(" ", cleaned))).points_to
    agreed = tuple(p for p in named if p in words)
    if len(agreed) == 1:
        return _accept(typed, agreed[0], "label")
    if not words:
        tip = f"did you mean {_codes(named)}? type the code alone"
        return _refuse(typed, "no_match", "it names a code inside other text", tip, named)
    both = tuple(dict.fromkeys((*words, *named)))
    message = f"the text says {_codes(words)} but the code says {_codes(named)}"
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
        message = f"the code says {_codes(candidates)} but what follows says {_codes(said)}"
        return _ambiguous(typed, message, both)
    if len(levels) > 1:
        unclear = (
            f"it could be {_codes(candidates)}"
            if len(candidates) > 1
            else f"the level is not clear (only {candidates[0].code} exists)"
        )
        return _ambiguous(typed, unclear, candidates)
    return _accept(typed, candidates[0], "corrected" if level_corrected else "code")


# --------------------------------------------------------------------------- entry point


def resolve_principle(typed: CellValue) -> Resolution:
    """Read one principle cell. See the module docstring for what is accepted and refused.

    Deterministic and total: any cell value gives a :class:`Resolution`, never an exception.
    A :class:`~sheets_sync.model.Formula` is refused (``"formula"``); ``None``, whitespace
    or punctuation alone is ``"empty"``; numbers, booleans and dates are read as their text.
    """
    if isinstance(typed, bool):
        return _refuse(str(typed).upper(), "no_match", "a tick box is not a principle", _PICK)
    text = _as_text(typed)
    if isinstance(typed, Formula):
        tip = "type the principle or pick it from the dropdown"
        return _refuse(text, "formula", "a formula is not read", tip)
    cleaned = _clean(text)
    if not cleaned:
        return _refuse(text, "empty", "nothing is typed", "pick a principle from the dropdown")
    if number := _NUMBER_ONLY.match(cleaned):
        same = _with_number(_LEVELS, int(number[1]))
        if same:
            return _ambiguous(text, f"a number alone could be {_codes(same)}", same)
        return _refuse(text, "no_match", "a number alone is not a principle", _PICK)
    cleaned = _LIST_NUMBER.sub("", cleaned)
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
    return _resolve_text(text, _key(cleaned))
