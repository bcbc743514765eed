"""Scheduled failures: error answers, timeouts and lost answers.

Faults apply in the order they were scheduled, to Graph requests only (never to the
login endpoints).  ``operation`` limits a fault to one operation or to a prefix ending
in ``.`` (``"workbook."``); ``inside_batch`` chooses whether it hits top-level HTTP
requests (``False``, the default: a ``$batch`` envelope counts as one) or sub-requests
inside a ``$batch`` (``True``), where it becomes that sub-response's status.

* *error*: not applied; the client gets a Graph-shaped error (with ``Retry-After``).
* *timeout*: not applied; the client's call raises ``ReadTimeout`` or ``ConnectionError``.
* *lost*: applied, then the client's call raises ``ConnectionError`` (top level only).
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
    operation: str | None = None
    inside_batch: bool = False
    code: str | None = None
    inner_code: str | None = None
    message: str | None = None
    timeout_kind: str = "read"

    def applies_to(self, operation: str, inside_batch: bool) -> bool:
        """Whether this fault is meant for ``operation`` at this nesting level."""
        if inside_batch != self.inside_batch:
            return False
        return (
            self.operation is None
            or operation == self.operation
            or (self.operation.endswith(".") and operation.startswith(self.operation))
        )


class FaultPlan:
    """The queue of pending faults."""

    def __init__(self) -> None:
        self.pending: list[Fault] = []

    def add(self, fault: Fault) -> None:
        """Schedule ``fault`` after those already pending."""
        self.pending.append(fault)

    def heal(self) -> None:
        """Cancel every pending fault."""
        self.pending.clear()

    def take(self, operation: str, phase: str, inside_batch: bool) -> Fault | None:
        """Consume the first fault for ``operation`` in ``phase`` (``"before"``: errors and
        timeouts; ``"after"``: lost answers), or return ``None``."""
        kinds = ("error", "timeout") if phase == "before" else ("lost",)
        for fault in self.pending:
            if fault.kind in kinds and fault.applies_to(operation, inside_batch):
                if fault.remaining is not None:
                    fault.remaining -= 1
                    if fault.remaining <= 0:
                        self.pending.remove(fault)
                return fault
        return None
