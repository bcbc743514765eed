"""The retry layer against plain ``responses``: bounded, jittered, honest, and never sleeping."""

from __future__ import annotations

import json
import logging
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any

import pytest
import requests
import responses
from google.auth.credentials import Credentials
from google.oauth2 import service_account

from sheets_sync.backends.google.fake.oauth import service_account_info
from sheets_sync.backends.google.http_client import GoogleHTTPClient
from sheets_sync.backends.google.retry import RetryPolicy, error_details, retry_after_seconds
from sheets_sync.errors import ApiError, CredentialsError, UncertainOutcome

URL = "https://sheets.googleapis.com/v4/spreadsheets/SHEET123"
BATCH = URL + ":batchUpdate"
DRIVE = "https://www.googleapis.com/drive/v3/files"
TOKEN_URI = "https://oauth2.googleapis.com/token"
ACCESS_TOKEN = "ya29.secret-access-token"


class FakeTime:
    """A clock that only moves when slept on (or when a test moves it)."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def sleep(self, seconds: float) -> None:
        assert seconds >= 0
        self.sleeps.append(seconds)
        self.now += seconds

    def clock(self) -> float:
        return self.now


class StaticCredentials(Credentials):
    """A bearer token that "refreshes" to a new one, counting refreshes."""

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self.token = ACCESS_TOKEN
        self.refreshes = 0

    def refresh(self, request: Any) -> None:
        self.refreshes += 1
        self.token = f"{ACCESS_TOKEN}-{self.refreshes}"


def timeout_of(call: Any) -> Any:
    """The ``timeout`` requests was given for a call ``responses`` recorded."""
    return call.request.req_kwargs["timeout"]


@pytest.fixture(autouse=True)
def no_real_sleep(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(seconds: float) -> None:
        raise AssertionError(f"real time.sleep({seconds}) called")

    monkeypatch.setattr(time, "sleep", refuse)


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


def make_client(
    fake_time: FakeTime,
    credentials: Credentials | None = None,
    *,
    rand: float = 1.0,
    policy: RetryPolicy | None = None,
) -> GoogleHTTPClient:
    return GoogleHTTPClient(
        credentials or StaticCredentials(),
        policy=policy or RetryPolicy(),
        sleep=fake_time.sleep,
        clock=fake_time.clock,
        rand=lambda: rand,
    )


def google_error(code: int, status: str, message: str = "boom", reason: str | None = None) -> Any:
    error: dict[str, Any] = {"code": code, "message": message, "status": status}
    if reason:
        error["errors"] = [{"domain": "usageLimits", "reason": reason, "message": message}]
    return {"error": error}


WHAT = "reading the workbook (spreadsheet SHEET123)"


@responses.activate
def test_429_storm_then_success(fake_time: FakeTime) -> None:
    for _ in range(4):
        responses.get(URL, json=google_error(429, "RESOURCE_EXHAUSTED"), status=429)
    responses.get(URL, json={"spreadsheetId": "SHEET123"})
    client = make_client(fake_time, rand=0.5)

    assert client.call("GET", URL, what=WHAT) == {"spreadsheetId": "SHEET123"}

    assert len(responses.calls) == 5
    assert fake_time.sleeps == [0.5, 1.0, 2.0, 4.0]


def test_backoff_is_truncated_full_jitter() -> None:
    policy = RetryPolicy(base=1.0, cap=32.0)
    assert [policy.backoff(n, lambda: 1.0) for n in range(1, 9)] == [1, 2, 4, 8, 16, 32, 32, 32]
    assert policy.backoff(3, lambda: 0.0) == 0.0
    assert policy.backoff(10_000, lambda: 1.0) == 32.0


@responses.activate
def test_honours_retry_after(fake_time: FakeTime) -> None:
    responses.get(
        URL, status=503, headers={"Retry-After": "7"}, json=google_error(503, "UNAVAILABLE")
    )
    responses.get(URL, json={})
    make_client(fake_time, rand=0.0).call("GET", URL, what=WHAT)
    assert fake_time.sleeps == [7.0]


def test_retry_after_as_http_date() -> None:
    now = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    header = format_datetime(now + timedelta(seconds=30), usegmt=True)
    assert retry_after_seconds(header, now=lambda: now) == 30.0
    assert retry_after_seconds("soon") is None
    assert retry_after_seconds(None) is None
    assert retry_after_seconds("-5") == 0.0


@responses.activate
def test_permanent_503_gives_up_within_max_total(fake_time: FakeTime) -> None:
    policy = RetryPolicy(max_attempts=1000, max_total=120.0)
    responses.get(
        URL, status=503, json=google_error(503, "UNAVAILABLE", "The service is unavailable.")
    )

    def slow_server(response: requests.Response, **kwargs: Any) -> None:
        fake_time.now += 3.0

    client = make_client(fake_time, rand=1.0, policy=policy)
    client.session.hooks["response"].append(slow_server)
    with pytest.raises(ApiError) as caught:
        client.call("GET", URL, what=WHAT)

    assert 90.0 < fake_time.now <= 120.0
    assert len(responses.calls) < 20
    message = str(caught.value)
    assert "\n" not in message
    assert "503" in message
    assert "SHEET123" in message
    assert "reading the workbook" in message
    assert caught.value.status == 503
    assert not isinstance(caught.value, UncertainOutcome)


@responses.activate
def test_gives_up_after_max_attempts(fake_time: FakeTime) -> None:
    responses.get(URL, status=500, json=google_error(500, "INTERNAL"))
    with pytest.raises(ApiError, match=r"after 6 tries"):
        make_client(fake_time).call("GET", URL, what=WHAT)
    assert len(responses.calls) == 6
    assert len(fake_time.sleeps) == 5


@pytest.mark.parametrize(
    ("status", "body"),
    [
        (400, google_error(400, "INVALID_ARGUMENT", "Invalid requests[0].addSheet")),
        (401, google_error(401, "UNAUTHENTICATED")),
        (404, google_error(404, "NOT_FOUND", "Requested entity was not found.")),
        (403, google_error(403, "PERMISSION_DENIED", "The caller does not have permission")),
        (403, google_error(403, "PERMISSION_DENIED", "quota", reason="storageQuotaExceeded")),
        (403, google_error(403, "PERMISSION_DENIED", "daily", reason="dailyLimitExceeded")),
    ],
)
@responses.activate
def test_client_errors_are_not_retried(fake_time: FakeTime, status: int, body: Any) -> None:
    responses.get(URL, status=status, json=body)
    with pytest.raises(ApiError) as caught:
        make_client(fake_time).call("GET", URL, what=WHAT)
    expected_calls = 2 if status == 401 else 1  # one refresh of the credentials on 401
    assert len(responses.calls) == expected_calls
    assert fake_time.sleeps == []
    assert caught.value.status == status
    assert str(status) in str(caught.value)
    assert "SHEET123" in str(caught.value)


@pytest.mark.parametrize("reason", ["rateLimitExceeded", "userRateLimitExceeded"])
@responses.activate
def test_403_rate_limit_is_retried(fake_time: FakeTime, reason: str) -> None:
    responses.get(DRIVE, status=403, json=google_error(403, "PERMISSION_DENIED", "slow", reason))
    responses.get(DRIVE, json={"files": []})
    assert make_client(fake_time).call("GET", DRIVE, what="listing") == {"files": []}
    assert len(responses.calls) == 2
    assert len(fake_time.sleeps) == 1


@pytest.mark.parametrize(
    "exc", [requests.ReadTimeout("read timed out"), requests.ConnectionError("reset by peer")]
)
@responses.activate
def test_timeouts_and_connection_errors_are_retried(fake_time: FakeTime, exc: Exception) -> None:
    responses.get(URL, body=exc)
    responses.get(URL, json={"ok": True})
    assert make_client(fake_time).call("GET", URL, what=WHAT) == {"ok": True}
    assert len(responses.calls) == 2


@responses.activate
def test_unreachable_google_gives_one_clear_line(fake_time: FakeTime) -> None:
    responses.get(URL, body=requests.ConnectionError("Failed to resolve sheets.googleapis.com"))
    with pytest.raises(ApiError) as caught:
        make_client(fake_time).call("GET", URL, what=WHAT)
    assert str(caught.value).startswith("Could not reach Google (connection failed) while reading")
    assert caught.value.status is None


@responses.activate
def test_every_request_has_a_timeout(fake_time: FakeTime) -> None:
    responses.get(URL, json={})
    responses.post(BATCH, json={})
    client = make_client(fake_time, policy=RetryPolicy(timeout=(3.0, 9.0)))
    client.call("GET", URL, what=WHAT)
    client.call("POST", BATCH, what="writing", json={"requests": []})
    client.batch_update("SHEET123", {"requests": []})  # gspread's own helper, same path
    assert [timeout_of(c) for c in responses.calls] == [(3.0, 9.0)] * 3


@responses.activate
def test_lost_answer_of_unsafe_request_stops_for_the_caller_to_look(fake_time: FakeTime) -> None:
    responses.post(DRIVE, body=requests.ReadTimeout("no answer"))
    with pytest.raises(UncertainOutcome):
        make_client(fake_time).call(
            "POST", DRIVE, what="creating the workbook", json={}, replay_safe=False
        )
    assert len(responses.calls) == 1


@responses.activate
def test_connect_timeout_is_safe_to_repeat_even_for_unsafe_requests(fake_time: FakeTime) -> None:
    responses.post(DRIVE, body=requests.ConnectTimeout("never connected"))
    responses.post(DRIVE, json={"id": "NEW"})
    result = make_client(fake_time).call("POST", DRIVE, what="creating", json={}, replay_safe=False)
    assert result == {"id": "NEW"}


@responses.activate
def test_replay_refused_after_lost_answer_is_uncertain(fake_time: FakeTime) -> None:
    responses.post(BATCH, body=requests.ConnectionError("connection reset"))
    responses.post(BATCH, status=400, json=google_error(400, "INVALID_ARGUMENT", "sheet id taken"))
    with pytest.raises(UncertainOutcome) as caught:
        make_client(fake_time).call("POST", BATCH, what="writing", json={"requests": []})
    assert caught.value.status == 400


@responses.activate
def test_replay_after_lost_answer_that_succeeds_is_fine(fake_time: FakeTime) -> None:
    responses.post(BATCH, body=requests.ReadTimeout("no answer"))
    responses.post(BATCH, json={"replies": []})
    assert make_client(fake_time).call("POST", BATCH, what="writing", json={}) == {"replies": []}


@responses.activate
def test_401_refreshes_credentials_once(fake_time: FakeTime) -> None:
    creds = StaticCredentials()
    responses.get(URL, status=401, json=google_error(401, "UNAUTHENTICATED"))
    responses.get(URL, json={"ok": 1})
    assert make_client(fake_time, creds).call("GET", URL, what=WHAT) == {"ok": 1}
    assert creds.refreshes == 1
    assert responses.calls[1].request.headers["Authorization"] == f"Bearer {ACCESS_TOKEN}-1"


@responses.activate
def test_retries_are_logged_at_debug_without_headers_or_tokens(
    fake_time: FakeTime, caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    caplog.set_level(logging.DEBUG)
    responses.get(URL, status=429, json=google_error(429, "RESOURCE_EXHAUSTED"))
    responses.get(URL, status=401, json=google_error(401, "UNAUTHENTICATED"))
    responses.get(URL, json={})
    make_client(fake_time).call("GET", URL, what=WHAT)
    assert "retrying GET" in caplog.text
    assert "429" in caplog.text
    captured = capsys.readouterr()
    for text in (caplog.text, captured.out, captured.err):
        assert ACCESS_TOKEN not in text
        assert "Authorization" not in text
        assert "Bearer" not in text


def test_error_details_reads_drive_and_sheets_shapes() -> None:
    def response(body: Any) -> requests.Response:
        r = requests.Response()
        r._content = json.dumps(body).encode() if body is not None else b"<html>"
        r.status_code = 403
        return r

    drive = google_error(403, "", "Rate limit", reason="userRateLimitExceeded")
    sheets = {
        "error": {
            "code": 429,
            "message": "Quota exceeded\n for metric",
            "status": "RESOURCE_EXHAUSTED",
            "details": [
                {
                    "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                    "reason": "RATE_LIMIT_EXCEEDED",
                }
            ],
        }
    }
    assert error_details(response(drive)) == ("userRateLimitExceeded", "Rate limit")
    assert error_details(response(sheets)) == ("RATE_LIMIT_EXCEEDED", "Quota exceeded for metric")
    assert error_details(response(google_error(404, "NOT_FOUND", "gone"))) == ("NOT_FOUND", "gone")
    assert error_details(response(None)) == ("", "")
    assert error_details(response(["odd"])) == ("", "")


# --------------------------------------------------------------------------- token endpoint


@pytest.fixture(scope="module")
def key_info(fake_google_private_key: str) -> dict[str, str]:
    """A service-account key for a test robot, built by the Google fake's helper."""
    return service_account_info(
        fake_google_private_key,
        email="robot@workshop.iam.gserviceaccount.com",
        project_id="workshop",
    )


def service_credentials(info: dict[str, str]) -> Credentials:
    creds: Credentials = service_account.Credentials.from_service_account_info(  # type: ignore[no-untyped-call]
        info, scopes=["https://www.googleapis.com/auth/spreadsheets"]
    )
    return creds


@responses.activate
def test_token_refresh_is_retried_under_our_policy(
    fake_time: FakeTime, key_info: dict[str, str]
) -> None:
    responses.post(TOKEN_URI, status=503, json={"error": "temporarily_unavailable"})
    responses.post(TOKEN_URI, body=requests.ReadTimeout("slow"))
    responses.post(TOKEN_URI, json={"access_token": ACCESS_TOKEN, "expires_in": 3600})
    responses.get(URL, json={"ok": True})

    client = make_client(fake_time, service_credentials(key_info), rand=0.25)
    assert client.call("GET", URL, what=WHAT) == {"ok": True}

    assert [c.request.url for c in responses.calls].count(TOKEN_URI) == 3
    assert fake_time.sleeps == [0.25, 0.5]
    assert responses.calls[-1].request.headers["Authorization"] == f"Bearer {ACCESS_TOKEN}"
    assert all(timeout_of(c) == (10.0, 60.0) for c in responses.calls)


@responses.activate
def test_token_endpoint_down_gives_up(fake_time: FakeTime, key_info: dict[str, str]) -> None:
    responses.post(TOKEN_URI, status=503, json={"error": "temporarily_unavailable"})
    with pytest.raises(ApiError, match=r"^Google answered 503 while signing in to Google after 6"):
        make_client(fake_time, service_credentials(key_info)).call("GET", URL, what=WHAT)
    assert [c.request.url for c in responses.calls] == [TOKEN_URI] * 6, fake_time.sleeps


@responses.activate
def test_refused_key_is_a_credentials_error_without_secrets(
    fake_time: FakeTime,
    key_info: dict[str, str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    responses.post(
        TOKEN_URI,
        status=400,
        json={"error": "invalid_grant", "error_description": "Invalid JWT Signature."},
    )
    with pytest.raises(CredentialsError) as caught:
        make_client(fake_time, service_credentials(key_info)).call("GET", URL, what=WHAT)
    message = str(caught.value)
    assert "invalid_grant" in message
    assert "service-account key" in message
    assert caught.value.__cause__ is None
    assert caught.value.__suppress_context__
    body = responses.calls[0].request.body
    assertion = body.decode() if isinstance(body, bytes) else str(body)
    for text in (message, repr(caught.value), caplog.text):
        assert key_info["private_key"].splitlines()[1] not in text
        assert assertion.split("assertion=")[1][:40] not in text


def test_rate_limits_are_retried_for_longer_than_the_quota_window() -> None:
    policy = RetryPolicy()
    assert policy.rate_limit_total >= 70.0
    assert policy.bounds(rate_limited=True) == (policy.rate_limit_attempts, 90.0)
    assert policy.bounds(rate_limited=False) == (6, 120.0)


@pytest.mark.parametrize("rand", [1.0, 0.5])
@responses.activate
def test_429_for_a_whole_minute_then_success(fake_time: FakeTime, rand: float) -> None:
    def quota(request: requests.PreparedRequest) -> tuple[int, dict[str, str], str]:
        if fake_time.now < 61.0:
            return 429, {}, json.dumps(google_error(429, "RESOURCE_EXHAUSTED"))
        return 200, {}, json.dumps({"spreadsheetId": "SHEET123"})

    responses.add_callback(responses.GET, URL, callback=quota)
    client = make_client(fake_time, rand=rand)
    assert client.call("GET", URL, what=WHAT) == {"spreadsheetId": "SHEET123"}
    assert 61.0 <= fake_time.now <= 90.0
    assert len(responses.calls) > 6


@responses.activate
def test_permanent_429_gives_up_inside_its_budget_with_one_line(fake_time: FakeTime) -> None:
    responses.get(URL, status=429, json=google_error(429, "RESOURCE_EXHAUSTED", "Quota exceeded"))
    with pytest.raises(ApiError) as caught:
        make_client(fake_time, rand=1.0).call("GET", URL, what=WHAT)
    assert 60.0 < fake_time.now <= 90.0
    message = str(caught.value)
    assert message.startswith("Google answered 429 RESOURCE_EXHAUSTED while reading")
    assert "try again in a few minutes" in message and "\n" not in message


@responses.activate
def test_a_short_rate_limit_budget_is_honoured(fake_time: FakeTime) -> None:
    responses.get(URL, status=429, json=google_error(429, "RESOURCE_EXHAUSTED"))
    policy = RetryPolicy(rate_limit_total=10.0)
    with pytest.raises(ApiError):
        make_client(fake_time, rand=1.0, policy=policy).call("GET", URL, what=WHAT)
    assert fake_time.sleeps == [1.0, 2.0, 4.0]


@responses.activate
def test_rate_limit_attempts_bound_the_tries_even_without_waiting(fake_time: FakeTime) -> None:
    responses.get(URL, status=429, json=google_error(429, "RESOURCE_EXHAUSTED"))
    policy = RetryPolicy(rate_limit_attempts=12)
    with pytest.raises(ApiError, match="after 12 tries"):
        make_client(fake_time, rand=0.0, policy=policy).call("GET", URL, what=WHAT)
    assert len(responses.calls) == 12


@responses.activate
def test_429_retry_after_a_minute_is_waited_for(fake_time: FakeTime) -> None:
    responses.get(
        URL,
        status=429,
        headers={"Retry-After": "60"},
        json=google_error(429, "RESOURCE_EXHAUSTED"),
    )
    responses.get(URL, json={})
    make_client(fake_time, rand=0.0).call("GET", URL, what=WHAT)
    assert fake_time.sleeps == [60.0]


@responses.activate
def test_server_errors_keep_their_own_shorter_bound(fake_time: FakeTime) -> None:
    responses.get(URL, status=503, json=google_error(503, "UNAVAILABLE"))
    with pytest.raises(ApiError, match="after 6 tries"):
        make_client(fake_time, rand=0.0).call("GET", URL, what=WHAT)
    assert len(responses.calls) == 6
