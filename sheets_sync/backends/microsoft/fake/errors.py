"""Graph-shaped error answers.

Every Graph failure is one JSON object (OData v4 error format, concepts/errors.md)::

    {"error": {"code": "itemNotFound", "message": "...",
               "innerError": {"code": "invalidSessionReCreatable",   # workbook detail
                              "date": "2026-12-03T09:00:00Z",
                              "request-id": "...", "client-request-id": "..."}}}

Handlers raise :class:`GraphError`; the dispatcher turns it into that body with its
status and headers (``Retry-After`` for throttling, ``WWW-Authenticate`` for 401).
:data:`WORKBOOK_FAULTS` names the workbook error codes a test can inject by name.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

#: Status -> (top-level code, message) used when a handler gives none (workbook-error-codes).
DEFAULTS: dict[int, tuple[str, str]] = {
    400: ("invalidRequest", "The request is malformed or incorrect."),
    401: ("unauthenticated", "The caller is not authenticated."),
    403: ("accessDenied", "The caller doesn't have permission to perform the action."),
    404: ("itemNotFound", "The resource could not be found."),
    405: ("methodNotAllowed", "The HTTP method in the request is not allowed on the resource."),
    409: ("conflict", "The current state conflicts with what the request expects."),
    413: ("requestSizeExceeded", "The request size exceeds the maximum limit."),
    423: ("resourceLocked", "The resource that is being accessed is locked."),
    424: ("failedDependency", "The request failed because a request it depends on failed."),
    429: ("tooManyRequests", "The app or user has been throttled."),
    500: ("generalException", "An internal server error occurred while processing the request."),
    501: ("notImplemented", "The requested feature isn't implemented."),
    502: ("badGateway", "The server encountered a temporary error."),
    503: ("serviceNotAvailable", "The service is not available. Please try your request again."),
    504: (
        "gatewayTimeout",
        "The server, while acting as a proxy, did not receive a timely response.",
    ),
}


@dataclass
class GraphError(Exception):
    """A failure to report as a Graph error answer.

    ``inner_code`` is the second-level code Excel clients are told to act on first
    (workbook-error-handling); ``headers`` are extra response headers.
    """

    status: int
    code: str = ""
    message: str = ""
    inner_code: str | None = None
    headers: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        default_code, default_message = DEFAULTS.get(self.status, ("generalException", "Error"))
        self.code = self.code or default_code
        self.message = self.message or default_message
        super().__init__(f"{self.status} {self.code}: {self.message}")

    def body(self, date: str, client_request_id: str | None = None) -> dict[str, Any]:
        """The JSON answer Graph sends for this error."""
        inner: dict[str, Any] = {}
        if self.inner_code:
            inner["code"] = self.inner_code
        inner["date"] = date.removesuffix("Z")
        inner["request-id"] = str(uuid.uuid4())
        inner["client-request-id"] = client_request_id or str(uuid.uuid4())
        return {"error": {"code": self.code, "message": self.message, "innerError": inner}}


@dataclass(frozen=True)
class WorkbookFault:
    """A named workbook failure: status, top-level code, second-level code, message."""

    status: int
    code: str
    inner_code: str | None
    message: str


#: Documented second-level codes (workbook-error-codes, workbook-error-handling), plus two
#: that Excel Online answers in the wild and the pages do not list (marked *).
WORKBOOK_FAULTS: dict[str, WorkbookFault] = {
    "invalidSessionReCreatable": WorkbookFault(
        404,
        "itemNotFound",
        "invalidSessionReCreatable",
        "The session specified in the request does not exist or is invalid due to a "
        "transient error.",
    ),
    "invalidSessionNotFound": WorkbookFault(
        404,
        "itemNotFound",
        "invalidSessionNotFound",
        "The session specified in the request is invalid because the workbook can't be found.",
    ),
    "accessConflict": WorkbookFault(
        409,
        "conflict",
        "accessConflict",
        "The request failed due to conflicts with other clients that are accessing the workbook.",
    ),
    "transientFailure": WorkbookFault(
        503,
        "serviceNotAvailable",
        "transientFailure",
        "The request failed due to a transient error. Please try your request again.",
    ),
    "serviceUnavailableUncategorized": WorkbookFault(
        503,
        "serviceNotAvailable",
        "serviceUnavailableUncategorized",
        "The service is temporarily unavailable or is overloaded. Please try your request again.",
    ),
    "gatewayTimeoutUncategorized": WorkbookFault(
        504,
        "gatewayTimeout",
        "gatewayTimeoutUncategorized",
        "The service wasn't able to complete the request within the time limit.",
    ),
    "unsupportedWorkbook": WorkbookFault(
        400,
        "invalidRequest",
        "unsupportedWorkbook",
        "The request failed. The workbook contains unsupported features or exceeds the size limit.",
    ),
    # * seen in the wild: the workbook could not be opened by Excel Online (corrupt file,
    #   or still being written); transient when the file was just uploaded.
    "GenericFileOpenError": WorkbookFault(
        500,
        "GenericFileOpenError",
        None,
        "The workbook cannot be opened.",
    ),
    # * seen in the wild: another editor holds the edit lock for a moment.
    "EditModeCannotAcquireLockTooShort": WorkbookFault(
        409,
        "EditModeCannotAcquireLockTooShort",
        None,
        "This operation can't be performed because the workbook is being edited.",
    ),
}


def unknown_segment(segment: str) -> GraphError:
    """OData's answer to a path segment the metadata does not know."""
    return GraphError(400, "BadRequest", f"Resource not found for the segment '{segment}'.")


def unknown_property(name: str, type_name: str) -> GraphError:
    """OData's answer to a body member the type does not declare."""
    return GraphError(
        400,
        "BadRequest",
        f"The property '{name}' does not exist on type '{type_name}'. Make sure to only use "
        "property names that are defined by the type or mark the type as open type.",
    )


def read_only() -> GraphError:
    """Excel's answer to a change to a locked cell, a chart or a format on a protected sheet
    (workbook-error-handling: ``AccessDenied``), as it answers a person."""
    return GraphError(
        403,
        "AccessDenied",
        "The cell or chart you're trying to change is protected and therefore read-only.",
        inner_code="accessDenied",
    )


def throttled(retry_after: float | None) -> GraphError:
    """A 429 with ``Retry-After`` (throttling guide: seconds, an integer)."""
    headers = {} if retry_after is None else {"Retry-After": _seconds(retry_after)}
    return GraphError(
        429,
        "TooManyRequests",
        "Too many requests. Please retry after the time given in the Retry-After header.",
        headers=headers,
    )


def _seconds(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


@dataclass(frozen=True)
class SchemaViolation:
    """A request Graph's metadata does not allow: ``where`` is ``path``, ``query`` or
    ``body``; ``field`` the offending segment, parameter or member; ``message`` Graph's
    wording (also the answer's ``error.message``)."""

    operation: str
    where: str
    field: str
    message: str


class SchemaError(GraphError):
    """A 400 that is also a schema violation (recorded, and failing the test)."""

    def __init__(self, where: str, field_name: str, error: GraphError) -> None:
        super().__init__(error.status, error.code, error.message)
        self.where = where
        self.field = field_name
