"""Translating changes to batchUpdate requests, and parsing spreadsheets.get, without HTTP."""

from __future__ import annotations

from datetime import date, datetime
from itertools import count
from typing import Any

import pytest

from sheets_sync.backends.google.batch import chart_id, column_pixels, plan, retire
from sheets_sync.backends.google.fake import discovery, fieldmask
from sheets_sync.backends.google.fake.schema import SchemaChecker
from sheets_sync.backends.google.read import (
    LAYOUT_FIELDS,
    READ_FIELDS,
    Layout,
    SheetInfo,
    cell_value,
    from_serial,
    parse_spreadsheet,
    to_serial,
)
from sheets_sync.backends.google.shapes import cell_data, grid_range, rgb, sheet_ref
from sheets_sync.errors import MissingTab
from sheets_sync.model import (
    AddTab,
    CellRange,
    ChartSpec,
    Dropdown,
    Formula,
    Protection,
    SetChart,
    Style,
    TabSpec,
    UpdateTab,
    WriteRange,
)

SHEETS = discovery.load("sheets")


def assert_valid_batch(requests: list[dict[str, Any]]) -> None:
    method = SHEETS.method("sheets.spreadsheets.batchUpdate")
    problems = SchemaChecker(SHEETS).check_body(method, {"requests": requests})
    assert problems == []


def ids() -> Any:
    return count(101).__next__


ABOUT = TabSpec(
    key="about",
    title="About",
    column_widths={0: 12, 2: 60},
    frozen_rows=1,
    protections=(Protection(None, "tool", exceptions=(CellRange(10, 0, 14, 2),)),),
    styles=(Style(CellRange(0, 0, 0, 5), bold=True, fill="#DDEEFF", font_size=14),),
    anchors={"principles": 3},
    tab_color="#1F4E79",
)
TABLE = TabSpec(
    key="table-1",
    title="Table 1",
    dropdowns=(Dropdown(CellRange(4, 1, 20, 1), "about", CellRange(3, 3, 19, 3), strict=False),),
    protections=(
        Protection(
            CellRange(0, 0, 30, 5),
            "status",
            warning_only=False,
            editors=("fac@example.org",),
            exceptions=(CellRange(4, 0, 20, 2),),
        ),
    ),
    hidden=True,
)


def test_add_tabs_and_write_in_one_valid_batch() -> None:
    layout = Layout()
    batch = plan(
        [
            AddTab(ABOUT, {(0, 0): "Principles", (3, 3): Formula("=A1"), (4, 3): "=not a formula"}),
            AddTab(TABLE, {(0, 0): 1, (0, 1): 2.5, (0, 2): True, (1, 0): date(2026, 3, 1)}),
            WriteRange("table-1", 2000, 0, (("beyond", None),)),
            UpdateTab("table-1", title="Table One", tab_color="#FF0000"),
            SetChart("about", ChartSpec("points", "Points", (3, 19), 1, (3,), ("Points",), (0, 7))),
        ],
        layout,
        ids(),
    )
    assert_valid_batch(batch.requests)
    kinds = [next(iter(r)) for r in batch.requests]
    assert kinds.count("addSheet") == 2
    assert batch.new_sheet_ids == [101, 102]
    assert batch.new_chart_ids == [chart_id("about", "points")]
    # Dropdowns and protections come last, once every tab they may name exists; then Google
    # fits the height of every row written, one request per tab.
    deferred = {"setDataValidation", "addProtectedRange"}
    first_deferred = min(i for i, k in enumerate(kinds) if k in deferred)
    assert kinds[-2:] == ["autoResizeDimensions", "autoResizeDimensions"]
    assert all(k in deferred for k in kinds[first_deferred:-2])
    fitted = [r["autoResizeDimensions"]["dimensions"] for r in batch.requests[-2:]]
    assert [(d["sheetId"], d["startIndex"], d["endIndex"]) for d in fitted] == [
        (101, 0, 5),
        (102, 0, 2001),
    ]
    assert kinds.index("setDataValidation") > kinds.index("addChart")
    assert [s.title for s in layout.sheets] == ["About", "Table One"]
    assert layout.by_key("table-1").rows == 2001  # type: ignore[union-attr]


def test_text_is_text_and_formulas_are_formulas() -> None:
    assert cell_data("=SUM(A1:A3)") == {"userEnteredValue": {"stringValue": "=SUM(A1:A3)"}}
    assert cell_data("+44 20 7946 0000") == {
        "userEnteredValue": {"stringValue": "+44 20 7946 0000"}
    }
    assert cell_data("007") == {"userEnteredValue": {"stringValue": "007"}}
    assert cell_data(Formula("=A1")) == {"userEnteredValue": {"formulaValue": "=A1"}}
    assert cell_data(True) == {"userEnteredValue": {"boolValue": True}}
    assert cell_data(3) == {"userEnteredValue": {"numberValue": 3}}
    assert cell_data(None) == {}
    assert cell_data("") == {}
    with pytest.raises(ValueError, match="nan"):
        cell_data(float("nan"))


def test_dates_round_trip_through_serials() -> None:
    assert to_serial(date(1899, 12, 31)) == 1.0
    assert from_serial(to_serial(date(2026, 3, 1)), with_time=False) == date(2026, 3, 1)
    moment = datetime(2026, 3, 1, 10, 31, 7)
    assert from_serial(to_serial(moment), with_time=True) == moment
    entered = cell_data(moment)
    assert (
        cell_value({**entered, "userEnteredFormat": {"numberFormat": {"type": "DATE_TIME"}}})
        == moment
    )


def test_cell_values_are_read_as_typed() -> None:
    assert cell_value({"userEnteredValue": {"stringValue": "=1+1"}}) == "=1+1"
    formula = cell_value({"userEnteredValue": {"formulaValue": "=1+1"}})
    assert isinstance(formula, Formula)
    assert formula == "=1+1"
    assert cell_value({"userEnteredValue": {"numberValue": 4.0}}) == 4
    assert isinstance(cell_value({"userEnteredValue": {"numberValue": 4.0}}), int)
    assert cell_value({"userEnteredValue": {"numberValue": 4.5}}) == 4.5
    assert cell_value({"userEnteredValue": {"boolValue": False}}) is False
    assert cell_value({"userEnteredValue": {"stringValue": ""}}) is None
    assert cell_value({}) is None


def test_write_grows_the_grid_instead_of_failing() -> None:
    layout = Layout([SheetInfo(7, "Consensus", "consensus", rows=10, cols=3)])
    batch = plan([WriteRange("consensus", 9, 2, (("a", "b", "c"), ("d",)))], layout, ids())
    assert_valid_batch(batch.requests)
    assert batch.requests[:2] == [
        {"appendDimension": {"sheetId": 7, "dimension": "ROWS", "length": 1}},
        {"appendDimension": {"sheetId": 7, "dimension": "COLUMNS", "length": 2}},
    ]
    assert layout.sheets[0].rows == 11
    assert layout.sheets[0].cols == 5
    inside = plan([WriteRange("consensus", 0, 0, (("x",),))], layout, ids())
    assert [next(iter(r)) for r in inside.requests] == ["updateCells", "autoResizeDimensions"]
    fit = inside.requests[-1]["autoResizeDimensions"]["dimensions"]
    assert fit == {"sheetId": 7, "dimension": "ROWS", "startIndex": 0, "endIndex": 1}


def test_unknown_tab_key_is_missing_tab() -> None:
    with pytest.raises(MissingTab, match="'gap-1'"):
        plan([WriteRange("gap-1", 0, 0, (("x",),))], Layout(), ids())


def test_existing_chart_is_updated_not_added() -> None:
    cid = chart_id("consensus", "points")
    layout = Layout([SheetInfo(7, "Consensus", "consensus", 100, 26, {cid: (0, 7, 720, 420)})])
    chart = ChartSpec("points", "Points", (3, 19), 1, (3, 4), ("A", "B"), (0, 7))
    batch = plan([SetChart("consensus", chart)], layout, ids())
    assert_valid_batch(batch.requests)
    assert [next(iter(r)) for r in batch.requests] == ["updateChartSpec"]
    assert batch.new_chart_ids == []
    moved = ChartSpec("points", "Points", (3, 19), 1, (3, 4), ("A", "B"), (30, 7))
    batch = plan([SetChart("consensus", moved)], layout, ids())
    assert_valid_batch(batch.requests)
    assert [next(iter(r)) for r in batch.requests] == ["deleteEmbeddedObject", "addChart"]
    assert batch.requests[1]["addChart"]["chart"]["chartId"] == cid
    assert layout.sheets[0].charts == {cid: (30, 7, 720, 420)}


def test_dropdown_names_the_source_tab_by_current_title() -> None:
    layout = Layout([SheetInfo(5, "Über's tab", "about", 100, 26)])
    batch = plan([AddTab(TABLE)], layout, ids())
    rule = next(r for r in batch.requests if "setDataValidation" in r)["setDataValidation"]
    assert rule["rule"] == {
        "condition": {
            "type": "ONE_OF_RANGE",
            "values": [{"userEnteredValue": "='Über''s tab'!$D$4:$D$20"}],
        },
        "strict": False,
        "showCustomUi": True,
    }


def test_protection_exceptions() -> None:
    layout = Layout()
    batch = plan([AddTab(ABOUT), AddTab(TABLE)], layout, ids())
    protected = [
        r["addProtectedRange"]["protectedRange"] for r in batch.requests if "addProtectedRange" in r
    ]
    whole, *cut = protected
    assert whole["range"] == {"sheetId": 101}
    assert whole["unprotectedRanges"] == [grid_range(101, CellRange(10, 0, 14, 2))]
    assert whole["warningOnly"] is True
    assert "editors" not in whole
    # A ranged protection with a hole becomes the pieces around the hole.
    assert all(p["editors"] == {"users": ["fac@example.org"]} for p in cut)
    covered = {(r, c) for p in cut for r, c in _cells(p["range"])}
    expected = {(r, c) for r in range(31) for c in range(6)} - {
        (r, c) for r in range(4, 21) for c in range(3)
    }
    assert covered == expected


def _cells(gr: dict[str, int]) -> list[tuple[int, int]]:
    return [
        (r, c)
        for r in range(gr["startRowIndex"], gr["endRowIndex"])
        for c in range(gr["startColumnIndex"], gr["endColumnIndex"])
    ]


def test_small_helpers() -> None:
    assert column_pixels(10) == 80
    assert rgb("#FF8000") == {"red": 1.0, "green": 128 / 255, "blue": 0.0}
    with pytest.raises(ValueError, match="colour"):
        rgb("red")
    assert sheet_ref("About", CellRange(1, 3)) == "'About'!$D$2:$D"
    assert 1 <= chart_id("a", "b") < 2**31
    assert chart_id("a", "b") == chart_id("a", "b") != chart_id("b", "b")
    renames, deletes = retire([SheetInfo(0, "Sheet1", None, 1000, 26)])
    assert_valid_batch(renames + deletes)


def test_field_masks_are_valid() -> None:
    for mask in (READ_FIELDS, LAYOUT_FIELDS):
        assert fieldmask.invalid_paths(SHEETS, "Spreadsheet", fieldmask.parse(mask)) == []


def test_parse_keys_anchors_and_duplicates() -> None:
    meta = {
        "metadataKey": "sheets_sync.tab",
        "metadataValue": "table-1",
        "location": {"sheetId": 3},
    }
    anchor = {
        "metadataKey": "sheets_sync.anchor",
        "metadataValue": "table-1/entries",
        "location": {
            "dimensionRange": {"sheetId": 3, "dimension": "ROWS", "startIndex": 7, "endIndex": 8}
        },
    }
    body = {
        "sheets": [
            {
                "properties": {"sheetId": 9, "title": "Copy of Table 1", "index": 1},
                "developerMetadata": [{**meta, "location": {"sheetId": 9}}],
            },
            {
                "properties": {
                    "sheetId": 3,
                    "title": "Renamed",
                    "index": 0,
                    "hidden": True,
                    "gridProperties": {"rowCount": 50, "columnCount": 8},
                },
                "developerMetadata": [meta],
                "charts": [{"chartId": 77}],
                "data": [
                    {
                        "rowData": [
                            {"values": [{"userEnteredValue": {"stringValue": "Rank"}}]},
                            {},
                        ],
                        "rowMetadata": [{}] * 7 + [{"developerMetadata": [anchor]}],
                    }
                ],
            },
        ]
    }
    snapshot, layout = parse_spreadsheet(body)
    assert [t.title for t in snapshot] == ["Renamed", "Copy of Table 1"]
    tab = snapshot.get("table-1")
    assert tab is not None
    assert tab.title == "Renamed"
    assert tab.hidden
    assert tab.cells == {(0, 0): "Rank"}
    assert tab.anchors == {"entries": 7}
    assert snapshot.tabs[1].key is None
    assert layout.by_key("table-1") == SheetInfo(3, "Renamed", "table-1", 50, 8, {77: None})


def test_dropdown_source_may_be_added_later_in_the_batch() -> None:
    about = AddTab(TabSpec(key="about", title="About"))
    batch = plan([AddTab(TABLE), about], Layout(), ids())
    assert_valid_batch(batch.requests)
    rule = next(r for r in batch.requests if "setDataValidation" in r)["setDataValidation"]
    assert rule["rule"]["condition"]["values"] == [{"userEnteredValue": "='About'!$D$4:$D$20"}]
