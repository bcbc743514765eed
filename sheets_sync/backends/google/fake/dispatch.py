"""Serving one intercepted request: the pipeline behind :class:`~.fake.FakeGoogle`.

:class:`DispatchMixin` holds the ``responses`` callback and every step after it: routing to
a discovery method, hooks, scheduled faults, authentication and scopes, the quota, schema
checks of query, body and ``fields`` mask, the method handler, the ``fields`` projection and
a scheduled lost answer; plus the token endpoint and the Google-shaped answer to a schema
violation.  Importing it registers the Sheets and Drive method handlers.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import requests
from requests import PreparedRequest

from sheets_sync.backends.google.fake import discovery, fieldmask
from sheets_sync.backends.google.fake import drive as _drive  # noqa: F401  (registers handlers)
from sheets_sync.backends.google.fake import drive_permissions as _drive_permissions  # noqa: F401
from sheets_sync.backends.google.fake import sheets as _sheets  # noqa: F401
from sheets_sync.backends.google.fake import values as _values  # noqa: F401
from sheets_sync.backends.google.fake import values_batch as _values_batch  # noqa: F401
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
from sheets_sync.backends.google.fake.oauth import TokenService
from sheets_sync.backends.google.fake.schema import SchemaChecker, SchemaViolation
from sheets_sync.backends.google.fake.state import SimulatedClock, World

#: What gspread 6.2.1 sends that Drive silently ignores: reported as warnings, not
#: violations (``Permission.withLink`` in ``share``; ``includeItemsFromAllDrives`` on
#: ``files.get`` in ``get_lastUpdateTime``).
KNOWN_IGNORED_FIELDS = {
    ("drive.permissions.create", "withLink"),
    ("drive.files.get", "includeItemsFromAllDrives"),
}

Hook = Callable[[RecordedRequest], None]
Answer = tuple[int, dict[str, str], str] | Exception


class DispatchMixin:
    """The request pipeline of :class:`~.fake.FakeGoogle` (its ``responses`` callback)."""

    latency: float
    quota_per_minute: int | None
    service_account_has_no_storage: bool
    clock: SimulatedClock
    world: World
    tokens: TokenService
    requests: list[RecordedRequest]
    schema_violations: list[SchemaViolation]
    schema_warnings: list[SchemaViolation]
    unimplemented: list[str]
    quota: QuotaWindow
    _faults: FaultPlan
    _hooks: list[Hook]

    def _callback(self, request: PreparedRequest) -> Answer:
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
        request: PreparedRequest,
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

    def _authenticate(self, request: PreparedRequest, api: str) -> Any:
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
