"""The consensus: hand-worked cases first, then properties over random workshops."""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Sequence

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sheets_sync.core.aggregate import (
    DEFAULT_TIE_BREAK,
    METHODS,
    NO_TABLES_NOTE,
    TIE_BREAKS,
    Consensus,
    PrincipleTally,
    TableRanking,
    build_consensus,
    method_description,
    tie_break_description,
)
from sheets_sync.core.principles import CODES


def tables(*rankings: Sequence[str]) -> list[TableRanking]:
    return [TableRanking(f"Table {i}", tuple(r)) for i, r in enumerate(rankings, start=1)]


def order(c: Consensus) -> list[tuple[str, int]]:
    """(code, position) of the chosen principles, in the consensus order."""
    return [(t.code, t.position) for t in c.tallies if t.tables]


# --------------------------------------------------------------------------- three tables by hand

THREE = tables(
    ("MACRO-1", "MACRO-2", "MACRO-3", "MACRO-4", "MACRO-5"),
    ("MACRO-2", "MACRO-1", "MESO-1", "MACRO-3", "MESO-2"),
    ("MACRO-1", "MESO-1", "MACRO-2", "MESO-3", "MACRO-3"),
)


def test_three_tables_points_tables_mean_and_best_rank() -> None:
    # Points (5,4,3,2,1 for ranks 1..5):  MACRO-1 5+4+5 = 14   MACRO-2 4+5+3 = 12
    #   MESO-1 3+4 = 7   MACRO-3 3+2+1 = 6   MACRO-4 2   MESO-3 2   MACRO-5 1   MESO-2 1
    # Mean rank over the tables that chose it: MACRO-1 (1+2+1)/3 = 4/3, MACRO-2 (2+1+3)/3 = 2,
    #   MESO-1 (3+2)/2 = 2.5, MACRO-3 (3+4+5)/3 = 4.
    c = build_consensus(THREE, {"MACRO-3": 2})
    got = {t.code: (t.tables, t.points, t.mean_rank, t.best_rank, t.score) for t in c.tallies}
    assert got["MACRO-1"] == (3, 14, 4 / 3, 1, None)
    assert got["MACRO-2"] == (3, 12, 2.0, 1, None)
    assert got["MESO-1"] == (2, 7, 2.5, 2, None)
    assert got["MACRO-3"] == (3, 6, 4.0, 3, 2)
    assert got["MACRO-4"] == (1, 2, 4.0, 4, None)
    assert got["MESO-3"] == (1, 2, 4.0, 4, None)
    assert got["MACRO-5"] == (1, 1, 5.0, 5, None)
    assert got["MESO-2"] == (1, 1, 5.0, 5, None)
    assert got["MICRO-7"] == (0, 0, None, None, None)
    assert sum(t.points for t in c.tallies) == 3 * 15
    assert c.tables == ("Table 1", "Table 2", "Table 3")
    assert c.agreement.w == 403 / 530  # worked by hand in test_agreement.py


def test_three_tables_borda_leaves_a_tied_fifth_place_to_the_room() -> None:
    # MACRO-4 and MESO-3 both have 2 points, 1 table, best rank 4th and no score: still tied
    # for 5th. Taking one of them would be the sort order choosing, so the five stops at four.
    c = build_consensus(THREE)
    assert order(c) == [
        ("MACRO-1", 1),
        ("MACRO-2", 2),
        ("MESO-1", 3),
        ("MACRO-3", 4),
        ("MACRO-4", 5),
        ("MESO-3", 5),
        ("MACRO-5", 7),
        ("MESO-2", 7),
    ]
    assert c.suggested == ("MACRO-1", "MACRO-2", "MESO-1", "MACRO-3")
    assert c.tally("MACRO-4").tied_with == ("MESO-3",)
    assert c.tally("MESO-3").tied_with == ("MACRO-4",)
    assert c.tally("MACRO-1").tied_with == ()
    assert c.tie_notes == (
        "MACRO-4 and MESO-3 are level on 2 points and still tied for 5th place after every "
        "tie-break: the room decides, so the suggestion has 4, not 5.",
    )


def test_a_lower_assessment_score_breaks_that_tie() -> None:
    c = build_consensus(THREE, {"MESO-3": 2, "MACRO-4": 3})
    assert c.suggested == ("MACRO-1", "MACRO-2", "MESO-1", "MACRO-3", "MESO-3")
    assert (c.tally("MESO-3").position, c.tally("MACRO-4").position) == (5, 6)
    assert c.tally("MESO-3").tied_with == ()
    assert c.tally("MESO-3").tied_before_break == ("MACRO-4",)
    assert c.tie_notes == (
        "MESO-3 and MACRO-4 are level on 2 points; MESO-3 goes above MACRO-4: lower assessment "
        "score, so more room to improve (2 v 3).",
    )


def test_three_tables_schulze_and_copeland() -> None:
    # A table prefers A to B if it ranks A above B, or ranks A and not B.
    # MACRO-1 beats MACRO-2 2-1 (tables 1, 3) and every other principle 3-0: 16 wins.
    # MACRO-2 beats MESO-1 2-1 (tables 1, 2) and the rest below: 15. MESO-1 beats MACRO-3
    #   2-1 and every remaining one 2-0 or 2-1: 14. MACRO-3 beats MESO-3 2-1, the rest 3-0: 13.
    # Below them: MACRO-4 beats MACRO-5 1-0; MACRO-4, MACRO-5, MESO-2 and MESO-3 draw 1-1 with
    #   each other otherwise, and each beats the 9 principles nobody ranked 1-0.
    #   No chain of wins leads back from those 9 or from the draws, so the Schulze wins are
    #   MACRO-4 10 and MACRO-5, MESO-2, MESO-3 9 each; the 9 unranked beat nobody.
    # Copeland (a draw is worth 1/2): MACRO-4 10 + 2 × 1/2 = 11, MESO-2 and MESO-3
    #   9 + 3 × 1/2 = 10.5, MACRO-5 9 + 2 × 1/2 = 10; each unranked one 8 draws = 4.
    schulze = build_consensus(THREE, method="schulze")
    wins = {t.code: t.schulze_wins for t in schulze.tallies}
    assert [wins[c] for c in ("MACRO-1", "MACRO-2", "MESO-1", "MACRO-3", "MACRO-4")] == [
        16,
        15,
        14,
        13,
        10,
    ]
    assert wins["MACRO-5"] == wins["MESO-2"] == wins["MESO-3"] == 9
    assert wins["MICRO-1"] == 0
    # MESO-3 (best rank 4th) goes above MACRO-5 and MESO-2 (both 5th), who stay tied.
    assert order(schulze) == [
        ("MACRO-1", 1),
        ("MACRO-2", 2),
        ("MESO-1", 3),
        ("MACRO-3", 4),
        ("MACRO-4", 5),
        ("MESO-3", 6),
        ("MACRO-5", 7),
        ("MESO-2", 7),
    ]
    assert schulze.suggested == ("MACRO-1", "MACRO-2", "MESO-1", "MACRO-3", "MACRO-4")
    assert all(t.pairwise == t.schulze_wins for t in schulze.tallies)

    copeland = build_consensus(THREE, method="copeland")
    scores = {t.code: t.copeland for t in copeland.tallies}
    assert [scores[c] for c in ("MACRO-4", "MESO-2", "MESO-3", "MACRO-5", "MICRO-1")] == [
        11,
        10.5,
        10.5,
        10,
        4,
    ]
    assert sum(scores.values()) == 17 * 16 / 2  # every pair shares one point
    assert all(t.pairwise == t.copeland for t in copeland.tallies)
    assert order(copeland)[4:] == [("MACRO-4", 5), ("MESO-3", 6), ("MESO-2", 7), ("MACRO-5", 8)]


def test_three_tables_by_tables_choosing_it() -> None:
    # MACRO-1, MACRO-2 and MACRO-3 were chosen by all 3 tables; best ranks 1st, 1st, 3rd.
    c = build_consensus(THREE, method="tables")
    assert order(c)[:4] == [("MACRO-1", 1), ("MACRO-2", 1), ("MACRO-3", 3), ("MESO-1", 4)]
    assert c.suggested == ("MACRO-1", "MACRO-2", "MACRO-3", "MESO-1")
    # The note about the open 5th place comes first; MACRO-5 and MESO-2 (tied for 7th) are
    # below the five, so the note does not dwell on them.
    assert c.tie_notes[0] == (
        "MACRO-4, MESO-3, MACRO-5 and MESO-2 are level, each chosen by 1 table; MESO-3 goes "
        "above MACRO-5: better best rank (4th v 5th); MACRO-4 and MESO-3 are still tied for 5th "
        "place after every tie-break: the room decides, so the suggestion has 4, not 5."
    )
    assert (
        "MACRO-1, MACRO-2 and MACRO-3 are level, each chosen by 3 tables; MACRO-2 goes above "
        "MACRO-3: better best rank (1st v 3rd); MACRO-1 and MACRO-2 are still tied for 1st "
        "place after every tie-break: the room decides." in c.tie_notes
    )


# --------------------------------------------------------------------------- each tie-break


TABLES_DECIDE = tables(
    # MICRO-1: 5 points from one table. MICRO-2: 3 + 2 = 5 points from two tables.
    ("MICRO-1", "MACRO-1", "MACRO-2", "MACRO-3", "MACRO-4"),
    ("MACRO-1", "MACRO-2", "MICRO-2", "MACRO-3", "MACRO-4"),
    ("MACRO-1", "MACRO-2", "MACRO-3", "MICRO-2", "MACRO-4"),
)  # MACRO-1 14, MACRO-2 11, MACRO-3 7, MICRO-1 5, MICRO-2 5, MACRO-4 3


def test_a_tie_broken_by_more_tables() -> None:
    c = build_consensus(TABLES_DECIDE)
    assert c.suggested == ("MACRO-1", "MACRO-2", "MACRO-3", "MICRO-2", "MICRO-1")
    assert c.tie_notes == (
        "MICRO-2 and MICRO-1 are level on 5 points; MICRO-2 goes above MICRO-1: more tables "
        "chose it (2 v 1).",
    )


def test_the_tie_break_order_is_configurable() -> None:
    c = build_consensus(TABLES_DECIDE, tie_break=("best_rank", "tables"))
    assert c.suggested == ("MACRO-1", "MACRO-2", "MACRO-3", "MICRO-1", "MICRO-2")
    assert c.tie_notes == (
        "MICRO-1 and MICRO-2 are level on 5 points; MICRO-1 goes above MICRO-2: better best rank "
        "(1st v 3rd).",
    )
    assert c.tie_break_rule == (
        "better best rank, then more tables choosing it; if still tied, the room decides"
    )
    assert build_consensus(TABLES_DECIDE, tie_break="best_rank").suggested == c.suggested


def test_with_no_tie_break_a_tie_stays_a_tie() -> None:
    c = build_consensus(TABLES_DECIDE, tie_break=())
    assert order(c)[3:5] == [("MICRO-1", 4), ("MICRO-2", 4)]
    assert c.tally("MACRO-4").position == 6
    assert c.suggested == ("MACRO-1", "MACRO-2", "MACRO-3", "MICRO-1", "MICRO-2")
    assert c.tie_notes == (
        "MICRO-1 and MICRO-2 are level on 5 points and still tied for 4th place with no "
        "tie-break set: the room decides.",
    )


def test_a_tie_broken_by_better_best_rank() -> None:
    c = build_consensus(
        tables(
            ("MICRO-1", "MICRO-2", "MACRO-1", "MACRO-2", "MACRO-3"),
            ("MACRO-1", "MACRO-3", "MACRO-2", "MICRO-2", "MICRO-1"),
        )
    )
    # Points: MACRO-1 3+5 = 8, MICRO-1 5+1 = 6, MICRO-2 4+2 = 6, MACRO-3 1+4 = 5,
    # MACRO-2 2+3 = 5. Both tables chose every one of them, so best rank decides both ties.
    assert order(c) == [
        ("MACRO-1", 1),
        ("MICRO-1", 2),
        ("MICRO-2", 3),
        ("MACRO-3", 4),
        ("MACRO-2", 5),
    ]
    assert c.tie_notes == (
        "MICRO-1 and MICRO-2 are level on 6 points; MICRO-1 goes above MICRO-2: better best rank "
        "(1st v 2nd).",
        "MACRO-3 and MACRO-2 are level on 5 points; MACRO-3 goes above MACRO-2: better best rank "
        "(2nd v 3rd).",
    )


SCORE_DECIDES = tables(
    # MICRO-1 4+3 = 7 and MICRO-2 3+4 = 7, both from 2 tables, both best 2nd.
    # MACRO-2 2+1 = 3 and MACRO-3 1+2 = 3, both from 2 tables, both best 4th.
    ("MACRO-1", "MICRO-1", "MICRO-2", "MACRO-2", "MACRO-3"),
    ("MACRO-1", "MICRO-2", "MICRO-1", "MACRO-3", "MACRO-2"),
)


def test_a_tie_broken_by_lower_assessment_score() -> None:
    c = build_consensus(SCORE_DECIDES, {"MICRO-1": 3, "MICRO-2": 1})
    assert order(c)[1:3] == [("MICRO-2", 2), ("MICRO-1", 3)]
    assert c.tie_notes[0] == (
        "MICRO-2 and MICRO-1 are level on 7 points; MICRO-2 goes above MICRO-1: lower "
        "assessment score, so more room to improve (1 v 3)."
    )


def test_an_unscored_principle_loses_the_score_tie_break() -> None:
    c = build_consensus(SCORE_DECIDES, {"MICRO-1": 4})
    assert order(c)[1:3] == [("MICRO-1", 2), ("MICRO-2", 3)]
    assert "(4 v not assessed)" in c.tie_notes[0]


def test_a_tie_that_survives_every_tie_break_is_shown_and_left_to_the_room() -> None:
    c = build_consensus(SCORE_DECIDES, {"MICRO-1": 2, "MICRO-2": 2})
    assert order(c) == [
        ("MACRO-1", 1),
        ("MICRO-1", 2),
        ("MICRO-2", 2),
        ("MACRO-2", 4),
        ("MACRO-3", 4),
    ]
    # Both ties fit inside the five, so the five is complete; the room orders within them.
    assert c.suggested == ("MACRO-1", "MICRO-1", "MICRO-2", "MACRO-2", "MACRO-3")
    assert c.tie_notes == (
        "MICRO-1 and MICRO-2 are level on 7 points and still tied for 2nd place after every "
        "tie-break: the room decides.",
        "MACRO-2 and MACRO-3 are level on 3 points and still tied for 4th place after every "
        "tie-break: the room decides.",
    )


def test_tie_notes_stop_at_the_suggestion() -> None:
    # One table: all five chosen by 1 table, separated by best rank. For a suggestion of two,
    # only the breaks that decide places 1-3 matter to the room.
    c = build_consensus(tables(CODES[:5]), method="tables", size=2)
    assert c.tie_notes == (
        "MACRO-1, MACRO-2, MACRO-3, MACRO-4 and MACRO-5 are level, each chosen by 1 table; "
        "MACRO-1 goes above MACRO-2: better best rank (1st v 2nd); MACRO-2 goes above MACRO-3: "
        "better best rank (2nd v 3rd).",
    )


def test_no_tie_notes_when_nothing_is_tied() -> None:
    c = build_consensus(tables(CODES[:5], CODES[:5]))
    assert c.tie_notes == ()
    assert all(t.tied_with == () for t in c.tallies[:5])


# --------------------------------------------------------------------------- methods disagree

# Two tables quietly agree on MACRO-1..MACRO-5; a third cares most about MICRO-1.
MAJORITY_V_INTENSITY = tables(
    ("MACRO-1", "MACRO-2", "MACRO-3", "MACRO-4", "MACRO-5"),
    ("MACRO-1", "MACRO-2", "MACRO-3", "MACRO-4", "MACRO-5"),
    ("MICRO-1", "MICRO-2", "MICRO-3", "MICRO-4", "MICRO-5"),
)


def test_borda_and_schulze_suggest_different_fives() -> None:
    # Borda: MACRO-1 10, MACRO-2 8, MACRO-3 6, MICRO-1 5, then MACRO-4 and MICRO-2 on 4,
    # MACRO-4 chosen by more tables (2 v 1). MACRO-5 has only 2 points.
    # Pairwise: each of MACRO-1..5 beats every MICRO 2-1 (two tables rank it, not the MICRO),
    # so Schulze and Copeland put MACRO-1..5 first; tables choosing it agrees (2 tables each).
    borda = build_consensus(MAJORITY_V_INTENSITY)
    assert borda.suggested == ("MACRO-1", "MACRO-2", "MACRO-3", "MICRO-1", "MACRO-4")
    macro_five = ("MACRO-1", "MACRO-2", "MACRO-3", "MACRO-4", "MACRO-5")
    assert dict(borda.alternatives) == {
        "schulze": macro_five,
        "copeland": macro_five,
        "tables": macro_five,
    }
    assert borda.depends_on_method
    assert borda.order_depends_on_method

    schulze = build_consensus(MAJORITY_V_INTENSITY, method="schulze")
    assert schulze.suggested == macro_five
    assert [schulze.tally(c).schulze_wins for c in ("MACRO-5", "MICRO-1", "MICRO-5")] == [
        12,  # beats MICRO-1..5 and the 7 nobody ranked
        11,  # beats MICRO-2..5 and the 7 nobody ranked
        7,
    ]
    assert schulze.alternatives["borda"] == borda.suggested
    assert schulze.depends_on_method


def test_same_five_in_another_order_is_not_a_different_choice() -> None:
    # Two tables rank MESO-1..5, one the reverse. Points and pairwise methods give MESO-1..5
    # in order; 'tables choosing it' sees 3 tables each and best ranks MESO-1 1st, MESO-5 1st,
    # MESO-2 2nd, MESO-4 2nd, MESO-3 3rd, so it has two ties and another order.
    meso = ("MESO-1", "MESO-2", "MESO-3", "MESO-4", "MESO-5")
    c = build_consensus(tables(meso, meso, meso[::-1]))
    assert c.suggested == meso
    assert c.alternatives["tables"] == ("MESO-1", "MESO-5", "MESO-2", "MESO-4", "MESO-3")
    assert c.alternatives["schulze"] == c.alternatives["copeland"] == meso
    assert not c.depends_on_method
    assert c.order_depends_on_method


def test_unanimous_methods_do_not_depend_on_method() -> None:
    c = build_consensus(tables(CODES[:5], CODES[:5], CODES[:5]))
    assert not c.depends_on_method
    assert not c.order_depends_on_method


# --------------------------------------------------------------------------- conventions, edges


def test_schulze_counts_winning_votes_not_margins() -> None:
    # A cycle among A = MESO-3, B = MICRO-1, C = MACRO-5; the fillers after them lose to all
    # three on every count, so only the three-way cycle matters.
    #   2 tables: A B C …    1 table: B C A …    3 tables: C A B …    3 tables: B … (no A, C)
    # Head to head: A-B 5-4, B-C 6-3, C-A 4-2.
    # Winning votes: links A→B 5, B→C 6, C→A 4. The weakest link is C→A, so A beats B (5 v 4),
    #   A beats C (chain A→B→C = 5 v 4) and B beats C (6 v 4): A, B, C.
    # Margins would give A→B 1, B→C 3, C→A 2 and drop A→B instead: B, C, A.
    a, b, c = "MESO-3", "MICRO-1", "MACRO-5"
    rankings = tables(
        *[(a, b, c, "MACRO-1", "MACRO-2")] * 2,
        (b, c, a, "MACRO-3", "MACRO-4"),
        *[(c, a, b, "MESO-1", "MESO-2")] * 3,
        *[(b, "MESO-4", "MESO-5", "MICRO-2", "MICRO-3")] * 3,
    )
    schulze = build_consensus(rankings, method="schulze")
    assert [(t.code, t.schulze_wins) for t in schulze.tallies[:3]] == [(a, 16), (b, 15), (c, 14)]
    # Copeland sees the cycle as one win and one loss each: 15 apiece, a tie. B was chosen by
    # 9 tables, A and C by 6 each with best rank 1st each, so A and C stay tied.
    copeland = build_consensus(rankings, method="copeland")
    assert [(t.code, t.copeland, t.position) for t in copeland.tallies[:3]] == [
        (b, 15, 1),
        (c, 15, 2),
        (a, 15, 2),
    ]


def test_an_unchosen_principle_that_wins_head_to_head_still_comes_after_every_chosen_one() -> None:
    # MESO-1 is 6th on two tables, so it beats MICRO-1..5 (chosen by the third table) 2-1.
    # Schulze wins: MACRO-1..5 16..12, MESO-1 11, MICRO-1..5 10..6. But nobody chose MESO-1.
    rankings = tables(
        (*CODES[:5], "MESO-1"),
        (*CODES[:5], "MESO-1"),
        ("MICRO-1", "MICRO-2", "MICRO-3", "MICRO-4", "MICRO-5"),
    )
    c = build_consensus(rankings, method="schulze", size=10)
    assert c.tally("MESO-1").schulze_wins == 11
    assert c.tally("MICRO-1").schulze_wins == 10
    assert c.suggested == (*CODES[:5], "MICRO-1", "MICRO-2", "MICRO-3", "MICRO-4", "MICRO-5")
    assert c.tally("MESO-1").position == 11


def test_mean_and_best_rank_use_the_top_five_but_pairwise_uses_every_rank() -> None:
    c = build_consensus(
        tables(
            ("MACRO-1", "MACRO-2", "MACRO-3", "MACRO-4", "MACRO-5"),
            ("MESO-1", "MESO-2", "MESO-3", "MESO-4", "MESO-5", "MICRO-1", "MACRO-1"),
        )
    )
    # Table 2's 7th place for MACRO-1 earns nothing and does not count in its mean rank.
    macro_1 = c.tally("MACRO-1")
    assert (macro_1.tables, macro_1.points, macro_1.mean_rank, macro_1.best_rank) == (1, 5, 1, 1)
    # MICRO-1 (6th on table 2) is not chosen, but counts head to head: it loses to MESO-1..5,
    # draws 1-1 with MACRO-1..5 and beats the 6 principles nobody ranked: 6 + 5/2 = 8.5.
    micro_1 = c.tally("MICRO-1")
    assert (micro_1.tables, micro_1.points, micro_1.mean_rank, micro_1.best_rank) == (
        0,
        0,
        None,
        None,
    )
    assert micro_1.copeland == 8.5


@pytest.mark.parametrize("method", METHODS)
def test_a_principle_only_ranked_below_five_is_never_suggested(method: str) -> None:
    # One table ranks all 17: MESO-1 (6th) beats 11 principles head to head, more than most,
    # but no table chose it, so even a suggestion of 6 stops at the 5 chosen.
    c = build_consensus(tables(CODES), method=method, size=6)
    assert c.suggested == CODES[:5]
    assert c.tie_notes[0] == "Only 5 principles were chosen by any table, so the suggestion has 5."
    assert c.tally("MESO-1").schulze_wins == 11
    assert c.tally("MESO-1").position > 5


def test_no_tables_yet() -> None:
    c = build_consensus([], {"MESO-3": 1})
    assert c.suggested == ()
    assert c.tie_notes == (NO_TABLES_NOTE,)
    assert "no valid tables yet" in c.tie_notes[0].lower()
    assert dict(c.alternatives) == {"schulze": (), "copeland": (), "tables": ()}
    assert not c.depends_on_method
    assert c.agreement.w is None
    assert c.agreement.reading == "not enough tables"
    assert c.tables == ()
    assert [t.code for t in c.tallies] == ["MESO-3", *(x for x in CODES if x != "MESO-3")]


def test_one_table_gives_its_five_and_no_agreement() -> None:
    c = build_consensus(tables(CODES[5:10]))
    assert c.suggested == CODES[5:10]
    assert c.agreement.w is None
    assert c.agreement.reading == "not enough tables"


def test_rules_in_words() -> None:
    assert tie_break_description(DEFAULT_TIE_BREAK) == (
        "more tables choosing it, then better best rank, then lower assessment score (more room "
        "to improve; unscored last); if still tied, the room decides"
    )
    assert tie_break_description(()) == "none, so tied principles are left for the room to decide"
    assert tie_break_description("points") == "more points; if still tied, the room decides"
    c = build_consensus(THREE)
    assert c.tie_break == DEFAULT_TIE_BREAK
    assert c.tie_break_rule == tie_break_description(DEFAULT_TIE_BREAK)
    assert c.method_rule == method_description("borda")
    for method in METHODS:
        assert method_description(method).endswith(
            "A principle no table put in its top five is never suggested."
        )
    assert "5th 1" in method_description("borda")


def test_unknown_method_names_the_allowed_ones() -> None:
    with pytest.raises(ValueError, match="borda, schulze, copeland, tables"):
        build_consensus(THREE, method="mean_rank")
    with pytest.raises(ValueError, match="borda, schulze, copeland, tables"):
        method_description("instant-runoff")


@pytest.mark.parametrize("tie_break", [("tables", "coin"), ("tables", "tables")])
def test_bad_tie_break_is_refused(tie_break: tuple[str, ...]) -> None:
    with pytest.raises(ValueError, match="tie-break") as err:
        build_consensus(THREE, tie_break=tie_break)
    if "coin" in tie_break:
        assert ", ".join(TIE_BREAKS) in str(err.value)
    with pytest.raises(ValueError, match="tie-break"):
        tie_break_description(tie_break)


@pytest.mark.parametrize(
    ("scores", "size"),
    [({"MACRO-6": 2}, 5), ({"MACRO-1": 5}, 5), ({"MACRO-1": 0}, 5), ({}, 0), ({}, 18)],
)
def test_bad_scores_and_sizes_are_refused(scores: dict[str, int], size: int) -> None:
    with pytest.raises(ValueError, match=r"scores|size"):
        build_consensus(THREE, scores, size=size)


@pytest.mark.parametrize(
    "codes",
    [
        ("MACRO-1", "MACRO-2", "MACRO-3", "MACRO-4"),
        ("MACRO-1", "MACRO-2", "MACRO-3", "MACRO-4", "MACRO-4"),
        ("MACRO-1", "MACRO-2", "MACRO-3", "MACRO-4", "MACRO 5"),
    ],
    ids=["four", "twice", "unknown"],
)
def test_invalid_table_rankings_are_refused(codes: tuple[str, ...]) -> None:
    with pytest.raises(ValueError, match="Table X"):
        TableRanking("Table X", codes)


def test_two_tables_with_one_name_are_refused() -> None:
    with pytest.raises(ValueError, match="distinct"):
        build_consensus([TableRanking("Red", CODES[:5]), TableRanking("Red", CODES[5:10])])


def test_the_consensus_is_immutable() -> None:
    c = build_consensus(THREE)
    with pytest.raises(dataclasses.FrozenInstanceError):
        c.suggested = ()  # type: ignore[misc]
    with pytest.raises(TypeError):
        c.alternatives["borda"] = ()  # type: ignore[index]
    with pytest.raises(dataclasses.FrozenInstanceError):
        c.tallies[0].points = 99  # type: ignore[misc]
    assert hash(c) == hash(build_consensus(THREE))
    with pytest.raises(KeyError):
        c.tally("MACRO-9")


# --------------------------------------------------------------------------- properties


@st.composite
def workshops(draw: st.DrawFn, min_tables: int = 0) -> list[TableRanking]:
    """4-12ish tables; drawing from a small pool often makes tables overlap and tie."""
    pool = draw(st.lists(st.sampled_from(CODES), min_size=5, max_size=17, unique=True))
    out = []
    for i in range(draw(st.integers(min_tables, 12))):
        codes = draw(st.permutations(pool))
        out.append(TableRanking(f"Table {i + 1}", tuple(codes[: draw(st.integers(5, len(pool)))])))
    return out


scores = st.dictionaries(st.sampled_from(CODES), st.integers(1, 4))
methods = st.sampled_from(METHODS)
tie_breaks = st.lists(st.sampled_from(TIE_BREAKS), unique=True, max_size=len(TIE_BREAKS))


@given(st.permutations(CODES), st.integers(5, 17), st.integers(1, 12), methods, st.integers(1, 5))
def test_unanimous_tables_give_exactly_their_order(
    perm: list[str], k: int, count: int, method: str, size: int
) -> None:
    ranking = tuple(perm[:k])
    c = build_consensus(tables(*[ranking] * count), method=method, size=size)
    assert c.suggested == ranking[:size]
    # Only 'tables choosing it' sees a tie here (every table chose all five), which best rank
    # breaks; the note says so.
    assert (c.tie_notes == ()) == (method != "tables")
    # Points and tables see only the top five; the pairwise methods see every rank.
    seen = k if method in ("schulze", "copeland") else 5
    assert [(t.code, t.position) for t in c.tallies[:seen]] == [
        (code, i) for i, code in enumerate(ranking[:seen], start=1)
    ]
    assert not c.depends_on_method
    if count > 1:
        assert c.agreement.w == 1


@given(workshops(), scores, methods, tie_breaks, st.integers(1, 17))
def test_a_principle_no_table_chose_is_never_suggested(
    rankings: list[TableRanking], scores: dict[str, int], method: str, tb: list[str], size: int
) -> None:
    chosen = {code for r in rankings for code in r.codes[:5]}
    c = build_consensus(rankings, scores, method=method, tie_break=tb, size=size)
    for suggestion in (c.suggested, *c.alternatives.values()):
        assert set(suggestion) <= chosen
        assert len(suggestion) <= size
    assert all(c.tally(code).points > 0 for code in c.suggested)


@given(workshops(), scores, methods, st.randoms(use_true_random=False))
def test_the_order_of_the_tables_changes_nothing(
    rankings: list[TableRanking], scores: dict[str, int], method: str, rnd: object
) -> None:
    shuffled = list(rankings)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    a = build_consensus(rankings, scores, method=method)
    b = build_consensus(shuffled, scores, method=method)
    assert dataclasses.replace(a, tables=()) == dataclasses.replace(b, tables=())
    assert sorted(a.tables) == sorted(b.tables)


def _add_table(rankings: list[TableRanking], first: str, rest: Sequence[str]) -> list[TableRanking]:
    codes = (first, *(c for c in rest if c != first))
    return [*rankings, TableRanking("New table", codes[: max(5, len(codes))])]


@given(
    workshops(min_tables=1),
    scores,
    st.sampled_from(["borda", "tables"]),
    st.one_of(st.none(), st.permutations(CODES)),
)
def test_a_table_ranking_the_leader_first_never_lowers_it(
    rankings: list[TableRanking], scores: dict[str, int], method: str, rest: list[str] | None
) -> None:
    # The new table is either the current consensus order itself or any ranking with the
    # leader first. The leader gains 5 points and a table, and its best rank becomes 1st; no
    # other principle gains more than 4 points or 1 table, so it stays 1st.
    before = build_consensus(rankings, scores, method=method)
    leader = before.tallies[0].code
    consensus_order = [t.code for t in before.tallies]
    after = build_consensus(
        _add_table(rankings, leader, consensus_order if rest is None else rest),
        scores,
        method=method,
    )
    assert after.tally(leader).position == 1
    assert leader in after.suggested


@given(workshops(min_tables=1), scores, st.sampled_from(["schulze", "copeland"]), st.data())
def test_a_pairwise_leader_that_beats_everyone_stays_first(
    rankings: list[TableRanking], scores: dict[str, int], method: str, data: st.DataObject
) -> None:
    # Put one principle first on a majority of tables: it then beats every other principle head
    # to head (a Condorcet winner), and a new table ranking it first keeps it so.
    leader = data.draw(st.sampled_from(CODES))
    majority = len(rankings) // 2 + 1
    rankings = [
        TableRanking(r.table, (leader, *(c for c in r.codes if c != leader))[: len(r.codes)])
        if i < majority
        else r
        for i, r in enumerate(rankings)
    ]
    before = build_consensus(rankings, scores, method=method)
    assert before.tallies[0].code == leader
    assert before.tally(leader).copeland == 16
    rest = data.draw(st.permutations(CODES))
    after = build_consensus(_add_table(rankings, leader, rest), scores, method=method)
    assert after.tally(leader).position == 1
    assert after.tally(leader).tied_with == ()


def _key(t: PrincipleTally, method: str, tie_break: Sequence[str]) -> tuple[object, ...]:
    """What the contract says should decide the order, recomputed from the tally's fields."""
    value = {
        "borda": t.points,
        "tables": t.tables,
        "schulze": t.schulze_wins,
        "copeland": t.copeland,
    }[method]
    return (t.tables > 0, value, *(getattr(t, c) for c in tie_break))


@given(workshops(), scores, methods, tie_breaks, st.integers(1, 17))
def test_ties_are_never_hidden_by_sort_order(
    rankings: list[TableRanking], scores: dict[str, int], method: str, tb: list[str], size: int
) -> None:
    c = build_consensus(rankings, scores, method=method, tie_break=tb, size=size)
    assert sorted(t.code for t in c.tallies) == sorted(CODES)
    positions = [t.position for t in c.tallies]
    assert positions == sorted(positions)
    for i, t in enumerate(c.tallies):
        same = {u.code for u in c.tallies if _key(u, method, tb) == _key(t, method, tb)} - {t.code}
        assert set(t.tied_with) == same
        assert t.position == 1 + sum(u.position < t.position for u in c.tallies)
        assert t.position == positions[i]
        assert all(c.tally(u).position == t.position for u in t.tied_with)
        assert set(t.tied_with) <= set(t.tied_before_break)
    # The suggestion is a run from the top that never splits a tie, and stops early only at
    # an unchosen principle or at a tie that would overflow it.
    assert c.suggested == tuple(t.code for t in c.tallies[: len(c.suggested)])
    for code in c.suggested:
        assert set(c.tally(code).tied_with) <= set(c.suggested)
    if len(c.suggested) < size:
        following = c.tallies[len(c.suggested)]
        assert not following.tables or len(c.suggested) + 1 + len(following.tied_with) > size


def _sort_key(t: PrincipleTally, method: str, tie_break: Sequence[str]) -> tuple[float, ...]:
    """The documented order: chosen first, then more of the method's value, then tie-breaks."""
    value = {"borda": t.points, "tables": t.tables, "schulze": t.schulze_wins}.get(
        method, t.copeland
    )
    worse_if_missing = {
        "tables": -t.tables,
        "points": -t.points,
        "best_rank": t.best_rank or 99,
        "mean_rank": t.mean_rank or 99,
        "score": t.score or 99,
    }
    return (t.tables == 0, -value, *(worse_if_missing[c] for c in tie_break))


@given(workshops(), scores, methods, tie_breaks)
def test_the_order_follows_the_documented_rule(
    rankings: list[TableRanking], scores: dict[str, int], method: str, tb: list[str]
) -> None:
    c = build_consensus(rankings, scores, method=method, tie_break=tb)
    keys = [_sort_key(t, method, tb) for t in c.tallies]
    assert keys == sorted(keys)
    for a, b in itertools.pairwise(c.tallies):
        assert (a.position == b.position) == (keys[c.tallies.index(a)] == keys[c.tallies.index(b)])


@given(workshops(), scores, methods)
def test_alternatives_are_the_other_methods_own_suggestions(
    rankings: list[TableRanking], scores: dict[str, int], method: str
) -> None:
    c = build_consensus(rankings, scores, method=method)
    assert set(c.alternatives) == set(METHODS) - {method}
    for other, suggestion in c.alternatives.items():
        assert build_consensus(rankings, scores, method=other).suggested == suggestion
    assert c.depends_on_method == any(set(s) != set(c.suggested) for s in c.alternatives.values())


@given(workshops())
def test_totals_add_up(rankings: list[TableRanking]) -> None:
    c = build_consensus(rankings)
    assert sum(t.points for t in c.tallies) == 15 * len(rankings)
    assert sum(t.tables for t in c.tallies) == 5 * len(rankings)
    assert sum(t.copeland for t in c.tallies) == 17 * 16 / 2
