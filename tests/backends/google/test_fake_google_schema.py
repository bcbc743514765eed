"""Requests Google would refuse are refused by the fake, in Google's words, and recorded."""

from __future__ import annotations

from typing import Any

import gspread
import pytest
from google.auth.transport.requests import AuthorizedSession
from google.oauth2 import service_account

from sheets_sync.backends.google.fake import LEAST_PRIVILEGE_SCOPES, FakeGoogle

pytest_plugins = ["sheets_sync.backends.google.fake.plugin"]

API = "https://sheets.googleapis.com/v4/spreadsheets"
DRIVE = "https://www.googleapis.com/drive/v3"


@pytest.fixture
def session(google_fake: FakeGoogle, service_account_info: dict[str, Any]) -> AuthorizedSession:
    """A google-auth session for raw HTTP calls (what gspread's HTTPClient wraps)."""
    creds = service_account.Credentials.from_service_account_info(
        service_account_info, scopes=list(LEAST_PRIVILEGE_SCOPES)
    )
    return AuthorizedSession(creds)


@pytest.fixture
def sheet_id(google_fake: FakeGoogle) -> str:
    return google_fake.create_spreadsheet("Schema checks")


def test_misspelled_field_is_a_400_and_a_recorded_violation(
    google_fake: FakeGoogle, session: AuthorizedSession, sheet_id: str
) -> None:
    answer = session.post(
        f"{API}/{sheet_id}:batchUpdate",
        json={"requests": [{"addSheet": {"properties": {"titel": "Consensus"}}}]},
    )
    assert answer.status_code == 400
    error = answer.json()["error"]
    assert error["status"] == "INVALID_ARGUMENT"
    assert error["message"] == (
        'Invalid JSON payload received. Unknown name "titel" at '
        "'requests[0].addSheet.properties': Cannot find field."
    )
    assert error["details"][0]["fieldViolations"][0]["field"] == (
        "requests[0].addSheet.properties.titel"
    )
    (violation,) = google_fake.take_violations()
    assert (violation.api_method, violation.where) == ("sheets.spreadsheets.batchUpdate", "body")
    assert len(google_fake.spreadsheet(sheet_id)["sheets"]) == 1


def test_wrong_enum_in_body_and_query(
    google_fake: FakeGoogle, session: AuthorizedSession, sheet_id: str
) -> None:
    answer = session.post(
        f"{API}/{sheet_id}:batchUpdate",
        json={
            "requests": [
                {
                    "mergeCells": {
                        "range": {"sheetId": 0, "endRowIndex": 2, "endColumnIndex": 2},
                        "mergeType": "MERGE_EVERYTHING",
                    }
                }
            ]
        },
    )
    assert answer.status_code == 400
    assert answer.json()["error"]["message"] == (
        "Invalid value at 'requests[0].merge_cells.merge_type' "
        '(type.googleapis.com/google.apps.sheets.v4.MergeType), "MERGE_EVERYTHING"'
    )
    query = session.put(
        f"{API}/{sheet_id}/values/A1",
        params={"valueInputOption": "USER_ENTRED"},
        json={"values": [["x"]]},
    )
    assert query.status_code == 400
    assert "USER_ENTRED" in query.json()["error"]["message"]
    assert [v.field for v in google_fake.take_violations()] == [
        "requests[0].mergeCells.mergeType",
        "valueInputOption",
    ]
    assert google_fake.values(sheet_id, "Sheet1") == []


def test_wrong_types_unknown_parameters_and_repeats(
    google_fake: FakeGoogle, session: AuthorizedSession, sheet_id: str
) -> None:
    answer = session.post(
        f"{API}/{sheet_id}:batchUpdate",
        json={
            "requests": [
                {
                    "updateSheetProperties": {
                        "properties": {"sheetId": "0", "gridProperties": {"frozenRowCount": "x"}},
                        "fields": "gridProperties.frozenRowCount",
                    }
                }
            ]
        },
    )
    assert answer.status_code == 400
    assert answer.json()["error"]["message"] == (
        "Invalid value at 'requests[0].update_sheet_properties.properties.grid_properties."
        'frozen_row_count\' (TYPE_INT32), "x"'
    )
    unknown = session.get(f"{API}/{sheet_id}", params={"includeGridDta": "true"})
    assert unknown.status_code == 400
    repeated = session.get(f"{API}/{sheet_id}/values/A1", params=[("majorDimension", "ROWS")] * 2)
    assert repeated.status_code == 400
    fields = [v.field for v in google_fake.take_violations()]
    assert fields == [
        "requests[0].updateSheetProperties.properties.gridProperties.frozenRowCount",
        "includeGridDta",
        "majorDimension",
    ]


def test_int32_given_as_string_is_accepted_like_google(
    google_fake: FakeGoogle, session: AuthorizedSession, sheet_id: str
) -> None:
    answer = session.post(
        f"{API}/{sheet_id}:batchUpdate",
        json={
            "requests": [
                {
                    "updateSheetProperties": {
                        "properties": {"sheetId": "0", "gridProperties": {"frozenRowCount": "2"}},
                        "fields": "gridProperties.frozenRowCount",
                    }
                }
            ]
        },
    )
    assert answer.status_code == 200
    grid = google_fake.spreadsheet(sheet_id)["sheets"][0]["properties"]["gridProperties"]
    assert grid["frozenRowCount"] == 2


def test_bad_fields_masks_are_refused(
    google_fake: FakeGoogle, session: AuthorizedSession, sheet_id: str
) -> None:
    answer = session.get(f"{API}/{sheet_id}", params={"fields": "sheets(properties,dataa)"})
    assert answer.status_code == 400
    assert answer.json()["error"]["details"][0]["fieldViolations"][0]["description"] == (
        "Error expanding 'fields' parameter. Cannot find matching fields for path 'sheets.dataa'."
    )
    update = session.post(
        f"{API}/{sheet_id}:batchUpdate",
        json={
            "requests": [
                {
                    "repeatCell": {
                        "range": {"sheetId": 0, "endRowIndex": 1},
                        "cell": {"userEnteredFormat": {"textFormat": {"bold": True}}},
                        "fields": "userEnteredFormat.bold",
                    }
                }
            ]
        },
    )
    assert update.status_code == 400
    assert update.json()["error"]["message"] == (
        "Invalid requests[0].repeatCell: Invalid field mask: 'userEnteredFormat.bold' is not a "
        "field of CellData."
    )
    drive = session.get(f"{DRIVE}/files/{sheet_id}", params={"fields": "id,titel"})
    assert drive.status_code == 400
    assert drive.json()["error"]["errors"][0]["message"] == "Invalid field selection titel"
    assert [v.where for v in google_fake.take_violations()] == ["fields", "fields"]


def test_two_kinds_in_one_request_violate_the_oneof(
    google_fake: FakeGoogle, session: AuthorizedSession, sheet_id: str
) -> None:
    answer = session.post(
        f"{API}/{sheet_id}:batchUpdate",
        json={"requests": [{"addSheet": {}, "deleteSheet": {"sheetId": 0}}]},
    )
    assert answer.status_code == 400
    assert (
        "oneof field 'kind' is already set. Cannot set 'deleteSheet'"
        in (answer.json()["error"]["message"])
    )
    assert len(google_fake.take_violations()) == 1


def test_unmodelled_request_kinds_fail_loudly(
    google_fake: FakeGoogle, session: AuthorizedSession, sheet_id: str
) -> None:
    answer = session.post(
        f"{API}/{sheet_id}:batchUpdate",
        json={"requests": [{"trimWhitespace": {"range": {"sheetId": 0}}}]},
    )
    assert answer.status_code == 501
    assert "does not implement 'trimWhitespace'" in answer.json()["error"]["message"]
    assert google_fake.unimplemented == ["trimWhitespace"]
    google_fake.unimplemented.clear()


def test_unknown_paths_are_violations(google_fake: FakeGoogle, session: AuthorizedSession) -> None:
    answer = session.get(f"{API}/abc/valuez/A1")
    assert answer.status_code == 404
    (violation,) = google_fake.take_violations()
    assert violation.where == "route"


def test_drive_ignores_unknown_fields_but_the_fake_reports_them(
    google_fake: FakeGoogle, session: AuthorizedSession
) -> None:
    drive_id = google_fake.add_shared_drive()
    answer = session.post(
        f"{DRIVE}/files",
        params={"supportsAllDrives": "true"},
        json={
            "title": "Workshop",
            "mimeType": "application/vnd.google-apps.spreadsheet",
            "parents": [drive_id],
        },
    )
    assert answer.status_code == 200
    assert answer.json()["name"] == "Untitled"
    (violation,) = google_fake.take_violations()
    assert (violation.field, violation.rejected) == ("title", False)


def test_gspread_share_sends_a_field_drive_ignores(
    google_fake: FakeGoogle, gspread_client: gspread.Client
) -> None:
    sheet_id = google_fake.create_spreadsheet("Shared")
    gspread_client.insert_permission(sheet_id, "fac@example.org", "user", "writer", notify=False)
    assert google_fake.schema_violations == []
    assert [w.field for w in google_fake.schema_warnings] == ["withLink"]
