"""Values come back exactly as typed: text stays text, formulas stay formulas."""

from __future__ import annotations

from datetime import datetime

import pytest

from sheets_sync.model import AddTab, CellValue, Formula, TabSpec, WriteRange
from tests.contract.conftest import Harness

TEXTS = {
    "plain": "Early help",
    "unicode": "Łódź – naïve café, ‘curly’ “quotes”",
    "emoji": "🧠 mental health 👩‍👧",
    "newline": "line one\nline two",
    "crlf": "line one\r\nline two\r\n",
    "lone cr": "a\rb",
    "tab": "a\tb",
    "spaces": "  leading and trailing  ",
    "long": "x" * 32_767,
    "looks numeric": "007",
    "looks like a date": "1/2",
    "percent": "50%",
    "true": "TRUE",
    "escape-like": "_x000D_ is not a line break",
}
PREFIXED = ["=SUM(A1:A3)", "=", "+44 7700 900123", "-", "- a bullet", "@mention", "==", "=1+"]


def one_tab(cells: dict[tuple[int, int], CellValue]) -> list[AddTab]:
    return [AddTab(TabSpec(key="t", title="T"), cells)]


def read_back(h: Harness, value: CellValue) -> CellValue:
    h.backend.create(one_tab({(0, 0): value}))
    tab = h.reopen().read().get("t")
    assert tab is not None
    return tab.value(0, 0)


@pytest.mark.parametrize("text", TEXTS.values(), ids=TEXTS.keys())
def test_text_round_trips_exactly(harness: Harness, text: str) -> None:
    got = read_back(harness, text)
    assert got == text
    assert type(got) is str


@pytest.mark.parametrize("text", PREFIXED)
def test_text_starting_like_a_formula_stays_text(harness: Harness, text: str) -> None:
    got = read_back(harness, text)
    assert got == text
    assert type(got) is str
    assert not harness.inspect.is_formula("T", (0, 0))


@pytest.mark.parametrize("text", PREFIXED)
def test_text_written_later_also_stays_text(harness: Harness, text: str) -> None:
    harness.backend.create(one_tab({}))
    harness.backend.apply([WriteRange("t", 3, 2, ((text,),))])
    tab = harness.reopen().read().get("t")
    assert tab is not None
    assert tab.value(3, 2) == text
    assert type(tab.value(3, 2)) is str
    assert not harness.inspect.is_formula("T", (3, 2))


def test_formula_reads_back_as_formula(harness: Harness) -> None:
    harness.backend.create(one_tab({(0, 0): 2, (0, 1): Formula("=A1*21")}))
    got = harness.reopen().read().get("t")
    assert got is not None
    assert isinstance(got.value(0, 1), Formula)
    assert got.value(0, 1) == "=A1*21"
    assert harness.inspect.is_formula("T", (0, 1))


@pytest.mark.parametrize(
    ("value", "kind"),
    [(3, int), (0, int), (-12, int), (10**12, int), (2.5, float), (-0.125, float), (1e-7, float)],
)
def test_numbers_keep_their_kind(harness: Harness, value: float, kind: type) -> None:
    got = read_back(harness, value)
    assert got == value
    assert type(got) is kind


def test_whole_float_reads_as_int(harness: Harness) -> None:
    got = read_back(harness, 4.0)
    assert got == 4
    assert type(got) is int


def test_datetime_round_trips(harness: Harness) -> None:
    when = datetime(2026, 12, 3, 9, 30)
    assert read_back(harness, when) == when


def test_booleans_round_trip(harness: Harness) -> None:
    harness.backend.create(one_tab({(0, 0): True, (0, 1): False}))
    tab = harness.reopen().read().get("t")
    assert tab is not None
    assert tab.value(0, 0) is True
    assert tab.value(0, 1) is False


@pytest.mark.parametrize("empty", [None, ""])
def test_empty_values_read_as_no_cell(harness: Harness, empty: CellValue) -> None:
    harness.backend.create(one_tab({(0, 0): empty, (1, 1): "kept"}))
    tab = harness.reopen().read().get("t")
    assert tab is not None
    assert tab.cells == {(1, 1): "kept"}


def test_write_range_places_a_rectangle_and_none_clears(harness: Harness) -> None:
    harness.backend.create(one_tab({(5, 1): "old", (5, 2): "keep", (6, 1): "old too"}))
    harness.backend.apply(
        [WriteRange("t", 5, 1, ((None, "keep"), (None,), ("new", 7, Formula("=1+1"))))]
    )
    tab = harness.reopen().read().get("t")
    assert tab is not None
    assert tab.cells == {(5, 2): "keep", (7, 1): "new", (7, 2): 7, (7, 3): Formula("=1+1")}


def test_many_cells_and_sparse_positions(harness: Harness) -> None:
    cells: dict[tuple[int, int], CellValue] = {
        (r, c): f"{r}:{c}" for r in range(60) for c in range(8)
    }
    cells[(999, 25)] = "far away"
    harness.backend.create(one_tab(cells))
    tab = harness.reopen().read().get("t")
    assert tab is not None
    assert tab.cells == cells
    assert (tab.max_row, tab.max_col) == (999, 25)
