"""How the cells people type are compared with the 17 principles' texts.

Pure: no I/O. :func:`clean` makes a cell comparable (Unicode NFKC, curly quotes made straight,
dashes made hyphens, whitespace collapsed, surrounding punctuation removed); :func:`key` keeps
its words only; :func:`match_text` reads a key as one principle's text, a leading part of it,
or a close spelling, and says when it could be several.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, Literal

from sheets_sync.core.principles import PRINCIPLES, Principle
from sheets_sync.model import CellValue

MIN_PREFIX_WORDS: Final = 2
MIN_PREFIX_CHARS: Final = 10
ACCEPT_RATIO: Final = 0.85
SUGGEST_RATIO: Final = 0.65
MARGIN: Final = 0.04

_QUOTES: Final = str.maketrans(
    "\u2018\u2019\u201a\u201b\u2032`\u00b4\u201c\u201d\u201e\u2010\u2011\u2012\u2013\u2014\u2015\u2212",
    "'''''''\"\"\"-------",
)
_EDGE_PUNCT: Final = " .,;:!?\"'*_-()[]{}<>/\\|•·=+@"


def clean(text: str) -> str:
    """Case-folded, NFKC, straight quotes, hyphens, single spaces, no edge punctuation."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    text = " ".join(text.split()).casefold()
    return text.strip(_EDGE_PUNCT)


def key(text: str) -> str:
    """Words only, for comparing texts: no apostrophes, other punctuation as spaces."""
    text = clean(text).replace("&", " and ").replace("'", "")
    return " ".join(re.sub(r"[\W_]+", " ", text).split())


KEYS: Final[dict[Principle, str]] = {p: key(p.text) for p in PRINCIPLES}


def show(typed: str, limit: int = 40) -> str:
    """The typed text quoted for a message, on one line and cut to ``limit`` characters."""
    flat = " ".join(typed.split())
    if len(flat) > limit:
        flat = flat[: limit - 1].rstrip() + "…"
    return f"'{flat}'"


def codes(ps: Sequence[Principle], last: str = "or") -> str:
    """``MACRO-1, MESO-1 or MICRO-1``."""
    codes = [p.code for p in ps]
    if len(codes) <= 1:
        return "".join(codes)
    return ", ".join(codes[:-1]) + f" {last} " + codes[-1]


def as_text(typed: CellValue) -> str:
    if typed is None:
        return ""
    if isinstance(typed, float) and typed.is_integer():
        return str(int(typed))
    return str(typed)


@dataclass(frozen=True)
class TextMatch:
    """What a text key matched: ``principles`` are the match, the tie or the suggestions."""

    kind: Literal["text", "prefix", "corrected", "starts", "close", "too_short", "none"]
    principles: tuple[Principle, ...] = ()

    @property
    def points_to(self) -> tuple[Principle, ...]:
        """The principles this text could mean (empty for no match or a mere suggestion)."""
        return () if self.kind in ("none", "too_short") else self.principles


def similarity(typed: str, p: Principle) -> float:
    """Best difflib ratio of ``typed`` against the full text and its leading n-1..n+1 words."""
    words = KEYS[p].split()
    n = len(typed.split())
    targets = {KEYS[p]} | {" ".join(words[:k]) for k in (n - 1, n, n + 1) if 0 < k <= len(words)}
    return max(difflib.SequenceMatcher(None, typed, t, autojunk=False).ratio() for t in targets)


def long_enough(key: str) -> bool:
    return len(key) >= MIN_PREFIX_CHARS and len(key.split()) >= MIN_PREFIX_WORDS


def match_text(key: str) -> TextMatch:
    """Match a :func:`key` against the texts: exact, leading part, then fuzzy."""
    if not key:
        return TextMatch("none")
    exact = tuple(p for p in PRINCIPLES if KEYS[p] == key)
    if exact:
        return TextMatch("text", exact)
    starts = tuple(p for p in PRINCIPLES if KEYS[p].startswith(key))
    if len(starts) > 1:
        return TextMatch("starts", starts)
    if starts:
        return TextMatch("prefix" if long_enough(key) else "too_short", starts)
    scored = sorted(((similarity(key, p), p) for p in PRINCIPLES), key=lambda sp: -sp[0])
    best, runner_up = scored[0][0], scored[1][0]
    near = tuple(p for score, p in scored if score >= best - MARGIN)
    if best >= ACCEPT_RATIO and long_enough(key):
        return TextMatch("close" if runner_up >= best - MARGIN else "corrected", near)
    return TextMatch("none", near if best >= SUGGEST_RATIO else ())
