"""Scheduled failures: error answers, timeouts, lost answers.

Faults apply to Sheets and Drive API requests (not to the token endpoint), in the order
they were scheduled.  A fault may be limited to one API method (``api_method`` is a
discovery id such as ``sheets.spreadsheets.batchUpdate``, or a prefix such as ``drive.``).

* *error* -- the request is not applied; the client gets a Google-shaped error answer.
* *timeout* -- the request is not applied; the client's call raises
  ``requests.exceptions.ReadTimeout`` (or ``ConnectionError`` for ``kind="connect"``).
* *lost answer* -- the request **is** applied, then the client's call raises
  ``requests.exceptions.ConnectionError``: the case idempotent retries must survive.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Fault:
    """One scheduled fault; ``remaining`` is ``None`` for "until healed"."""

    kind: str
    remaining: int | None
    status: int = 503
    retry_after: float | None = None
    api_method: str | None = None
    timeout_kind: str = "read"

    def applies_to(self, method_id: str) -> bool:
        """Whether this fault is meant for requests to ``method_id``."""
        return (
            self.api_method is None
            or method_id == self.api_method
            or (self.api_method.endswith(".") and method_id.startswith(self.api_method))
        )


class FaultPlan:
    """The queue of pending faults."""

    def __init__(self) -> None:
        self.pending: list[Fault] = []

    def add(self, fault: Fault) -> None:
        """Schedule a fault after those already pending."""
        self.pending.append(fault)

    def heal(self) -> None:
        """Cancel every pending fault."""
        self.pending.clear()

    def take(self, method_id: str, phase: str) -> Fault | None:
        """Consume the first fault for this method in ``phase`` (``"before"``: errors and
        timeouts; ``"after"``: lost answers), or return ``None``."""
        kinds = ("error", "timeout") if phase == "before" else ("lost",)
        for fault in self.pending:
            if fault.kind in kinds and fault.applies_to(method_id):
                if fault.remaining is not None:
                    fault.remaining -= 1
                    if fault.remaining <= 0:
                        self.pending.remove(fault)
                return fault
        return None
