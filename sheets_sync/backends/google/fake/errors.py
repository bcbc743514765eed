"""Google-shaped error answers.

Handlers raise :class:`ApiError`; the dispatcher turns it into the JSON body the real
service would send.  Sheets v4 (an ESF/One Platform API) and Drive v3 (an older Apiary API)
shape their errors differently, and clients read different parts of them:

Sheets v4::

    {"error": {"code": 400, "message": "...", "status": "INVALID_ARGUMENT",
               "details": [{"@type": "type.googleapis.com/google.rpc.BadRequest", ...}]}}

Drive v3::

    {"error": {"code": 403, "message": "...",
               "errors": [{"message": "...", "domain": "usageLimits",
                           "reason": "storageQuotaExceeded"}]}}

Drive adds ``"status"`` only for errors produced by Google's front end (authentication,
malformed requests, quota); the fake adds it whenever the caller passes one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: HTTP status -> canonical gRPC status name, as Google reports it in ``error.status``.
STATUS_NAMES: dict[int, str] = {
    400: "INVALID_ARGUMENT",
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    409: "ALREADY_EXISTS",
    429: "RESOURCE_EXHAUSTED",
    499: "CANCELLED",
    500: "INTERNAL",
    501: "UNIMPLEMENTED",
    503: "UNAVAILABLE",
    504: "DEADLINE_EXCEEDED",
}

#: The message Google sends with each status when nothing more specific applies.
DEFAULT_MESSAGES: dict[int, str] = {
    400: "Request contains an invalid argument.",
    401: (
        "Request had invalid authentication credentials. Expected OAuth 2 access token, "
        "login cookie or other valid authentication credential. See "
        "https://developers.google.com/identity/sign-in/web/devconsole-project."
    ),
    403: "The caller does not have permission",
    404: "Requested entity was not found.",
    429: "Quota exceeded for quota metric 'Requests' and limit 'Requests per minute per user'",
    500: "Internal error encountered.",
    501: "Operation is not implemented, or supported, or enabled.",
    503: "The service is currently unavailable.",
    504: "The service is currently unavailable.",
}

#: Drive's legacy ``errors[0].reason`` for each status, used when none is given.
DRIVE_REASONS: dict[int, tuple[str, str]] = {
    400: ("global", "badRequest"),
    401: ("global", "authError"),
    403: ("global", "forbidden"),
    404: ("global", "notFound"),
    429: ("usageLimits", "rateLimitExceeded"),
    500: ("global", "backendError"),
    501: ("global", "notImplemented"),
    503: ("global", "backendError"),
}


@dataclass
class ApiError(Exception):
    """A failure to report to the client as a Google error response.

    ``reason``/``domain``/``location``/``location_type`` fill Drive's ``errors[0]``;
    ``details`` is Sheets' ``error.details`` list.  ``headers`` are extra response headers
    (for example ``Retry-After``).  ``with_status`` forces Drive bodies to carry ``status``.
    """

    code: int
    message: str = ""
    reason: str | None = None
    domain: str | None = None
    location: str | None = None
    location_type: str | None = None
    details: list[dict[str, Any]] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)
    with_status: bool = False

    def __post_init__(self) -> None:
        if not self.message:
            self.message = DEFAULT_MESSAGES.get(self.code, "Error")
        super().__init__(self.message)

    @property
    def status(self) -> str:
        """The gRPC status name Google pairs with this HTTP code."""
        return STATUS_NAMES.get(self.code, "UNKNOWN")

    def body(self, api: str) -> dict[str, Any]:
        """The JSON body the given API (``"sheets"`` or ``"drive"``) would send."""
        if api == "drive":
            return self._drive_body()
        error: dict[str, Any] = {
            "code": self.code,
            "message": self.message,
            "status": self.status,
        }
        if self.details:
            error["details"] = self.details
        return {"error": error}

    def _drive_body(self) -> dict[str, Any]:
        domain, reason = DRIVE_REASONS.get(self.code, ("global", "unknown"))
        item: dict[str, Any] = {
            "message": self.message,
            "domain": self.domain or domain,
            "reason": self.reason or reason,
        }
        if self.location:
            item["location"] = self.location
            item["locationType"] = self.location_type or "parameter"
        error: dict[str, Any] = {"code": self.code, "message": self.message, "errors": [item]}
        if self.with_status or self.code in (401, 429):
            error["status"] = self.status
        if self.details:
            error["details"] = self.details
        return {"error": error}


def bad_request(message: str, field_path: str | None = None) -> ApiError:
    """A 400 INVALID_ARGUMENT, with a ``BadRequest`` field violation when a field is named."""
    details: list[dict[str, Any]] = []
    if field_path is not None:
        details.append(
            {
                "@type": "type.googleapis.com/google.rpc.BadRequest",
                "fieldViolations": [{"field": field_path, "description": message}],
            }
        )
    return ApiError(400, message, reason="badRequest", details=details)


def not_found(message: str = "Requested entity was not found.") -> ApiError:
    """A 404 NOT_FOUND with Google's wording unless another is given."""
    return ApiError(404, message, reason="notFound")


def drive_file_not_found(file_id: str) -> ApiError:
    """Drive's 404 for a file id the caller cannot see (it never says 403 for reads)."""
    return ApiError(
        404,
        f"File not found: {file_id}.",
        reason="notFound",
        location="fileId",
        location_type="parameter",
    )


def rate_limited(
    service: str, limit: int | None = None, retry_after: float | None = None
) -> ApiError:
    """A 429 RESOURCE_EXHAUSTED: Sheets' per-user-per-minute quota answer (with
    ``ErrorInfo`` details), or Drive's ``rateLimitExceeded`` (``errors[0].reason``)."""
    headers = {"Retry-After": _retry_after_text(retry_after)} if retry_after is not None else {}
    if service == "drive.googleapis.com":
        return ApiError(
            429,
            "Rate Limit Exceeded",
            reason="rateLimitExceeded",
            domain="usageLimits",
            headers=headers,
        )
    limit_text = str(limit) if limit is not None else "60"
    details: list[dict[str, Any]] = [
        {
            "@type": "type.googleapis.com/google.rpc.ErrorInfo",
            "reason": "RATE_LIMIT_EXCEEDED",
            "domain": "googleapis.com",
            "metadata": {
                "quota_metric": f"{service}/requests",
                "quota_limit": "RequestsPerMinutePerUser",
                "quota_limit_value": limit_text,
                "quota_location": "global",
                "consumer": "projects/123456789012",
                "service": service,
                "quota_unit": "1/min/{project}/{user}",
            },
        },
        {
            "@type": "type.googleapis.com/google.rpc.Help",
            "links": [
                {
                    "description": "Request a higher quota limit.",
                    "url": "https://cloud.google.com/docs/quotas/help/request_increase",
                }
            ],
        },
    ]
    return ApiError(
        429,
        (
            "Quota exceeded for quota metric 'Requests' and limit 'Requests per minute per "
            f"user' of service '{service}' for consumer 'project_number:123456789012'."
        ),
        reason="rateLimitExceeded",
        domain="usageLimits",
        details=details,
        headers=headers,
    )


def storage_quota_exceeded() -> ApiError:
    """Drive's 403 for a service account creating a file outside a shared drive (2025+)."""
    return ApiError(
        403,
        (
            "Service Accounts do not have storage quota. Leverage shared drives "
            "(https://developers.google.com/workspace/drive/api/guides/about-shareddrives), "
            "or use OAuth delegation (http://support.google.com/a/answer/7281227) instead."
        ),
        reason="storageQuotaExceeded",
        domain="usageLimits",
    )


def unauthenticated(api_service: str, missing: bool) -> ApiError:
    """The 401 Google sends when the bearer token is missing (``missing``) or not valid."""
    if missing:
        message = (
            "Request is missing required authentication credential. Expected OAuth 2 access "
            "token, login cookie or other valid authentication credential. See "
            "https://developers.google.com/identity/sign-in/web/devconsole-project."
        )
        reason = "CREDENTIALS_MISSING"
    else:
        message = DEFAULT_MESSAGES[401]
        reason = "ACCESS_TOKEN_TYPE_UNSUPPORTED"
    details = [
        {
            "@type": "type.googleapis.com/google.rpc.ErrorInfo",
            "reason": reason,
            "domain": "googleapis.com",
            "metadata": {"service": api_service},
        }
    ]
    return ApiError(
        401,
        message,
        reason="required" if missing else "authError",
        location="Authorization",
        location_type="header",
        details=details,
        headers={"WWW-Authenticate": 'Bearer realm="https://accounts.google.com/"'},
    )


def insufficient_scopes(api_service: str) -> ApiError:
    """The 403 for a token whose scopes do not cover the method."""
    details = [
        {
            "@type": "type.googleapis.com/google.rpc.ErrorInfo",
            "reason": "ACCESS_TOKEN_SCOPE_INSUFFICIENT",
            "domain": "googleapis.com",
            "metadata": {"service": api_service},
        }
    ]
    return ApiError(
        403,
        "Request had insufficient authentication scopes.",
        reason="insufficientPermissions",
        details=details,
        with_status=True,
    )


def _retry_after_text(seconds: float) -> str:
    return str(int(seconds)) if float(seconds).is_integer() else str(seconds)
