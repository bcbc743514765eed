"""The fake's Drive v3: files in shared drives, queries, sharing, and Drive's error shapes."""

from __future__ import annotations

from typing import Any

import gspread
import pytest
from google.auth.transport.requests import AuthorizedSession
from google.oauth2 import credentials as user_credentials
from google.oauth2 import service_account

from sheets_sync.backends.google.fake import (
    LEAST_PRIVILEGE_SCOPES,
    SERVICE_ACCOUNT_EMAIL,
    SHEET_MIME,
    FakeGoogle,
)

pytest_plugins = ["sheets_sync.backends.google.fake.plugin"]

FILES = "https://www.googleapis.com/drive/v3/files"
SHEETS = "https://sheets.googleapis.com/v4/spreadsheets"


@pytest.fixture
def session(google_fake: FakeGoogle, service_account_info: dict[str, Any]) -> AuthorizedSession:
    creds = service_account.Credentials.from_service_account_info(
        service_account_info, scopes=list(LEAST_PRIVILEGE_SCOPES)
    )
    return AuthorizedSession(creds)


def create_workbook(
    session: AuthorizedSession, parent: str, workshop: str, name: str = "Workshop"
) -> dict[str, Any]:
    answer = session.post(
        FILES,
        params={"supportsAllDrives": "true", "fields": "id,name,parents,appProperties,version"},
        json={
            "name": name,
            "mimeType": SHEET_MIME,
            "parents": [parent],
            "appProperties": {"sheetsSyncWorkshop": workshop},
        },
    )
    assert answer.status_code == 200, answer.text
    created: dict[str, Any] = answer.json()
    return created


def test_create_with_app_properties_then_find_it_by_them(
    google_fake: FakeGoogle, session: AuthorizedSession
) -> None:
    drive_id = google_fake.add_shared_drive("Workshops")
    folder = google_fake.add_folder("2026", parent=drive_id)
    created = create_workbook(session, folder, "ws-1")
    create_workbook(session, folder, "ws-2")
    assert created["parents"] == [folder]
    assert created["appProperties"] == {"sheetsSyncWorkshop": "ws-1"}
    assert created["version"] == "1"
    query = (
        "appProperties has { key='sheetsSyncWorkshop' and value='ws-1' } "
        f"and mimeType = '{SHEET_MIME}' and trashed = false"
    )
    params = {
        "q": query,
        "supportsAllDrives": "true",
        "corpora": "allDrives",
        "includeItemsFromAllDrives": "true",
        "fields": "files(id,name,appProperties)",
    }
    found = session.get(FILES, params=params).json()
    assert found == {
        "files": [
            {
                "id": created["id"],
                "name": "Workshop",
                "appProperties": {"sheetsSyncWorkshop": "ws-1"},
            }
        ]
    }
    hidden = session.get(FILES, params={"q": query}).json()
    assert hidden["files"] == []
    assert google_fake.spreadsheet(created["id"])["properties"]["title"] == "Workshop"


def test_default_fields_and_shared_drive_visibility(
    google_fake: FakeGoogle, session: AuthorizedSession
) -> None:
    drive_id = google_fake.add_shared_drive()
    created = create_workbook(session, drive_id, "ws-1")
    plain = session.get(f"{FILES}/{created['id']}", params={"supportsAllDrives": "true"})
    assert plain.json() == {
        "kind": "drive#file",
        "id": created["id"],
        "name": "Workshop",
        "mimeType": SHEET_MIME,
    }
    without = session.get(f"{FILES}/{created['id']}")
    assert without.status_code == 404
    rich = session.get(
        f"{FILES}/{created['id']}",
        params={
            "supportsAllDrives": "true",
            "fields": "version,modifiedTime,driveId,owners,capabilities(canEdit,canShare)",
        },
    ).json()
    assert rich["driveId"] == drive_id
    assert "owners" not in rich
    assert rich["capabilities"] == {"canEdit": True, "canShare": True}


def test_service_account_without_storage_gets_googles_403(
    google_fake: FakeGoogle, session: AuthorizedSession, gspread_client: gspread.Client
) -> None:
    answer = session.post(FILES, json={"name": "Mine", "mimeType": SHEET_MIME})
    assert answer.status_code == 403
    assert answer.json() == {
        "error": {
            "code": 403,
            "message": "Service Accounts do not have storage quota. Leverage shared drives "
            "(https://developers.google.com/workspace/drive/api/guides/about-"
            "shareddrives), or use OAuth delegation (http://support.google.com/a/answer/"
            "7281227) instead.",
            "errors": [
                {
                    "message": "Service Accounts do not have storage quota. Leverage shared drives "
                    "(https://developers.google.com/workspace/drive/api/guides/about-"
                    "shareddrives), or use OAuth delegation (http://support.google.com/a/"
                    "answer/7281227) instead.",
                    "domain": "usageLimits",
                    "reason": "storageQuotaExceeded",
                }
            ],
        }
    }
    sheets_create = session.post(SHEETS, json={"properties": {"title": "Direct"}})
    assert sheets_create.status_code == 403
    my_folder = google_fake.add_folder("Not a shared drive")
    with pytest.raises(gspread.exceptions.APIError):
        gspread_client.create("Still mine", folder_id=my_folder)
    assert google_fake.files.keys() == {my_folder}
    google_fake.service_account_has_no_storage = False
    assert session.post(FILES, json={"name": "Old days", "mimeType": SHEET_MIME}).ok


def test_a_person_with_storage_owns_what_they_create(
    google_fake: FakeGoogle, authorized_user_info: dict[str, Any]
) -> None:
    session = AuthorizedSession(
        user_credentials.Credentials.from_authorized_user_info(authorized_user_info)
    )
    answer = session.post(
        FILES,
        params={"fields": "id,owners(emailAddress,me),ownedByMe"},
        json={"name": "Mine", "mimeType": SHEET_MIME},
    )
    assert answer.status_code == 200
    assert answer.json()["owners"] == [{"emailAddress": "facilitator@example.org", "me": True}]
    assert answer.json()["ownedByMe"] is True


def test_permissions_without_notification(
    google_fake: FakeGoogle, session: AuthorizedSession
) -> None:
    created = create_workbook(session, google_fake.add_shared_drive(), "ws-1")
    url = f"{FILES}/{created['id']}/permissions"
    quiet = session.post(
        url,
        params={"supportsAllDrives": "true", "sendNotificationEmail": "false"},
        json={"type": "user", "role": "writer", "emailAddress": "fac@example.org"},
    )
    assert quiet.status_code == 200
    assert set(quiet.json()) == {"kind", "id", "type", "role"}
    loud = session.post(
        url,
        params={"supportsAllDrives": "true", "emailMessage": "Your table's tab"},
        json={"type": "user", "role": "reader", "emailAddress": "table1@example.org"},
    )
    assert loud.status_code == 200
    assert google_fake.sent_emails == [
        {
            "to": "table1@example.org",
            "fileId": created["id"],
            "role": "reader",
            "message": "Your table's tab",
        }
    ]
    listed = session.get(
        url, params={"supportsAllDrives": "true", "fields": "permissions(emailAddress,role)"}
    ).json()
    assert listed == {
        "permissions": [
            {"emailAddress": "fac@example.org", "role": "writer"},
            {"emailAddress": "table1@example.org", "role": "reader"},
        ]
    }
    owner = session.post(
        url,
        params={"supportsAllDrives": "true"},
        json={"type": "user", "role": "owner", "emailAddress": "x@example.org"},
    )
    assert owner.status_code == 403
    assert "transferOwnership" in owner.json()["error"]["message"]


def test_not_found_and_not_shared_look_the_same_in_drive(
    google_fake: FakeGoogle, session: AuthorizedSession
) -> None:
    missing = session.get(f"{FILES}/1nope")
    assert missing.json() == {
        "error": {
            "code": 404,
            "message": "File not found: 1nope.",
            "errors": [
                {
                    "message": "File not found: 1nope.",
                    "domain": "global",
                    "reason": "notFound",
                    "location": "fileId",
                    "locationType": "parameter",
                }
            ],
        }
    }
    secret = google_fake.create_spreadsheet("Someone else's")
    google_fake.deny_access(secret, SERVICE_ACCOUNT_EMAIL)
    assert session.get(f"{FILES}/{secret}").status_code == 404
    assert session.get(f"{SHEETS}/{secret}").status_code == 403
    google_fake.allow_access(secret)
    assert session.get(f"{FILES}/{secret}").status_code == 200


def test_update_copy_trash_and_delete(google_fake: FakeGoogle, session: AuthorizedSession) -> None:
    drive_id = google_fake.add_shared_drive()
    created = create_workbook(session, drive_id, "ws-1")
    file_url = f"{FILES}/{created['id']}"
    renamed = session.patch(
        file_url,
        params={"supportsAllDrives": "true", "fields": "name,version,appProperties"},
        json={"name": "Renamed", "appProperties": {"sheetsSyncWorkshop": None, "v": "2"}},
    )
    assert renamed.json() == {"name": "Renamed", "version": "2", "appProperties": {"v": "2"}}
    assert google_fake.spreadsheet(created["id"])["properties"]["title"] == "Renamed"
    refused = session.patch(file_url, params={"supportsAllDrives": "true"}, json={"version": "9"})
    assert refused.status_code == 403
    assert refused.json()["error"]["errors"][0]["reason"] == "fieldNotWritable"
    copied = session.post(f"{file_url}/copy", params={"supportsAllDrives": "true"}, json={}).json()
    assert copied["name"] == "Copy of Renamed"
    assert google_fake.spreadsheet(copied["id"])["spreadsheetId"] == copied["id"]
    session.patch(file_url, params={"supportsAllDrives": "true"}, json={"trashed": True})
    everything = session.get(
        FILES, params={"supportsAllDrives": "true", "includeItemsFromAllDrives": "true"}
    ).json()
    assert len(everything["files"]) == 2
    alive = session.get(
        FILES,
        params={
            "supportsAllDrives": "true",
            "q": "trashed = false",
            "includeItemsFromAllDrives": "true",
        },
    ).json()
    assert [f["id"] for f in alive["files"]] == [copied["id"]]
    deleted = session.delete(file_url, params={"supportsAllDrives": "true"})
    assert (deleted.status_code, deleted.text) == (204, "")
    assert session.get(f"{SHEETS}/{created['id']}").status_code == 404


def test_invalid_queries_are_refused(google_fake: FakeGoogle, session: AuthorizedSession) -> None:
    answer = session.get(FILES, params={"q": "title = 'Workshop'"})
    assert answer.status_code == 400
    assert answer.json()["error"]["errors"][0] == {
        "message": "Invalid Value",
        "domain": "global",
        "reason": "invalid",
        "location": "q",
        "locationType": "parameter",
    }
    lone = session.get(FILES, params={"includeItemsFromAllDrives": "true"})
    assert lone.status_code == 400


def test_gspread_lists_and_opens_by_title(
    google_fake: FakeGoogle, gspread_client: gspread.Client
) -> None:
    drive_id = google_fake.add_shared_drive()
    made = gspread_client.create("Sampleton", folder_id=drive_id)
    assert gspread_client.open("Sampleton", folder_id=drive_id).id == made.id
    assert [f["name"] for f in gspread_client.list_spreadsheet_files()] == ["Sampleton"]
    made.sheet1.update([["x"]], "A1")
    assert made.get_lastUpdateTime() == google_fake.files[made.id]["modifiedTime"]


def test_export_needs_no_shared_drive_flag(
    google_fake: FakeGoogle, gspread_client: gspread.Client
) -> None:
    book = gspread_client.create("Exported", folder_id=google_fake.add_shared_drive())
    book.sheet1.update([["rank", "principle"], [1, "MACRO-1"]], "A1")
    exported = gspread_client.export(book.id, gspread.utils.ExportFormat.CSV)
    assert exported == b"rank,principle\n1,MACRO-1\n"
    with pytest.raises(gspread.exceptions.APIError) as raised:
        gspread_client.export(book.id, gspread.utils.ExportFormat.PDF)
    assert raised.value.response.status_code == 501
    assert google_fake.unimplemented == ["drive.files.export"]
    google_fake.unimplemented.clear()
