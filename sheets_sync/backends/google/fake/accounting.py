"""What the fake saw: one record per intercepted request, and the quota window."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import Any


@dataclass
class RecordedRequest:
    """One intercepted request and what became of it.

    ``api_method`` is the discovery id (``sheets.spreadsheets.batchUpdate``,
    ``drive.files.create``), ``oauth2.token`` for the token endpoint, or ``unknown``.
    ``path`` is percent-decoded; ``query`` maps each parameter to all its values; ``body`` is
    the parsed JSON (or form fields for the token endpoint).  ``status`` is the HTTP status
    answered, or ``None`` when no answer reached the client (timeout, lost answer).
    ``outcome`` is ``ok``, ``error`` (an error answer), ``injected`` (a scheduled error),
    ``timeout`` or ``lost`` (applied, answer lost).  ``time`` is the simulated arrival time.
    """

    api_method: str
    http_method: str
    path: str
    query: dict[str, list[str]]
    body: Any
    time: float
    status: int | None = None
    outcome: str = "ok"
    principal: str | None = None
    response: Any = None
    notes: list[str] = field(default_factory=list)


class QuotaWindow:
    """A per-principal sliding window of accepted request times (simulated seconds)."""

    def __init__(self, seconds: float = 60.0) -> None:
        self.seconds = seconds
        self._times: dict[str, deque[float]] = {}

    def admit(self, principal: str, now: float, limit: int | None) -> bool:
        """Record a request at ``now`` unless ``limit`` requests already fall in the window."""
        times = self._times.setdefault(principal.lower(), deque())
        while times and times[0] <= now - self.seconds:
            times.popleft()
        if limit is not None and len(times) >= limit:
            return False
        times.append(now)
        return True

    def seconds_until_free(self, principal: str, now: float) -> float:
        """How long until the oldest request in the window leaves it (0 if none)."""
        times = self._times.get(principal.lower())
        if not times:
            return 0.0
        return max(0.0, times[0] + self.seconds - now)

    def reset(self) -> None:
        """Forget all recorded request times."""
        self._times.clear()
