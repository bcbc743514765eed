"""Test credentials for the fake tenant: app registrations, a self-signed certificate.

Everything here is generated fresh and fake; none of it is ever a real secret.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, field

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

GRAPH = "https://graph.microsoft.com/"
DEFAULT_SCOPE = GRAPH + ".default"
#: OpenID scopes msal adds to every delegated request; never Graph permissions.
OIDC_SCOPES = frozenset(("openid", "profile", "offline_access", "email"))


@dataclass(frozen=True)
class Certificate:
    """A self-signed certificate and its key, as a trust's IT would upload to Entra."""

    private_key_pem: str
    certificate_pem: str
    thumbprint: str
    sha256_thumbprint: str


@dataclass
class AppRegistration:
    """An Entra app registration: ``public`` (device code, no secret) or confidential
    (``client_secret`` and/or ``certificate``).  ``application_permissions`` are the
    admin-consented app roles (client credentials); ``delegated_permissions`` the
    consented delegated scopes."""

    client_id: str
    display_name: str
    public: bool = False
    client_secret: str | None = None
    certificate: Certificate | None = None
    application_permissions: frozenset[str] = frozenset()
    delegated_permissions: frozenset[str] = frozenset()
    selected_sites: set[str] = field(default_factory=set)


def generate_certificate(common_name: str = "sheets-sync-test", bits: int = 2048) -> Certificate:
    """A new RSA key and a self-signed certificate for it (about 0.1 s)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=bits)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=3650))
        .sign(key, hashes.SHA256())
    )
    return Certificate(
        private_key_pem=key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ).decode("ascii"),
        certificate_pem=cert.public_bytes(serialization.Encoding.PEM).decode("ascii"),
        thumbprint=cert.fingerprint(hashes.SHA1()).hex().upper(),
        sha256_thumbprint=cert.fingerprint(hashes.SHA256()).hex().upper(),
    )


def new_secret() -> str:
    """A client secret shaped like Entra's (40 characters)."""
    return "fake~" + secrets.token_urlsafe(26)[:35]


def graph_scope(scope: str) -> str:
    """``https://graph.microsoft.com/Files.ReadWrite`` -> ``Files.ReadWrite``."""
    return scope.removeprefix(GRAPH)
