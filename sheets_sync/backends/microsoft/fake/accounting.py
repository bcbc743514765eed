"""What the fake saw: one record per intercepted HTTP request (and per batch sub-request)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class RecordedRequest:
    """One request and what became of it.

    ``operation`` names what was asked, independent of how the item was addressed
    (``drive.item.get``, ``drive.item.content.put``, ``workbook.range.patch``, ``batch``,
    ``login.token``; ``unknown`` when the path did not resolve).  ``path`` is the decoded
    path after ``/v1.0``; ``query`` maps each parameter to its values; ``body`` is the
    parsed JSON (form fields with secrets redacted for the login endpoints, a byte count
    for uploads).  ``status`` is what was answered, ``None`` when nothing reached the client
    (timeout, lost answer).  ``outcome`` is ``ok``, ``error``, ``injected`` (a scheduled
    fault), ``timeout`` or ``lost`` (applied, answer lost).  ``time`` is simulated arrival
    time; ``batch_id`` the sub-request id when it came inside a ``$batch``;
    ``sub_requests`` the records of a batch's sub-requests.
    """

    operation: str
    http_method: str
    path: str
    query: dict[str, list[str]]
    body: Any
    time: float
    status: int | None = None
    outcome: str = "ok"
    principal: str | None = None
    session_id: str | None = None
    batch_id: str | None = None
    response: Any = None
    sub_requests: list[RecordedRequest] = field(default_factory=list)

    @property
    def is_login(self) -> bool:
        """Whether this went to the Entra login endpoints rather than to Graph."""
        return self.operation.startswith("login.")
