"""Entra ID (login.microsoftonline.com) as msal talks to it.

Served: instance discovery (``/common/discovery/instance``), OpenID configuration
(``/{tenant}/v2.0/.well-known/openid-configuration``), the device code endpoint
(``/{tenant}/oauth2/v2.0/devicecode``) and the token endpoint
(``/{tenant}/oauth2/v2.0/token``) with the ``client_credentials`` grant (client secret, or
a certificate's ``client_assertion`` JWT whose RS256/PS256 signature, ``x5t``/``x5t#S256``
thumbprint, ``aud``, ``iss``/``sub`` are checked), the ``device_code`` grant (pending until
the test approves the code) and ``refresh_token``.  ``{tenant}`` may be the tenant id, its
``*.onmicrosoft.com`` domain, ``organizations`` or ``common``.

Errors use Entra's shape: ``{"error": "invalid_client", "error_description": "AADSTS7000215:
Invalid client secret provided. ...", "error_codes": [7000215], ...}``.  Access tokens are
opaque here (msal never reads them) and expire after :data:`TOKEN_LIFETIME` simulated
seconds; Graph then answers 401 ``InvalidAuthenticationToken``.
"""

from __future__ import annotations

import base64
import json
import secrets
import string
from dataclasses import dataclass
from typing import Any

import jwt
from cryptography import x509

from . import login_metadata
from .clock import SimulatedClock
from .credentials import DEFAULT_SCOPE, OIDC_SCOPES, AppRegistration, graph_scope
from .login_metadata import LOGIN
from .state import User

TOKEN_LIFETIME = 3599
DEVICE_CODE_LIFETIME = 900
_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
_DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"


@dataclass
class Principal:
    """Who a token speaks for: a user (delegated ``permissions``) or an app (roles)."""

    kind: str
    name: str
    client_id: str
    permissions: frozenset[str]
    expires_at: float
    user: User | None = None


@dataclass
class DeviceCode:
    """A pending device-code sign-in; ``status`` is pending, approved or declined."""

    user_code: str
    device_code: str
    client_id: str
    scopes: tuple[str, ...]
    expires_at: float
    status: str = "pending"
    user: User | None = None


class OAuthError(Exception):
    """An Entra error answer (status 400 or 401)."""

    def __init__(self, error: str, code: int, description: str, status: int = 400) -> None:
        super().__init__(description)
        self.error, self.code, self.description, self.status = error, code, description, status

    def body(self, now: str) -> dict[str, Any]:
        """Entra's JSON error body."""
        return {
            "error": self.error,
            "error_description": f"AADSTS{self.code}: {self.description} Timestamp: {now}",
            "error_codes": [self.code],
            "timestamp": now,
            "trace_id": secrets.token_hex(16),
            "correlation_id": secrets.token_hex(16),
        }


class Entra:
    """The fake tenant's identity platform: apps, tokens, device codes."""

    def __init__(
        self, clock: SimulatedClock, tenant_id: str, domain: str, users: dict[str, User]
    ) -> None:
        self.clock = clock
        self.users = users
        self.tenant_id = tenant_id
        self.domain = domain
        self.apps: dict[str, AppRegistration] = {}
        self.tokens: dict[str, Principal] = {}
        self.refresh_tokens: dict[str, tuple[str, str, tuple[str, ...]]] = {}
        self.device_codes: dict[str, DeviceCode] = {}
        self.auto_approve_user: User | None = None

    # -- discovery ---------------------------------------------------------------------

    def knows_tenant(self, tenant: str) -> bool:
        """Whether ``tenant`` (id, domain, ``organizations``, ``common``) names this tenant."""
        return tenant.lower() in (self.tenant_id, self.domain.lower(), "organizations", "common")

    def openid_configuration(self, tenant: str) -> dict[str, Any]:
        """The tenant's OpenID Provider configuration."""
        return login_metadata.openid_configuration(tenant, self.tenant_id)

    @staticmethod
    def instance_discovery(authorization_endpoint: str) -> dict[str, Any]:
        """What ``/common/discovery/instance`` answers for a Microsoft-known host."""
        return login_metadata.instance_discovery(authorization_endpoint)

    # -- device codes ------------------------------------------------------------------

    def start_device_flow(self, form: dict[str, str]) -> dict[str, Any]:
        """Issue a device code (``/devicecode``) for a registered public client."""
        app = self._app(form.get("client_id", ""))
        if not app.public:
            raise OAuthError(
                "unauthorized_client",
                7000218,
                "The request body must contain the "
                "following parameter: 'client_assertion' or 'client_secret'.",
            )
        scopes = tuple(form.get("scope", "").split())
        self._check_delegated(app, scopes)
        user_code = "".join(secrets.choice(string.ascii_uppercase + "23456789") for _ in range(9))
        code = DeviceCode(
            user_code,
            secrets.token_urlsafe(48),
            app.client_id,
            scopes,
            self.clock.now + DEVICE_CODE_LIFETIME,
        )
        if self.auto_approve_user is not None:
            code.status, code.user = "approved", self.auto_approve_user
        self.device_codes[code.device_code] = code
        return {
            "user_code": user_code,
            "device_code": code.device_code,
            "verification_uri": "https://microsoft.com/devicelogin",
            "expires_in": DEVICE_CODE_LIFETIME,
            "interval": 5,
            "message": "To sign in, use a web browser to open the page "
            f"https://microsoft.com/devicelogin and enter the code {user_code} to authenticate.",
        }

    def decide_device_code(self, user_code: str | None, user: User, approve: bool) -> DeviceCode:
        """Approve (or decline) the pending code ``user_code`` (default: the latest)."""
        pending = [c for c in self.device_codes.values() if c.status == "pending"]
        if user_code is not None:
            pending = [c for c in pending if c.user_code == user_code]
        if not pending:
            raise KeyError(f"no pending device code {user_code or ''}".strip())
        code = pending[-1]
        code.status, code.user = ("approved" if approve else "declined"), user
        return code

    # -- token endpoint ----------------------------------------------------------------

    def token(self, token_url: str, form: dict[str, str]) -> dict[str, Any]:
        """Answer one token request (or raise :class:`OAuthError`)."""
        grant = form.get("grant_type", "")
        app = self._app(form.get("client_id", ""))
        if grant == "client_credentials":
            self._authenticate_client(app, token_url, form)
            if form.get("scope", "").split() != [DEFAULT_SCOPE]:
                raise OAuthError(
                    "invalid_scope",
                    1002012,
                    f"The provided value for scope "
                    f"{form.get('scope', '')} is not valid. Client credential flows "
                    "must have a scope value with /.default suffixed to the "
                    "resource identifier (application ID URI).",
                )
            principal = Principal(
                "app",
                app.display_name,
                app.client_id,
                app.application_permissions,
                self.clock.now + TOKEN_LIFETIME,
            )
            return self._issue(principal, refresh=None)
        if not app.public:
            self._authenticate_client(app, token_url, form)
        if grant == _DEVICE_GRANT:
            return self._device_token(app, form.get("device_code", ""))
        if grant == "refresh_token":
            return self._refresh(app, form.get("refresh_token", ""))
        raise OAuthError(
            "unsupported_grant_type",
            70003,
            f"The app requested an unsupported grant type '{grant}'.",
        )

    def _app(self, client_id: str) -> AppRegistration:
        app = self.apps.get(client_id)
        if app is None:
            raise OAuthError(
                "unauthorized_client",
                700016,
                f"Application with identifier "
                f"'{client_id}' was not found in the directory '{self.domain}'.",
            )
        return app

    def _authenticate_client(
        self, app: AppRegistration, token_url: str, form: dict[str, str]
    ) -> None:
        if "client_secret" in form:
            if app.client_secret is None or not secrets.compare_digest(
                form["client_secret"], app.client_secret
            ):
                raise OAuthError(
                    "invalid_client",
                    7000215,
                    "Invalid client secret provided. "
                    "Ensure the secret being sent in the request is the client "
                    "secret value, not the client secret ID.",
                    status=401,
                )
            return
        if form.get("client_assertion_type") == _ASSERTION_TYPE and "client_assertion" in form:
            self._check_assertion(app, token_url, form["client_assertion"])
            return
        raise OAuthError(
            "invalid_client",
            7000218,
            "The request body must contain the following "
            "parameter: 'client_assertion' or 'client_secret'.",
            status=401,
        )

    def _check_assertion(self, app: AppRegistration, token_url: str, assertion: str) -> None:
        failed = OAuthError(
            "invalid_client", 700027, "Client assertion failed signature validation.", status=401
        )
        cert = app.certificate
        if cert is None:
            raise failed
        header = jwt.get_unverified_header(assertion)
        x5t = _b64url(bytes.fromhex(cert.thumbprint))
        x5t256 = _b64url(bytes.fromhex(cert.sha256_thumbprint))
        sent = (str(header.get("x5t", "")).rstrip("="), str(header.get("x5t#S256", "")).rstrip("="))
        if sent[0] != x5t and sent[1] != x5t256:
            raise OAuthError(
                "invalid_client",
                700027,
                "The certificate with identifier used to "
                "sign the client assertion is not registered on application.",
                status=401,
            )
        try:
            claims = jwt.decode(
                assertion,
                _public_key(cert.certificate_pem),
                algorithms=["RS256", "PS256"],
                audience=token_url,
            )
        except jwt.PyJWTError:
            raise failed from None
        if claims.get("iss") != app.client_id or claims.get("sub") != app.client_id:
            raise failed

    def _check_delegated(self, app: AppRegistration, scopes: tuple[str, ...]) -> None:
        wanted = {graph_scope(s) for s in scopes} - OIDC_SCOPES
        missing = sorted(wanted - app.delegated_permissions - {".default"})
        if missing:
            raise OAuthError(
                "invalid_grant",
                65001,
                f"The user or administrator has not "
                f"consented to use the application with ID '{app.client_id}' named "
                f"'{app.display_name}' for {', '.join(missing)}.",
            )

    def _device_token(self, app: AppRegistration, device_code: str) -> dict[str, Any]:
        code = self.device_codes.get(device_code)
        if code is None or code.client_id != app.client_id:
            raise OAuthError(
                "invalid_grant",
                70000,
                "The provided value for the input parameter 'device_code' is not valid.",
            )
        if self.clock.now > code.expires_at:
            raise OAuthError(
                "expired_token",
                70020,
                "The provided authorization code or refresh token has expired due to inactivity.",
            )
        if code.status == "pending":
            raise OAuthError(
                "authorization_pending",
                70016,
                "OAuth 2.0 device flow error. Authorization is pending. Continue polling.",
            )
        if code.status == "declined" or code.user is None:
            raise OAuthError("authorization_declined", 70000, "The user declined to sign in.")
        del self.device_codes[device_code]
        return self._user_tokens(app, code.user, code.scopes)

    def _refresh(self, app: AppRegistration, refresh_token: str) -> dict[str, Any]:
        grant = self.refresh_tokens.pop(refresh_token, None)
        if grant is None or grant[1] != app.client_id:
            raise OAuthError(
                "invalid_grant",
                70008,
                "The provided authorization code or refresh token has expired due to inactivity.",
            )
        return self._user_tokens(app, self.users[grant[0].lower()], grant[2])

    def _user_tokens(
        self, app: AppRegistration, user: User, scopes: tuple[str, ...]
    ) -> dict[str, Any]:
        wanted = {graph_scope(s) for s in scopes} - OIDC_SCOPES
        granted = frozenset(app.delegated_permissions if ".default" in wanted else wanted)
        principal = Principal(
            "user", user.email, app.client_id, granted, self.clock.now + TOKEN_LIFETIME, user
        )
        refresh = secrets.token_urlsafe(48)
        self.refresh_tokens[refresh] = (user.email, app.client_id, scopes)
        answer = self._issue(principal, refresh)
        answer["scope"] = " ".join([*sorted(granted), "openid", "profile", "email"])
        answer["id_token"] = self._id_token(app, user)
        answer["client_info"] = _b64url(
            json.dumps({"uid": user.id, "utid": self.tenant_id}).encode()
        )
        return answer

    def _issue(self, principal: Principal, refresh: str | None) -> dict[str, Any]:
        access = "eyJ0eXAiOiJKV1QifQ.fake." + secrets.token_urlsafe(32)
        self.tokens[access] = principal
        answer: dict[str, Any] = {
            "token_type": "Bearer",
            "expires_in": TOKEN_LIFETIME,
            "ext_expires_in": TOKEN_LIFETIME,
            "access_token": access,
        }
        if refresh is not None:
            answer["refresh_token"] = refresh
        return answer

    def _id_token(self, app: AppRegistration, user: User) -> str:
        now = int(self.clock.now)
        claims = {
            "aud": app.client_id,
            "iss": f"{LOGIN}/{self.tenant_id}/v2.0",
            "iat": now,
            "nbf": now,
            "exp": now + TOKEN_LIFETIME,
            "name": user.display_name,
            "oid": user.id,
            "preferred_username": user.email,
            "sub": _b64url(user.id.encode()),
            "tid": self.tenant_id,
            "ver": "2.0",
        }
        head = _b64url(json.dumps({"typ": "JWT", "alg": "RS256", "kid": "fake"}).encode())
        return f"{head}.{_b64url(json.dumps(claims).encode())}.{_b64url(b'fake-signature')}"

    def principal_for(self, token: str) -> Principal | None:
        """The principal of an issued access token (expired ones included)."""
        return self.tokens.get(token)


def _public_key(certificate_pem: str) -> Any:
    return x509.load_pem_x509_certificate(certificate_pem.encode("ascii")).public_key()


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")
