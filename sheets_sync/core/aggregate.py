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

The tallies are computed in :mod:`sheets_sync.core.tally`; the rules, their words and the
tie notes are in :mod:`sheets_sync.core.rules`. Their public names are re-exported here.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from types import MappingProxyType

from sheets_sync.core.agreement import Agreement, kendalls_w
from sheets_sync.core.principles import CODES
from sheets_sync.core.rules import (
    CRITERIA,
    DEFAULT_TIE_BREAK,
    METHODS,
    NO_TABLES_NOTE,
    PRIMARY,
    TIE_BREAKS,
    check_rules,
    consensus_notes,
    criteria_of,
    method_description,
    tie_break_description,
)
from sheets_sync.core.tally import (
    CODE_INDEX,
    TOP,
    Levels,
    PrincipleTally,
    TableRanking,
    tally_principles,
)

__all__ = [
    "DEFAULT_TIE_BREAK",
    "METHODS",
    "NO_TABLES_NOTE",
    "TIE_BREAKS",
    "TOP",
    "Agreement",
    "Consensus",
    "Levels",
    "PrincipleTally",
    "TableRanking",
    "build_consensus",
    "method_description",
    "tie_break_description",
]


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


def _order(
    tallies: Sequence[PrincipleTally], method: str, tie_break: Sequence[str]
) -> tuple[Levels, tuple[PrincipleTally, ...]]:
    """Order ``tallies`` for ``method``, set positions and ties; return the levels and the order."""

    def level(t: PrincipleTally) -> tuple[bool, float]:
        return (not t.chosen, -PRIMARY[method](t))

    def key(t: PrincipleTally) -> tuple[float, ...]:
        return (*level(t), *(CRITERIA[c][0](t) for c in tie_break))

    ordered = sorted(tallies, key=lambda t: (key(t), CODE_INDEX[t.code]))
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
    tie_break = criteria_of(tie_break)
    check_rules(method, tie_break)
    if not 1 <= size <= len(CODES):
        raise ValueError(f"size must be a whole number from 1 to {len(CODES)}, not {size}")
    bad = {c: s for c, s in scores.items() if c not in CODE_INDEX or s not in range(1, 5)}
    if bad:
        raise ValueError(f"assessment scores must map principle codes to 1-4: {bad}")
    names = [r.table for r in rankings]
    if len(set(names)) != len(names):
        raise ValueError(f"table names must be distinct: {names}")

    tallies = tally_principles(rankings, scores)
    results = {m: _order(tallies, m, tie_break) for m in METHODS}
    suggestions = {m: _suggest(levels, size) for m, (levels, _) in results.items()}
    levels, ordered = results[method]
    suggested = suggestions[method]
    return Consensus(
        method=method,
        tallies=ordered,
        suggested=suggested,
        size=size,
        tie_notes=consensus_notes(rankings, levels, method, tie_break, size),
        tie_break=tie_break,
        tie_break_rule=tie_break_description(tie_break),
        method_rule=method_description(method),
        alternatives=MappingProxyType({m: s for m, s in suggestions.items() if m != method}),
        agreement=kendalls_w([r.codes for r in rankings]),
        tables=tuple(names),
    )
