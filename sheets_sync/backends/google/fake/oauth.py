"""The OAuth 2.0 token endpoint, and test credentials to use against it.

Two grants are served, as google-auth sends them:

* **JWT bearer** (service accounts): the assertion is decoded and its RS256 signature
  checked against the public key of the registered account named by ``iss``; its
  ``aud`` must be the token endpoint and its ``scope`` claim non-empty.
* **Refresh token** (authorized users, the OAuth "desktop app" path): client id, secret and
  refresh token must match a registered user; requested scopes must be a subset of those
  the user granted.

Issued access tokens map to a :class:`~.state.Principal` (e-mail, kind, scopes); every
grant is recorded so tests can assert least privilege.  Failures use the OAuth error shape
``{"error": "invalid_grant", "error_description": "..."}``.  A self-signed JWT used directly
as a bearer token (google-auth's ``always_use_jwt_access``) is accepted too.

The credentials made here are freshly generated and fake; they are never real secrets.
"""

from __future__ import annotations

import functools
import json
import secrets
import string
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from google.auth import exceptions as auth_exceptions
from google.auth import jwt

from sheets_sync.backends.google.fake.state import Principal

TOKEN_URI = "https://oauth2.googleapis.com/token"
SERVICE_ACCOUNT_EMAIL = "sheets-sync-test@fake-project.iam.gserviceaccount.com"
PROJECT_ID = "fake-project"
AUTHORIZED_USER_EMAIL = "facilitator@example.org"
SCOPE_SPREADSHEETS = "https://www.googleapis.com/auth/spreadsheets"
SCOPE_DRIVE_FILE = "https://www.googleapis.com/auth/drive.file"
SCOPE_DRIVE = "https://www.googleapis.com/auth/drive"
#: The least-privilege scopes the toolkit should ask for.
LEAST_PRIVILEGE_SCOPES = (SCOPE_SPREADSHEETS, SCOPE_DRIVE_FILE)
_JWT_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer"
_SCOPE_PREFIX = "https://www.googleapis.com/auth/"
_AUDIENCE_SCOPES = {
    "https://sheets.googleapis.com/": (SCOPE_SPREADSHEETS,),
    "https://www.googleapis.com/": (SCOPE_DRIVE,),
    "https://drive.googleapis.com/": (SCOPE_DRIVE,),
}


def generate_private_key_pem(bits: int = 2048) -> str:
    """A new RSA private key in PKCS#8 PEM, as service-account JSON files carry it."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=bits)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return pem.decode("ascii")


@functools.lru_cache(maxsize=32)
def public_key_pem(private_key_pem: str) -> str:
    """The PEM public key matching a PEM private key (cached: loading a key is slow)."""
    key = serialization.load_pem_private_key(private_key_pem.encode("ascii"), password=None)
    pem = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return pem.decode("ascii")


def service_account_info(
    private_key_pem: str | None = None,
    *,
    email: str = SERVICE_ACCOUNT_EMAIL,
    project_id: str = PROJECT_ID,
) -> dict[str, str]:
    """A service-account key file's content (``type: service_account``), with a fresh
    key unless one is given.  Register it with :meth:`FakeGoogle.register_service_account`."""
    pem = private_key_pem or generate_private_key_pem()
    client_id = "1" + "".join(secrets.choice(string.digits) for _ in range(20))
    return {
        "type": "service_account",
        "project_id": project_id,
        "private_key_id": secrets.token_hex(20),
        "private_key": pem,
        "client_email": email,
        "client_id": client_id,
        "auth_uri": "https://accounts.google.com/o/oauth2/auth",
        "token_uri": TOKEN_URI,
        "auth_provider_x509_cert_url": "https://www.googleapis.com/oauth2/v1/certs",
        "client_x509_cert_url": (
            "https://www.googleapis.com/robot/v1/metadata/x509/" + email.replace("@", "%40")
        ),
        "universe_domain": "googleapis.com",
    }


def authorized_user_info(
    *,
    email: str = AUTHORIZED_USER_EMAIL,
    scopes: tuple[str, ...] | list[str] = LEAST_PRIVILEGE_SCOPES,
    client_id: str | None = None,
    client_secret: str | None = None,
    refresh_token: str | None = None,
) -> dict[str, Any]:
    """An ``authorized_user`` token file's content, as google-auth-oauthlib saves it after
    the consent flow.  ``email`` is not part of Google's format: it is what
    :meth:`FakeGoogle.register_authorized_user` uses to know who the user is."""
    return {
        "type": "authorized_user",
        "client_id": client_id or f"{secrets.token_hex(6)}.apps.googleusercontent.com",
        "client_secret": client_secret or "GOCSPX-" + secrets.token_urlsafe(21),
        "refresh_token": refresh_token or "1//0fake" + secrets.token_urlsafe(40),
        "token_uri": TOKEN_URI,
        "scopes": list(scopes),
        "account": email,
        "universe_domain": "googleapis.com",
    }


@dataclass(frozen=True)
class Grant:
    """One successful token request: how, for whom, with which scopes, at which time."""

    grant_type: str
    email: str
    scopes: frozenset[str]
    time: float


@dataclass(frozen=True)
class _User:
    client_id: str
    client_secret: str
    email: str
    scopes: frozenset[str]


class TokenService:
    """Registered identities, issued tokens and the token endpoint's logic."""

    def __init__(self) -> None:
        self.accounts: dict[str, str] = {}
        self.users: dict[str, _User] = {}
        self.tokens: dict[str, Principal] = {}
        self.grants: list[Grant] = []

    def register_service_account(self, info: dict[str, Any]) -> None:
        """Trust tokens signed with this service account's key."""
        self.accounts[str(info["client_email"]).lower()] = public_key_pem(info["private_key"])

    def register_authorized_user(self, info: dict[str, Any], email: str | None = None) -> None:
        """Accept this ``authorized_user`` info's refresh token."""
        self.users[str(info["refresh_token"])] = _User(
            str(info["client_id"]),
            str(info["client_secret"]),
            email or str(info.get("account") or AUTHORIZED_USER_EMAIL),
            frozenset(info.get("scopes") or LEAST_PRIVILEGE_SCOPES),
        )

    def revoke_all(self) -> None:
        """Forget every issued access token (the next API call answers 401)."""
        self.tokens.clear()

    def handle(self, form: dict[str, str], now: float) -> tuple[int, dict[str, Any]]:
        """Answer a token request: ``(status, json)``."""
        grant_type = form.get("grant_type")
        if grant_type == _JWT_GRANT:
            return self._jwt_grant(form.get("assertion", ""), now)
        if grant_type == "refresh_token":
            return self._refresh_grant(form, now)
        return 400, _oauth_error("unsupported_grant_type", f"Invalid grant_type: {grant_type}")

    def _issue(self, principal: Principal, grant_type: str, now: float) -> str:
        token = "ya29.fake-" + secrets.token_urlsafe(32)
        self.tokens[token] = principal
        self.grants.append(Grant(grant_type, principal.email, principal.scopes, now))
        return token

    def _verify(self, assertion: str, audience: str | None) -> dict[str, Any] | None:
        try:
            claims = jwt.decode(assertion, verify=False)  # type: ignore[no-untyped-call]
        except (ValueError, auth_exceptions.GoogleAuthError):
            return None
        issuer = str(claims.get("iss", "")).lower()
        key = self.accounts.get(issuer)
        if key is None:
            return {"_unknown": issuer}
        try:
            verified: dict[str, Any] = jwt.decode(  # type: ignore[no-untyped-call]
                assertion, certs=[key], audience=audience
            )
        except (ValueError, auth_exceptions.GoogleAuthError):
            return None
        return verified

    def _jwt_grant(self, assertion: str, now: float) -> tuple[int, dict[str, Any]]:
        claims = self._verify(assertion, TOKEN_URI)
        if claims is None:
            return 400, _oauth_error("invalid_grant", "Invalid JWT Signature.")
        if "_unknown" in claims:
            return 400, _oauth_error("invalid_grant", "Invalid grant: account not found")
        scopes = frozenset(str(claims.get("scope", "")).split())
        if not scopes or not all(s.startswith(_SCOPE_PREFIX) for s in scopes):
            return 400, _oauth_error(
                "invalid_scope", "Invalid OAuth scope or ID token audience provided."
            )
        principal = Principal(str(claims["iss"]), "service_account", scopes)
        token = self._issue(principal, "jwt-bearer", now)
        return 200, {"access_token": token, "expires_in": 3599, "token_type": "Bearer"}

    def _refresh_grant(self, form: dict[str, str], now: float) -> tuple[int, dict[str, Any]]:
        user = self.users.get(form.get("refresh_token", ""))
        if user is None:
            return 400, _oauth_error("invalid_grant", "Token has been expired or revoked.")
        if form.get("client_id") != user.client_id or form.get("client_secret") != (
            user.client_secret
        ):
            return 401, _oauth_error("invalid_client", "The OAuth client was not found.")
        requested = frozenset(form.get("scope", "").split()) or user.scopes
        if not requested <= user.scopes:
            return 400, _oauth_error("invalid_scope", "Bad Request")
        principal = Principal(user.email, "user", requested)
        token = self._issue(principal, "refresh_token", now)
        return 200, {
            "access_token": token,
            "expires_in": 3599,
            "scope": " ".join(sorted(requested)),
            "token_type": "Bearer",
        }

    def principal_for(self, bearer: str) -> Principal | None:
        """Who an ``Authorization: Bearer`` token stands for, or ``None`` if invalid."""
        principal = self.tokens.get(bearer)
        if principal is not None:
            return principal
        if bearer.count(".") != 2:
            return None
        claims = self._verify(bearer, None)
        if claims is None or "_unknown" in claims:
            return None
        scopes = frozenset(str(claims.get("scope", "")).split())
        if not scopes:
            scopes = frozenset(_AUDIENCE_SCOPES.get(str(claims.get("aud", "")), ()))
        return Principal(str(claims["iss"]), "service_account", scopes)


def _oauth_error(error: str, description: str) -> dict[str, Any]:
    return {"error": error, "error_description": description}


def dumps(info: dict[str, Any]) -> str:
    """JSON text of a credentials dict (what a key file on disk contains)."""
    return json.dumps(info, indent=2)
