"""``FakeGoogle``: Sheets v4, Drive v3 and the OAuth token endpoint, served in-process.

Installed on a ``responses.RequestsMock``, it answers real HTTP requests made by real
gspread and google-auth.  Each API request goes through, in order:

1. routing to a discovery method (unknown path -> 404 + schema violation);
2. ``before_each_request`` hooks (a person may edit state here);
3. scheduled faults (error answer or timeout: nothing applied);
4. authentication (``Authorization: Bearer``; 401) and scopes (403);
5. the per-user quota in simulated time (Sheets only; 429);
6. schema checks of query, body and ``fields`` mask (400, recorded in
   :attr:`FakeGoogle.schema_violations`);
7. the method handler (state changes are atomic), then the ``fields`` projection;
8. a scheduled lost answer (applied, but the client sees ``ConnectionError``).

Every request costs :attr:`FakeGoogle.latency` simulated seconds and is recorded in
:attr:`FakeGoogle.requests`.  The pipeline itself is
:class:`~.dispatch.DispatchMixin`; this module holds the public face.
"""

from __future__ import annotations

import re
from typing import Any

import responses

from sheets_sync.backends.google.fake.accounting import QuotaWindow, RecordedRequest
from sheets_sync.backends.google.fake.dispatch import DispatchMixin, Hook
from sheets_sync.backends.google.fake.faults import Fault, FaultPlan
from sheets_sync.backends.google.fake.oauth import Grant, TokenService
from sheets_sync.backends.google.fake.schema import SchemaViolation
from sheets_sync.backends.google.fake.seeding import SeedingMixin
from sheets_sync.backends.google.fake.state import SimulatedClock, World

SHEETS_URL = re.compile(r"https://sheets\.googleapis\.com/v4/spreadsheets.*")
DRIVE_URL = re.compile(r"https://www\.googleapis\.com/(upload/)?drive/v3/.*")
TOKEN_URL = re.compile(r"https://oauth2\.googleapis\.com/token.*")
_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


class FakeGoogle(DispatchMixin, SeedingMixin):
    """An in-process fake of Google Sheets v4, Drive v3 and OAuth, for ``responses``.

    Use as ``with FakeGoogle() as fake:`` (its own ``RequestsMock``), or ``fake.install(mock)`` on a
    mock you manage; the pytest fixture ``google_fake`` in
    :mod:`sheets_sync.backends.google.fake.plugin` does the latter and fails the test on schema
    violations.
    """

    def __init__(
        self,
        *,
        latency: float = 0.15,
        quota_per_minute: int | None = None,
        service_account_has_no_storage: bool = True,
        clock: SimulatedClock | None = None,
        seed: int = 0,
    ) -> None:
        #: Simulated seconds each API request takes.
        self.latency = latency
        #: Requests per user per sliding simulated minute before 429 (Sheets); None = off.
        self.quota_per_minute = quota_per_minute
        #: Service accounts cannot create files outside shared drives (Google, 2025).
        self.service_account_has_no_storage = service_account_has_no_storage
        self.clock = clock or SimulatedClock()
        self.world = World(self.clock, seed)
        self.tokens = TokenService()
        #: Every intercepted request, oldest first.
        self.requests: list[RecordedRequest] = []
        #: Requests that do not match the discovery documents (tests should fail on these).
        self.schema_violations: list[SchemaViolation] = []
        #: Known, tolerated deviations (for example gspread's ``withLink``).
        self.schema_warnings: list[SchemaViolation] = []
        #: ``batchUpdate`` request kinds / methods that were called but are not modelled.
        self.unimplemented: list[str] = []
        self.quota = QuotaWindow()
        self._faults = FaultPlan()
        self._hooks: list[Hook] = []
        self._mock: responses.RequestsMock | None = None
        self._owns_mock = False

    # -- lifecycle ---------------------------------------------------------------------

    def install(self, mock: responses.RequestsMock) -> None:
        """Register the fake's callbacks on ``mock`` (Sheets, Drive, upload, token URLs)."""
        for pattern in (SHEETS_URL, DRIVE_URL, TOKEN_URL):
            for method in _METHODS:
                mock.add_callback(method, pattern, callback=self._callback)
        self._mock = mock

    def start(self) -> FakeGoogle:
        """Start a private ``RequestsMock`` (no unmatched request escapes) and install."""
        mock = responses.RequestsMock(assert_all_requests_are_fired=False)
        mock.start()
        self.install(mock)
        self._owns_mock = True
        return self

    def stop(self) -> None:
        """Stop the private mock started by :meth:`start`."""
        if self._mock is not None and self._owns_mock:
            self._mock.stop()
            self._mock.reset()
        self._mock = None
        self._owns_mock = False

    def __enter__(self) -> FakeGoogle:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- identities --------------------------------------------------------------------

    def register_service_account(self, info: dict[str, Any]) -> None:
        """Trust a service account (its JSON key info); tokens for others are refused."""
        self.tokens.register_service_account(info)

    def register_authorized_user(self, info: dict[str, Any], email: str | None = None) -> None:
        """Accept an ``authorized_user`` info's refresh token as the user ``email``."""
        self.tokens.register_authorized_user(info, email)

    def expire_tokens(self) -> None:
        """Invalidate every access token issued so far (next call: 401, then refresh)."""
        self.tokens.revoke_all()

    @property
    def grants(self) -> list[Grant]:
        """Every token granted, in order."""
        return list(self.tokens.grants)

    @property
    def granted_scopes(self) -> list[frozenset[str]]:
        """The scope set of every token granted, in order."""
        return [grant.scopes for grant in self.tokens.grants]

    # -- faults and hooks --------------------------------------------------------------

    def fail_next(
        self,
        n: int = 1,
        status: int = 429,
        retry_after: float | None = None,
        api_method: str | None = None,
    ) -> None:
        """Answer the next ``n`` API requests (optionally only to ``api_method``) with a
        Google-shaped error ``status``; with ``retry_after``, send a ``Retry-After`` header."""
        self._faults.add(Fault("error", n, status, retry_after, api_method))

    def fail_always(self, status: int = 503, api_method: str | None = None) -> None:
        """Answer every API request with ``status`` until :meth:`heal`."""
        self._faults.add(Fault("error", None, status, None, api_method))

    def heal(self) -> None:
        """Cancel all pending faults."""
        self._faults.heal()

    def timeout_next(self, n: int = 1, kind: str = "read", api_method: str | None = None) -> None:
        """Make the next ``n`` API requests raise ``ReadTimeout`` (``kind="read"``) or
        ``ConnectionError`` (``kind="connect"``) without being applied."""
        if kind not in ("read", "connect"):
            raise ValueError("kind must be 'read' or 'connect'")
        self._faults.add(Fault("timeout", n, api_method=api_method, timeout_kind=kind))

    def lose_answer_next(self, api_method: str, n: int = 1) -> None:
        """Apply the next ``n`` requests to ``api_method`` but make the client's call raise
        ``ConnectionError``, as if the answer was lost on the way back."""
        self._faults.add(Fault("lost", n, api_method=api_method))

    def before_each_request(self, callback: Hook) -> Hook:
        """Run ``callback(record)`` before each API request is handled (usable as a
        decorator); remove it with :meth:`remove_hook`."""
        self._hooks.append(callback)
        return callback

    def remove_hook(self, callback: Hook) -> None:
        """Stop calling a hook added with :meth:`before_each_request`."""
        self._hooks.remove(callback)

    # -- accounting --------------------------------------------------------------------

    def count(self, prefix: str | None = None) -> int:
        """How many requests were recorded whose method id starts with ``prefix``
        (``"sheets."``, ``"drive.files."``); ``None`` counts all Sheets and Drive requests,
        excluding the token endpoint."""
        if prefix is None:
            return sum(1 for r in self.requests if not r.api_method.startswith("oauth2."))
        return sum(1 for r in self.requests if r.api_method.startswith(prefix))

    def reset_counts(self) -> None:
        """Forget recorded requests (state, clock and quota window are kept)."""
        self.requests.clear()

    def sleep(self, seconds: float) -> None:
        """Advance simulated time without waiting (wire a client's sleep to this)."""
        self.clock.sleep(seconds)

    def take_violations(self) -> list[SchemaViolation]:
        """Return and clear recorded schema violations (for tests that provoke them)."""
        found = list(self.schema_violations)
        self.schema_violations.clear()
        return found
