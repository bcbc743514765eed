"""The pipeline one Graph request goes through (also each ``$batch`` sub-request):

1. path resolved through the CSDL (unknown segment, function or parameter: 400 + violation);
2. a handler chosen by method and shape (another method only: 405; none: 501, recorded as
   unmodelled);
3. ``before_each_request`` hooks (a person may edit here, between a read and a write);
4. scheduled faults (error answer or timeout, nothing applied);
5. ``Authorization: Bearer`` (401 ``InvalidAuthenticationToken`` when missing, unknown or
   expired in simulated time);
6. query and body checked against the CSDL (400 + violation);
7. the handler, then ``$select``;
8. a scheduled lost answer (applied, but the client sees ``ConnectionError``).
Each request costs ``latency`` simulated seconds.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import requests

from . import bodies, csdl, paths
from .accounting import RecordedRequest
from .calls import HANDLERS, Call
from .errors import WORKBOOK_FAULTS, GraphError, SchemaError, SchemaViolation, throttled
from .faults import Fault, FaultPlan
from .oauth import Entra, Principal
from .state import World

_CONFLICT_PARAM = frozenset(("@microsoft.graph.conflictBehavior",))


@dataclass
class Reply:
    """What a request is answered: status, headers, and a JSON value, bytes or nothing;
    or ``failure``, an exception the client's call raises instead."""

    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: Any = None
    failure: Exception | None = None


class Dispatcher:
    """Serves Graph requests against :attr:`world` (mixed into ``FakeGraph``)."""

    world: World
    entra: Entra
    latency: float
    requests: list[RecordedRequest]
    schema_violations: list[SchemaViolation]
    unimplemented: list[str]
    _faults: FaultPlan
    _hooks: list[Callable[[RecordedRequest], None]]

    def serve(
        self,
        method: str,
        raw_path: str,
        query: dict[str, list[str]],
        headers: dict[str, str],
        raw_body: bytes,
        *,
        batch_id: str | None = None,
    ) -> tuple[Reply, RecordedRequest]:
        """Answer one request; ``raw_path`` is what follows ``/v1.0`` (still encoded)."""
        from urllib.parse import unquote

        record = RecordedRequest(
            "unknown",
            method,
            unquote(raw_path),
            query,
            None,
            self.world.clock.now,
            batch_id=batch_id,
            session_id=headers.get("workbook-session-id"),
        )
        self.world.clock.advance(self.latency)
        try:
            reply = self._serve(method, raw_path, query, headers, raw_body, record)
        except GraphError as error:
            if isinstance(error, SchemaError):
                self._violate(
                    SchemaViolation(record.operation, error.where, error.field, error.message)
                )
            if error.status == 501:
                self.unimplemented.append(f"{method} {record.path}")
            record.outcome = "error" if record.outcome == "ok" else record.outcome
            reply = Reply(
                error.status,
                {"Content-Type": "application/json", **error.headers},
                error.body(self.world.clock.iso(), headers.get("client-request-id")),
            )
        record.status = None if reply.failure else reply.status
        record.response = reply.body if not isinstance(reply.body, bytes) else len(reply.body)
        return reply, record

    def _serve(
        self,
        method: str,
        raw_path: str,
        query: dict[str, list[str]],
        headers: dict[str, str],
        raw_body: bytes,
        record: RecordedRequest,
    ) -> Reply:
        metadata = csdl.load()
        steps = paths.resolve(metadata, raw_path)
        shape = paths.shape(steps)
        entry = HANDLERS.get((method, shape))
        if entry is None:
            if any(s == shape for _, s in HANDLERS):
                raise GraphError(405, "methodNotAllowed", f"{method} is not allowed here.")
            raise GraphError(501, "notImplemented", f"The fake does not model {method} {shape}.")
        record.operation, handler = entry
        for hook in list(self._hooks):
            hook(record)
        fault = self._faults.take(record.operation, "before", record.batch_id is not None)
        if fault is not None:
            return self._fault_reply(fault, record)
        principal = self._authenticate(headers)
        record.principal = principal.name
        body = self._body(method, shape, raw_body)
        record.body = f"<{len(body)} bytes>" if isinstance(body, bytes) else body
        selected = self._check(metadata, method, steps, query, body)
        call = Call(self.world, self.entra.apps, method, steps, query, headers, body, principal)
        result = handler(call)
        if method == "GET" and isinstance(result, dict):
            result = bodies.project(result, selected)
        reply = Reply(call.status, dict(call.response_headers), result)
        if isinstance(result, dict):
            reply.headers.setdefault("Content-Type", "application/json")
        if self._faults.take(record.operation, "after", record.batch_id is not None):
            record.outcome = "lost"
            reply.failure = requests.exceptions.ConnectionError(
                "fake Graph: connection aborted, the answer was lost (the change was applied)"
            )
        return reply

    def _fault_reply(self, fault: Fault, record: RecordedRequest) -> Reply:
        if fault.kind == "timeout":
            record.outcome = "timeout"
            if record.batch_id is not None:
                raise GraphError(504, "gatewayTimeout")
            failure: Exception = (
                requests.exceptions.ConnectionError("fake Graph: connection refused")
                if fault.timeout_kind == "connect"
                else requests.exceptions.ReadTimeout("fake Graph: read timed out")
            )
            return Reply(0, failure=failure)
        record.outcome = "injected"
        if fault.status == 429 and fault.code is None:
            raise throttled(fault.retry_after)
        error = GraphError(fault.status, fault.code or "", fault.message or "", fault.inner_code)
        if fault.retry_after is not None:
            error.headers["Retry-After"] = _seconds(fault.retry_after)
        raise error

    def _authenticate(self, headers: dict[str, str]) -> Principal:
        scheme, _, token = headers.get("authorization", "").partition(" ")
        if not token:
            raise _unauthenticated("Access token is empty.")
        principal = self.entra.principal_for(token.strip()) if scheme == "Bearer" else None
        if principal is None:
            raise _unauthenticated("Invalid access token.")
        if self.world.clock.now >= principal.expires_at:
            raise _unauthenticated("Lifetime validation failed, the token is expired.")
        return principal

    @staticmethod
    def _body(method: str, shape: str, raw_body: bytes) -> Any:
        if method == "PUT" and shape.endswith("/content"):
            return raw_body
        if not raw_body.strip():
            return None
        try:
            return json.loads(raw_body)
        except ValueError:
            raise GraphError(
                400,
                "BadRequest",
                "Unable to read JSON request payload. Please "
                "ensure Content-Type header is set and payload is of valid JSON "
                "format.",
            ) from None

    @staticmethod
    def _check(
        metadata: csdl.Metadata,
        method: str,
        steps: list[paths.Step],
        query: dict[str, list[str]],
        body: Any,
    ) -> list[str] | None:
        extra = _CONFLICT_PARAM if steps[-1].name in ("content", "children") else frozenset()
        selected = bodies.check_query(metadata, steps[-1].type, query, extra)
        if isinstance(body, bytes) or body is None:
            return selected
        parameters = paths.action_parameters(metadata, steps)
        if parameters is not None:
            if not isinstance(body, dict):
                raise GraphError(400, "BadRequest", "An action body must be a JSON object.")
            bodies.check_members(metadata, parameters, body, steps[-1].name)
        elif method in ("PATCH", "POST", "PUT"):
            bodies.check_entity(metadata, csdl.element(steps[-1].type), body)
        return selected

    def _violate(self, violation: SchemaViolation) -> None:
        self.schema_violations.append(violation)


def named_fault(name: str) -> tuple[int, str, str | None, str]:
    """(status, code, inner code, message) of a workbook fault in :data:`WORKBOOK_FAULTS`."""
    fault = WORKBOOK_FAULTS[name]
    return fault.status, fault.code, fault.inner_code, fault.message


def _unauthenticated(message: str) -> GraphError:
    return GraphError(
        401,
        "InvalidAuthenticationToken",
        message,
        headers={
            "WWW-Authenticate": 'Bearer realm="", '
            'authorization_uri="https://login.microsoftonline.com/common/'
            'oauth2/authorize", client_id="00000003-0000-0000-c000-'
            '000000000000"'
        },
    )


def _seconds(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)
