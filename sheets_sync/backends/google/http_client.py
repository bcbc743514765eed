"""Bounded retries for Google's HTTP APIs, with the outside world injected.

:class:`GoogleHTTPClient` is gspread's :class:`~gspread.http_client.HTTPClient` with its
``request`` replaced: every request carries a timeout and the credentials' bearer token, and a
request that fails for a passing reason is tried again after a truncated exponential backoff
with full jitter (``uniform(0, min(cap, base * 2**n))``), or after ``Retry-After`` when Google
sends one. Passing reasons are 429, 500, 502, 503, 504, 403 with reason ``rateLimitExceeded`` or
``userRateLimitExceeded``, connection errors and timeouts. Rate-limit answers (429 and those
403s) are retried against a time budget, ``rate_limit_total`` seconds (90 by default), that
outlasts Google's per-minute quota window, so a sync started when another client used this
minute's quota waits for the next one; ``rate_limit_attempts`` still bounds the tries. Every
other passing failure stops after ``max_attempts`` tries or when the next wait would end past
``max_total`` seconds since the first try; then, and for every other error status, an
:class:`~sheets_sync.errors.ApiError`
is raised whose message is one line: the status, what was being done (which names the
spreadsheet) and no secret. gspread's own back-off client is not used: it never gives up.

Requests that are not safe to repeat blindly need one more rule. When a try of a non-GET
request went unanswered (a timeout, a dropped connection, a 5xx), it may have taken effect.
With ``replay_safe=False`` the client then stops at once with :class:`UncertainOutcome`, so
the caller can look before trying again. With ``replay_safe=True`` (Sheets' batchUpdate, which
is atomic and whose replay is refused when it creates objects with fixed ids) it tries again,
and if the replay is refused with a 4xx it raises :class:`UncertainOutcome` too, for the caller
to check whether the first try landed.

The policy and the waiting are in :mod:`sheets_sync.backends.google.retry`. ``sleep``,
``clock`` and ``rand`` are parameters, so tests run without real waiting.
Retries are logged at DEBUG with the method, URL and status only, never headers or bodies.
"""

from __future__ import annotations

import logging
import random as _random
import time
from collections.abc import Callable, Mapping, MutableMapping
from typing import Any

import requests
from google.auth import exceptions as auth_exceptions
from google.auth.credentials import Credentials
from google.auth.transport import requests as auth_requests
from gspread.http_client import HTTPClient

from sheets_sync.backends.google.retry import (
    RETRY_STATUSES,
    Clock,
    Failure,
    Rand,
    Retrier,
    RetryPolicy,
    Sleep,
    classify,
    retry_after_seconds,
)
from sheets_sync.errors import ApiError, CredentialsError, UncertainOutcome

log = logging.getLogger(__name__)

__all__ = ["GoogleHTTPClient", "RetryPolicy", "give_up_error"]


def give_up_error(failure: Failure, what: str, tries: int, *, uncertain: bool = False) -> ApiError:
    """The one-line :class:`ApiError` for a request we stop trying."""
    after = f" after {tries} tries" if tries > 1 else ""
    if failure.status is None:
        text = (
            f"Could not reach Google ({failure.reason}) while {what}{after}: "
            "check the network connection and try again"
        )
    else:
        reason = f" {failure.reason}" if failure.reason else ""
        said = f": {failure.message}" if failure.message else ""
        hint = "; try again in a few minutes" if failure.retryable else ""
        text = f"Google answered {failure.status}{reason} while {what}{after}{said}{hint}"
    cls = UncertainOutcome if uncertain else ApiError
    return cls(text, failure.status, failure.reason or None)


class _TokenRequest(auth_requests.Request):
    """google-auth's transport for the token endpoint, with our timeout and retries.

    google-auth retries the token endpoint itself with real ``time.sleep``; answering it
    only with a final response (or raising) keeps all waiting under our policy.
    """

    def __init__(
        self, session: requests.Session, retrier: Retrier, on_send: Callable[[], None]
    ) -> None:
        super().__init__(session)
        self._retrier = retrier
        self._on_send = on_send

    def __call__(
        self,
        url: str,
        method: str = "GET",
        body: Any = None,
        headers: Mapping[str, str] | None = None,
        timeout: Any = None,
        **kwargs: Any,
    ) -> Any:
        started = self._retrier.clock()
        tries = 0
        while True:
            tries += 1
            self._on_send()
            try:
                send: Any = super().__call__
                response = send(
                    url,
                    method=method,
                    body=body,
                    headers=headers,
                    timeout=self._retrier.policy.timeout,
                    **kwargs,
                )
            except auth_exceptions.TransportError as exc:
                failure = Failure(None, _kind(exc.__cause__ or exc), "", None, True, True)
            else:
                if response.status not in RETRY_STATUSES:
                    return response
                after = retry_after_seconds((response.headers or {}).get("Retry-After"))
                limited = response.status == 429
                failure = Failure(response.status, "", "", after, True, False, limited)
            if not self._retrier.wait_or_give_up(failure, tries, started, "token refresh"):
                raise give_up_error(failure, "signing in to Google", tries)


class GoogleHTTPClient(HTTPClient):
    """gspread's HTTP client with credentials, timeouts and bounded retries.

    ``session`` is the plain :class:`requests.Session` every request goes through (token
    refreshes included); credentials are applied per request, refreshed when they expire and
    once more if Google answers 401, and nothing else is sent on their behalf. Use
    :meth:`call` for a decoded JSON answer and a description of what is being done; gspread's
    own helpers go through :meth:`request`.
    """

    def __init__(
        self,
        auth: Credentials,
        session: requests.Session | None = None,
        *,
        policy: RetryPolicy | None = None,
        sleep: Sleep = time.sleep,
        clock: Clock = time.monotonic,
        rand: Rand = _random.random,
    ) -> None:
        super().__init__(auth, session=session if session is not None else requests.Session())
        self.auth: Any = auth
        self.retrier = Retrier(policy, sleep=sleep, clock=clock, rand=rand)
        self.timeout = self.retrier.policy.timeout
        #: Every HTTP request sent so far: API calls, their retries and token refreshes.
        self.requests_made = 0
        self._token_request = _TokenRequest(self.session, self.retrier, self._count)

    def _count(self) -> None:
        self.requests_made += 1

    def login(self) -> None:
        """Fetch a fresh access token now (normally done lazily on the first request)."""
        self._refresh(force=True)

    def request(
        self,
        method: str,
        endpoint: str,
        params: MutableMapping[str, Any] | None = None,
        data: bytes | None = None,
        json: Mapping[str, Any] | None = None,
        files: Any = None,
        headers: MutableMapping[str, str] | None = None,
        *,
        what: str | None = None,
        replay_safe: bool = True,
    ) -> requests.Response:
        """Send one request with retries; return the successful response or raise ApiError."""
        what = what or f"calling {method.upper()} {endpoint.split('?')[0]}"
        started = self.retrier.clock()
        tries = 0
        refreshed = False
        maybe_applied = False
        mutating = method.upper() != "GET"
        while True:
            tries += 1
            sent_headers = dict(headers or {})
            self._apply_credentials(sent_headers)
            self.requests_made += 1
            try:
                response = self.session.request(
                    method=method,
                    url=endpoint,
                    params=params,
                    data=data,
                    json=json,
                    files=files,
                    headers=sent_headers,
                    timeout=self.timeout,
                )
            except requests.RequestException as exc:
                unanswered = not isinstance(exc, requests.ConnectTimeout)
                failure = Failure(None, _kind(exc), "", None, _transient(exc), unanswered)
            else:
                if response.ok:
                    return response
                if response.status_code == 401 and not refreshed:
                    refreshed = True
                    log.debug("%s %s answered 401; refreshing credentials", method, endpoint)
                    self._refresh(force=True)
                    tries -= 1
                    continue
                failure = classify(response)
            if mutating and failure.unanswered and failure.retryable:
                if not replay_safe:
                    raise give_up_error(failure, what, tries, uncertain=True)
                maybe_applied = True
            elif maybe_applied and not failure.retryable and (failure.status or 0) >= 400:
                raise give_up_error(failure, what, tries, uncertain=True)
            if not self.retrier.wait_or_give_up(failure, tries, started, f"{method} {endpoint}"):
                raise give_up_error(failure, what, tries, uncertain=maybe_applied)

    def call(
        self,
        method: str,
        url: str,
        *,
        what: str,
        params: MutableMapping[str, Any] | None = None,
        json: Mapping[str, Any] | None = None,
        replay_safe: bool = True,
    ) -> dict[str, Any]:
        """:meth:`request`, returning the decoded JSON object (``{}`` for an empty body)."""
        response = self.request(
            method, url, params=params, json=json, what=what, replay_safe=replay_safe
        )
        if not response.content:
            return {}
        try:
            body = response.json()
        except ValueError:
            raise ApiError(
                f"Google answered {response.status_code} with a body that is not JSON while {what}",
                response.status_code,
            ) from None
        return body if isinstance(body, dict) else {}

    def _apply_credentials(self, headers: dict[str, str]) -> None:
        # Not ``before_request``: for service accounts google-auth would then start a
        # background lookup of "regional access boundaries", one more request we don't need.
        self._refresh(force=False)
        self.auth.apply(headers)

    def _refresh(self, *, force: bool) -> None:
        if not force and self.auth.valid:
            return
        try:
            self.auth.refresh(self._token_request)
        except auth_exceptions.RefreshError as exc:
            raise _refresh_error(exc) from None


def _transient(exc: requests.RequestException) -> bool:
    return isinstance(exc, requests.ConnectionError | requests.Timeout)


def _kind(exc: BaseException) -> str:
    if isinstance(exc, requests.Timeout):
        return "timed out"
    if isinstance(exc, requests.ConnectionError):
        return "connection failed"
    return type(exc).__name__


def _refresh_error(exc: auth_exceptions.RefreshError) -> CredentialsError:
    """The error body of the token endpoint names the problem but holds no secret; its
    text is still not echoed, only the standard OAuth error code."""
    code = ""
    if len(exc.args) > 1 and isinstance(exc.args[1], dict):
        raw = exc.args[1].get("error")
        code = raw if isinstance(raw, str) and raw.replace("_", "").isalnum() else ""
    said = f" ({code})" if code else ""
    return CredentialsError(
        f"Google refused the credentials{said}: if you use `sheets-sync login`, run it again; "
        "if you use a service-account key, check that the key still exists and is enabled"
    )
