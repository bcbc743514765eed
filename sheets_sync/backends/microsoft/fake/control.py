"""The test-facing controls of :class:`~.fake.FakeGraph`: faults, hooks, accounting, time."""

from __future__ import annotations

from collections.abc import Callable

from .accounting import RecordedRequest
from .clock import SimulatedClock
from .dispatch import named_fault
from .errors import SchemaViolation
from .faults import Fault, FaultPlan


class ControlMixin:
    """Fault scheduling, request hooks, request accounting and simulated time."""

    clock: SimulatedClock
    requests: list[RecordedRequest]
    schema_violations: list[SchemaViolation]
    unimplemented: list[str]
    _faults: FaultPlan
    _hooks: list[Callable[[RecordedRequest], None]]

    def fail_next(
        self,
        n: int = 1,
        status: int = 429,
        retry_after: float | None = None,
        operation: str | None = None,
        *,
        inside_batch: bool = False,
        code: str | None = None,
        inner_code: str | None = None,
        message: str | None = None,
    ) -> None:
        """The next ``n`` matching requests answer ``status`` (429: Graph's throttling
        answer with ``Retry-After``) without being applied."""
        self._faults.add(
            Fault(
                "error", n, status, retry_after, operation, inside_batch, code, inner_code, message
            )
        )

    def fail_with(
        self,
        name: str,
        n: int = 1,
        operation: str | None = None,
        *,
        inside_batch: bool = False,
        retry_after: float | None = None,
    ) -> None:
        """The next ``n`` matching requests fail with a named workbook error
        (``GenericFileOpenError``, ``invalidSessionReCreatable``, ``accessConflict`` ...)."""
        status, code, inner, message = named_fault(name)
        self._faults.add(
            Fault("error", n, status, retry_after, operation, inside_batch, code, inner, message)
        )

    def fail_always(
        self, status: int = 503, operation: str | None = None, *, inside_batch: bool = False
    ) -> None:
        """Every matching request answers ``status`` until :meth:`heal`."""
        self._faults.add(Fault("error", None, status, None, operation, inside_batch))

    def timeout_next(self, n: int = 1, kind: str = "read", operation: str | None = None) -> None:
        """The next ``n`` requests time out (``read``) or cannot connect (``connect``)."""
        self._faults.add(Fault("timeout", n, operation=operation, timeout_kind=kind))

    def lose_answer_next(self, operation: str | None = None, n: int = 1) -> None:
        """The next ``n`` matching requests are applied, then the answer is lost."""
        self._faults.add(Fault("lost", n, operation=operation))

    def heal(self) -> None:
        """Cancel every pending fault."""
        self._faults.heal()

    def before_each_request(
        self, callback: Callable[[RecordedRequest], None]
    ) -> Callable[[RecordedRequest], None]:
        """Call ``callback(record)`` before each Graph request is served (decorator-friendly)."""
        self._hooks.append(callback)
        return callback

    def remove_hook(self, callback: Callable[[RecordedRequest], None]) -> None:
        """Stop calling ``callback``."""
        self._hooks.remove(callback)

    def count(self, prefix: str | None = None, *, batched: bool = False) -> int:
        """HTTP requests to Graph whose operation starts with ``prefix`` (``None``: all,
        login excluded unless ``prefix`` starts with ``login.``; a ``$batch`` is one request,
        operation ``batch``).  ``batched=True`` counts sub-requests inside batches instead."""
        login = prefix is not None and prefix.startswith("login.")
        pool = (
            [s for r in self.requests for s in r.sub_requests]
            if batched
            else [r for r in self.requests if login or not r.is_login]
        )
        return sum(1 for r in pool if prefix is None or r.operation.startswith(prefix))

    def reset_counts(self) -> None:
        """Forget recorded requests (state and clock are kept)."""
        self.requests.clear()

    def sleep(self, seconds: float) -> None:
        """Advance simulated time without waiting (wire a client's sleep to this)."""
        self.clock.sleep(seconds)

    def take_violations(self) -> list[SchemaViolation]:
        """Return and clear the schema violations (for tests that provoke them)."""
        found = list(self.schema_violations)
        self.schema_violations.clear()
        self.unimplemented.clear()
        return found
