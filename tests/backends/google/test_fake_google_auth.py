"""The fake's OAuth token endpoint and bearer-token checks, driven by real google-auth."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import gspread
import pytest
import requests
from google.auth.exceptions import RefreshError
from google.auth.transport.requests import AuthorizedSession, Request
from google.oauth2 import credentials as user_credentials
from google.oauth2 import service_account

from sheets_sync.backends.google.fake import (
    LEAST_PRIVILEGE_SCOPES,
    SCOPE_SPREADSHEETS,
    SERVICE_ACCOUNT_EMAIL,
    FakeGoogle,
)
from sheets_sync.backends.google.fake import service_account_info as make_service_account_info
from sheets_sync.backends.google.fake.oauth import generate_private_key_pem

pytest_plugins = ["sheets_sync.backends.google.fake.plugin"]

SHEETS_API = "https://sheets.googleapis.com/v4/spreadsheets"


def test_service_account_login_hits_the_token_endpoint(
    google_fake: FakeGoogle, service_account_file: Path
) -> None:
    client = gspread.service_account(
        filename=service_account_file, scopes=list(LEAST_PRIVILEGE_SCOPES)
    )
    sheet_id = google_fake.create_spreadsheet("Seeded", owner=SERVICE_ACCOUNT_EMAIL)
    assert client.open_by_key(sheet_id).title == "Seeded"
    token_calls = [r for r in google_fake.requests if r.api_method == "oauth2.token"]
    assert len(token_calls) == 1
    assert token_calls[0].body["grant_type"] == "urn:ietf:params:oauth:grant-type:jwt-bearer"
    assert token_calls[0].body["assertion"] == "<redacted>"
    (grant,) = google_fake.grants
    assert grant.email == SERVICE_ACCOUNT_EMAIL
    assert grant.scopes == frozenset(LEAST_PRIVILEGE_SCOPES)
    api_calls = [r for r in google_fake.requests if r.api_method.startswith("sheets.")]
    assert api_calls and all(r.principal == SERVICE_ACCOUNT_EMAIL for r in api_calls)


def test_a_key_the_fake_does_not_trust_is_refused(google_fake: FakeGoogle) -> None:
    stranger = make_service_account_info(email="intruder@other.iam.gserviceaccount.com")
    creds = service_account.Credentials.from_service_account_info(
        stranger, scopes=[SCOPE_SPREADSHEETS]
    )
    with pytest.raises(RefreshError, match="account not found"):
        creds.refresh(Request())


def test_a_forged_signature_is_refused(
    google_fake: FakeGoogle, service_account_info: dict[str, Any]
) -> None:
    forged = dict(service_account_info)
    forged["private_key"] = generate_private_key_pem()
    creds = service_account.Credentials.from_service_account_info(
        forged, scopes=[SCOPE_SPREADSHEETS]
    )
    with pytest.raises(RefreshError, match="Invalid JWT Signature"):
        creds.refresh(Request())
    assert google_fake.grants == []


def test_authorized_user_refresh_grant(google_fake: FakeGoogle, authorized_user_file: Path) -> None:
    creds = user_credentials.Credentials.from_authorized_user_file(str(authorized_user_file))
    session = AuthorizedSession(creds)
    sheet_id = google_fake.create_spreadsheet("Mine", owner="facilitator@example.org")
    answer = session.get(f"{SHEETS_API}/{sheet_id}", params={"fields": "properties.title"})
    assert answer.status_code == 200
    assert answer.json() == {"properties": {"title": "Mine"}}
    (grant,) = google_fake.grants
    assert (grant.grant_type, grant.email) == ("refresh_token", "facilitator@example.org")
    assert grant.scopes == frozenset(LEAST_PRIVILEGE_SCOPES)


def test_authorized_user_with_a_revoked_refresh_token(
    google_fake: FakeGoogle, authorized_user_info: dict[str, Any]
) -> None:
    info = {**authorized_user_info, "refresh_token": "1//revoked"}
    creds = user_credentials.Credentials.from_authorized_user_info(info)
    with pytest.raises(RefreshError, match="expired or revoked"):
        creds.refresh(Request())


def test_requests_without_a_token_get_googles_401(google_fake: FakeGoogle) -> None:
    sheet_id = google_fake.create_spreadsheet("Private")
    answer = requests.get(f"{SHEETS_API}/{sheet_id}", timeout=5)
    assert answer.status_code == 401
    error = answer.json()["error"]
    assert error["status"] == "UNAUTHENTICATED"
    assert error["message"].startswith("Request is missing required authentication credential")
    assert error["details"][0]["reason"] == "CREDENTIALS_MISSING"
    bogus = requests.get(
        f"{SHEETS_API}/{sheet_id}", timeout=5, headers={"Authorization": "Bearer ya29.not-issued"}
    )
    assert bogus.status_code == 401
    assert bogus.json()["error"]["message"].startswith("Request had invalid authentication")
    drive = requests.get(f"https://www.googleapis.com/drive/v3/files/{sheet_id}", timeout=5)
    assert drive.status_code == 401
    assert drive.json()["error"]["errors"][0]["reason"] == "required"


def test_expired_tokens_are_refreshed_by_google_auth(
    google_fake: FakeGoogle, gspread_client: gspread.Client
) -> None:
    sheet_id = google_fake.create_spreadsheet("Long workshop")
    spreadsheet = gspread_client.open_by_key(sheet_id)
    google_fake.expire_tokens()
    assert spreadsheet.sheet1.title == "Sheet1"
    statuses = [(r.api_method, r.status) for r in google_fake.requests[-3:]]
    assert statuses == [
        ("sheets.spreadsheets.get", 401),
        ("oauth2.token", 200),
        ("sheets.spreadsheets.get", 200),
    ]
    assert len(google_fake.grants) == 2


def test_scopes_are_enforced_per_method(
    google_fake: FakeGoogle, service_account_info: dict[str, Any]
) -> None:
    creds = service_account.Credentials.from_service_account_info(
        service_account_info, scopes=["https://www.googleapis.com/auth/spreadsheets.readonly"]
    )
    session = AuthorizedSession(creds)
    sheet_id = google_fake.create_spreadsheet("Read only")
    assert session.get(f"{SHEETS_API}/{sheet_id}").status_code == 200
    answer = session.post(
        f"{SHEETS_API}/{sheet_id}:batchUpdate",
        json={"requests": [{"addSheet": {"properties": {"title": "New"}}}]},
    )
    assert answer.status_code == 403
    assert answer.json()["error"]["message"] == "Request had insufficient authentication scopes."
    assert google_fake.granted_scopes == [
        frozenset({"https://www.googleapis.com/auth/spreadsheets.readonly"})
    ]
