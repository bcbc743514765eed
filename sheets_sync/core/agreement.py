"""How far the tables agree with each other: Kendall's coefficient of concordance *W*.

Each table's ranking is read as a ranking of **all 17** principles: the principles it ranked get
ranks 1..k in its order, and the 17 − k it left out share the bottom, each taking the average
of the ranks they cover, ``(k + 1 + 17) / 2`` (mid-rank ties). With *m* tables, *n* = 17
principles, ``R_i`` the sum of principle *i*'s ranks over the tables and, for table *j*,
``T_j = Σ (t³ − t)`` over its groups of *t* tied principles::

    S = Σ_i (R_i − m(n + 1)/2)²
    W = 12 S / (m²(n³ − n) − m Σ_j T_j)

This is the standard tie-corrected W. It is 1 when every table ranks the same way and 0 when
the rank sums are all equal; it never leaves [0, 1]. The arithmetic is exact (fractions) and
converted to a float only at the end, so hand-worked values can be checked with ``==``.

W is read in plain words, from its value rounded to two decimals (as it is shown), with fixed
thresholds: **W ≥ 0.7 "strong agreement"**, **≥ 0.5
"moderate agreement"**, **≥ 0.3 "fair agreement"**, otherwise **"weak agreement"**. W is
undefined for fewer than two tables: ``w`` is then ``None`` and the reading "not enough tables".

Note for whoever explains the number to the room: with few tables W is high even by chance. If
the *m* tables had ranked at random, W would be about ``1 / m`` on average (0.25 for four
tables), which :attr:`Agreement.chance` reports beside it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Final

from sheets_sync.core.principles import CODES

READINGS: Final[tuple[tuple[float, str], ...]] = (
    (0.7, "strong agreement"),
    (0.5, "moderate agreement"),
    (0.3, "fair agreement"),
    (0.0, "weak agreement"),
)
"""``(lowest W, reading)`` pairs, strongest first: W takes the first reading it reaches."""

NOT_ENOUGH_TABLES: Final = "not enough tables"


@dataclass(frozen=True)
class Agreement:
    """Kendall's W over the tables, with its plain-words reading.

    ``w`` is ``None`` (and ``reading`` is ``"not enough tables"``) for fewer than two tables;
    ``tables`` is how many tables it was computed over; ``chance`` is ``1 / tables``, roughly
    what W would be if the tables had ranked at random (``None`` when ``w`` is).
    """

    w: float | None
    reading: str
    tables: int
    chance: float | None = None


def reading(w: float | None) -> str:
    """The plain-words reading of a W value (see :data:`READINGS`); ``None`` → not enough tables."""
    if w is None:
        return NOT_ENOUGH_TABLES
    shown = round(w, 2)  # read the value people see, so 0.6996 shown as 0.70 reads "strong"
    return next(words for lowest, words in READINGS if shown >= lowest)


def kendalls_w(rankings: Sequence[Sequence[str]], codes: Sequence[str] = CODES) -> Agreement:
    """Kendall's W (tie-corrected) over ``rankings``, each a table's codes in rank order 1..k.

    ``codes`` is the set of everything being ranked (the 17 principles); a code a table did not
    rank is tied at the bottom of that table's ranking. Every ranked code must be in ``codes``
    and appear at most once per table (``ValueError`` otherwise).
    """
    m = len(rankings)
    if m < 2:
        return Agreement(w=None, reading=NOT_ENOUGH_TABLES, tables=m)
    n = len(codes)
    index = {code: i for i, code in enumerate(codes)}
    rank_sums = [Fraction(0)] * n
    tie_total = 0
    for ranking in rankings:
        unknown = [code for code in ranking if code not in index]
        if unknown or len(set(ranking)) != len(ranking):
            raise ValueError(f"a ranking must name distinct codes from {list(codes)}: {ranking}")
        k = len(ranking)
        bottom = Fraction(k + 1 + n, 2)
        ranks = [bottom] * n
        for rank, code in enumerate(ranking, start=1):
            ranks[index[code]] = Fraction(rank)
        rank_sums = [total + r for total, r in zip(rank_sums, ranks, strict=True)]
        tied = n - k
        tie_total += tied**3 - tied
    mean = Fraction(m * (n + 1), 2)
    s = sum(((r - mean) ** 2 for r in rank_sums), start=Fraction(0))
    denominator = m * m * (n**3 - n) - m * tie_total
    if denominator == 0:  # every table left everything tied: there is no order to agree on
        return Agreement(w=None, reading=NOT_ENOUGH_TABLES, tables=m)
    w = float(12 * s / denominator)
    return Agreement(w=w, reading=reading(w), tables=m, chance=1 / m)
