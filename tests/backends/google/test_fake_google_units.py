"""The Google fake's building blocks, without HTTP: A1 ranges, field masks, formulas,
typed input, Drive queries and schema checking."""

from __future__ import annotations

from typing import Any

import pytest

from sheets_sync.backends.google.fake import (
    a1,
    cellvalues,
    discovery,
    drive_query,
    fieldmask,
    formulas,
)
from sheets_sync.backends.google.fake.formulas import ErrorValue, Evaluator, Unsupported
from sheets_sync.backends.google.fake.schema import SchemaChecker

SHEETS = discovery.load("sheets")
DRIVE = discovery.load("drive")


# -- A1 ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sheet1!A1:B2", a1.A1Range("Sheet1", 0, 2, 0, 2)),
        ("'My sheet'!B3", a1.A1Range("My sheet", 2, 3, 1, 2)),
        ("'It''s'!A:C", a1.A1Range("It's", None, None, 0, 3)),
        ("Sheet1!2:5", a1.A1Range("Sheet1", 1, 5, None, None)),
        ("A5:C", a1.A1Range(None, 4, None, 0, 3)),
        ("B2:A1", a1.A1Range(None, 0, 2, 0, 2)),
        ("Sheet1!R1C1:R2C3", a1.A1Range("Sheet1", 0, 2, 0, 3)),
        ("'Gap 1'", a1.A1Range("Gap 1")),
        ("Consensus", a1.A1Range("Consensus")),
        ("$A$1:$B$2", a1.A1Range(None, 0, 2, 0, 2)),
    ],
)
def test_a1_parse(text: str, expected: a1.A1Range) -> None:
    assert a1.parse(text) == expected


@pytest.mark.parametrize("text", ["Sheet1!A0", "Sheet1!A1:", "'unterminated!A1", "Sheet1!1"])
def test_a1_parse_refuses_malformed(text: str) -> None:
    with pytest.raises(a1.A1Error):
        a1.parse(text)


def test_a1_format_quotes_like_google() -> None:
    assert a1.format_range("Sheet1", 0, 1, 0, 1) == "Sheet1!A1"
    assert a1.format_range("Table 1", 0, 1000, 0, 26) == "'Table 1'!A1:Z1000"
    assert a1.format_range("It's", 4, 5, 26, 28) == "'It''s'!AA5:AB5"
    assert a1.quote_title("A1") == "'A1'"
    assert [a1.column_letters(i) for i in (0, 25, 26, 701, 702)] == ["A", "Z", "AA", "ZZ", "AAA"]


# -- field masks ---------------------------------------------------------------------


def test_fieldmask_grammar_variants_parse_to_one_tree() -> None:
    nested = fieldmask.parse("sheets(properties,data.rowData.values(userEnteredValue,note))")
    slashes = fieldmask.parse(
        "sheets/properties,sheets/data/rowData/values/userEnteredValue,"
        "sheets.data.rowData.values.note"
    )
    assert nested == slashes
    assert fieldmask.paths(nested) == [
        "sheets.properties",
        "sheets.data.rowData.values.userEnteredValue",
        "sheets.data.rowData.values.note",
    ]


def test_fieldmask_validation_against_schema() -> None:
    good = fieldmask.parse("sheets(properties(title,gridProperties.rowCount),developerMetadata)")
    assert fieldmask.invalid_paths(SHEETS, "Spreadsheet", good) == []
    bad = fieldmask.parse("sheets(properties(titel),data.rowData.values.userEnteredValue.foo)")
    assert fieldmask.invalid_paths(SHEETS, "Spreadsheet", bad) == [
        "sheets.properties.titel",
        "sheets.data.rowData.values.userEnteredValue.foo",
    ]
    assert fieldmask.invalid_paths(SHEETS, "CellData", fieldmask.parse("userEnteredFormat.bold"))


def test_fieldmask_project_keeps_positions_in_arrays() -> None:
    value: dict[str, Any] = {
        "sheets": [
            {
                "properties": {"title": "A", "index": 0},
                "data": [{"rowData": [{"values": [{"note": "n"}, {"x": 1}]}, {}]}],
            }
        ],
        "spreadsheetId": "id",
    }
    projected = fieldmask.project(value, fieldmask.parse("sheets(properties.title,data)"))
    assert projected == {
        "sheets": [
            {"properties": {"title": "A"}, "data": value["sheets"][0]["data"]},
        ]
    }
    notes = fieldmask.project(value, fieldmask.parse("sheets.data.rowData.values.note"))
    assert notes == {"sheets": [{"data": [{"rowData": [{"values": [{"note": "n"}, {}]}, {}]}]}]}


def test_fieldmask_update_copies_masked_fields_and_clears_missing_ones() -> None:
    target = {"userEnteredValue": {"stringValue": "x"}, "userEnteredFormat": {"a": 1, "b": 2}}
    fieldmask.apply_update(
        target,
        {"userEnteredFormat": {"a": 9}},
        fieldmask.parse("userEnteredFormat.a,userEnteredFormat.b"),
    )
    assert target == {"userEnteredValue": {"stringValue": "x"}, "userEnteredFormat": {"a": 9}}
    fieldmask.apply_update(target, {}, fieldmask.parse("userEnteredValue"))
    assert target == {"userEnteredFormat": {"a": 9}}


# -- formulas ------------------------------------------------------------------------


def _evaluator(cells: dict[tuple[str | None, int, int], object]) -> Evaluator:
    def cell(sheet: str | None, row: int, col: int) -> formulas.Scalar:
        if sheet not in (None, "Table 1"):
            raise KeyError(sheet)
        value = cells.get((sheet, row, col))
        return value  # type: ignore[return-value]

    def size(sheet: str | None) -> tuple[int, int]:
        if sheet not in (None, "Table 1"):
            raise KeyError(sheet)
        return 100, 26

    return Evaluator(cell, size)


@pytest.mark.parametrize(
    ("formula", "expected"),
    [
        ("=1+1", 2.0),
        ('=IF(ISBLANK(B1),"",B1)', ""),
        ('=IF(ISBLANK(A1),"",A1)', "MACRO-1"),
        ("=A1", "MACRO-1"),
        ("=B1", None),
        ("=B1+0", 0.0),
        ('=A1&" ("&A2&")"', "MACRO-1 (3)"),
        ("='Table 1'!A2*2", 6.0),
        ("=SUM(A2:A3)", 7.0),
        ("=COUNTA(A1:A5)", 3.0),
        ('=COUNTIF(A2:A3,">3")', 1.0),
        ("=A2/0", ErrorValue("DIV_ZERO")),
        ("=Missing!A1", ErrorValue("REF")),
        ('=IFERROR(A2/0,"none")', "none"),
        ('=a1="macro-1"', True),
        ("=50%", 0.5),
    ],
)
def test_formula_engine(formula: str, expected: object) -> None:
    cells = {(None, 0, 0): "MACRO-1", (None, 1, 0): 3.0, (None, 2, 0): 4.0, ("Table 1", 1, 0): 3.0}
    result = _evaluator(cells).evaluate(formula)
    if isinstance(expected, ErrorValue):
        assert isinstance(result, ErrorValue)
        assert result.type == expected.type
    else:
        assert result == expected


def test_formula_engine_refuses_what_it_does_not_model() -> None:
    with pytest.raises(Unsupported):
        _evaluator({}).evaluate("=VLOOKUP(A1,B:C,2,FALSE)")


def test_formula_references_shift_like_google() -> None:
    shift = formulas.shift_references
    assert shift("=B5+$B$6", "Gap 1", "Gap 1", "ROWS", 4, 2) == "=B7+$B$8"
    assert shift("=B3", "Gap 1", "Gap 1", "ROWS", 4, 2) == "=B3"
    assert shift("='Gap 1'!B5", "About", "Gap 1", "ROWS", 0, 1) == "='Gap 1'!B6"
    assert shift("=About!B5", "Gap 1", "Gap 1", "ROWS", 0, 1) == "=About!B5"
    assert shift("=B5", "Gap 1", "Gap 1", "ROWS", 4, -1) == "=#REF!"
    assert shift("=SUM(B2:B9)", "S", "S", "ROWS", 3, -2) == "=SUM(B2:B7)"
    assert shift("=D1", "S", "S", "COLUMNS", 1, 1) == "=E1"
    assert shift('="B5"&B5', "S", "S", "ROWS", 0, 1) == '="B5"&B6'
    assert formulas.rename_sheet("='Table 1'!A1+A2", "table 1", "Table One") == (
        "='Table One'!A1+A2"
    )
    assert formulas.rename_sheet("=Old!A1", "Old", None) == "=#REF!"


# -- typed input ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("=1+1", {"formulaValue": "=1+1"}),
        ("'=1+1", {"stringValue": "=1+1"}),
        ("42", {"numberValue": 42}),
        ("-1.5", {"numberValue": -1.5}),
        ("1,234", {"numberValue": 1234}),
        ("true", {"boolValue": True}),
        ("+44 20 7946 0000", {"stringValue": "+44 20 7946 0000"}),
        ("-macro 1", {"stringValue": "-macro 1"}),
        ("@table", {"stringValue": "@table"}),
        ("2026-12-03", {"numberValue": 46359}),
    ],
)
def test_user_entered_parsing(typed: str, expected: dict[str, object]) -> None:
    parsed = cellvalues.parse_input(typed, "USER_ENTERED")
    assert parsed is not None
    assert parsed["userEnteredValue"] == expected


def test_raw_input_keeps_text_and_formats_display() -> None:
    assert cellvalues.parse_input("=1+1", "RAW") == {"userEnteredValue": {"stringValue": "=1+1"}}
    assert cellvalues.parse_input("", "RAW") == {}
    assert cellvalues.parse_input(None, "RAW") is None
    assert cellvalues.formatted(0.1 + 0.2) == "0.3"
    assert cellvalues.formatted(5.0) == "5"
    assert cellvalues.formatted(0.256, {"type": "PERCENT", "pattern": "0.0%"}) == "25.6%"
    assert cellvalues.formatted(1234.5, {"type": "NUMBER", "pattern": "#,##0.00"}) == "1,234.50"
    assert cellvalues.formatted(46359, {"type": "DATE", "pattern": "yyyy-mm-dd"}) == "2026-12-03"


# -- Drive queries -------------------------------------------------------------------


def test_drive_query_terms() -> None:
    files = [
        {
            "name": "Workshop",
            "mimeType": "application/vnd.google-apps.spreadsheet",
            "trashed": False,
            "parents": ["F1"],
            "appProperties": {"workshopId": "ws-1"},
        },
        {
            "name": "Workshop",
            "mimeType": "application/vnd.google-apps.spreadsheet",
            "trashed": True,
            "parents": ["F2"],
            "appProperties": {"workshopId": "ws-2"},
        },
        {"name": "It's notes", "mimeType": "text/plain", "trashed": False, "parents": ["F1"]},
    ]

    def names(query: str) -> list[int]:
        predicate = drive_query.compile_query(query, lambda f, q: False)
        return [i for i, f in enumerate(files) if predicate(f)]

    assert names("appProperties has { key='workshopId' and value='ws-1' }") == [0]
    assert names("name = 'Workshop' and trashed = false") == [0]
    assert names("'F1' in parents and not mimeType = 'text/plain'") == [0]
    assert names('mimeType="application/vnd.google-apps.spreadsheet" and parents in "F2"') == [1]
    assert names(r"name = 'It\'s notes' or name contains 'shop'") == [0, 1, 2]
    with pytest.raises(drive_query.QueryError):
        names("title = 'Workshop'")


# -- schema checking -----------------------------------------------------------------


def test_schema_messages_match_googles() -> None:
    checker = SchemaChecker(SHEETS)
    method = SHEETS.method("sheets.spreadsheets.batchUpdate")
    found = checker.check_body(method, {"requests": [{"addSheet": {"propertes": {}}}]})
    assert [v.message for v in found] == [
        "Invalid JSON payload received. Unknown name \"propertes\" at 'requests[0].addSheet': "
        "Cannot find field."
    ]
    found = checker.check_body(
        method,
        {
            "requests": [
                {
                    "addSheet": {
                        "properties": {
                            "sheetType": "TABLE",
                            "index": "2",
                            "gridProperties": {"rowCount": 1.5},
                        }
                    }
                }
            ]
        },
    )
    assert [v.field for v in found] == [
        "requests[0].addSheet.properties.sheetType",
        "requests[0].addSheet.properties.gridProperties.rowCount",
    ]
    assert found[0].message == (
        "Invalid value at 'requests[0].add_sheet.properties.sheet_type' "
        '(type.googleapis.com/google.apps.sheets.v4.SheetType), "TABLE"'
    )
    assert "(TYPE_INT32), 1.5" in found[1].message


def test_schema_accepts_what_google_accepts() -> None:
    checker = SchemaChecker(SHEETS)
    method = SHEETS.method("sheets.spreadsheets.values.update")
    body = {"range": "A1", "majorDimension": "ROWS", "values": [["x", 1, True, None, 2.5]]}
    assert checker.check_body(method, body) == []
    assert (
        checker.check_query(
            method, {"valueInputOption": ["RAW"], "includeValuesInResponse": ["True"]}
        )
        == []
    )
    bad = checker.check_query(
        method, {"valueInputOption": ["RAWW"], "foo": ["1"], "includeValuesInResponse": ["yes"]}
    )
    assert [v.field for v in bad] == ["valueInputOption", "foo", "includeValuesInResponse"]


def test_schema_oneof_and_drive_leniency() -> None:
    method = SHEETS.method("sheets.spreadsheets.batchUpdate")
    found = SchemaChecker(SHEETS).check_body(
        method, {"requests": [{"addSheet": {}, "deleteSheet": {"sheetId": 1}}]}
    )
    assert len(found) == 1
    assert "oneof field 'kind' is already set" in found[0].message
    create = DRIVE.method("drive.files.create")
    found = SchemaChecker(DRIVE).check_body(create, {"title": "v2 habit", "name": "x"})
    assert [(v.field, v.rejected) for v in found] == [("title", False)]
