"""The Google Sheets adapter over the Google fake: request budgets, lost answers, errors.

What every backend must do is in ``tests/contract`` (which also runs this adapter); here is
what is particular to Google: how many HTTP requests each operation costs, what happens when
Google is slow, refuses or loses an answer, and what people are told.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import requests

from sheets_sync.backends.google.adapter import GoogleSheetsBackend, spreadsheet_url
from sheets_sync.backends.google.auth import load_credentials
from sheets_sync.backends.google.fake.fake import FakeGoogle
from sheets_sync.backends.google.retry import RetryPolicy
from sheets_sync.errors import ApiError, ConfigError, MissingTab, WorkbookExists, WorkbookNotFound
from sheets_sync.model import AddTab, Formula, TabSpec, UpdateTab, WriteRange
from tests.contract import workbooks

pytest_plugins = ["sheets_sync.backends.google.fake.plugin"]

ROBOT = "sheets-sync-test@fake-project.iam.gserviceaccount.com"
Make = Callable[..., GoogleSheetsBackend]


@pytest.fixture
def shared_folder(google_fake: FakeGoogle) -> str:
    return google_fake.add_folder("Workshops", parent=google_fake.add_shared_drive())


@pytest.fixture
def make(
    google_fake: FakeGoogle, service_account_file: Path, shared_folder: str, tmp_path: Path
) -> Make:
    """Backends on the fake: a service account, a shared-drive folder, a state file."""

    def make(**kwargs: Any) -> GoogleSheetsBackend:
        options: dict[str, Any] = {
            "title": "Sampleton workshop",
            "workshop_id": "sampleton-2026-12-03",
            "folder_id": shared_folder,
            "state_file": tmp_path / "workshop.state.json",
            "sleep": google_fake.sleep,
            "clock": google_fake.clock,
            **kwargs,
        }
        credentials = options.pop("credentials", None) or load_credentials(
            service_account_file, env={}
        )
        return GoogleSheetsBackend(credentials, **options)

    return make


def many_tables(n: int) -> list[AddTab]:
    return [workbooks.about(), *(workbooks.table(i) for i in range(1, n + 1)), workbooks.gap(1)]


def sheets_files(fake: FakeGoogle) -> list[dict[str, Any]]:
    return [
        f
        for f in fake.files.values()
        if f["mimeType"] == "application/vnd.google-apps.spreadsheet" and not f["trashed"]
    ]


# --------------------------------------------------------------------------- round trip


def test_round_trip(google_fake: FakeGoogle, make: Make) -> None:
    backend = make()
    backend.create(workbooks.workshop())
    snapshot = make().read()
    assert snapshot.keys() == ["about", "table_1", "gap_1"]
    about = snapshot.get("about")
    assert about is not None
    assert about.value(3, 1) == workbooks.PRINCIPLES[2]
    assert about.anchors == {"principles": 1}
    assert backend.location() == spreadsheet_url(str(backend.spreadsheet_id))
    assert backend.location().startswith("https://docs.google.com/spreadsheets/d/")
    assert google_fake.schema_violations == []


# --------------------------------------------------------------------------- request budgets


@pytest.mark.parametrize("tables", [1, 12])
def test_request_counts_per_operation(google_fake: FakeGoogle, make: Make, tables: int) -> None:
    targets = [("fac@example.org", "writer"), ("table1@example.org", "writer")]
    backend = make(share_with=targets)

    google_fake.reset_counts()
    backend.create(many_tables(tables))
    assert google_fake.count("sheets.") == 1  # one batchUpdate: a new sheet's layout is known
    assert google_fake.count("drive.files.") == 2  # one list, one create
    assert google_fake.count("drive.permissions.create") == len(targets)

    google_fake.reset_counts()
    snapshot = backend.read()
    assert google_fake.count() == 1
    assert len(snapshot.tabs) == tables + 2

    google_fake.reset_counts()
    backend.apply(
        [WriteRange(f"table_{i}", 22, 1, ((f"status {i}",),)) for i in range(1, tables + 1)]
        + [workbooks.table(tables + 1), UpdateTab("about", title="Principles")]
    )
    assert google_fake.count() == 1
    assert google_fake.count("sheets.spreadsheets.batchUpdate") == 1

    google_fake.reset_counts()
    fresh = make()
    fresh.apply([WriteRange("table_1", 22, 1, (("again",),))])
    assert google_fake.count() == 2  # a new object first learns the tab ids
    google_fake.reset_counts()
    fresh.apply([WriteRange("table_1", 22, 1, (("and again",),))])
    assert google_fake.count() == 1

    google_fake.reset_counts()
    assert fresh.exists()
    assert google_fake.count() == 1


def test_a_sync_stays_inside_the_per_minute_quota(
    service_account_file: Path, shared_folder: str, make: Make, google_fake: FakeGoogle
) -> None:
    google_fake.quota_per_minute = 10
    backend = make()
    backend.create(many_tables(3))
    for i in range(4):
        backend.read()
        backend.apply([WriteRange("table_1", 22, 1, ((f"sync {i}",),))])
    assert google_fake.count("sheets.") == 1 + 4 * 2
    assert not [r for r in google_fake.requests if r.status == 429]


def test_a_sync_started_after_another_client_used_the_minute_quota_waits_for_it(
    make: Make, google_fake: FakeGoogle
) -> None:
    backend = make(rand=lambda: 1.0)
    backend.create(many_tables(3))
    google_fake.sleep(120)
    google_fake.quota_per_minute = 10
    other = make(rand=lambda: 1.0)
    for _ in range(10):
        other.read()
    assert google_fake.count("sheets.") >= 10
    started = google_fake.clock.now
    assert backend.read().keys() == ["about", "table_1", "table_2", "table_3", "gap_1"]
    refused = [r for r in google_fake.requests if r.status == 429]
    assert len(refused) == 6  # waits of 1, 2, 4, 8, 16 and 32 s: the next minute has come
    assert google_fake.clock.now - started >= 59


def test_state_file_spares_the_drive_search(
    google_fake: FakeGoogle, make: Make, tmp_path: Path
) -> None:
    make().create(workbooks.workshop())
    state = json.loads((tmp_path / "workshop.state.json").read_text())
    assert state["workshop_id"] == "sampleton-2026-12-03"
    google_fake.reset_counts()
    make().read()
    assert google_fake.count("drive.") == 0
    (tmp_path / "workshop.state.json").unlink()
    google_fake.reset_counts()
    assert make().read().keys() == ["about", "table_1", "gap_1"]
    assert google_fake.count("drive.files.list") == 1
    assert json.loads((tmp_path / "workshop.state.json").read_text()) == state


def test_state_file_keeps_what_others_wrote(make: Make, tmp_path: Path) -> None:
    path = tmp_path / "workshop.state.json"
    path.write_text(json.dumps({"mirror": {"taken": "2026-12-03"}}))
    make().create([workbooks.about()])
    state = json.loads(path.read_text())
    assert state["mirror"] == {"taken": "2026-12-03"}
    assert state["spreadsheet_id"]


def test_damaged_state_file_is_a_config_error(make: Make, tmp_path: Path) -> None:
    (tmp_path / "workshop.state.json").write_text("{half")
    with pytest.raises(ConfigError, match="state file is unreadable"):
        make()


# --------------------------------------------------------------------------- lost answers


def test_lost_create_answer_still_gives_one_workbook(google_fake: FakeGoogle, make: Make) -> None:
    google_fake.lose_answer_next("drive.files.create")
    backend = make()
    backend.create(workbooks.workshop())
    files = sheets_files(google_fake)
    assert len(files) == 1
    assert backend.spreadsheet_id == files[0]["id"]
    assert google_fake.count("drive.files.create") == 1
    assert make().read().keys() == ["about", "table_1", "gap_1"]


def test_create_interrupted_after_drive_resumes_into_the_same_file(
    google_fake: FakeGoogle, make: Make
) -> None:
    google_fake.fail_always(400, api_method="sheets.spreadsheets.batchUpdate")
    with pytest.raises(ApiError):
        make().create(workbooks.workshop())
    google_fake.heal()
    make().create(workbooks.workshop())
    assert len(sheets_files(google_fake)) == 1
    assert make().read().keys() == ["about", "table_1", "gap_1"]


def test_lost_batch_answer_during_create_is_recognised(google_fake: FakeGoogle, make: Make) -> None:
    google_fake.lose_answer_next("sheets.spreadsheets.batchUpdate")
    backend = make()
    backend.create(workbooks.workshop())
    assert [t.title for t in make().read()] == ["About", "Table 1", "Gap 1"]
    backend.apply([WriteRange("table_1", 1, 0, ((1,),))])


def test_lost_batch_answer_during_apply_adds_the_tab_once(
    google_fake: FakeGoogle, make: Make
) -> None:
    backend = make()
    backend.create(workbooks.workshop())
    google_fake.lose_answer_next("sheets.spreadsheets.batchUpdate")
    backend.apply([workbooks.table(2), WriteRange("table_1", 22, 1, (("ok",),))])
    snapshot = make().read()
    assert [t.title for t in snapshot].count("Table 2") == 1
    table = snapshot.get("table_1")
    assert table is not None
    assert table.value(22, 1) == "ok"


def test_lost_answer_of_plain_writes_is_replayed(google_fake: FakeGoogle, make: Make) -> None:
    backend = make()
    backend.create(workbooks.workshop())
    google_fake.lose_answer_next("sheets.spreadsheets.batchUpdate")
    google_fake.reset_counts()
    backend.apply([WriteRange("table_1", 22, 1, (("ok",),))])
    assert google_fake.count("sheets.spreadsheets.batchUpdate") == 2
    table = make().read().get("table_1")
    assert table is not None
    assert table.value(22, 1) == "ok"


# --------------------------------------------------------------------------- retries


def test_rate_limit_storm_is_ridden_out_in_simulated_time(
    google_fake: FakeGoogle, make: Make
) -> None:
    backend = make()
    backend.create(workbooks.workshop())
    google_fake.fail_next(4, status=429)
    start = google_fake.clock.now
    assert backend.read().keys() == ["about", "table_1", "gap_1"]
    assert google_fake.clock.now > start
    assert google_fake.clock.now - start < RetryPolicy().max_total


def test_retry_after_is_honoured(google_fake: FakeGoogle, make: Make) -> None:
    backend = make(rand=lambda: 0.0)
    backend.create(workbooks.workshop())
    google_fake.fail_next(1, status=503, retry_after=20)
    start = google_fake.clock.now
    backend.read()
    assert google_fake.clock.now - start >= 20


def test_google_down_gives_up_within_the_budget(google_fake: FakeGoogle, make: Make) -> None:
    backend = make()
    backend.create(workbooks.workshop())
    sid = backend.spreadsheet_id
    google_fake.fail_always(503)
    start = google_fake.clock.now
    with pytest.raises(ApiError) as caught:
        backend.read()
    assert google_fake.clock.now - start <= RetryPolicy().max_total + 5
    message = str(caught.value)
    assert message.startswith("Google answered 503")
    assert f"reading spreadsheet {sid}" in message
    assert "\n" not in message


def test_timeouts_are_retried(google_fake: FakeGoogle, make: Make) -> None:
    backend = make()
    backend.create(workbooks.workshop())
    google_fake.timeout_next(2)
    assert backend.read().keys() == ["about", "table_1", "gap_1"]


def test_expired_token_is_refreshed(google_fake: FakeGoogle, make: Make) -> None:
    backend = make()
    backend.create(workbooks.workshop())
    google_fake.expire_tokens()
    assert backend.read().keys() == ["about", "table_1", "gap_1"]


# --------------------------------------------------------------------------- errors


def test_storage_quota_exceeded_says_what_to_do(google_fake: FakeGoogle, make: Make) -> None:
    backend = make(folder_id=None)
    with pytest.raises(ApiError) as caught:
        backend.create(workbooks.workshop())
    message = str(caught.value)
    assert "service account has no Drive storage" in message
    assert "folder_id" in message
    assert "sheets-sync login" in message
    assert ROBOT in message
    assert caught.value.reason == "storageQuotaExceeded"
    assert google_fake.count("drive.files.create") == 1  # not retried
    assert sheets_files(google_fake) == []


def test_oauth_user_can_create_in_my_drive(
    google_fake: FakeGoogle, make: Make, authorized_user_file: Path
) -> None:
    user = load_credentials(authorized_user_file, env={})
    backend = make(credentials=user, folder_id=None)
    backend.create(workbooks.workshop())
    assert make(credentials=user, folder_id=None).read().keys() == ["about", "table_1", "gap_1"]


def test_missing_spreadsheet_names_id_and_account(make: Make) -> None:
    backend = make(spreadsheet_id="1NoSuchSpreadsheet", state_file=None)
    with pytest.raises(WorkbookNotFound) as caught:
        backend.read()
    assert "1NoSuchSpreadsheet" in str(caught.value)
    assert ROBOT in str(caught.value)
    assert not backend.exists()


def test_permission_denied_names_id_and_account(google_fake: FakeGoogle, make: Make) -> None:
    backend = make()
    backend.create(workbooks.workshop())
    sid = str(backend.spreadsheet_id)
    google_fake.deny_access(sid, ROBOT)
    with pytest.raises(ApiError) as caught:
        make().read()
    message = str(caught.value)
    assert sid in message
    assert ROBOT in message
    assert "share" in message
    assert caught.value.status == 403


def test_no_workbook_yet(make: Make) -> None:
    backend = make()
    assert not backend.exists()
    assert "not created yet" in backend.location()
    with pytest.raises(WorkbookNotFound, match="sheets-sync provision"):
        backend.read()


def test_bad_share_role_is_a_config_error(make: Make) -> None:
    with pytest.raises(ConfigError, match="owner"):
        make(share_with=[("boss@example.org", "owner")])


def test_secrets_never_reach_logs_or_messages(
    google_fake: FakeGoogle,
    make: Make,
    service_account_info: dict[str, Any],
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    caplog.set_level(logging.DEBUG)
    backend = make()
    backend.create(workbooks.workshop())
    google_fake.fail_next(2, status=429)
    backend.read()
    google_fake.fail_always(500)
    with pytest.raises(ApiError) as caught:
        backend.apply([WriteRange("table_1", 22, 1, (("x",),))])
    key_body = "".join(service_account_info["private_key"].splitlines()[1:-1])
    token = backend.http.auth.token
    assert token
    captured = capsys.readouterr()
    for text in (caplog.text, captured.out, captured.err, str(caught.value), repr(backend.http)):
        assert key_body[:40] not in text
        assert service_account_info["private_key_id"] not in text
        assert "Bearer" not in text
        assert token not in text


# --------------------------------------------------------------------------- people's edits


def test_renamed_tab_still_resolves_by_key(google_fake: FakeGoogle, make: Make) -> None:
    backend = make()
    backend.create(workbooks.workshop())
    google_fake.person_renames_sheet(str(backend.spreadsheet_id), "Table 1", "Blue table")
    snapshot = make().read()
    table = snapshot.get("table_1")
    assert table is not None
    assert table.title == "Blue table"
    make().apply([WriteRange("table_1", 22, 1, (("still here",),))])


def test_rows_inserted_above_move_the_anchor(google_fake: FakeGoogle, make: Make) -> None:
    backend = make()
    backend.create(workbooks.workshop())
    google_fake.person_inserts_rows(str(backend.spreadsheet_id), "Table 1", before_row=3, count=4)
    table = make().read().get("table_1")
    assert table is not None
    assert table.anchors == {"entries": 1, "status": 26}
    assert table.value(26, 0) == "Status"


def test_text_that_looks_like_a_formula_is_sent_and_kept_as_text(
    google_fake: FakeGoogle, make: Make
) -> None:
    backend = make()
    backend.create([AddTab(TabSpec(key="t", title="T"))])
    backend.apply([WriteRange("t", 0, 0, (('=HYPERLINK("x")', "+1", "@me", Formula("=1+1")),))])
    body = next(
        r.body for r in reversed(google_fake.requests) if r.api_method.endswith("batchUpdate")
    )
    (update,) = [r["updateCells"] for r in body["requests"] if "updateCells" in r]
    cells = update["rows"][0]["values"]
    assert [next(iter(c["userEnteredValue"])) for c in cells] == [
        "stringValue",
        "stringValue",
        "stringValue",
        "formulaValue",
    ]
    tab = make().read().get("t")
    assert tab is not None
    assert tab.value(0, 0) == '=HYPERLINK("x")'
    assert type(tab.value(0, 0)) is str
    assert isinstance(tab.value(0, 3), Formula)


def test_person_typing_a_formula_reads_back_as_formula(google_fake: FakeGoogle, make: Make) -> None:
    backend = make()
    backend.create([AddTab(TabSpec(key="t", title="T"))])
    google_fake.person_sets(str(backend.spreadsheet_id), "T", "B2", "=1+2")
    google_fake.person_sets(str(backend.spreadsheet_id), "T", "C2", "42")
    tab = make().read().get("t")
    assert tab is not None
    assert tab.value(1, 1) == Formula("=1+2")
    assert isinstance(tab.value(1, 1), Formula)
    assert tab.value(1, 2) == 42


def test_write_beyond_the_grid_grows_it(google_fake: FakeGoogle, make: Make) -> None:
    backend = make()
    backend.create([AddTab(TabSpec(key="t", title="T"))])
    backend.apply([WriteRange("t", 1500, 30, (("far",),))])
    assert make().read().get("t").value(1500, 30) == "far"  # type: ignore[union-attr]


# --------------------------------------------------------------------------- create


def test_create_refuses_then_replaces_keeping_a_backup(google_fake: FakeGoogle, make: Make) -> None:
    backend = make()
    backend.create([workbooks.about("Old")])
    with pytest.raises(WorkbookExists, match="--force"):
        make().create([workbooks.about("New")])
    backup = make().create([workbooks.about("New")], replace=True)
    assert backup is not None
    assert [t.title for t in make().read()] == ["New"]
    assert make().location() == backend.location()  # people keep their link
    assert len(sheets_files(google_fake)) == 2
    google_fake.reset_counts()
    assert make(state_file=None).read().keys() == ["about"]  # the backup is not "the" workbook


def test_pinned_empty_spreadsheet_is_filled(google_fake: FakeGoogle, make: Make) -> None:
    sid = google_fake.create_spreadsheet("Made by the facilitator", owner="fac@example.org")
    backend = make(spreadsheet_id=sid, folder_id=None)
    backend.create(workbooks.workshop())
    assert google_fake.count("drive.files.create") == 0
    assert [t.title for t in make(spreadsheet_id=sid).read()] == ["About", "Table 1", "Gap 1"]


def test_pinned_spreadsheet_with_content_is_not_overwritten(
    google_fake: FakeGoogle, make: Make
) -> None:
    sid = google_fake.create_spreadsheet("Notes", owner="fac@example.org", sheets=["Notes"])
    google_fake.person_sets(sid, "Notes", "A1", "our notes")
    with pytest.raises(WorkbookExists, match="Notes"):
        make(spreadsheet_id=sid).create(workbooks.workshop())


def test_sharing_notifies_only_when_asked(google_fake: FakeGoogle, make: Make) -> None:
    make(share_with=[("fac@example.org", "writer")]).create([workbooks.about()])
    assert google_fake.sent_emails == []
    permissions = next(iter(sheets_files(google_fake)))["permissions"]
    assert any(p.get("emailAddress") == "fac@example.org" for p in permissions)
    make(
        workshop_id="other", state_file=None, share_with=[("t@example.org", "reader")], notify=True
    ).create([workbooks.about()])
    assert [e["to"] for e in google_fake.sent_emails] == ["t@example.org"]


def test_dropdown_and_protection_land_as_specified(google_fake: FakeGoogle, make: Make) -> None:
    backend = make()
    backend.create(workbooks.workshop())
    stored = google_fake.spreadsheet(str(backend.spreadsheet_id))
    table = next(s for s in stored["sheets"] if s["properties"]["title"] == "Table 1")
    rules = [
        cell["dataValidation"]
        for row in table["data"][0]["rowData"]
        for cell in row.get("values", [])
        if cell.get("dataValidation")
    ]
    assert rules
    assert all(r["showCustomUi"] is True for r in rules)
    assert all(r["condition"]["type"] == "ONE_OF_RANGE" for r in rules)
    gap = next(s for s in stored["sheets"] if s["properties"]["title"] == "Gap 1")
    (protected,) = gap["protectedRanges"]
    assert protected["warningOnly"] is True
    assert protected["unprotectedRanges"][0]["startRowIndex"] == 2
    about = next(s for s in stored["sheets"] if s["properties"]["title"] == "About")
    widths = about["data"][0]["columnMetadata"]
    assert widths[1]["pixelSize"] == 60 * 7 + 10


def test_tab_deleted_by_a_person_since_the_read_is_a_missing_tab(
    google_fake: FakeGoogle, make: Make
) -> None:
    backend = make()
    backend.create(workbooks.workshop())
    backend.read()
    google_fake.person_deletes_sheet(str(backend.spreadsheet_id), "Table 1")
    with pytest.raises(MissingTab, match="table_1"):
        backend.apply([WriteRange("table_1", 22, 1, (("x",),))])


def test_tab_added_by_another_run_since_the_read_is_found(make: Make) -> None:
    backend = make()
    backend.create(workbooks.workshop())
    backend.read()
    make().apply([workbooks.gap(2)])
    backend.apply([WriteRange("gap_2", 3, 0, (("found",),))])
    gap = make().read().get("gap_2")
    assert gap is not None
    assert gap.value(3, 0) == "found"


def test_gspread_client_shares_transport_and_retries(google_fake: FakeGoogle, make: Make) -> None:
    backend = make()
    backend.create(workbooks.workshop())
    google_fake.fail_next(2, status=429)
    sheet = backend.gspread_client().open_by_key(str(backend.spreadsheet_id))
    assert sheet.worksheet("About").acell("B4").value == workbooks.PRINCIPLES[2]


def test_drive_failing_to_answer_creates_stops_within_the_budget(
    google_fake: FakeGoogle, make: Make
) -> None:
    google_fake.fail_always(503, api_method="drive.files.create")
    start = google_fake.clock.now
    with pytest.raises(ApiError, match="did not confirm creating the workbook"):
        make().create(workbooks.workshop())
    assert google_fake.count("drive.files.create") <= RetryPolicy().max_attempts
    assert google_fake.clock.now - start <= RetryPolicy().max_total + 10
    assert sheets_files(google_fake) == []


def test_every_request_goes_through_the_given_session(google_fake: FakeGoogle, make: Make) -> None:
    seen: list[tuple[str, Any]] = []
    session = requests.Session()
    session.hooks["response"].append(
        lambda response, **kwargs: seen.append((response.request.url, kwargs.get("timeout")))
    )
    backend = make(http_session=session)
    backend.create([workbooks.about()])
    backend.read()
    hosts = {url.split("/")[2] for url, _ in seen}
    assert hosts == {"oauth2.googleapis.com", "www.googleapis.com", "sheets.googleapis.com"}
    assert len(seen) == len(google_fake.requests)
    assert {timeout for _, timeout in seen} == {RetryPolicy().timeout}


def test_requests_made_counts_every_http_request(google_fake: FakeGoogle, make: Make) -> None:
    backend = make()
    backend.create(workbooks.workshop())
    google_fake.fail_next(1, status=429)
    backend.read()
    assert backend.requests_made == len(google_fake.requests)  # token, retries included


def test_the_config_sets_the_rate_limit_budget(tmp_path: Path, service_account_file: Path) -> None:
    from sheets_sync.backends.google.factory import open_google_backend
    from sheets_sync.config import load_config

    path = tmp_path / "w.toml"
    path.write_text(
        "[workshop]\nlocality='X'\n[[tables]]\nname='T'\n[backend]\nkind='google'\n"
        f"[google]\ncredentials='{service_account_file}'\nrate_limit_wait = 75\n"
    )
    backend = open_google_backend(load_config(path))
    assert isinstance(backend, GoogleSheetsBackend)
    assert backend.http.retrier.policy.rate_limit_total == 75.0
