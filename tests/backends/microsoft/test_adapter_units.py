"""The Microsoft adapter's pure parts: cells as Graph reads them, and the write plan."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from sheets_sync.backends.microsoft.cells import value_subs
from sheets_sync.backends.microsoft.read import Layout, Sheet, cells_of, is_date_format
from sheets_sync.backends.microsoft.write import Planner
from sheets_sync.errors import MissingTab, WorkbookError
from sheets_sync.model import (
    AddTab,
    CellRange,
    Dropdown,
    Formula,
    Protection,
    TabSpec,
    UpdateTab,
    WriteRange,
)


def used(address: str, values: list[list[object]], formulas=None, formats=None) -> dict:
    return {
        "address": address,
        "values": values,
        "formulas": formulas if formulas is not None else values,
        "numberFormat": formats
        if formats is not None
        else [["General"] * len(values[0])] * len(values),
    }


def test_cells_are_placed_from_the_used_range_corner() -> None:
    got = cells_of(used("'Table 1'!C5:D6", [["a", ""], [3.0, True]]))
    assert got == {(4, 2): "a", (5, 2): 3, (5, 3): True}
    assert type(got[(5, 2)]) is int


def test_a_formula_is_a_formula_and_text_like_one_stays_text() -> None:
    got = cells_of(
        used("T!A1:C1", [[42, "=SUM(A1:A3)", ""]], formulas=[["=A2*21", "=SUM(A1:A3)", '=""']])
    )
    assert got[(0, 0)] == Formula("=A2*21") and isinstance(got[(0, 0)], Formula)
    assert got[(0, 1)] == "=SUM(A1:A3)" and type(got[(0, 1)]) is str
    assert got[(0, 2)] == Formula('=""')


def test_numbers_formatted_as_dates_are_dates() -> None:
    got = cells_of(
        used(
            "T!A1:C1",
            [[46359, 46359.396, 2.5]],
            formats=[["yyyy-mm-dd", "yyyy-mm-dd hh:mm:ss", "0.00"]],
        )
    )
    assert got[(0, 0)] == date(2026, 12, 3)
    assert got[(0, 1)] == datetime(2026, 12, 3, 9, 30, 14, 400000)
    assert got[(0, 2)] == 2.5


@pytest.mark.parametrize(
    ("fmt", "is_date"),
    [
        ("General", False),
        ("@", False),
        ("0.00", False),
        ('"days"0', False),
        ("m/d/yyyy", True),
        ("[$-409]h:mm AM/PM", True),
        ("dd mmm", True),
        ("#,##0", False),
    ],
)
def test_date_formats(fmt: str, is_date: bool) -> None:
    assert is_date_format(fmt) is is_date


def test_text_is_sent_behind_a_quote_prefix_and_untouched_cells_as_null() -> None:
    (sub,) = value_subs("/ws", {(1, 1): "=1+1", (1, 3): None, (3, 1): 7, (2, 2): "'quoted"})
    assert sub.method == "PATCH"
    assert sub.url == "/ws/range(address='B2:D4')"
    assert sub.body == {"values": [["'=1+1", None, ""], [None, "''quoted", None], [7, None, None]]}


def test_formulas_are_sent_bare_and_dates_get_a_number_format() -> None:
    (sub,) = value_subs("/ws", {(0, 0): Formula("=A2"), (0, 1): date(2026, 12, 3)})
    assert sub.body["values"] == [["=A2", 46359.0]]
    assert sub.body["numberFormat"] == [[None, "yyyy-mm-dd"]]


def test_far_apart_cells_are_written_row_by_row() -> None:
    subs = value_subs("/ws", {(0, 0): "a", (900_000, 5): "b"})
    assert [s.url for s in subs] == [
        "/ws/range(address='A1:A1')",
        "/ws/range(address='F900001:F900001')",
    ]


def layout(*, protected: bool = True) -> Layout:
    return Layout(
        [
            Sheet("{S1}", "Table 1", 0, protected=protected, key="table_1"),
            Sheet("{S2}", "About", 1, key="about"),
        ],
        {},
    )


def test_writes_to_one_tab_become_one_patch_between_unprotect_and_protect() -> None:
    plan = Planner(layout(), "d", "i").add(
        WriteRange("table_1", 22, 0, (("status",),)),
        WriteRange("about", 0, 0, (("x",),)),
        WriteRange("table_1", 1, 4, (("ok",), ("fix",))),
    )
    steps = [(s.method, s.url.split("/worksheets/")[1]) for s in plan.subs]
    assert steps == [
        ("POST", "%7BS1%7D/protection/unprotect"),
        ("PATCH", "%7BS1%7D/range(address='A2:E23')"),
        ("POST", "%7BS1%7D/protection/protect"),
        ("PATCH", "%7BS2%7D/range(address='A1:A1')"),
    ]
    values = plan.subs[1].body["values"]
    assert values[0][4] == "'ok" and values[21][0] == "'status" and values[5][2] is None


def test_a_new_tab_is_written_before_it_is_protected_and_reports_what_graph_cannot_do() -> None:
    spec = TabSpec(
        key="gap_1",
        title="Gap 1",
        column_widths={0: 30, 1: 30, 2: 10},
        frozen_rows=2,
        tab_color="#1F4E79",
        dropdowns=(Dropdown(CellRange(2, 0, 9, 0), "about", CellRange(1, 1, 17, 1)),),
        protections=(Protection(None, "tool", exceptions=(CellRange(2, 0, None, 5),)),),
        anchors={"rows": 1},
    )
    plan = Planner(layout(), "d", "i").add(
        AddTab(spec, {(0, 0): "Gap 1"}),
        UpdateTab("gap_1", title="Gap one"),
        WriteRange("gap_1", 5, 0, (("later",),)),
    )
    kinds = [(s.method, s.url.rsplit("/", 1)[-1]) for s in plan.subs]
    assert kinds[0] == ("POST", "add")
    assert [k for k in kinds if k == ("POST", "add")] == [("POST", "add")] * 3
    values = next(s for s in plan.subs if "values" in (s.body or {}))
    assert "Gap%201/range" in values.url and values.body["values"][5][0] == "'later"
    order = [s.url.rsplit("/", 1)[-1] for s in plan.subs]
    assert order.index("protect") > plan.subs.index(values)
    assert plan.subs[-1].url.endswith("/worksheets/Gap%201") and plan.subs[-1].body == {
        "name": "Gap one"
    }
    assert {line.split(":")[1].strip().split(" ")[0] for line in plan.lost} == {
        "frozen",
        "tab",
        "1",
    }
    assert plan.added == ["Gap 1"] and plan.add_index == [0]


def test_a_change_to_a_missing_tab_is_refused_before_anything_is_sent() -> None:
    with pytest.raises(MissingTab, match="nope"):
        Planner(layout(), "d", "i").add(
            WriteRange("about", 0, 0, (("x",),)), WriteRange("nope", 0, 0, (("y",),))
        )
    with pytest.raises(WorkbookError, match="already a tab titled"):
        Planner(layout(), "d", "i").add(AddTab(TabSpec(key="t", title="about")))
