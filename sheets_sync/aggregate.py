"""Turn the tables' rankings into a suggested consensus top five, with every tie in plain sight.

Pure functions over plain data: :func:`build_consensus` takes each table's ranking (codes in
rank order 1..n, 5 ≤ n ≤ 17) and the THRIVE Assessment Tool scores, and returns a
:class:`Consensus` that the Consensus tab and the HTML report render as they are.

Measures, all computed from the same rankings (the "top five" is always ranks 1-5):

* **points** (truncated Borda, the default method): rank 1..5 earns 5..1 points, ranks beyond 5
  earn 0; summed over tables.
* **tables**: how many tables put the principle in their top five ("tables choosing it").
* **mean_rank** / **best_rank**: mean and best of the ranks (1-5) it got from the tables that put
  it in their top five; ``None`` if no table did. The mean ignores tables that left it out, so a
  principle one table ranked 1st has mean 1.0: read it beside ``tables``, never alone.
* **pairwise**: a table prefers A to B if it ranks A above B, or ranks A and not B; if it ranks
  neither it has no preference. ``d[A][B]`` counts the tables preferring A to B (all ranks,
  including those beyond 5).
  - **Schulze** (winning votes): the link A→B has strength ``d[A][B]`` if ``d[A][B] > d[B][A]``,
    else 0; ``p[A][B]`` is the strength of the strongest path (its weakest link) from A to B;
    A *beats* B when ``p[A][B] > p[B][A]``. ``schulze_wins`` = how many of the other 16
    principles it beats. That relation is transitive, so ordering by ``schulze_wins`` never
    puts a principle below one it beats.
  - **Copeland**: one point per principle it beats head to head (``d[A][B] > d[B][A]``), half a
    point per draw; ``copeland`` is that score (0..16).

Order and ties. The chosen method's value orders the principles (more first), except that a
principle no table put in its top five always comes after every principle some table chose, and
is never suggested. Principles level on that value are then separated by the tie-break
criteria, in the given order (default: more tables choosing it, better best rank, lower
assessment score = more room to improve). Principles still level after every criterion are
**tied**: they share a position (competition ranking, 1, 2, 2, 4) and name each other in
``tied_with``; they are listed in canonical code order only so the output is deterministic.
The suggestion takes whole tie groups from the top while they fit in ``size``; a tie group that
would overflow it is left out and reported, so the suggestion may hold fewer than ``size``
principles, and ``tie_notes`` says why.

Guarantees (each tested): identical tables give exactly their order; the order of the tables
never matters; a principle no table chose is never suggested; ties are never hidden by sort
order. Adding a table that ranks the current leader first never lowers it under points or
tables. The pairwise orders promise less: that table may also reorder principles below the
leader and so weaken the chains that kept it on top; only a leader that beats every other
principle head to head (a Condorcet winner) is sure to stay first.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Final

from sheets_sync.agreement import Agreement, kendalls_w
from sheets_sync.principles import CODES

TOP: Final = 5
"""Ranks 1..TOP are a table's top five: they earn points and count as 'choosing' a principle."""

METHODS: Final[tuple[str, ...]] = ("borda", "schulze", "copeland", "tables")
DEFAULT_TIE_BREAK: Final[tuple[str, ...]] = ("tables", "best_rank", "score")
NO_TABLES_NOTE: Final = "No valid tables yet: there is nothing to suggest."

_INDEX: Final = {code: i for i, code in enumerate(CODES)}


@dataclass(frozen=True)
class TableRanking:
    """One table's ranking: ``codes[0]`` is its priority 1. 5 to 17 distinct canonical codes."""

    table: str
    codes: tuple[str, ...]

    def __post_init__(self) -> None:
        unknown = sorted(set(self.codes) - set(CODES))
        if unknown:
            raise ValueError(f"table {self.table!r}: unknown principle codes {unknown}")
        if len(set(self.codes)) != len(self.codes):
            raise ValueError(f"table {self.table!r}: a principle is ranked twice")
        if not TOP <= len(self.codes) <= len(CODES):
            raise ValueError(f"table {self.table!r}: needs {TOP} to {len(CODES)} ranked codes")


@dataclass(frozen=True)
class PrincipleTally:
    """Everything the aggregate says about one principle (see the module docstring for the maths).

    ``pairwise`` is the value for a single "Pairwise" column: ``copeland`` when the method is
    Copeland, ``schulze_wins`` otherwise. ``position`` is its 1-based place in the chosen
    method's order after tie-breaks (tied principles share it); ``tied_with`` names the
    principles it is still tied with after every tie-break; ``tied_before_break`` names those
    level with it on the method's own value, before any tie-break (a superset of ``tied_with``).
    """

    code: str
    tables: int
    points: int
    mean_rank: float | None
    best_rank: int | None
    score: int | None
    schulze_wins: int
    copeland: float
    pairwise: float = 0.0
    position: int = 0
    tied_with: tuple[str, ...] = ()
    tied_before_break: tuple[str, ...] = ()

    @property
    def chosen(self) -> bool:
        """Whether any table put it in its top five (only chosen principles can be suggested)."""
        return self.tables > 0


@dataclass(frozen=True)
class Consensus:
    """The aggregate, the suggested top ``size`` and what the room needs to read beside it.

    ``tallies`` holds all 17 principles in the chosen method's order; ``suggested`` the
    suggested codes (at most ``size``: fewer when a tie or too few chosen principles leave
    places open). ``tie_notes`` are the plain sentences to show beside the suggestion, most
    urgent first: "no valid tables yet" or why the suggestion is short, then one sentence per
    tie that reaches into the top ``size``, saying how it was broken or that the room decides.
    ``alternatives`` maps every other method to its suggestion under the same tie-break and
    size. ``tie_break_rule`` and ``method_rule`` say the rules in words.
    """

    method: str
    tallies: tuple[PrincipleTally, ...]
    suggested: tuple[str, ...]
    size: int
    tie_notes: tuple[str, ...]
    tie_break: tuple[str, ...]
    tie_break_rule: str
    method_rule: str
    alternatives: Mapping[str, tuple[str, ...]] = field(hash=False)
    agreement: Agreement
    tables: tuple[str, ...]

    @property
    def depends_on_method(self) -> bool:
        """Whether another method would suggest a different *set* of principles.

        Compared as sets on purpose: the room agrees *which* principles to work on, and a
        different order of the same five is not a different choice. See
        :attr:`order_depends_on_method` for the stricter comparison.
        """
        return any(set(alt) != set(self.suggested) for alt in self.alternatives.values())

    @property
    def order_depends_on_method(self) -> bool:
        """Whether another method would suggest a different set or a different order."""
        return any(alt != self.suggested for alt in self.alternatives.values())

    def tally(self, code: str) -> PrincipleTally:
        """The tally for one principle code (``KeyError`` if it is not a canonical code)."""
        for t in self.tallies:
            if t.code == code:
                return t
        raise KeyError(code)


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _inf(value: float | None) -> float:
    return math.inf if value is None else value


def _or(value: float | None, missing: str, fmt: Callable[[float], str] = str) -> str:
    return missing if value is None else fmt(value)


# Each criterion: (sort key, smaller first), words for the rule, reason when it separates a pair.
_CRITERIA: Final[dict[str, tuple[Callable[[PrincipleTally], float], str, str]]] = {
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
TIE_BREAKS: Final[tuple[str, ...]] = tuple(_CRITERIA)


def _show(criterion: str, t: PrincipleTally) -> str:
    if criterion == "best_rank":
        return _or(t.best_rank, "none", lambda r: _ordinal(int(r)))
    if criterion == "mean_rank":
        return _or(t.mean_rank, "none", lambda r: f"{r:.2f}")
    if criterion == "score":
        return _or(t.score, "not assessed")
    return str(t.tables if criterion == "tables" else t.points)


_PRIMARY: Final[dict[str, Callable[[PrincipleTally], float]]] = {
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


def _criteria(tie_break: str | Sequence[str]) -> tuple[str, ...]:
    """The tie-break criteria as a tuple; a single name is accepted as a one-criterion rule."""
    criteria = (tie_break,) if isinstance(tie_break, str) else tuple(tie_break)
    _check(METHODS[0], criteria)
    return criteria


def _check(method: str, tie_break: Sequence[str]) -> None:
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}: choose one of {', '.join(METHODS)}")
    for criterion in tie_break:
        if criterion not in _CRITERIA:
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
    criteria = _criteria(criteria)
    if not criteria:
        return "none, so tied principles are left for the room to decide"
    words = ", then ".join(_CRITERIA[c][1] for c in criteria)
    return f"{words}; if still tied, the room decides"


def method_description(method: str) -> str:
    """The ordering rule of ``method`` in words (``ValueError`` if unknown)."""
    _check(method, ())
    return _METHOD_RULES[method] + _NEVER_UNCHOSEN


def _pairwise(rankings: Sequence[TableRanking]) -> list[list[int]]:
    """``d[a][b]`` = number of tables preferring principle ``a`` to ``b`` (indices into CODES)."""
    n = len(CODES)
    d = [[0] * n for _ in range(n)]
    for ranking in rankings:
        rank = {_INDEX[code]: r for r, code in enumerate(ranking.codes)}
        for a, ra in rank.items():
            for b in range(n):
                if b != a and ra < rank.get(b, n):
                    d[a][b] += 1
    return d


def _schulze_wins(d: list[list[int]]) -> list[int]:
    n = len(d)
    p = [[d[i][j] if d[i][j] > d[j][i] else 0 for j in range(n)] for i in range(n)]
    for k in range(n):
        for i in range(n):
            if i == k:
                continue
            for j in range(n):
                if j not in (i, k):
                    p[i][j] = max(p[i][j], min(p[i][k], p[k][j]))
    return [sum(p[i][j] > p[j][i] for j in range(n) if j != i) for i in range(n)]


def _copeland(d: list[list[int]]) -> list[float]:
    n = len(d)
    return [
        sum(1.0 if d[i][j] > d[j][i] else 0.5 if d[i][j] == d[j][i] else 0.0 for j in others)
        for i in range(n)
        for others in [[j for j in range(n) if j != i]]
    ]


def _tallies(
    rankings: Sequence[TableRanking], scores: Mapping[str, int]
) -> tuple[PrincipleTally, ...]:
    top_ranks: dict[str, list[int]] = {code: [] for code in CODES}
    for ranking in rankings:
        for rank, code in enumerate(ranking.codes[:TOP], start=1):
            top_ranks[code].append(rank)
    d = _pairwise(rankings)
    wins, copeland = _schulze_wins(d), _copeland(d)
    return tuple(
        PrincipleTally(
            code=code,
            tables=len(ranks),
            points=sum(TOP + 1 - r for r in ranks),
            mean_rank=sum(ranks) / len(ranks) if ranks else None,
            best_rank=min(ranks, default=None),
            score=scores.get(code),
            schulze_wins=wins[i],
            copeland=copeland[i],
        )
        for i, (code, ranks) in enumerate(top_ranks.items())
    )


Levels = list[list[list[PrincipleTally]]]
"""Groups level on the method's value, each split into groups still tied after tie-breaks."""


def _order(
    tallies: Sequence[PrincipleTally], method: str, tie_break: Sequence[str]
) -> tuple[Levels, tuple[PrincipleTally, ...]]:
    """Order ``tallies`` for ``method``, set positions and ties; return the levels and the order."""

    def level(t: PrincipleTally) -> tuple[bool, float]:
        return (not t.chosen, -_PRIMARY[method](t))

    def key(t: PrincipleTally) -> tuple[float, ...]:
        return (*level(t), *(_CRITERIA[c][0](t) for c in tie_break))

    ordered = sorted(tallies, key=lambda t: (key(t), _INDEX[t.code]))
    levels: Levels = []
    flat: list[PrincipleTally] = []
    for _, same_level in itertools.groupby(ordered, key=level):
        members = list(same_level)
        level_codes = [t.code for t in members]
        levels.append([])
        for _, same_key in itertools.groupby(members, key=key):
            tied = list(same_key)
            codes = [t.code for t in tied]
            position = len(flat) + 1
            group = [
                replace(
                    t,
                    pairwise=t.copeland if method == "copeland" else t.schulze_wins,
                    position=position,
                    tied_with=tuple(c for c in codes if c != t.code),
                    tied_before_break=tuple(c for c in level_codes if c != t.code),
                )
                for t in tied
            ]
            levels[-1].append(group)
            flat.extend(group)
    return levels, tuple(flat)


def _suggest(levels: Levels, size: int) -> tuple[str, ...]:
    suggested: list[str] = []
    for group in (g for level in levels for g in level):
        if not group[0].chosen or len(suggested) + len(group) > size:
            break
        suggested.extend(t.code for t in group)
    return tuple(suggested)


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
            c = next(c for c in tie_break if _CRITERIA[c][0](a) != _CRITERIA[c][0](b))
            clauses.append(
                f"{a.code} goes above {b.code}: {_CRITERIA[c][2]} ({_show(c, a)} v {_show(c, b)})"
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


def _notes(
    rankings: Sequence[TableRanking],
    levels: Levels,
    method: str,
    tie_break: Sequence[str],
    size: int,
) -> tuple[str, ...]:
    if not rankings:
        return (NO_TABLES_NOTE,)
    chosen = sum(t.chosen for level in levels for g in level for t in g)
    few = (
        [f"Only {chosen} principles were chosen by any table, so the suggestion has {chosen}."]
        if chosen < size
        else []
    )
    return (*few, *_tie_notes(levels, method, tie_break, size))


def build_consensus(
    rankings: Sequence[TableRanking],
    scores: Mapping[str, int] | None = None,
    *,
    method: str = "borda",
    tie_break: str | Sequence[str] = DEFAULT_TIE_BREAK,
    size: int = TOP,
) -> Consensus:
    """Aggregate the tables' ``rankings`` into a suggested consensus of ``size`` principles.

    ``scores`` maps codes to THRIVE Assessment Tool scores 1-4 (any subset; lower = more room
    to improve). ``method`` is one of :data:`METHODS`; ``tie_break`` an ordered sequence from
    :data:`TIE_BREAKS`. Unknown method or criterion, a repeated criterion, a bad score, a
    repeated table name or ``size`` outside 1..17 → ``ValueError``. No tables → a Consensus
    with an empty suggestion and :data:`NO_TABLES_NOTE`.
    """
    scores = dict(scores or {})
    tie_break = _criteria(tie_break)
    _check(method, tie_break)
    if not 1 <= size <= len(CODES):
        raise ValueError(f"size must be a whole number from 1 to {len(CODES)}, not {size}")
    bad = {c: s for c, s in scores.items() if c not in _INDEX or s not in range(1, 5)}
    if bad:
        raise ValueError(f"assessment scores must map principle codes to 1-4: {bad}")
    names = [r.table for r in rankings]
    if len(set(names)) != len(names):
        raise ValueError(f"table names must be distinct: {names}")

    tallies = _tallies(rankings, scores)
    results = {m: _order(tallies, m, tie_break) for m in METHODS}
    suggestions = {m: _suggest(levels, size) for m, (levels, _) in results.items()}
    levels, ordered = results[method]
    suggested = suggestions[method]
    return Consensus(
        method=method,
        tallies=ordered,
        suggested=suggested,
        size=size,
        tie_notes=_notes(rankings, levels, method, tie_break, size),
        tie_break=tie_break,
        tie_break_rule=tie_break_description(tie_break),
        method_rule=method_description(method),
        alternatives=MappingProxyType({m: s for m, s in suggestions.items() if m != method}),
        agreement=kendalls_w([r.codes for r in rankings]),
        tables=tuple(names),
    )
