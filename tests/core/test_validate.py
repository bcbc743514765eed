"""validate_table against table-level fixtures (tests/fixtures/tables/*.toml, see its README),
plus unit tests for parse_rank, Finding.line, row_notes and summary."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from sheets_sync.core.validate import EntryRow, Finding, TableCheck, parse_rank, validate_table
from sheets_sync.model import CellValue, Formula, a1, is_blank, parse_a1
from tests.tools import FIXTURES

FIXTURES = FIXTURES / "tables"
TABLE = "Table 1"
PROBLEM_IDS = {
    "unknown_code",
    "ambiguous",
    "no_match",
    "formula",
    "corrected",
    "duplicate_principle",
    "duplicate_rank",
    "rank_gap",
    "too_few",
    "bad_rank",
    "missing_rank",
}


def _load(path: Path) -> dict[str, Any]:
    return tomllib.loads(path.read_text(encoding="utf-8"))


TABLE_FILES = sorted(FIXTURES.glob("*.toml"))


def _cell(spec: dict[str, Any], name: str) -> CellValue:
    if f"{name}_formula" in spec:
        return Formula(spec[f"{name}_formula"])
    value: CellValue = spec.get(name)
    return value


def _rows(case: dict[str, Any]) -> list[EntryRow]:
    first = case.get("first_row", 4)
    return [
        EntryRow(
            row=first + i,
            rank=_cell(spec, "rank"),
            principle=_cell(spec, "principle"),
            why=_cell(spec, "why"),
            rank_cell=a1(first + i, 0),
            principle_cell=a1(first + i, 1),
        )
        for i, spec in enumerate(case.get("row", []))
    ]


def _check(case: dict[str, Any]) -> TableCheck:
    return validate_table(TABLE, _rows(case), minimum=case.get("minimum", 5))


def test_fixtures_cover_every_finding_kind_and_state() -> None:
    cases = [_load(p) for p in TABLE_FILES]
    problems = {f[0] for c in cases for f in c["expect"]["findings"]}
    assert problems == PROBLEM_IDS
    assert {c["expect"]["state"] for c in cases} == {"valid", "invalid", "empty"}


@pytest.mark.parametrize("path", TABLE_FILES, ids=[p.stem for p in TABLE_FILES])
def test_table(path: Path) -> None:
    case = _load(path)
    expect = case["expect"]
    check = _check(case)
    lines = [f.line() for f in check.findings]
    assert check.table == TABLE
    assert check.state == expect["state"], lines
    assert list(check.ranking) == expect["ranking"], lines
    assert [[f.problem, f.cell] for f in check.findings] == expect["findings"], lines
    if "summary" in expect:
        assert check.summary() == expect["summary"]
    for wanted in expect.get("messages_contain", []):
        assert any(wanted in line for line in lines), (wanted, lines)
    if "notes" in expect and not expect["notes"]:
        assert dict(check.row_notes) == {}
    for cell, note in expect.get("notes", {}).items():
        assert check.row_notes.get(parse_a1(cell)[0]) == note, dict(check.row_notes)
    for cell, part in expect.get("notes_contain", {}).items():
        assert part in check.row_notes.get(parse_a1(cell)[0], ""), dict(check.row_notes)


@pytest.mark.parametrize("path", TABLE_FILES, ids=[p.stem for p in TABLE_FILES])
def test_table_invariants(path: Path) -> None:
    check = _check(_load(path))
    assert all(f.problem in PROBLEM_IDS for f in check.findings)
    assert all(f.is_error == (f.problem != "corrected") for f in check.findings)
    assert all(f.message and f.suggestion for f in check.findings)
    assert (check.state == "valid") == (bool(check.ranking) and not check.errors)
    assert check.errors + check.corrections == tuple(
        sorted(check.findings, key=lambda f: not f.is_error)
    )
    if check.state != "empty":
        entry_rows = {r.row for r in _rows(_load(path)) if not is_blank(r.principle)}
        assert entry_rows <= set(check.row_notes)
    assert _check(_load(path)) == check


# --------------------------------------------------------------------------- parse_rank


@pytest.mark.parametrize(
    ("value", "rank"),
    [(3, 3), (3.0, 3), (" 3 ", 3), ("3.", 3), ("#3", 3), ("3rd", 3), ("1st", 1), ("17", 17)],
)
def test_rank_accepted(value: CellValue, rank: int) -> None:
    assert parse_rank(value) == rank


@pytest.mark.parametrize(
    "value", [2.5, 0, 18, -1, "abc", "", "2.5", True, False, Formula("=1"), "1-2", "three"]
)
def test_rank_refused(value: CellValue) -> None:
    assert isinstance(parse_rank(value), str)


# --------------------------------------------------------------------------- Finding.line


def test_line_with_cell_and_suggestion() -> None:
    f = Finding(
        TABLE, "B6", "unknown_code", "'MACRO 6' is not a principle", "did you mean MACRO-5?", True
    )
    assert f.line() == "Table 1, B6: 'MACRO 6' is not a principle — did you mean MACRO-5?"


def test_line_for_whole_table_finding_has_no_cell() -> None:
    f = Finding("Table 3", "", "too_few", "only 3 valid priorities", "add 2 more priorities", True)
    assert f.line() == "Table 3: only 3 valid priorities — add 2 more priorities"


def test_line_without_suggestion_has_no_dash() -> None:
    f = Finding(TABLE, "A5", "bad_rank", "rank 0 is out of range", "", True)
    assert f.line() == "Table 1, A5: rank 0 is out of range"


# --------------------------------------------------------------------------- notes, summary


def _table(*entries: tuple[CellValue, CellValue]) -> list[EntryRow]:
    return [
        EntryRow(4 + i, rank, principle, None, a1(4 + i, 0), a1(4 + i, 1))
        for i, (rank, principle) in enumerate(entries)
    ]


FIVE = [(1, "MACRO-1"), (2, "MACRO-2"), (3, "MACRO-3"), (4, "MACRO-4"), (5, "MACRO-5")]


def test_row_notes_cover_every_entry_row_and_no_blank_row() -> None:
    rows = _table(*FIVE, (6, None), (7, ""))
    check = validate_table(TABLE, rows)
    assert dict(check.row_notes) == {4 + i: f"✓ MACRO-{i + 1}" for i in range(5)}


def test_row_note_for_a_refused_principle_names_the_fix() -> None:
    check = validate_table(TABLE, _table(*FIVE[:4], (5, "MACRO 6")))
    assert check.row_notes[8] == (
        "✗ there is no MACRO-6; macro principles are MACRO-1 to MACRO-5 — did you mean MACRO-5?"
    )


def test_reason_without_principle_is_noted_but_not_an_error() -> None:
    reason_only = EntryRow(9, 6, None, "because we think so", "A10", "B10")
    check = validate_table(TABLE, [*_table(*FIVE), reason_only])
    assert check.state == "valid"
    assert check.row_notes[9].startswith("⚠")
    assert not check.findings


@pytest.mark.parametrize(
    ("entries", "summary"),
    [
        (FIVE, "valid: 5 priorities"),
        ([*FIVE[:4], (5, "Shared Decison Making")], "valid: 5 priorities (1 correction)"),
        (
            [(1, "Marco 1"), (2, "Mirco 2"), *FIVE[2:]],
            "valid: 5 priorities (2 corrections)",
        ),
        ([*FIVE, (6, "MACRO 6")], "invalid: 1 problem"),
        ([*FIVE[:4], (5, "M1")], "invalid: 2 problems"),
        ([(1, None), (2, "   ")], "empty: nothing typed yet"),
        ([], "empty: nothing typed yet"),
    ],
)
def test_summary(entries: list[tuple[CellValue, CellValue]], summary: str) -> None:
    assert validate_table(TABLE, _table(*entries)).summary() == summary


def test_minimum_is_respected() -> None:
    assert validate_table(TABLE, _table(*FIVE[:3]), minimum=3).state == "valid"
    assert validate_table(TABLE, _table(*FIVE), minimum=6).state == "invalid"


def test_rows_given_out_of_order_are_checked_in_sheet_order() -> None:
    rows = _table(*FIVE, (6, "MACRO-1"))
    check = validate_table(TABLE, list(reversed(rows)))
    dup = [f for f in check.findings if f.problem == "duplicate_principle"]
    assert [f.cell for f in dup] == ["B10"]
