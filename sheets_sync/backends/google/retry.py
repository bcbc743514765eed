"""When to try a Google request again, and how long to wait: the policy, with time injected.

:class:`RetryPolicy` holds the bounds, :class:`Retrier` applies them to one failed try after
another, sleeping through the injected ``sleep``; :func:`classify` reads Google's answer into
a :class:`Failure`. Rate-limit answers (429, and 403 ``rateLimitExceeded`` /
``userRateLimitExceeded``) have their own bound, a time budget that outlasts Google's
per-minute quota window; server errors and lost answers keep the shorter one.
"""

from __future__ import annotations

import email.utils
import logging
import random as _random
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import requests

log = logging.getLogger(__name__)

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
RATE_LIMIT_REASONS = frozenset({"rateLimitExceeded", "userRateLimitExceeded"})

Sleep = Callable[[float], None]
Clock = Callable[[], float]
Rand = Callable[[], float]


@dataclass(frozen=True)
class RetryPolicy:
    """How hard to try: server errors and lost answers at most ``max_attempts`` tries within
    ``max_total`` seconds; rate limits at most ``rate_limit_attempts`` tries within
    ``rate_limit_total`` seconds, which must outlast the one-minute quota window.

    The wait before try ``n + 1`` is ``uniform(0, min(cap, base * 2**n))`` seconds, or what
    ``Retry-After`` asks when longer. The bound of the failure at hand applies to all the tries
    so far. ``timeout`` is requests' ``(connect, read)`` timeout for every try.
    """

    max_attempts: int = 6
    base: float = 1.0
    cap: float = 32.0
    max_total: float = 120.0
    rate_limit_attempts: int = 30
    rate_limit_total: float = 90.0
    timeout: tuple[float, float] = (10.0, 60.0)

    def __post_init__(self) -> None:
        counts = (self.max_attempts, self.rate_limit_attempts)
        spans = (self.base, self.cap, self.max_total, self.rate_limit_total)
        if min(counts) < 1 or min(spans) < 0:
            raise ValueError(f"invalid retry policy: {self}")

    def bounds(self, rate_limited: bool) -> tuple[int, float]:
        """``(attempts, seconds)`` for a failure of this kind."""
        if rate_limited:
            return self.rate_limit_attempts, self.rate_limit_total
        return self.max_attempts, self.max_total

    def backoff(self, failures: int, rand: Rand) -> float:
        """Full-jitter wait after ``failures`` failed tries (1 after the first)."""
        ceiling = min(self.cap, self.base * 2.0 ** min(failures - 1, 62))
        return rand() * ceiling


@dataclass(frozen=True)
class Failure:
    """One failed try: the status (``None`` when there was no answer) and why."""

    status: int | None
    reason: str
    message: str
    retry_after: float | None
    retryable: bool
    unanswered: bool
    rate_limited: bool = False


def error_details(response: requests.Response) -> tuple[str, str]:
    """``(reason, message)`` from a Google error body, tolerant of any shape.

    The reason is the first of ``error.errors[].reason`` (Drive), ``error.details[].reason``
    (Sheets' ErrorInfo), ``error.status``, or ``""``; the message is Google's own, one line.
    """
    try:
        body = response.json()
    except ValueError:
        return "", ""
    error = body.get("error") if isinstance(body, dict) else None
    if not isinstance(error, dict):
        return "", ""
    reason = ""
    for item in [*(error.get("errors") or []), *(error.get("details") or [])]:
        if isinstance(item, dict) and isinstance(item.get("reason"), str):
            reason = item["reason"]
            break
    if not reason and isinstance(error.get("status"), str):
        reason = error["status"]
    message = error.get("message")
    text = " ".join(message.split()) if isinstance(message, str) else ""
    return reason, text[:300]


def retry_after_seconds(
    value: str | None, now: Callable[[], datetime] | None = None
) -> float | None:
    """Seconds asked for by a ``Retry-After`` header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    current = now() if now is not None else datetime.now(UTC)
    return max(0.0, (when - current).total_seconds())


class Retrier:
    """Runs one try after another under a :class:`RetryPolicy` with injected time."""

    def __init__(
        self,
        policy: RetryPolicy | None = None,
        *,
        sleep: Sleep = time.sleep,
        clock: Clock = time.monotonic,
        rand: Rand = _random.random,
    ) -> None:
        self.policy = policy or RetryPolicy()
        self.sleep = sleep
        self.clock = clock
        self.rand = rand

    def wait_or_give_up(self, failure: Failure, tries: int, started: float, label: str) -> bool:
        """Sleep before the next try and return True, or return False when out of budget."""
        attempts, budget = self.policy.bounds(failure.rate_limited)
        if not failure.retryable or tries >= attempts:
            return False
        delay = self.policy.backoff(tries, self.rand)
        if failure.retry_after is not None:
            delay = max(delay, failure.retry_after)
        if self.clock() - started + delay > budget:
            return False
        log.debug(
            "retrying %s after %s (try %d of at most %d) in %.1fs",
            label,
            failure.status if failure.status is not None else failure.reason,
            tries + 1,
            attempts,
            delay,
        )
        self.sleep(delay)
        return True

    def pause(self, tries: int, started: float, label: str) -> bool:
        """Wait as after a passing failure of try ``tries``; False when out of budget (for
        callers that must look around before trying again)."""
        failure = Failure(None, "no answer", "", None, True, True)
        return self.wait_or_give_up(failure, tries, started, label)


def classify(response: requests.Response) -> Failure:
    status = response.status_code
    reason, message = error_details(response)
    limited = status == 429 or (status == 403 and reason in RATE_LIMIT_REASONS)
    retryable = status in RETRY_STATUSES or limited
    after = retry_after_seconds(response.headers.get("Retry-After")) if retryable else None
    return Failure(status, reason, message, after, retryable, status >= 500, limited)
