"""Kendall's W over the tables: hand-worked values, its readings, and properties."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sheets_sync.core.agreement import NOT_ENOUGH_TABLES, Agreement, kendalls_w, reading
from sheets_sync.core.principles import CODES

THREE_TABLES = (
    ("MACRO-1", "MACRO-2", "MACRO-3", "MACRO-4", "MACRO-5"),
    ("MACRO-2", "MACRO-1", "MESO-1", "MACRO-3", "MESO-2"),
    ("MACRO-1", "MESO-1", "MACRO-2", "MESO-3", "MACRO-3"),
)


def test_three_tables_worked_by_hand() -> None:
    # m = 3 tables, n = 17. Each table ranks 5; the 12 it left out share ranks 6..17, so each
    # of them gets (6 + 17) / 2 = 11.5.
    # Rank sums R: MACRO-1 1+2+1 = 4, MACRO-2 2+1+3 = 6, MACRO-3 3+4+5 = 12,
    #   MACRO-4 4+11.5+11.5 = 27, MACRO-5 5+23 = 28, MESO-1 11.5+3+2 = 16.5,
    #   MESO-2 11.5+5+11.5 = 28, MESO-3 23+4 = 27, the 9 never ranked 3 × 11.5 = 34.5.
    # Mean R = m(n+1)/2 = 27. Squared deviations: 529 + 441 + 225 + 0 + 1 + 110.25 + 1 + 0
    #   + 9 × 56.25 = 1813.5 = S.
    # Ties: each table has one group of 12, 12³ − 12 = 1716; Σ over tables = 5148.
    # W = 12 S / (m²(n³ − n) − m Σ T) = 21762 / (9 × 4896 − 3 × 5148) = 21762 / 28620 = 403/530.
    agreement = kendalls_w(THREE_TABLES)
    assert agreement == Agreement(w=403 / 530, reading="strong agreement", tables=3, chance=1 / 3)


def test_tables_of_different_lengths_by_hand() -> None:
    # Table 1 ranks the first five codes; table 2 ranks all 17 in canonical order.
    # Codes 1..5: R = 2i, deviations from 18 are −16, −14, −12, −10, −8: squares sum to 760.
    # Codes 6..17: R = 11.5 + i, deviations −0.5, 0.5, 1.5, …, 10.5: squares sum to 443.
    # S = 1203. Ties: table 1 has a group of 12 (1716), table 2 none.
    # W = 12 × 1203 / (4 × 4896 − 2 × 1716) = 14436 / 16152 = 1203/1346 ≈ 0.894.
    agreement = kendalls_w([CODES[:5], CODES])
    assert agreement.w == 1203 / 1346
    assert agreement.reading == "strong agreement"


def test_opposite_full_rankings_have_no_agreement() -> None:
    # Every rank sum is i + (18 − i) = 18, the mean: S = 0, so W = 0.
    agreement = kendalls_w([CODES, CODES[::-1]])
    assert agreement.w == 0
    assert agreement.reading == "weak agreement"


@pytest.mark.parametrize("rankings", [[], [CODES[:5]]])
def test_fewer_than_two_tables_is_not_enough(rankings: list[tuple[str, ...]]) -> None:
    assert kendalls_w(rankings) == Agreement(
        w=None, reading=NOT_ENOUGH_TABLES, tables=len(rankings), chance=None
    )


@pytest.mark.parametrize(
    ("w", "words"),
    [
        (1.0, "strong agreement"),
        (0.7, "strong agreement"),
        (0.6996, "strong agreement"),  # shown as 0.70, so read as 0.70
        (0.6949, "moderate agreement"),
        (0.5, "moderate agreement"),
        (0.4949, "fair agreement"),
        (0.3, "fair agreement"),
        (0.2949, "weak agreement"),
        (0.0, "weak agreement"),
        (None, "not enough tables"),
    ],
)
def test_reading_thresholds(w: float | None, words: str) -> None:
    assert reading(w) == words


@pytest.mark.parametrize(
    "rankings",
    [
        [("MACRO-1", "MACRO-2", "MACRO-3", "MACRO-4", "MACRO-6"), CODES[:5]],
        [("MACRO-1", "MACRO-1", "MACRO-3", "MACRO-4", "MACRO-5"), CODES[:5]],
    ],
    ids=["unknown code", "code twice"],
)
def test_bad_rankings_are_refused(rankings: list[tuple[str, ...]]) -> None:
    with pytest.raises(ValueError, match="distinct codes"):
        kendalls_w(rankings)


ranking = st.permutations(CODES).flatmap(
    lambda perm: st.integers(5, 17).map(lambda k: tuple(perm[:k]))
)


def reference_w(rankings: list[tuple[str, ...]]) -> float:
    """W computed another way: pandas mid-ranks and value counts, in floats."""
    m, n = len(rankings), len(CODES)
    frame = pd.DataFrame(
        {
            i: pd.Series({c: r.index(c) if c in r else n for c in CODES}).rank(method="average")
            for i, r in enumerate(rankings)
        }
    )
    sums = frame.sum(axis=1)
    s = float(((sums - sums.mean()) ** 2).sum())
    ties = sum(
        int((frame[col].value_counts() ** 3 - frame[col].value_counts()).sum()) for col in frame
    )
    return 12 * s / (m * m * (n**3 - n) - m * ties)


@given(st.lists(ranking, min_size=2, max_size=12))
def test_w_is_between_0_and_1_and_matches_a_reference(rankings: list[tuple[str, ...]]) -> None:
    agreement = kendalls_w(rankings)
    assert agreement.w is not None
    assert 0 <= agreement.w <= 1
    assert agreement.w == pytest.approx(reference_w(rankings), abs=1e-12)
    assert agreement.reading == reading(agreement.w)
    assert agreement.chance == 1 / len(rankings)


@given(ranking, st.integers(2, 12))
def test_identical_rankings_agree_completely(one: tuple[str, ...], tables: int) -> None:
    agreement = kendalls_w([one] * tables)
    assert agreement.w == 1
    assert agreement.reading == "strong agreement"
