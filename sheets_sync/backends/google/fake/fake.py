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
:attr:`FakeGoogle.requests`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import requests
import responses

from sheets_sync.backends.google.fake import discovery, fieldmask
from sheets_sync.backends.google.fake import drive as _drive  # noqa: F401  (registers handlers)
from sheets_sync.backends.google.fake import drive_permissions as _drive_permissions  # noqa: F401
from sheets_sync.backends.google.fake import sheets as _sheets  # noqa: F401
from sheets_sync.backends.google.fake import values as _values  # noqa: F401
from sheets_sync.backends.google.fake.accounting import QuotaWindow, RecordedRequest
from sheets_sync.backends.google.fake.batch import NotModelled
from sheets_sync.backends.google.fake.calls import API_HANDLERS, Call
from sheets_sync.backends.google.fake.drive import DEFAULT_FIELDS
from sheets_sync.backends.google.fake.errors import (
    ApiError,
    insufficient_scopes,
    rate_limited,
    unauthenticated,
)
from sheets_sync.backends.google.fake.faults import Fault, FaultPlan
from sheets_sync.backends.google.fake.oauth import Grant, TokenService
from sheets_sync.backends.google.fake.schema import SchemaChecker, SchemaViolation
from sheets_sync.backends.google.fake.seeding import SeedingMixin
from sheets_sync.backends.google.fake.state import SimulatedClock, World

SHEETS_URL = re.compile(r"https://sheets\.googleapis\.com/v4/spreadsheets.*")
DRIVE_URL = re.compile(r"https://www\.googleapis\.com/(upload/)?drive/v3/.*")
TOKEN_URL = re.compile(r"https://oauth2\.googleapis\.com/token.*")
_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
#: What gspread 6.2.1 sends that Drive silently ignores: reported as warnings, not
#: violations (``Permission.withLink`` in ``share``; ``includeItemsFromAllDrives`` on
#: ``files.get`` in ``get_lastUpdateTime``).
KNOWN_IGNORED_FIELDS = {
    ("drive.permissions.create", "withLink"),
    ("drive.files.get", "includeItemsFromAllDrives"),
}

Hook = Callable[[RecordedRequest], None]
Answer = tuple[int, dict[str, str], str] | Exception


class FakeGoogle(SeedingMixin):
    """An in-process fake of Google Sheets v4, Drive v3 and OAuth, for ``responses``.

    Use as ``with FakeGoogle() as fake:`` (its own ``RequestsMock``), or
    ``fake.install(mock)`` on a mock you manage; the pytest fixture ``google_fake`` in
    :mod:`tests.fake_google.plugin` does the latter and fails the test on schema violations.
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

    # -- dispatch ----------------------------------------------------------------------

    def _callback(self, request: requests.PreparedRequest) -> Answer:
        url = urlsplit(str(request.url))
        query = parse_qs(url.query, keep_blank_values=True)
        method = str(request.method).upper()
        raw_body = (
            request.body.decode("utf-8")
            if isinstance(request.body, bytes)
            else (request.body or "")
        )
        if url.netloc == "oauth2.googleapis.com":
            return self._token(method, url.path, query, str(raw_body))
        api = "sheets" if url.netloc == "sheets.googleapis.com" else "drive"
        doc = discovery.load(api)
        route = doc.route(method, url.path)
        record = RecordedRequest(
            route.method.id if route else "unknown",
            method,
            unquote(url.path),
            query,
            None,
            self.clock.now,
        )
        self.requests.append(record)
        self.clock.advance(self.latency)
        try:
            if route is None:
                self._violate(
                    SchemaViolation(
                        "unknown", "route", url.path, f"No {api} method serves {method} {url.path}"
                    )
                )
                raise ApiError(404, "Requested entity was not found.")
            return self._dispatch(api, doc, route, record, query, str(raw_body), request)
        except ApiError as error:
            if isinstance(error, NotModelled):
                self.unimplemented.append(error.kind)
            elif error.code == 501:
                self.unimplemented.append(record.api_method)
            record.status = error.code
            record.outcome = "error" if record.outcome == "ok" else record.outcome
            body = error.body(api)
            record.response = body
            headers = {"Content-Type": "application/json; charset=UTF-8", **error.headers}
            return error.code, headers, json.dumps(body)

    def _dispatch(
        self,
        api: str,
        doc: discovery.DiscoveryDoc,
        route: discovery.Route,
        record: RecordedRequest,
        query: dict[str, list[str]],
        raw_body: str,
        request: requests.PreparedRequest,
    ) -> Answer:
        method = route.method
        for hook in list(self._hooks):
            hook(record)
        fault = self._faults.take(method.id, "before")
        if fault is not None:
            if fault.kind == "timeout":
                record.outcome = "timeout"
                if fault.timeout_kind == "connect":
                    return requests.exceptions.ConnectionError("fake_google: connection refused")
                return requests.exceptions.ReadTimeout("fake_google: read timed out")
            record.outcome = "injected"
            raise self._fault_error(fault, discovery.API_SERVICES[api])
        principal = self._authenticate(request, api)
        record.principal = principal.email
        if method.scopes and not principal.scopes & set(method.scopes):
            raise insufficient_scopes(discovery.API_SERVICES[api])
        if api == "sheets" and not self.quota.admit(
            principal.email, record.time, self.quota_per_minute
        ):
            raise rate_limited(discovery.API_SERVICES[api], self.quota_per_minute)
        body = self._parse_body(raw_body, method)
        record.body = body
        checker = SchemaChecker(doc)
        found = checker.check_query(method, query) + checker.check_body(method, body)
        tree = self._fields_tree(api, doc, method, query, found)
        for violation in found:
            self._violate(violation)
        rejected = [v for v in found if v.rejected]
        if rejected:
            raise _schema_error(api, rejected[0])
        body = checker.normalize(method, body)
        handler = API_HANDLERS.get(method.id)
        if handler is None:
            raise ApiError(501, f"fake_google does not model {method.id}.")
        call = Call(
            method,
            doc,
            route.path_params,
            query,
            body,
            principal,
            self.world,
            settings={"no_storage": self.service_account_has_no_storage},
            fields_tree=tree,
        )
        result = handler(call)
        return self._answer(record, call, result, tree, api)

    def _answer(
        self,
        record: RecordedRequest,
        call: Call,
        result: Any,
        tree: fieldmask.FieldTree | None,
        api: str,
    ) -> Answer:
        if isinstance(result, dict):
            if tree is None and api == "drive" and call.method.id in DEFAULT_FIELDS:
                tree = fieldmask.parse(DEFAULT_FIELDS[call.method.id])
            if tree is not None:
                result = fieldmask.project(result, tree)
        record.status = call.status
        record.response = result
        if self._faults.take(call.method.id, "after") is not None:
            record.outcome = "lost"
            record.status = None
            return requests.exceptions.ConnectionError(
                "fake_google: connection aborted, the answer was lost (the change was applied)"
            )
        if result is None:
            return call.status, {}, ""
        if isinstance(result, str):
            mime = call.param("mimeType") or "text/plain"
            return call.status, {"Content-Type": f"{mime}; charset=UTF-8"}, result
        return call.status, {"Content-Type": "application/json; charset=UTF-8"}, json.dumps(result)

    def _token(self, method: str, path: str, query: dict[str, list[str]], raw_body: str) -> Answer:
        form = {k: v[0] for k, v in parse_qs(raw_body, keep_blank_values=True).items()}
        record = RecordedRequest(
            "oauth2.token",
            method,
            path,
            query,
            {
                k: ("<redacted>" if k in ("assertion", "client_secret", "refresh_token") else v)
                for k, v in form.items()
            },
            self.clock.now,
        )
        self.requests.append(record)
        status, body = self.tokens.handle(form, self.clock.now)
        record.status = status
        record.outcome = "ok" if status == 200 else "error"
        return status, {"Content-Type": "application/json; charset=utf-8"}, json.dumps(body)

    def _authenticate(self, request: requests.PreparedRequest, api: str) -> Any:
        header = request.headers.get("Authorization", "")
        service = discovery.API_SERVICES[api]
        if not header:
            raise unauthenticated(service, missing=True)
        scheme, _, token = str(header).partition(" ")
        principal = self.tokens.principal_for(token.strip()) if scheme == "Bearer" else None
        if principal is None:
            raise unauthenticated(service, missing=False)
        return principal

    @staticmethod
    def _parse_body(raw_body: str, method: discovery.ApiMethod) -> Any:
        if not raw_body.strip():
            return None
        try:
            return json.loads(raw_body)
        except json.JSONDecodeError:
            if method.is_upload:
                return None
            raise ApiError(
                400, "Invalid JSON payload received. Unexpected token.", reason="parseError"
            ) from None

    def _fields_tree(
        self,
        api: str,
        doc: discovery.DiscoveryDoc,
        method: discovery.ApiMethod,
        query: dict[str, list[str]],
        found: list[SchemaViolation],
    ) -> fieldmask.FieldTree | None:
        masks = query.get("fields") or [""]
        mask = masks[0]
        if not mask or method.response_ref is None:
            return None
        try:
            tree = fieldmask.parse(mask)
            bad = fieldmask.invalid_paths(doc, method.response_ref, tree)
        except fieldmask.FieldMaskError:
            bad = [mask]
            tree = {}
        if bad:
            message = (
                f"Error expanding 'fields' parameter. Cannot find matching fields for "
                f"path '{bad[0]}'."
                if api == "sheets"
                else f"Invalid field selection {bad[0]}"
            )
            found.append(SchemaViolation(method.id, "fields", bad[0], message))
        return tree

    def _violate(self, violation: SchemaViolation) -> None:
        if (violation.api_method, violation.field.rpartition(".")[2]) in KNOWN_IGNORED_FIELDS:
            self.schema_warnings.append(violation)
        else:
            self.schema_violations.append(violation)

    def _fault_error(self, fault: Fault, service: str) -> ApiError:
        if fault.status == 429:
            return rate_limited(service, self.quota_per_minute, fault.retry_after)
        error = ApiError(fault.status)
        if fault.retry_after is not None:
            error.headers["Retry-After"] = str(fault.retry_after)
        return error


def _schema_error(api: str, violation: SchemaViolation) -> ApiError:
    if violation.where == "fields" and api == "sheets":
        return ApiError(
            400,
            "Request contains an invalid argument.",
            details=[
                {
                    "@type": "type.googleapis.com/google.rpc.BadRequest",
                    "fieldViolations": [{"field": "fields", "description": violation.message}],
                }
            ],
        )
    location = violation.field if violation.where in ("query", "fields") else None
    return ApiError(
        400,
        violation.message,
        reason="invalidParameter" if location else "badRequest",
        location=location,
        details=[
            {
                "@type": "type.googleapis.com/google.rpc.BadRequest",
                "fieldViolations": [{"field": violation.field, "description": violation.message}],
            }
        ],
        with_status=True,
    )
