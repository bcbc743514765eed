"""The fake's Sheets v4 behaviour, driven by real gspread over HTTP."""

from __future__ import annotations

from typing import Any

import gspread
import pytest
from gspread.exceptions import APIError
from gspread.utils import ValueRenderOption

from sheets_sync.backends.google.fake import SERVICE_ACCOUNT_EMAIL, FakeGoogle

pytest_plugins = ["sheets_sync.backends.google.fake.plugin"]


@pytest.fixture
def workbook(google_fake: FakeGoogle, gspread_client: gspread.Client) -> gspread.Spreadsheet:
    """A spreadsheet the service account created in a shared drive."""
    drive = google_fake.add_shared_drive("Workshops")
    return gspread_client.create("Sampleton workshop", folder_id=drive)


def error_of(raised: pytest.ExceptionInfo[APIError]) -> dict[str, Any]:
    body: dict[str, Any] = raised.value.response.json()["error"]
    return body


def test_create_open_and_add_worksheets(
    google_fake: FakeGoogle, gspread_client: gspread.Client, workbook: gspread.Spreadsheet
) -> None:
    workbook.add_worksheet("Table 1", rows=30, cols=6)
    workbook.add_worksheet("It's Gap 1", rows=10, cols=6, index=0)
    reopened = gspread_client.open_by_key(workbook.id)
    assert [ws.title for ws in reopened.worksheets()] == ["It's Gap 1", "Sheet1", "Table 1"]
    table = reopened.worksheet("Table 1")
    assert (table.row_count, table.col_count) == (30, 6)
    assert reopened.worksheet("Sheet1").id == 0
    state = google_fake.spreadsheet(workbook.id)
    assert state["properties"]["locale"] == "en_US"
    assert google_fake.files[workbook.id]["name"] == "Sampleton workshop"


def test_raw_keeps_text_and_user_entered_parses(
    google_fake: FakeGoogle, workbook: gspread.Spreadsheet
) -> None:
    ws = workbook.sheet1
    ws.update([["=1+1", "007", "TRUE"]], "A1", raw=True)
    ws.update([["=1+1", "007", "TRUE", '=A1&"!"', "'=2+2"]], "A2", raw=False)
    assert ws.get("A1:E2") == [["=1+1", "007", "TRUE"], ["2", "7", "TRUE", "=1+1!", "=2+2"]]
    assert ws.get("A1:E2", value_render_option=ValueRenderOption.formula) == [
        ["=1+1", "007", "TRUE"],
        ["=1+1", 7, True, '=A1&"!"', "=2+2"],
    ]
    assert ws.get("A1:C2", value_render_option=ValueRenderOption.unformatted) == [
        ["=1+1", "007", "TRUE"],
        [2, 7, True],
    ]
    stored = google_fake.spreadsheet(workbook.id)["sheets"][0]["data"][0]["rowData"]
    assert stored[0]["values"][0] == {"userEnteredValue": {"stringValue": "=1+1"}}
    assert stored[1]["values"][0] == {"userEnteredValue": {"formulaValue": "=1+1"}}


def test_formulas_a_tool_writes_are_evaluated(
    google_fake: FakeGoogle, workbook: gspread.Spreadsheet
) -> None:
    workbook.add_worksheet("Table 1", rows=10, cols=3)
    ws = workbook.sheet1
    ws.update(
        [["=IF(ISBLANK('Table 1'!B2),\"\",'Table 1'!B2)", "=VLOOKUP(A1,B:C,2)"]], "A1", raw=False
    )
    assert ws.get("A1:B1", value_render_option=ValueRenderOption.formatted) == [[]]
    google_fake.person_sets(workbook.id, "Table 1", "B2", "MACRO-3")
    assert ws.acell("A1").value == "MACRO-3"
    assert ws.get("B1", value_render_option=ValueRenderOption.formula) == [["=VLOOKUP(A1,B:C,2)"]]
    assert ws.get("B1") == [[]]  # not modelled: no value, formula kept


def test_values_majors_ranges_and_quoted_titles(workbook: gspread.Spreadsheet) -> None:
    ws = workbook.add_worksheet("It's table 2", rows=8, cols=4)
    ws.update([["r1", "x"], ["r2"], [None, "y"]], "B2", raw=True)
    data = workbook.values_get("'It''s table 2'!B:C")
    assert data["range"] == "'It''s table 2'!B1:C8"
    assert data["values"] == [[], ["r1", "x"], ["r2"], ["", "y"]]
    by_column = workbook.values_get("'It''s table 2'!B2:C4", params={"majorDimension": "COLUMNS"})
    assert by_column["values"] == [["r1", "r2"], ["x", "", "y"]]
    assert workbook.values_get("'It''s table 2'!3:3")["values"] == [["", "r2"]]
    everything = workbook.values_batch_get(["'It''s table 2'", "Sheet1!A1"])
    assert [vr["range"] for vr in everything["valueRanges"]] == [
        "'It''s table 2'!A1:D8",
        "Sheet1!A1",
    ]


def test_writes_are_bounded_by_range_and_grid(workbook: gspread.Spreadsheet) -> None:
    ws = workbook.add_worksheet("Small", rows=5, cols=3)
    with pytest.raises(APIError) as raised:
        ws.update([["a", "b", "c"]], "A1:B1")
    assert error_of(raised)["message"] == (
        "Requested writing within range ['Small'!A1:B1], but tried writing to column [C]"
    )
    with pytest.raises(APIError) as raised:
        ws.update([["x"]], "A6")
    assert error_of(raised)["message"] == (
        "Range (Small!A6) exceeds grid limits. Max rows: 5, max columns: 3"
    )
    assert error_of(raised)["status"] == "INVALID_ARGUMENT"
    ws.append_rows([["new"]] * 7)
    assert len(workbook.worksheet("Small").col_values(1)) == 7
    assert workbook.worksheet("Small").row_count == 7


def test_append_finds_the_table_and_can_insert_rows(workbook: gspread.Spreadsheet) -> None:
    ws = workbook.add_worksheet("Log", rows=10, cols=3)
    ws.update([["rank", "principle"], [1, "MACRO-1"], [2, "MESO-2"]], "A1")
    ws.update([["footer"]], "A8")
    answer = workbook.values_append("Log!A1", {"valueInputOption": "RAW"}, {"values": [[3, "x"]]})
    assert answer["tableRange"] == "Log!A1:B3"
    assert answer["updates"]["updatedRange"] == "Log!A4:B4"
    workbook.values_append(
        "Log!A1",
        {"valueInputOption": "RAW", "insertDataOption": "INSERT_ROWS"},
        {"values": [[4, "y"]]},
    )
    assert ws.col_values(1) == ["rank", "1", "2", "3", "4", "", "", "", "footer"]


def test_batch_update_is_atomic(google_fake: FakeGoogle, workbook: gspread.Spreadsheet) -> None:
    version = google_fake.files[workbook.id]["version"]
    with pytest.raises(APIError) as raised:
        workbook.batch_update(
            {
                "requests": [
                    {"addSheet": {"properties": {"title": "Consensus"}}},
                    {
                        "updateCells": {
                            "start": {"sheetId": 0},
                            "fields": "userEnteredValue",
                            "rows": [{"values": [{"userEnteredValue": {"stringValue": "x"}}]}],
                        }
                    },
                    {"deleteSheet": {"sheetId": 424242}},
                ]
            }
        )
    assert raised.value.response.status_code == 400
    assert error_of(raised)["message"] == "Invalid requests[2].deleteSheet: No grid with id: 424242"
    assert [ws.title for ws in workbook.worksheets()] == ["Sheet1"]
    assert workbook.sheet1.get_all_values() == [[]]
    assert google_fake.files[workbook.id]["version"] == version


def test_batch_update_replies_like_google(
    google_fake: FakeGoogle, workbook: gspread.Spreadsheet
) -> None:
    version = int(google_fake.files[workbook.id]["version"])
    answer = workbook.batch_update(
        {
            "requests": [
                {
                    "addSheet": {
                        "properties": {"title": "Consensus", "gridProperties": {"rowCount": 40}}
                    }
                },
                {
                    "updateSheetProperties": {
                        "properties": {"sheetId": 0, "title": "About"},
                        "fields": "title",
                    }
                },
                {
                    "addProtectedRange": {
                        "protectedRange": {
                            "range": {"sheetId": 0},
                            "description": "tool",
                            "unprotectedRanges": [
                                {"sheetId": 0, "startRowIndex": 10, "endRowIndex": 12}
                            ],
                        }
                    }
                },
                {
                    "createDeveloperMetadata": {
                        "developerMetadata": {
                            "metadataKey": "sheets_sync.tab",
                            "metadataValue": "about",
                            "location": {"sheetId": 0},
                            "visibility": "DOCUMENT",
                        }
                    }
                },
                {
                    "addChart": {
                        "chart": {
                            "spec": {
                                "title": "Points",
                                "basicChart": {
                                    "chartType": "BAR",
                                    "domains": [
                                        {
                                            "domain": {
                                                "sourceRange": {
                                                    "sources": [
                                                        {
                                                            "sheetId": 0,
                                                            "startRowIndex": 0,
                                                            "endRowIndex": 17,
                                                            "startColumnIndex": 0,
                                                            "endColumnIndex": 1,
                                                        }
                                                    ]
                                                }
                                            }
                                        }
                                    ],
                                },
                            },
                            "position": {
                                "overlayPosition": {
                                    "anchorCell": {"sheetId": 0, "rowIndex": 2, "columnIndex": 4}
                                }
                            },
                        }
                    }
                },
                {"duplicateSheet": {"sourceSheetId": 0, "newSheetName": "About copy"}},
            ]
        }
    )
    replies = answer["replies"]
    assert replies[0]["addSheet"]["properties"]["title"] == "Consensus"
    assert replies[0]["addSheet"]["properties"]["gridProperties"] == {
        "rowCount": 40,
        "columnCount": 26,
    }
    assert replies[1] == {}
    protected = replies[2]["addProtectedRange"]["protectedRange"]
    assert isinstance(protected["protectedRangeId"], int)
    assert protected["editors"]["users"] == [SERVICE_ACCOUNT_EMAIL]
    metadata = replies[3]["createDeveloperMetadata"]["developerMetadata"]
    assert metadata["location"] == {"locationType": "SHEET", "sheetId": 0}
    assert isinstance(metadata["metadataId"], int)
    chart_id = replies[4]["addChart"]["chart"]["chartId"]
    assert isinstance(chart_id, int)
    copy_props = replies[5]["duplicateSheet"]["properties"]
    assert copy_props["title"] == "About copy"
    state = google_fake.spreadsheet(workbook.id)
    copy_sheet = next(s for s in state["sheets"] if s["properties"]["title"] == "About copy")
    assert copy_sheet["charts"][0]["chartId"] != chart_id
    assert "developerMetadata" not in copy_sheet
    assert int(google_fake.files[workbook.id]["version"]) == version + 1
    assert google_fake.files[workbook.id]["name"] == "Sampleton workshop"


def test_sheet_titles_are_unique_ignoring_case(workbook: gspread.Spreadsheet) -> None:
    with pytest.raises(APIError) as raised:
        workbook.add_worksheet("sheet1", rows=5, cols=5)
    assert error_of(raised)["message"] == (
        'Invalid requests[0].addSheet: A sheet with the name "sheet1" already exists. '
        "Please enter another name."
    )


def test_field_masks_return_only_what_was_asked(
    google_fake: FakeGoogle, workbook: gspread.Spreadsheet
) -> None:
    workbook.sheet1.update([["a", "=1+2"]], "A1", raw=False)
    answer = workbook.fetch_sheet_metadata(
        params={
            "fields": "sheets(properties(title,gridProperties.rowCount),"
            "data.rowData.values(userEnteredValue,formattedValue))",
            "ranges": "Sheet1!A1:C2",
        }
    )
    assert answer == {
        "sheets": [
            {
                "properties": {"title": "Sheet1", "gridProperties": {"rowCount": 1000}},
                "data": [
                    {
                        "rowData": [
                            {
                                "values": [
                                    {
                                        "userEnteredValue": {"stringValue": "a"},
                                        "formattedValue": "a",
                                    },
                                    {
                                        "userEnteredValue": {"formulaValue": "=1+2"},
                                        "formattedValue": "3",
                                    },
                                ]
                            }
                        ]
                    }
                ],
            }
        ]
    }
    plain = workbook.fetch_sheet_metadata()
    assert "data" not in plain["sheets"][0]
    with_grid = workbook.fetch_sheet_metadata(
        params={"includeGridData": "true", "ranges": "Sheet1!A1:B1"}
    )
    cell = with_grid["sheets"][0]["data"][0]["rowData"][0]["values"][1]
    assert cell["effectiveValue"] == {"numberValue": 3}
    assert cell["effectiveFormat"]["horizontalAlignment"] == "RIGHT"
    assert len(with_grid["sheets"][0]["data"][0]["rowMetadata"]) == 1


def test_developer_metadata_follows_its_row(
    google_fake: FakeGoogle, workbook: gspread.Spreadsheet
) -> None:
    workbook.batch_update(
        {
            "requests": [
                {
                    "createDeveloperMetadata": {
                        "developerMetadata": {
                            "metadataKey": "anchor",
                            "metadataValue": "agreed-top-five",
                            "location": {
                                "dimensionRange": {
                                    "sheetId": 0,
                                    "dimension": "ROWS",
                                    "startIndex": 9,
                                    "endIndex": 10,
                                }
                            },
                            "visibility": "DOCUMENT",
                        }
                    }
                }
            ]
        }
    )
    workbook.sheet1.insert_rows([["new"], ["rows"]], row=3)
    google_fake.person_inserts_rows(workbook.id, "Sheet1", before_row=1)
    google_fake.person_deletes_rows(workbook.id, "Sheet1", first_row=20)
    found = workbook.client.request(
        "post",
        f"https://sheets.googleapis.com/v4/spreadsheets/{workbook.id}/developerMetadata:search",
        json={"dataFilters": [{"developerMetadataLookup": {"metadataKey": "anchor"}}]},
    ).json()
    (match,) = found["matchedDeveloperMetadata"]
    assert match["developerMetadata"]["location"]["dimensionRange"]["startIndex"] == 12
    by_filter = workbook.client.request(
        "post",
        f"https://sheets.googleapis.com/v4/spreadsheets/{workbook.id}/values:batchGetByDataFilter",
        json={"dataFilters": [{"developerMetadataLookup": {"metadataValue": "agreed-top-five"}}]},
    ).json()
    assert by_filter["valueRanges"][0]["valueRange"]["range"] == "Sheet1!A13:Z13"
    google_fake.person_deletes_rows(workbook.id, "Sheet1", first_row=13)
    gone = workbook.client.request(
        "post",
        f"https://sheets.googleapis.com/v4/spreadsheets/{workbook.id}/developerMetadata:search",
        json={"dataFilters": [{"developerMetadataLookup": {"metadataKey": "anchor"}}]},
    ).json()
    assert gone == {}


def test_inserting_rows_moves_formulas_merges_and_protection(
    google_fake: FakeGoogle, workbook: gspread.Spreadsheet
) -> None:
    ws = workbook.add_worksheet("Gap 1", rows=20, cols=6)
    workbook.sheet1.update([["='Gap 1'!B5"]], "A1", raw=False)
    ws.update([["gap"]], "B5")
    ws.merge_cells("A1:F1")
    ws.add_protected_range("A5:B6", editor_users_emails=[SERVICE_ACCOUNT_EMAIL])
    google_fake.person_inserts_rows(workbook.id, "Gap 1", before_row=2, count=3)
    assert workbook.sheet1.get("A1", value_render_option=ValueRenderOption.formula) == [
        ["='Gap 1'!B8"]
    ]
    assert workbook.sheet1.acell("A1").value == "gap"
    sheet = google_fake.spreadsheet(workbook.id)["sheets"][1]
    assert sheet["merges"][0]["endRowIndex"] == 1
    assert sheet["protectedRanges"][0]["range"]["startRowIndex"] == 7
    assert sheet["properties"]["gridProperties"]["rowCount"] == 23


def test_protected_ranges_and_validation_are_stored_and_enforced(
    google_fake: FakeGoogle, workbook: gspread.Spreadsheet, gspread_client: gspread.Client
) -> None:
    about = workbook.sheet1
    about.update([[f"MACRO-{i}"] for i in range(1, 6)], "D4")
    table = workbook.add_worksheet("Table 1", rows=30, cols=4)
    workbook.batch_update(
        {
            "requests": [
                {
                    "setDataValidation": {
                        "range": {
                            "sheetId": table.id,
                            "startRowIndex": 4,
                            "endRowIndex": 9,
                            "startColumnIndex": 1,
                            "endColumnIndex": 2,
                        },
                        "rule": {
                            "condition": {
                                "type": "ONE_OF_RANGE",
                                "values": [{"userEnteredValue": "=Sheet1!D4:D8"}],
                            },
                            "strict": False,
                            "showCustomUi": True,
                        },
                    }
                },
                {
                    "addProtectedRange": {
                        "protectedRange": {
                            "range": {"sheetId": table.id, "startRowIndex": 0, "endRowIndex": 3},
                            "editors": {"users": ["facilitator@example.org"]},
                            "warningOnly": False,
                        }
                    }
                },
            ]
        }
    )
    cells = workbook.fetch_sheet_metadata(
        params={
            "fields": "sheets(protectedRanges,data.rowData.values.dataValidation)",
            "ranges": "'Table 1'!B5",
        }
    )
    sheet = cells["sheets"][0]
    rule = sheet["data"][0]["rowData"][0]["values"][0]["dataValidation"]
    assert rule["condition"]["type"] == "ONE_OF_RANGE"
    protected = sheet["protectedRanges"][0]
    assert protected["editors"]["users"] == ["facilitator@example.org", SERVICE_ACCOUNT_EMAIL]
    assert protected["requestingUserCanEdit"] is True
    table.update([["ok"]], "A1")
    protected_id = protected["protectedRangeId"]
    workbook.batch_update(
        {
            "requests": [
                {
                    "updateProtectedRange": {
                        "protectedRange": {
                            "protectedRangeId": protected_id,
                            "editors": {"users": ["facilitator@example.org"]},
                        },
                        "fields": "editors",
                    }
                }
            ]
        }
    )
    with pytest.raises(APIError) as raised:
        table.update([["not mine"]], "A2")
    assert error_of(raised)["message"].startswith("You are trying to edit a protected cell")
    assert table.acell("A2").value is None
    # A person is not stopped by the fake's UI helpers.
    google_fake.person_sets(workbook.id, "Table 1", "A2", "typed")
    assert google_fake.values(workbook.id, "Table 1")[1] == ["typed"]


def test_charts_can_be_updated_and_deleted(
    google_fake: FakeGoogle, workbook: gspread.Spreadsheet
) -> None:
    reply = workbook.batch_update(
        {
            "requests": [
                {
                    "addChart": {
                        "chart": {
                            "spec": {"title": "Points", "pieChart": {}},
                            "position": {"newSheet": True},
                        }
                    }
                }
            ]
        }
    )
    chart = reply["replies"][0]["addChart"]["chart"]
    assert "sheetId" in chart["position"]
    assert [ws.title for ws in workbook.worksheets()] == ["Sheet1", "Chart1"]
    assert len(google_fake.spreadsheet(workbook.id)["sheets"]) == 2
    workbook.batch_update(
        {
            "requests": [
                {
                    "updateChartSpec": {
                        "chartId": chart["chartId"],
                        "spec": {"title": "Renamed", "pieChart": {}},
                    }
                }
            ]
        }
    )
    state = google_fake.spreadsheet(workbook.id)
    assert state["sheets"][1]["charts"][0]["spec"]["title"] == "Renamed"
    workbook.batch_update({"requests": [{"deleteEmbeddedObject": {"objectId": chart["chartId"]}}]})
    assert len(google_fake.spreadsheet(workbook.id)["sheets"]) == 1


def test_merges_sorting_and_dimensions(
    google_fake: FakeGoogle, workbook: gspread.Spreadsheet
) -> None:
    ws = workbook.sheet1
    ws.update([["name", "points"], ["b", 3], ["a", 10], ["c", ""], ["d", 1]], "A1")
    ws.freeze(rows=1)
    with pytest.raises(APIError) as raised:
        ws.merge_cells("A1:A2")
    assert "frozen and non-frozen rows" in error_of(raised)["message"]
    ws.sort((2, "des"), range="A2:B5")
    assert ws.get_all_values() == [
        ["name", "points"],
        ["a", "10"],
        ["b", "3"],
        ["d", "1"],
        ["c", ""],
    ]
    google_fake.person_sorts_rows(workbook.id, "Sheet1", 2, 5, by_column="A")
    assert ws.col_values(1) == ["name", "a", "b", "c", "d"]
    ws.columns_auto_resize(0, 2)
    ws.delete_rows(2, 4)
    assert ws.get_all_values() == [["name", "points"], ["d", "1"]]
    state = google_fake.spreadsheet(workbook.id)["sheets"][0]
    assert state["properties"]["gridProperties"]["rowCount"] == 997
    assert state["data"][0]["columnMetadata"][0]["pixelSize"] == 7 * len("name") + 10


def test_unknown_spreadsheet_and_unshared_spreadsheet(
    google_fake: FakeGoogle, gspread_client: gspread.Client
) -> None:
    with pytest.raises(gspread.SpreadsheetNotFound) as missing:
        gspread_client.open_by_key("1doesNotExist")
    assert missing.value.args[0].json() == {
        "error": {"code": 404, "message": "Requested entity was not found.", "status": "NOT_FOUND"}
    }
    sheet_id = google_fake.create_spreadsheet("Someone else's")
    google_fake.deny_access(sheet_id)
    with pytest.raises(PermissionError):
        gspread_client.open_by_key(sheet_id)
    denied = [r for r in google_fake.requests if r.status == 403]
    assert denied[0].response == {
        "error": {
            "code": 403,
            "message": "The caller does not have permission",
            "status": "PERMISSION_DENIED",
        }
    }


def test_version_and_modified_time_follow_content(
    google_fake: FakeGoogle, workbook: gspread.Spreadsheet
) -> None:
    record = google_fake.files[workbook.id]
    before = (int(record["version"]), record["modifiedTime"])
    workbook.sheet1.get_all_values()
    assert (int(record["version"]), record["modifiedTime"]) == before
    google_fake.sleep(90)
    google_fake.person_sets(workbook.id, "Sheet1", "C3", "=2*3")
    assert int(record["version"]) == before[0] + 1
    assert record["modifiedTime"] > before[1]
    assert record["lastModifyingUser"]["emailAddress"] == "table.member@example.org"
    assert workbook.sheet1.acell("C3").value == "6"


def test_cells_hold_at_most_50000_characters(workbook: gspread.Spreadsheet) -> None:
    ws = workbook.sheet1
    ws.update([["x" * 50_000]], "A1", raw=True)
    with pytest.raises(APIError) as raised:
        ws.update([["x" * 50_001]], "A2", raw=True)
    assert error_of(raised)["message"] == (
        "Your input contains more than the maximum of 50000 characters in a single cell."
    )
    with pytest.raises(APIError):
        workbook.batch_update(
            {
                "requests": [
                    {
                        "updateCells": {
                            "start": {"sheetId": 0, "rowIndex": 2},
                            "rows": [
                                {"values": [{"userEnteredValue": {"stringValue": "y" * 50_001}}]}
                            ],
                            "fields": "userEnteredValue",
                        }
                    }
                ]
            }
        )
    assert len(ws.col_values(1)) == 1


def test_values_batch_update_is_atomic_and_counts(
    google_fake: FakeGoogle, workbook: gspread.Spreadsheet
) -> None:
    workbook.add_worksheet("Gap 1", rows=5, cols=6)
    with pytest.raises(APIError):
        workbook.values_batch_update(
            {
                "valueInputOption": "RAW",
                "data": [
                    {"range": "Sheet1!A1", "values": [["first"]]},
                    {"range": "Nope!A1", "values": [["second"]]},
                ],
            }
        )
    assert google_fake.values(workbook.id, "Sheet1") == []
    answer = workbook.values_batch_update(
        {
            "valueInputOption": "USER_ENTERED",
            "data": [
                {"range": "Sheet1!A1", "values": [["first", None, "third"]]},
                {
                    "range": "'Gap 1'!B2:C3",
                    "majorDimension": "COLUMNS",
                    "values": [["a", "b"], ["c"]],
                },
            ],
        }
    )
    assert answer["totalUpdatedCells"] == 5
    assert answer["totalUpdatedSheets"] == 2
    assert answer["responses"][0]["updatedRange"] == "Sheet1!A1:C1"
    assert google_fake.values(workbook.id, "Gap 1") == [[], ["", "a", "c"], ["", "b"]]
    assert google_fake.values(workbook.id, "Sheet1") == [["first", "", "third"]]


def test_moving_a_sheet_counts_indexes_before_the_move(workbook: gspread.Spreadsheet) -> None:
    for title in ("S2", "S3"):
        workbook.add_worksheet(title, rows=5, cols=5)
    first = workbook.sheet1
    workbook.batch_update(
        {
            "requests": [
                {
                    "updateSheetProperties": {
                        "properties": {"sheetId": first.id, "index": 2},
                        "fields": "index",
                    }
                }
            ]
        }
    )
    assert [ws.title for ws in workbook.worksheets()] == ["S2", "Sheet1", "S3"]


def test_get_by_data_filter_and_copy_to(
    google_fake: FakeGoogle, workbook: gspread.Spreadsheet, gspread_client: gspread.Client
) -> None:
    ws = workbook.sheet1
    ws.update([["a", "b"], ["c", "d"]], "A1")
    ws.merge_cells("A3:B3")
    answer = workbook.client.request(
        "post",
        f"https://sheets.googleapis.com/v4/spreadsheets/{workbook.id}:getByDataFilter",
        params={"fields": "sheets.data.rowData.values.formattedValue"},
        json={
            "dataFilters": [
                {
                    "gridRange": {
                        "sheetId": 0,
                        "startRowIndex": 1,
                        "endRowIndex": 2,
                        "endColumnIndex": 2,
                    }
                }
            ]
        },
    ).json()
    assert answer["sheets"][0]["data"][0]["rowData"] == [
        {"values": [{"formattedValue": "c"}, {"formattedValue": "d"}]}
    ]
    other = gspread_client.create("Other", folder_id=google_fake.add_shared_drive("Other"))
    copied = ws.copy_to(other.id)
    assert copied["title"] == "Copy of Sheet1"
    target = google_fake.spreadsheet(other.id)["sheets"][1]
    assert target["merges"][0]["sheetId"] == copied["sheetId"]
    assert google_fake.values(other.id, "Copy of Sheet1") == [["a", "b"], ["c", "d"]]


def test_dates_render_as_serials_or_text(workbook: gspread.Spreadsheet) -> None:
    answer = workbook.values_update(
        "Sheet1!A1",
        params={
            "valueInputOption": "USER_ENTERED",
            "includeValuesInResponse": "true",
            "responseValueRenderOption": "UNFORMATTED_VALUE",
        },
        body={"values": [["2026-12-03", "50%"]]},
    )
    assert answer["updatedData"]["values"] == [[46359, 0.5]]
    assert workbook.sheet1.get("A1:B1") == [["2026-12-03", "50%"]]
    as_text = workbook.values_get(
        "Sheet1!A1:B1",
        params={
            "valueRenderOption": "UNFORMATTED_VALUE",
            "dateTimeRenderOption": "FORMATTED_STRING",
        },
    )
    assert as_text["values"] == [["2026-12-03", 0.5]]


def test_people_rename_and_delete_tabs(
    google_fake: FakeGoogle, workbook: gspread.Spreadsheet
) -> None:
    workbook.add_worksheet("Table 1", rows=10, cols=3)
    workbook.sheet1.update([["='Table 1'!A1", "=Table1!A1"]], "A1", raw=False)
    google_fake.person_sets(workbook.id, "Table 1", "A1", "3")
    version = int(google_fake.files[workbook.id]["version"])
    google_fake.person_renames_sheet(workbook.id, "Table 1", "Table One")
    assert workbook.sheet1.get("A1:B1", value_render_option=ValueRenderOption.formula) == [
        ["='Table One'!A1", "=Table1!A1"]
    ]
    assert workbook.sheet1.acell("A1").value == "3"
    assert workbook.sheet1.acell("B1").value == "#REF!"
    with pytest.raises(gspread.WorksheetNotFound):
        workbook.worksheet("Table 1")
    with pytest.raises(ValueError, match="already exists"):
        google_fake.person_renames_sheet(workbook.id, "Table One", "sheet1")
    google_fake.person_deletes_sheet(workbook.id, "Table One")
    assert workbook.sheet1.get("A1", value_render_option=ValueRenderOption.formula) == [["=#REF!"]]
    assert int(google_fake.files[workbook.id]["version"]) == version + 2
    assert google_fake.count("sheets.spreadsheets.batchUpdate") == 1
