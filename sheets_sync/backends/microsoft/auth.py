"""Signing in to Microsoft 365 with msal: a facilitator's own account, or an app for automation.

Two ways in, chosen by ``[microsoft] sign_in`` in the config:

* ``"user"`` (default): the facilitator signs in once with ``sheets-sync login --microsoft``,
  by device code (default; works on locked-down machines: open a link on any device, type the
  code) or in a browser on this machine (``--browser``). msal's token cache is stored in
  ``<config folder>/microsoft-token.json`` with mode ``0600`` in a ``0700`` folder, like the
  Google token, and every later command refreshes the access token silently from it.
* ``"app"``: client credentials for unattended runs, with a certificate (a PEM file holding the
  private key, plus its SHA-1 thumbprint) or a client secret read from a file or from the
  environment variable :data:`SECRET_ENV`. A secret is never read from the config itself.

Least privilege: a user signing in asks for ``Files.ReadWrite`` (their own OneDrive) or, when
the workbook lives on a SharePoint site, ``Sites.ReadWrite.All``; an app uses the permissions
IT granted it (``Sites.Selected`` on the one site) through the ``.default`` scope.

Tokens, secrets and keys are never printed or logged; a failure names what to do, not what msal
said (its error descriptions may quote request details).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import msal
import requests

from sheets_sync.backends.google.auth import config_dir
from sheets_sync.errors import CredentialsError
from sheets_sync.files import write_text_atomically

TOKEN_CACHE = "microsoft-token.json"  # noqa: S105 - a file name, not a secret
SECRET_ENV = "SHEETS_SYNC_MICROSOFT_SECRET"  # noqa: S105 - the variable's name, not a secret
ONEDRIVE_SCOPES: tuple[str, ...] = ("Files.ReadWrite",)
SITE_SCOPES: tuple[str, ...] = ("Sites.ReadWrite.All",)
APP_SCOPES: tuple[str, ...] = ("https://graph.microsoft.com/.default",)
LOGIN_AGAIN = "run `sheets-sync login --microsoft` to sign in again"


@dataclass(frozen=True)
class MicrosoftSignIn:
    """Who signs in, and how: the part of ``[microsoft]`` that msal needs."""

    tenant: str
    client_id: str
    mode: Literal["user", "app"] = "user"
    on_site: bool = False
    certificate: Path | None = None
    thumbprint: str | None = None
    secret_file: Path | None = None

    @property
    def authority(self) -> str:
        return f"https://login.microsoftonline.com/{self.tenant}"

    @property
    def scopes(self) -> tuple[str, ...]:
        if self.mode == "app":
            return APP_SCOPES
        return SITE_SCOPES if self.on_site else ONEDRIVE_SCOPES


class UserTokens:
    """Access tokens for the signed-in facilitator, refreshed silently from the cache file."""

    def __init__(
        self,
        sign_in: MicrosoftSignIn,
        *,
        cache_file: Path | None = None,
        session: requests.Session | None = None,
        env: Mapping[str, str] = os.environ,
    ) -> None:
        self.sign_in = sign_in
        self.cache_file = cache_file or config_dir(env) / TOKEN_CACHE
        self.cache = _load_cache(self.cache_file)
        self.app = msal.PublicClientApplication(
            sign_in.client_id,
            authority=sign_in.authority,
            token_cache=self.cache,
            http_client=session,
        )

    def account(self) -> str:
        """The signed-in account's user name, safe to show."""
        accounts = self.app.get_accounts()
        return str(accounts[0].get("username", "")) if accounts else ""

    def token(self, *, refresh: bool = False) -> str:
        accounts = self.app.get_accounts()
        if not accounts:
            raise CredentialsError(
                f"No Microsoft sign-in stored in {self.cache_file}: run `sheets-sync login "
                "--microsoft` first"
            )
        result = self.app.acquire_token_silent(
            list(self.sign_in.scopes), account=accounts[0], force_refresh=refresh
        )
        _save_cache(self.cache, self.cache_file)
        return _access_token(result, f"Microsoft refused the stored sign-in: {LOGIN_AGAIN}")


class AppTokens:
    """Access tokens for an app registration (client credentials); msal caches them."""

    def __init__(
        self,
        sign_in: MicrosoftSignIn,
        *,
        session: requests.Session | None = None,
        env: Mapping[str, str] = os.environ,
    ) -> None:
        self.sign_in = sign_in
        self.app = msal.ConfidentialClientApplication(
            sign_in.client_id,
            client_credential=_client_credential(sign_in, env),
            authority=sign_in.authority,
            http_client=session,
        )

    def account(self) -> str:
        return f"the app {self.sign_in.client_id}"

    def token(self, *, refresh: bool = False) -> str:
        if refresh:
            self.app.token_cache = msal.TokenCache()
        result = self.app.acquire_token_for_client(scopes=list(self.sign_in.scopes))
        return _access_token(
            result,
            f"Microsoft refused the app's credentials for client {self.sign_in.client_id}: check "
            "the certificate or secret and that IT granted the app access to the site",
        )


Tokens = UserTokens | AppTokens


def tokens_for(
    sign_in: MicrosoftSignIn,
    *,
    session: requests.Session | None = None,
    env: Mapping[str, str] = os.environ,
    cache_file: Path | None = None,
) -> Tokens:
    """The token source ``sign_in`` describes."""
    if sign_in.mode == "app":
        return AppTokens(sign_in, session=session, env=env)
    return UserTokens(sign_in, cache_file=cache_file, session=session, env=env)


def login(
    sign_in: MicrosoftSignIn,
    *,
    browser: bool = False,
    tell: Callable[[str], None] = print,
    session: requests.Session | None = None,
    env: Mapping[str, str] = os.environ,
    cache_file: Path | None = None,
) -> tuple[Path, str]:
    """Sign the facilitator in and store msal's cache; return its path and the account.

    By device code unless ``browser``: ``tell`` shows the link and code (nothing secret). A
    later login replaces the stored one atomically.
    """
    if sign_in.mode == "app":
        raise CredentialsError(
            '[microsoft] sign_in is "app": an app needs no login; its certificate or secret '
            f"is read when a command runs (certificate_file, secret_file or {SECRET_ENV})"
        )
    path = cache_file or config_dir(env) / TOKEN_CACHE
    cache = msal.SerializableTokenCache()
    app = msal.PublicClientApplication(
        sign_in.client_id, authority=sign_in.authority, token_cache=cache, http_client=session
    )
    scopes = list(sign_in.scopes)
    if browser:
        result = app.acquire_token_interactive(scopes, prompt="select_account")
    else:
        flow = app.initiate_device_flow(scopes=scopes)
        if "user_code" not in flow:
            raise CredentialsError(_refusal(flow, "start a device-code sign-in"))
        tell(
            str(
                flow.get("message")
                or f"Open {flow['verification_uri']}, enter the code {flow['user_code']}"
            )
        )
        result = app.acquire_token_by_device_flow(flow)
    _access_token(result, _refusal(result, "sign you in"))
    write_text_atomically(path, cache.serialize(), private=True)
    claims = result.get("id_token_claims") or {}
    who = claims.get("preferred_username") if isinstance(claims, dict) else None
    return path, str(who or "your Microsoft account")


def _refusal(result: Mapping[str, Any], doing: str) -> str:
    code = result.get("error")
    shown = f" ({code})" if isinstance(code, str) and code.replace("_", "").isalnum() else ""
    return (
        f"Microsoft would not {doing}{shown}: check [microsoft] tenant and client_id, and that "
        "IT allowed public client flows for the app registration"
    )


def _access_token(result: Mapping[str, Any] | None, message: str) -> str:
    token = (result or {}).get("access_token")
    if not isinstance(token, str) or not token:
        raise CredentialsError(message)
    return token


def _load_cache(path: Path) -> msal.SerializableTokenCache:
    cache = msal.SerializableTokenCache()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return cache
    except (OSError, UnicodeDecodeError) as exc:
        raise CredentialsError(
            f"The Microsoft sign-in in {path} cannot be read ({type(exc).__name__}): {LOGIN_AGAIN}"
        ) from None
    try:
        cache.deserialize(text)
    except ValueError:
        raise CredentialsError(
            f"The Microsoft sign-in in {path} is damaged: {LOGIN_AGAIN}"
        ) from None
    return cache


def _save_cache(cache: msal.SerializableTokenCache, path: Path) -> None:
    if cache.has_state_changed:
        write_text_atomically(path, cache.serialize(), private=True)
        cache.has_state_changed = False


def _client_credential(sign_in: MicrosoftSignIn, env: Mapping[str, str]) -> str | dict[str, str]:
    if sign_in.certificate is not None:
        if not sign_in.thumbprint:
            raise CredentialsError(
                "[microsoft] certificate_file is set but certificate_thumbprint is not: copy the "
                "certificate's thumbprint from the app registration's 'Certificates & secrets'"
            )
        key = _read_secret(sign_in.certificate, "certificate_file")
        if "PRIVATE KEY" not in key:
            raise CredentialsError(
                f"{sign_in.certificate} (certificate_file) holds no PEM private key: export the "
                "certificate's key as PEM"
            )
        return {"private_key": key, "thumbprint": sign_in.thumbprint}
    if sign_in.secret_file is not None:
        return _read_secret(sign_in.secret_file, "secret_file").strip()
    secret = env.get(SECRET_ENV, "").strip()
    if secret:
        return secret
    raise CredentialsError(
        '[microsoft] sign_in is "app" but no credential was found: set certificate_file and '
        f"certificate_thumbprint, or secret_file, or the environment variable {SECRET_ENV}"
    )


def _read_secret(path: Path, key: str) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CredentialsError(f"{path} ([microsoft] {key}) does not exist") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise CredentialsError(
            f"{path} ([microsoft] {key}) cannot be read ({type(exc).__name__}): check its "
            "permissions"
        ) from None
