"""What the tables' rankings say about each principle: :class:`PrincipleTally` per principle
(points, tables choosing it, mean and best rank, Schulze wins, Copeland score).

The input is :class:`TableRanking`; the maths is described in :mod:`sheets_sync.core.aggregate`,
which orders these tallies into a consensus. Pure.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from sheets_sync.core.principles import CODES

TOP: Final = 5
"""Ranks 1..TOP are a table's top five: they earn points and count as 'choosing' a principle."""


#: Each canonical code's place in :data:`~sheets_sync.core.principles.CODES`.
CODE_INDEX: Final = {code: i for i, code in enumerate(CODES)}


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


def _pairwise(rankings: Sequence[TableRanking]) -> list[list[int]]:
    """``d[a][b]`` = number of tables preferring principle ``a`` to ``b`` (indices into CODES)."""
    n = len(CODES)
    d = [[0] * n for _ in range(n)]
    for ranking in rankings:
        rank = {CODE_INDEX[code]: r for r, code in enumerate(ranking.codes)}
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


def tally_principles(
    rankings: Sequence[TableRanking], scores: Mapping[str, int]
) -> tuple[PrincipleTally, ...]:
    """One tally per canonical code, in code order, not yet ordered or positioned."""
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
