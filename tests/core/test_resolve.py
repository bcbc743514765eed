"""resolve_principle against messy real-world entries (tests/fixtures/entries/*.toml).

Each fixture file holds ``[[case]]`` tables: ``typed`` (absent for an empty cell; ``formula =
true`` wraps it in :class:`Formula`) and either ``code`` + ``how`` (accepted) or ``problem``
(refused), optionally ``candidates``, ``suggestion``, ``suggestion_contains`` and
``message_contains``. Adding a file or a case adds a test.
"""

from __future__ import annotations

import tomllib
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sheets_sync.core.principles import BY_CODE, PRINCIPLES, Principle
from sheets_sync.core.resolve import Resolution, resolve_principle
from sheets_sync.model import CellValue, Formula
from tests.tools import FIXTURES

FIXTURES = FIXTURES / "entries"


def _cases() -> list[Any]:
    params = []
    for path in sorted(FIXTURES.glob("*.toml")):
        for i, case in enumerate(tomllib.loads(path.read_text(encoding="utf-8"))["case"]):
            typed = case.get("typed")
            params.append(pytest.param(case, id=f"{path.stem}[{i}]:{typed!r}"[:80]))
    return params


CASES = _cases()


def _typed(case: dict[str, Any]) -> CellValue:
    typed: CellValue = case.get("typed")
    if case.get("formula"):
        assert isinstance(typed, str)
        return Formula(typed)
    return typed


def test_fixtures_are_plentiful_and_cover_every_kind() -> None:
    cases = [c.values[0] for c in CASES]
    assert len(cases) >= 40
    assert {c["how"] for c in cases if "how" in c} == {
        "code",
        "label",
        "text",
        "prefix",
        "corrected",
    }
    assert {c["problem"] for c in cases if "problem" in c} == {
        "empty",
        "formula",
        "unknown_code",
        "ambiguous",
        "no_match",
    }
    for case in cases:
        assert ("code" in case) != ("problem" in case), case
        assert ("code" in case) == ("how" in case), case


@pytest.mark.parametrize("case", CASES)
def test_entry(case: dict[str, Any]) -> None:
    res = resolve_principle(_typed(case))
    shown = f"{res.principle and res.principle.code} {res.how} {res.problem}: {res.message}"
    if "code" in case:
        assert res.ok, shown
        assert res.principle == BY_CODE[case["code"]], shown
        assert res.how == case["how"], shown
        assert res.problem is None
        assert res.suggestion == ""
        if res.how == "corrected":
            assert res.message.startswith("read '"), shown
            assert res.message.endswith(f" as {case['code']}"), shown
        else:
            assert res.message == "", shown
    else:
        assert not res.ok, shown
        assert res.principle is None and res.how is None
        assert res.problem == case["problem"], shown
        assert res.message and res.suggestion, shown
    if "candidates" in case:
        assert [p.code for p in res.candidates] == case["candidates"], shown
    if "suggestion" in case:
        assert res.suggestion == case["suggestion"], shown
    if "suggestion_contains" in case:
        assert case["suggestion_contains"] in res.suggestion, shown
    if "message_contains" in case:
        assert case["message_contains"] in res.message, shown


def test_typed_keeps_what_was_typed() -> None:
    assert resolve_principle("  macro 1 ").typed == "  macro 1 "
    assert resolve_principle(None).typed == ""
    assert resolve_principle(3.0).typed == "3"
    assert resolve_principle(Formula("=B2")).typed == "=B2"


def test_correction_message_cuts_long_text_to_one_line() -> None:
    res = resolve_principle("Most experienced practioners\ninform advice and sign posting")
    assert res.how == "corrected"
    assert "\n" not in res.message
    assert "…" in res.message
    assert len(res.message) < 70


def test_wrong_code_is_never_fuzzed_into_another_code() -> None:
    for level, top in (("MACRO", 5), ("MESO", 5), ("MICRO", 7)):
        for number in (0, top + 1, top + 2, 99):
            for typed in (f"{level} {number}", f"{level}-{number}", f"{level.lower()}{number}"):
                res = resolve_principle(typed)
                assert res.problem == "unknown_code", typed
                assert res.principle is None


def test_every_ambiguity_lists_at_least_two_principles_or_says_the_level_is_missing() -> None:
    res = resolve_principle("M1")
    assert res.problem == "ambiguous"
    assert "MACRO-1, MESO-1 or MICRO-1" in res.message


def test_resolution_is_deterministic_and_hashable() -> None:
    assert resolve_principle("Shared Decison Making") == resolve_principle("Shared Decison Making")
    assert isinstance(hash(resolve_principle("M1")), int)


# --------------------------------------------------------------------------- property

_QUOTE_FORMS = ("'", "\u2019", "\u2018")
_SPACES = st.sampled_from([" ", "  ", "\u00a0", "\n", " \n ", "\t"])


@st.composite
def _messy(draw: st.DrawFn, text: str) -> str:
    """``text`` with random letter case, whitespace runs, apostrophes and edge noise."""
    out = []
    for ch in text:
        if ch == " ":
            out.append(draw(_SPACES))
        elif ch in "'\u2019":
            out.append(draw(st.sampled_from(_QUOTE_FORMS)))
        elif ch.isalpha():
            out.append(ch.upper() if draw(st.booleans()) else ch.lower())
        else:
            out.append(ch)
    lead = draw(st.sampled_from(["", " ", "\n", "\u00a0 "]))
    tail = draw(st.sampled_from(["", " ", ".", "\n", " .", ":"]))
    return lead + "".join(out) + tail


def _forms(p: Principle) -> st.SearchStrategy[str]:
    number_forms = [
        f"{p.level} {p.number}",
        f"{p.level}-{p.number}",
        f"{p.level}{p.number}",
        f"{p.level} principle {p.number}",
        f"{p.level} \u2013 {p.number}",
    ]
    return st.one_of(
        st.sampled_from(number_forms).flatmap(lambda s: _messy(s)),
        _messy(p.label),
        _messy(p.text),
        _messy(f"{p.heading}: {p.text}"),
    )


@given(st.sampled_from(PRINCIPLES).flatmap(lambda p: st.tuples(st.just(p), _forms(p))))
def test_every_principle_resolves_to_itself(pair: tuple[Principle, str]) -> None:
    p, typed = pair
    res: Resolution = resolve_principle(typed)
    assert res.principle == p, (typed, res)
    assert res.how in ("code", "label", "text"), (typed, res)
    assert res.message == ""


_CELLS = st.one_of(
    st.none(),
    st.text(max_size=120),
    st.text(alphabet="macroesipl MACROESIPL-–:.'’0123456789", max_size=30),
    st.integers(-5, 50),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(),
    st.text(max_size=20).map(lambda s: Formula("=" + s)),
)


@given(_CELLS)
def test_any_cell_gives_a_consistent_resolution(typed: CellValue) -> None:
    res = resolve_principle(typed)
    assert res.ok == (res.principle is not None) == (res.problem is None) == (res.how is not None)
    if res.ok:
        assert (res.message != "") == (res.how == "corrected")
        assert res.suggestion == ""
    else:
        assert res.message and res.suggestion
        assert res.problem != "ambiguous" or res.candidates


def _spellings(p: Principle) -> st.SearchStrategy[str]:
    level, number = p.code.split("-")
    return st.sampled_from(
        (
            p.code,
            f"{level.lower()} {number}",
            f"{level}{number}",
            f"{level.title()} principle {number}",
            p.text,
            p.text.replace("\u2019", "'"),
            p.label,
        )
    )


@given(
    st.lists(st.sampled_from(PRINCIPLES), min_size=2, max_size=2, unique=True).flatmap(
        lambda two: st.tuples(_spellings(two[0]), _spellings(two[1]))
    ),
    st.sampled_from((" or ", " and ", " & ", " + ", " / ", ", ", "; ", "\n", " ")),
)
def test_a_cell_naming_two_principles_is_always_refused(pair: tuple[str, str], sep: str) -> None:
    typed = sep.join(pair)
    res = resolve_principle(typed)
    assert not res.ok, f"{typed!r} read as {res.principle and res.principle.code}"
    assert res.problem == "ambiguous"
