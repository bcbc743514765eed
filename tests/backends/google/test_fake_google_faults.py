"""Fault injection, hooks, accounting and simulated time in the Google fake."""

from __future__ import annotations

import gspread
import pytest
import requests
from gspread.exceptions import APIError
from gspread.http_client import BackOffHTTPClient

from sheets_sync.backends.google.fake import FakeGoogle, RecordedRequest, SimulatedClock

pytest_plugins = ["sheets_sync.backends.google.fake.plugin"]


@pytest.fixture
def sheet_id(google_fake: FakeGoogle) -> str:
    return google_fake.create_spreadsheet("Faults")


def test_429_then_success_with_googles_error_shape(
    google_fake: FakeGoogle, gspread_client: gspread.Client, sheet_id: str
) -> None:
    spreadsheet = gspread_client.open_by_key(sheet_id)
    google_fake.fail_next(1, status=429, retry_after=7)
    with pytest.raises(APIError) as raised:
        spreadsheet.sheet1.get_all_values()
    response = raised.value.response
    assert response.status_code == 429
    assert response.headers["Retry-After"] == "7"
    error = response.json()["error"]
    assert error["status"] == "RESOURCE_EXHAUSTED"
    assert error["details"][0]["reason"] == "RATE_LIMIT_EXCEEDED"
    assert spreadsheet.sheet1.get_all_values() == [[]]
    outcomes = [r.outcome for r in google_fake.requests if r.api_method.startswith("sheets.")]
    # open, sheet1 (refused), then sheet1 and the values read.
    assert outcomes == ["ok", "injected", "ok", "ok"]


def test_gspread_backoff_client_retries_through_a_503(
    google_fake: FakeGoogle,
    service_account_info: dict[str, str],
    sheet_id: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("gspread.http_client.time.sleep", google_fake.sleep)
    client = gspread.service_account_from_dict(service_account_info, http_client=BackOffHTTPClient)
    google_fake.fail_next(2, status=503, api_method="sheets.spreadsheets.get")
    start = google_fake.clock.now
    assert client.open_by_key(sheet_id).title == "Faults"
    statuses = [r.status for r in google_fake.requests if r.api_method.startswith("sheets.")]
    assert statuses == [503, 503, 200]
    assert google_fake.clock.now - start >= 1 + 2


def test_fail_always_until_healed(
    google_fake: FakeGoogle, gspread_client: gspread.Client, sheet_id: str
) -> None:
    google_fake.fail_always(500)
    for _ in range(3):
        with pytest.raises(APIError) as raised:
            gspread_client.open_by_key(sheet_id)
        assert raised.value.response.json()["error"] == {
            "code": 500,
            "message": "Internal error encountered.",
            "status": "INTERNAL",
        }
    google_fake.heal()
    assert gspread_client.open_by_key(sheet_id).title == "Faults"


def test_timeouts_raise_and_apply_nothing(
    google_fake: FakeGoogle, gspread_client: gspread.Client, sheet_id: str
) -> None:
    worksheet = gspread_client.open_by_key(sheet_id).sheet1
    google_fake.timeout_next(1)
    with pytest.raises(requests.exceptions.ReadTimeout):
        worksheet.update([["lost?"]], "A1")
    google_fake.timeout_next(1, kind="connect")
    with pytest.raises(requests.exceptions.ConnectionError):
        worksheet.update([["lost?"]], "A1")
    assert google_fake.values(sheet_id, "Sheet1") == []
    assert [r.outcome for r in google_fake.requests[-2:]] == ["timeout", "timeout"]


def test_lost_answer_applies_the_change(
    google_fake: FakeGoogle, gspread_client: gspread.Client
) -> None:
    drive_id = google_fake.add_shared_drive()
    google_fake.lose_answer_next("drive.files.create")
    with pytest.raises(requests.exceptions.ConnectionError):
        gspread_client.create("Twice?", folder_id=drive_id)
    assert [f["name"] for f in google_fake.files.values()] == ["Twice?"]
    (lost,) = [r for r in google_fake.requests if r.outcome == "lost"]
    assert (lost.api_method, lost.status) == ("drive.files.create", None)
    made = gspread_client.create("Other", folder_id=drive_id)
    assert made.title == "Other"


def test_quota_is_enforced_in_simulated_time(
    google_fake: FakeGoogle, gspread_client: gspread.Client, sheet_id: str
) -> None:
    google_fake.quota_per_minute = 6
    worksheet = gspread_client.open_by_key(sheet_id).sheet1  # 2 requests
    for _ in range(4):
        worksheet.acell("A1")
    with pytest.raises(APIError) as raised:
        worksheet.acell("A1")
    assert raised.value.response.json()["error"]["status"] == "RESOURCE_EXHAUSTED"
    assert google_fake.requests[-1].outcome == "error"
    google_fake.sleep(58)  # the first request is still less than a minute old
    with pytest.raises(APIError):
        worksheet.acell("A1")
    google_fake.sleep(1)
    assert worksheet.acell("A1").value is None
    assert google_fake.count("sheets.") == 9
    assert google_fake.count("drive.") == 0


def test_latency_counts_and_reset(
    google_fake: FakeGoogle, gspread_client: gspread.Client, sheet_id: str
) -> None:
    google_fake.latency = 0.5
    start = google_fake.clock.now
    spreadsheet = gspread_client.open_by_key(sheet_id)
    spreadsheet.sheet1.acell("B2")
    assert google_fake.clock.now - start == pytest.approx(1.5)  # open, sheet1, acell
    assert google_fake.count() == 3
    assert google_fake.count("oauth2.") == 1
    _, first, second = [r for r in google_fake.requests if r.api_method.startswith("sheets.")]
    assert second.time - first.time == pytest.approx(0.5)
    assert second.query["valueRenderOption"] == ["FORMATTED_VALUE"]
    google_fake.reset_counts()
    assert google_fake.count() == 0


def test_before_each_request_plays_a_person_between_read_and_write(
    google_fake: FakeGoogle, gspread_client: gspread.Client, sheet_id: str
) -> None:
    worksheet = gspread_client.open_by_key(sheet_id).sheet1
    seen: list[str] = []

    @google_fake.before_each_request
    def person_types_before_the_write(record: RecordedRequest) -> None:
        seen.append(record.api_method)
        if record.api_method == "sheets.spreadsheets.values.update":
            google_fake.person_sets(sheet_id, "Sheet1", "B1", "typed by a person")

    assert worksheet.acell("B1").value is None
    worksheet.update([["tool"]], "A1")
    google_fake.remove_hook(person_types_before_the_write)
    assert worksheet.get("A1:B1") == [["tool", "typed by a person"]]
    assert seen == ["sheets.spreadsheets.values.get", "sheets.spreadsheets.values.update"]


def test_an_injected_clock_is_shared(service_account_info: dict[str, str]) -> None:
    clock = SimulatedClock(start=1000.0)
    with FakeGoogle(clock=clock, latency=2.0) as fake:
        fake.register_service_account(service_account_info)
        sheet_id = fake.create_spreadsheet("Clocked")
        gspread.service_account_from_dict(service_account_info).open_by_key(sheet_id)
        assert clock() == 1002.0
        clock.sleep(8)
        assert fake.clock.now == 1010.0
    assert fake.schema_violations == []


def test_drive_rate_limit_uses_drives_error_shape(
    google_fake: FakeGoogle, gspread_client: gspread.Client
) -> None:
    google_fake.fail_next(1, status=429, api_method="drive.")
    with pytest.raises(APIError) as raised:
        gspread_client.list_spreadsheet_files()
    assert raised.value.response.json() == {
        "error": {
            "code": 429,
            "message": "Rate Limit Exceeded",
            "errors": [
                {
                    "message": "Rate Limit Exceeded",
                    "domain": "usageLimits",
                    "reason": "rateLimitExceeded",
                }
            ],
            "status": "RESOURCE_EXHAUSTED",
        }
    }
    assert gspread_client.list_spreadsheet_files() == []
