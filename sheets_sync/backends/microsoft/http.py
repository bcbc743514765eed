"""Microsoft Graph over ``requests``: bounded retries, one token source, and ``$batch``.

The policy is the Google adapter's (:class:`sheets_sync.retry.RetryPolicy`): at most
``max_attempts`` tries within ``max_total`` seconds, full-jitter backoff, and ``Retry-After``
honoured whenever Graph sends it. What is retried follows Graph's workbook error-handling guide
(learn.microsoft.com/graph/workbook-error-handling): 429, 502, 503 and 504, the second-level
codes it marks transient (``transientFailure``, ``serviceUnavailableUncategorized``,
``tooManyRequestsUncategorized``, ``gatewayTimeoutUncategorized``) and Excel Online's
``GenericFileOpenError`` (a workbook just uploaded is not open yet). Everything else stops with
one :class:`~sheets_sync.errors.ApiError` line: the status, Graph's code, what was being done.

:meth:`GraphHTTP.batch` sends up to 20 sub-requests per ``POST /$batch``. Writes are chained
with ``dependsOn`` so Graph runs them one after another (Microsoft's advice: never two writes to
one workbook at once); a failed one makes its dependents answer 424. Every sub-response is
checked; those that failed for a passing reason, and their dependents, are sent again after the
wait, and only they, so nothing that succeeded is written twice. A sub-request may name error
codes that mean "this was already done" (``itemAlreadyExists`` when a lost answer is replayed).

Tokens come from a :class:`TokenSource`; a 401 (of a request, or of sub-requests) refreshes
the token once and tries again. Retries
are logged at DEBUG with the method, path and status only: never headers, bodies or tokens.
"""

from __future__ import annotations

import logging
import random as _random
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import requests

from sheets_sync.backends.google.retry import RetryPolicy, retry_after_seconds
from sheets_sync.errors import ApiError, UncertainOutcome

log = logging.getLogger(__name__)

GRAPH = "https://graph.microsoft.com/v1.0"
BATCH_LIMIT = 20
RETRY_STATUSES = frozenset({429, 502, 503, 504})
RETRY_CODES = frozenset(
    {
        "transientfailure",
        "serviceunavailableuncategorized",
        "toomanyrequestsuncategorized",
        "gatewaytimeoutuncategorized",
        "genericfileopenerror",
    }
)


#: Error codes that mean "already there" (a replayed add) or "not there" (a replayed delete).
EXISTS = frozenset({"itemalreadyexists", "namealreadyexists", "conflict"})
GONE = frozenset({"itemnotfound", "notfound"})


class TokenSource(Protocol):
    """Where bearer tokens come from (:mod:`.auth`); ``refresh`` forces a new one."""

    def token(self, *, refresh: bool = False) -> str: ...


@dataclass(frozen=True)
class Sub:
    """One sub-request of a ``$batch``: ``url`` is relative to ``/v1.0`` (``/drives/...``)."""

    method: str
    url: str
    body: Any = None
    #: Error codes (lower case) that mean the request had already taken effect (or, for a
    #: read, that there is nothing to read): the answer is then ``{}``.
    done_if: frozenset[str] = field(default_factory=frozenset)
    #: A failure that retrying cannot fix is given back as ``{"@failed": Failure}``.
    optional: bool = False


@dataclass(frozen=True)
class Failure:
    """What one answer said: status, Graph's innermost code, its message, the wait asked."""

    status: int | None
    code: str
    message: str
    retry_after: float | None

    @property
    def retryable(self) -> bool:
        return self.status is None or self.status in RETRY_STATUSES or self.code in RETRY_CODES


def failure_of(status: int | None, body: Any, headers: Mapping[str, str] | None) -> Failure:
    """The :class:`Failure` in an error answer (a whole response or a sub-response)."""
    codes: list[str] = []
    message = ""
    error = body.get("error") if isinstance(body, dict) else None
    while isinstance(error, dict):
        if isinstance(error.get("code"), str):
            codes.append(error["code"])
        if isinstance(error.get("message"), str) and not message:
            message = " ".join(error["message"].split())[:300]
        error = error.get("innerError") or error.get("innererror")
    code = next(
        (c for c in reversed(codes) if c.lower() in RETRY_CODES), codes[-1] if codes else ""
    )
    after = None
    for key, value in (headers or {}).items():
        if key.lower() == "retry-after":
            after = retry_after_seconds(str(value))
    return Failure(status, code.lower(), message, after)


def api_error(failure: Failure, what: str, tries: int, *, uncertain: bool = False) -> ApiError:
    """The one-line error for a request we stop trying."""
    after = f" after {tries} tries" if tries > 1 else ""
    if failure.status is None:
        text = (
            f"Could not reach Microsoft Graph ({failure.message or 'no answer'}) while {what}"
            f"{after}: check the network connection and try again"
        )
    else:
        code = f" {failure.code}" if failure.code else ""
        said = f": {failure.message}" if failure.message else ""
        hint = "; try again in a few minutes" if failure.retryable else ""
        text = f"Microsoft Graph answered {failure.status}{code} while {what}{after}{said}{hint}"
    cls = UncertainOutcome if uncertain else ApiError
    return cls(text, failure.status, failure.code or None)


class GraphHTTP:
    """Requests to Graph with a token, a timeout and bounded retries; counts what it sends."""

    def __init__(
        self,
        tokens: TokenSource,
        session: requests.Session | None = None,
        *,
        policy: RetryPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        rand: Callable[[], float] = _random.random,
        base: str = GRAPH,
    ) -> None:
        self.tokens = tokens
        self.session = session if session is not None else requests.Session()
        self.policy = policy or RetryPolicy()
        self.sleep = sleep
        self.clock = clock
        self.rand = rand
        self.base = base
        #: Every HTTP request sent to Graph so far, retries included (token requests aside).
        self.requests_made = 0

    # ------------------------------------------------------------------ single requests

    def request(
        self,
        method: str,
        url: str,
        *,
        what: str,
        json: Any = None,
        data: bytes | None = None,
        params: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        replay_safe: bool = True,
    ) -> requests.Response:
        """One request with retries. A non-GET whose try went unanswered raises
        :class:`UncertainOutcome` at once when not ``replay_safe``, for the caller to look."""
        full = url if url.startswith("https://") else self.base + url
        started = self.clock()
        tries = 0
        refreshed = False
        while True:
            tries += 1
            sent = {"Authorization": f"Bearer {self.tokens.token(refresh=False)}"}
            sent.update(headers or {})
            self.requests_made += 1
            try:
                response = self.session.request(
                    method,
                    full,
                    json=json,
                    data=data,
                    params=params,
                    headers=sent,
                    timeout=self.policy.timeout,
                )
            except requests.RequestException as exc:
                failure = Failure(None, "", _kind(exc), None)
                if method != "GET" and not replay_safe:
                    raise api_error(failure, what, tries, uncertain=True) from None
            else:
                if response.ok:
                    return response
                if response.status_code == 401 and not refreshed:
                    refreshed = True
                    self.tokens.token(refresh=True)
                    tries -= 1
                    continue
                failure = failure_of(response.status_code, _body(response), response.headers)
                if method != "GET" and not replay_safe and (failure.status or 0) >= 500:
                    raise api_error(failure, what, tries, uncertain=True)
            if not self.wait(failure, tries, started, f"{method} {url.split('?')[0]}"):
                raise api_error(failure, what, tries)

    def json(self, method: str, url: str, *, what: str, **kwargs: Any) -> dict[str, Any]:
        """:meth:`request`, returning the decoded JSON object (``{}`` for an empty body)."""
        response = self.request(method, url, what=what, **kwargs)
        body = _body(response)
        return body if isinstance(body, dict) else {}

    def wait(self, failure: Failure, tries: int, started: float, label: str) -> bool:
        """Sleep before the next try and return True, or False when out of budget."""
        if not failure.retryable or tries >= self.policy.max_attempts:
            return False
        delay = self.policy.backoff(tries, self.rand)
        if failure.retry_after is not None:
            delay = max(delay, failure.retry_after)
        if self.clock() - started + delay > self.policy.max_total:
            return False
        log.debug("retrying %s after %s in %.1fs", label, failure.status or "no answer", delay)
        self.sleep(delay)
        return True

    # ------------------------------------------------------------------ $batch

    def batch(self, subs: Sequence[Sub], *, what: str, sequential: bool) -> list[dict[str, Any]]:
        """Every sub-request's answer body, in order; see the module docstring.

        ``sequential`` chains each sub-request to the one before (writes); otherwise Graph may
        run them in parallel (reads). Raises :class:`ApiError` naming the first sub-request
        that failed for good.
        """
        results: list[dict[str, Any] | None] = [None] * len(subs)
        started = self.clock()
        tries = 0
        refreshed = False
        while True:
            pending = [i for i, r in enumerate(results) if r is None]
            if not pending:
                return [r if r is not None else {} for r in results]
            tries += 1
            worst: Failure | None = None
            expired = False
            for start in range(0, len(pending), BATCH_LIMIT):
                chunk = pending[start : start + BATCH_LIMIT]
                answers = self._send(subs, chunk, what, sequential)
                for i in chunk:
                    status, body, headers = answers[i]
                    if 200 <= status < 300:
                        results[i] = body if isinstance(body, dict) else {}
                        continue
                    if status == 424:
                        continue
                    if status == 401 and not refreshed:
                        expired = True
                        continue
                    failure = failure_of(status, body, headers)
                    if failure.code in subs[i].done_if:
                        results[i] = {}
                        continue
                    if not failure.retryable and subs[i].optional:
                        results[i] = {"@failed": failure}
                        continue
                    if not failure.retryable:
                        step = f"{what} (step {i + 1} of {len(subs)}: {subs[i].method} "
                        raise api_error(failure, step + f"{_short(subs[i].url)})", tries)
                    if worst is None or (failure.retry_after or 0) > (worst.retry_after or 0):
                        worst = failure
                if sequential and any(results[i] is None for i in chunk):
                    break
            if expired:
                refreshed = True
                self.tokens.token(refresh=True)
                tries -= 1
                continue
            if worst is not None and not self.wait(worst, tries, started, f"$batch {what}"):
                raise api_error(worst, what, tries)

    def _send(
        self, subs: Sequence[Sub], chunk: Sequence[int], what: str, sequential: bool
    ) -> dict[int, tuple[int, Any, Mapping[str, str]]]:
        requests_: list[dict[str, Any]] = []
        for n, i in enumerate(chunk):
            sub = subs[i]
            item: dict[str, Any] = {"id": str(i + 1), "method": sub.method, "url": sub.url}
            if sub.body is not None:
                item["body"] = sub.body
                item["headers"] = {"Content-Type": "application/json"}
            if sequential and n:
                item["dependsOn"] = [str(chunk[n - 1] + 1)]
            requests_.append(item)
        answer = self.json("POST", "/$batch", what=what, json={"requests": requests_})
        got: dict[int, tuple[int, Any, Mapping[str, str]]] = {}
        for response in answer.get("responses") or []:
            if not isinstance(response, dict):
                continue
            try:
                index = int(response.get("id", "")) - 1
            except ValueError:
                continue
            headers = response.get("headers")
            got[index] = (
                int(response.get("status", 0)),
                response.get("body"),
                headers if isinstance(headers, dict) else {},
            )
        missing = [i for i in chunk if i not in got]
        if missing:
            raise ApiError(
                f"Microsoft Graph left {len(missing)} sub-request(s) unanswered while {what}",
                None,
            )
        return got


def _body(response: requests.Response) -> Any:
    if not response.content:
        return {}
    try:
        return response.json()
    except ValueError:
        return {}


def _short(url: str) -> str:
    path = url.split("?")[0]
    return path if len(path) <= 90 else "…" + path[-89:]


def _kind(exc: requests.RequestException) -> str:
    if isinstance(exc, requests.Timeout):
        return "timed out"
    if isinstance(exc, requests.ConnectionError):
        return "connection failed"
    return type(exc).__name__
