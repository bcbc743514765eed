"""The ordering methods and tie-break criteria, checked and put into words: the rules
(:func:`method_description`, :func:`tie_break_description`) and the notes on ties that the room
reads beside a suggestion (:func:`consensus_notes`).

:mod:`sheets_sync.core.aggregate` orders the tallies with :data:`PRIMARY` and :data:`CRITERIA`
and re-exports the public names. Pure.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from typing import Final

from sheets_sync.core.tally import Levels, PrincipleTally, TableRanking

METHODS: Final[tuple[str, ...]] = ("borda", "schulze", "copeland", "tables")
DEFAULT_TIE_BREAK: Final[tuple[str, ...]] = ("tables", "best_rank", "score")
NO_TABLES_NOTE: Final = "No valid tables yet: there is nothing to suggest."


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _inf(value: float | None) -> float:
    return math.inf if value is None else value


def _or(value: float | None, missing: str, fmt: Callable[[float], str] = str) -> str:
    return missing if value is None else fmt(value)


# Each criterion: (sort key, smaller first), words for the rule, reason when it separates a pair.
CRITERIA: Final[dict[str, tuple[Callable[[PrincipleTally], float], str, str]]] = {
    "tables": (lambda t: -t.tables, "more tables choosing it", "more tables chose it"),
    "points": (lambda t: -t.points, "more points", "more points"),
    "best_rank": (lambda t: _inf(t.best_rank), "better best rank", "better best rank"),
    "mean_rank": (lambda t: _inf(t.mean_rank), "better mean rank", "better mean rank"),
    "score": (
        lambda t: _inf(t.score),
        "lower assessment score (more room to improve; unscored last)",
        "lower assessment score, so more room to improve",
    ),
}
TIE_BREAKS: Final[tuple[str, ...]] = tuple(CRITERIA)


def _show(criterion: str, t: PrincipleTally) -> str:
    if criterion == "best_rank":
        return _or(t.best_rank, "none", lambda r: _ordinal(int(r)))
    if criterion == "mean_rank":
        return _or(t.mean_rank, "none", lambda r: f"{r:.2f}")
    if criterion == "score":
        return _or(t.score, "not assessed")
    return str(t.tables if criterion == "tables" else t.points)


#: The value each method orders by (more first).
PRIMARY: Final[dict[str, Callable[[PrincipleTally], float]]] = {
    "borda": lambda t: t.points,
    "tables": lambda t: t.tables,
    "schulze": lambda t: t.schulze_wins,
    "copeland": lambda t: t.copeland,
}

_METHOD_RULES: Final[dict[str, str]] = {
    "borda": "Points: a table's 1st choice earns 5, 2nd 4, 3rd 3, 4th 2, 5th 1, later ranks "
    "nothing; most points first.",
    "tables": "Tables choosing it: how many tables put it in their top five; most first.",
    "schulze": "Schulze: a table prefers A to B if it ranks A above B or ranks A and not B. A "
    "beats B if the strongest chain of head-to-head majorities from A to B is stronger than "
    "from B to A; the principle that beats most others comes first.",
    "copeland": "Copeland: a table prefers A to B if it ranks A above B or ranks A and not B. A "
    "principle scores 1 for each principle more tables prefer it to, 1/2 for each draw; "
    "highest first.",
}
_NEVER_UNCHOSEN: Final = " A principle no table put in its top five is never suggested."


def criteria_of(tie_break: str | Sequence[str]) -> tuple[str, ...]:
    """The tie-break criteria as a tuple; a single name is accepted as a one-criterion rule."""
    criteria = (tie_break,) if isinstance(tie_break, str) else tuple(tie_break)
    check_rules(METHODS[0], criteria)
    return criteria


def check_rules(method: str, tie_break: Sequence[str]) -> None:
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}: choose one of {', '.join(METHODS)}")
    for criterion in tie_break:
        if criterion not in CRITERIA:
            raise ValueError(
                f"unknown tie-break {criterion!r}: choose from {', '.join(TIE_BREAKS)}"
            )
    if len(set(tie_break)) != len(tie_break):
        raise ValueError(f"a tie-break criterion is repeated: {tuple(tie_break)}")


def tie_break_description(criteria: str | Sequence[str]) -> str:
    """The tie-break rule in words (``ValueError`` if a criterion is unknown).

    A phrase with no capital and no full stop, made to follow "Tie-break:", e.g. "more tables
    choosing it, then better best rank, then …; if still tied, the room decides".
    """
    criteria = criteria_of(criteria)
    if not criteria:
        return "none, so tied principles are left for the room to decide"
    words = ", then ".join(CRITERIA[c][1] for c in criteria)
    return f"{words}; if still tied, the room decides"


def method_description(method: str) -> str:
    """The ordering rule of ``method`` in words (``ValueError`` if unknown)."""
    check_rules(method, ())
    return _METHOD_RULES[method] + _NEVER_UNCHOSEN


def _level_words(method: str, t: PrincipleTally) -> str:
    if method == "borda":
        return f" on {t.points} point{'s' * (t.points != 1)}"
    if method == "tables":
        return f", each chosen by {t.tables} table{'s' * (t.tables != 1)}"
    if method == "schulze":
        return f" in the Schulze order, each beating {t.schulze_wins} others"
    return f" on a Copeland score of {t.copeland:g}"


def _and(codes: Sequence[str]) -> str:
    return codes[0] if len(codes) == 1 else f"{', '.join(codes[:-1])} and {codes[-1]}"


def _tie_notes(levels: Levels, method: str, tie_break: Sequence[str], size: int) -> list[str]:
    """One sentence per level group of chosen principles reaching into the top ``size``.

    The sentence about a tie that leaves places in the suggestion open comes first: it explains
    an empty cell, and a renderer short of room keeps the first notes.
    """
    notes: list[tuple[bool, str]] = []
    after = "after every tie-break" if tie_break else "with no tie-break set"
    for subgroups in levels:
        first = subgroups[0][0]
        if not first.chosen or first.position > size or not first.tied_before_break:
            continue
        members = _and([t.code for g in subgroups for t in g])
        clauses = [f"{members} are level{_level_words(method, first)}"]
        for upper, lower in itertools.pairwise(subgroups):
            a, b = upper[-1], lower[0]
            if a.position > size:  # below the suggestion: not the room's concern here
                break
            c = next(c for c in tie_break if CRITERIA[c][0](a) != CRITERIA[c][0](b))
            clauses.append(
                f"{a.code} goes above {b.code}: {CRITERIA[c][2]} ({_show(c, a)} v {_show(c, b)})"
            )
        open_places = False
        for g in subgroups:
            place = g[0].position
            if len(g) == 1 or place > size:
                continue
            clause = f"{_and([t.code for t in g])} are still tied for {_ordinal(place)} place"
            if len(subgroups) == 1:
                clause = f"still tied for {_ordinal(place)} place"
            clause += f" {after}: the room decides"
            if place <= size < place + len(g) - 1:
                open_places = True
                clause += f", so the suggestion has {place - 1}, not {size}"
            clauses.append(clause)
        joined = " and ".join(clauses) if len(subgroups) == 1 else "; ".join(clauses)
        notes.append((not open_places, joined + "."))
    return [text for _, text in sorted(notes, key=lambda n: n[0])]


def consensus_notes(
    rankings: Sequence[TableRanking],
    levels: Levels,
    method: str,
    tie_break: Sequence[str],
    size: int,
) -> tuple[str, ...]:
    """The notes to show beside a suggestion, most urgent first: no tables, too few chosen
    principles, then the tie sentences of :func:`_tie_notes`."""
    if not rankings:
        return (NO_TABLES_NOTE,)
    chosen = sum(t.chosen for level in levels for g in level for t in g)
    few = (
        [f"Only {chosen} principles were chosen by any table, so the suggestion has {chosen}."]
        if chosen < size
        else []
    )
    return (*few, *_tie_notes(levels, method, tie_break, size))
