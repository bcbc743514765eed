"""Google credentials: a service-account key file, or a desktop login stored for the user.

Where credentials come from, first match wins:

1. the key file named in the config (``key_file``);
2. the file named by ``GOOGLE_APPLICATION_CREDENTIALS``;
3. the login token ``sheets-sync login`` stored in the user's config folder
   (``$XDG_CONFIG_HOME/sheets_sync/token.json``, else ``~/.config/sheets_sync/token.json``).

A file must be JSON of ``type`` ``service_account`` (a key downloaded from the Cloud console) or
``authorized_user`` (what :func:`login` stores). Anything else is one :class:`CredentialsError`
naming the file and the fix. Messages, reprs and logs never contain key material or tokens:
errors from parsing are reported by kind only, and the token store is written ``0600`` in a
``0700`` folder.

Only two scopes are requested: the spreadsheets, and the Drive files this app creates or is
given (``drive.file``), never the whole Drive.
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Protocol

from google.auth.credentials import Credentials
from google.oauth2 import credentials as user_credentials
from google.oauth2 import service_account

from sheets_sync.errors import CredentialsError
from sheets_sync.files import write_text_atomically

SCOPES: tuple[str, ...] = (
    "https://www.googleapis.com/auth/spreadsheets",
    "https://www.googleapis.com/auth/drive.file",
)
TOKEN_FILE = "token.json"  # noqa: S105 - a file name, not a secret
KNOWN_TYPES = ("service_account", "authorized_user")

_SERVICE_ACCOUNT: Any = service_account.Credentials
_USER: Any = user_credentials.Credentials

_FIX = (
    "use a service-account key downloaded from the Google Cloud console "
    "(set key_file in the config or GOOGLE_APPLICATION_CREDENTIALS), or run `sheets-sync login`"
)


class LoginFlow(Protocol):
    """What :func:`login` needs from google-auth-oauthlib's ``InstalledAppFlow``."""

    def run_local_server(self, **kwargs: Any) -> Credentials: ...


FlowFactory = Callable[[str, list[str]], LoginFlow]


def config_dir(env: Mapping[str, str] = os.environ) -> Path:
    """The user's sheets_sync config folder, following the XDG base-directory rules."""
    xdg = env.get("XDG_CONFIG_HOME", "").strip()
    if xdg and Path(xdg).is_absolute():
        return Path(xdg) / "sheets_sync"
    home = env.get("HOME", "").strip()
    return (Path(home) if home else Path.home()) / ".config" / "sheets_sync"


def load_credentials(
    key_file: Path | None,
    *,
    token_store: Path | None = None,
    env: Mapping[str, str] = os.environ,
) -> Credentials:
    """Credentials for Sheets and Drive, scoped to :data:`SCOPES`.

    ``key_file`` (or ``GOOGLE_APPLICATION_CREDENTIALS``) may hold a service-account key or an
    ``authorized_user`` token; otherwise the token in ``token_store`` (a folder, default
    :func:`config_dir`) is used. Raises :class:`CredentialsError` when none is found or the file
    is missing, unreadable, not JSON, incomplete or of another type.
    """
    if key_file is not None:
        return _from_file(Path(key_file), origin="key_file in the config")
    env_path = env.get("GOOGLE_APPLICATION_CREDENTIALS", "").strip()
    if env_path:
        return _from_file(Path(env_path), origin="GOOGLE_APPLICATION_CREDENTIALS")
    token = (token_store if token_store is not None else config_dir(env)) / TOKEN_FILE
    if not token.exists():
        raise CredentialsError(
            "No Google credentials: set key_file in the config or GOOGLE_APPLICATION_CREDENTIALS "
            f"to a service-account key, or run `sheets-sync login` (it stores a token in {token})"
        )
    return _from_file(token, origin="the stored login")


def login(
    client_secrets: Path,
    *,
    token_store: Path | None = None,
    env: Mapping[str, str] = os.environ,
    flow_factory: FlowFactory | None = None,
    open_browser: bool = True,
    port: int = 0,
) -> Path:
    """Sign in through the browser and store the resulting token; return the token's path.

    ``client_secrets`` is an OAuth client of type "Desktop app" downloaded from the Cloud
    console. The token is written to ``token_store/token.json`` (default :func:`config_dir`)
    with mode ``0600`` in a ``0700`` folder, replacing any earlier login atomically.
    ``flow_factory(path, scopes)`` defaults to ``InstalledAppFlow.from_client_secrets_file``.
    """
    _check_client_secrets(client_secrets)
    if flow_factory is None:
        from google_auth_oauthlib.flow import InstalledAppFlow

        def flow_factory(path: str, scopes: list[str]) -> LoginFlow:
            flow: LoginFlow = InstalledAppFlow.from_client_secrets_file(path, scopes=scopes)
            return flow

    flow = flow_factory(str(client_secrets), list(SCOPES))
    creds = flow.run_local_server(port=port, open_browser=open_browser)
    to_json = getattr(creds, "to_json", None)
    if to_json is None:
        raise CredentialsError("The Google sign-in did not return a storable user login")
    info = json.loads(to_json(strip=["token", "expiry"]))
    info["type"] = "authorized_user"
    folder = token_store if token_store is not None else config_dir(env)
    path = folder / TOKEN_FILE
    write_private(path, json.dumps(info, indent=2))
    return path


def write_private(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` readable by the owner only (``0600`` in a ``0700`` folder).

    The file is created under a temporary name with its final mode before any byte is
    written, then renamed over the old one, so no secret is ever world-readable.
    """
    write_text_atomically(path, text, private=True)


def account_label(credentials: Credentials) -> str:
    """Who the credentials act as, safe to show: an email address, or a description."""
    email = getattr(credentials, "service_account_email", None)
    if isinstance(email, str) and email:
        return email
    account = getattr(credentials, "account", None)
    if isinstance(account, str) and account:
        return account
    return "the Google account you signed in with (`sheets-sync login`)"


def is_private(path: Path) -> bool:
    """True when ``path`` is readable by its owner only."""
    return stat.S_IMODE(path.stat().st_mode) & 0o077 == 0


def _from_file(path: Path, *, origin: str) -> Credentials:
    info = _read_json(path, origin)
    kind = info.get("type")
    try:
        if kind == "service_account":
            creds: Credentials = _SERVICE_ACCOUNT.from_service_account_info(
                info, scopes=list(SCOPES)
            )
        elif kind == "authorized_user":
            creds = _USER.from_authorized_user_info(info, scopes=list(SCOPES))
        else:
            shown = repr(kind) if isinstance(kind, str) and len(kind) < 40 else "missing"
            raise CredentialsError(
                f"Credentials file {path} ({origin}) has type {shown}; expected "
                f"'service_account' or 'authorized_user': {_FIX}"
            )
    except (ValueError, KeyError, TypeError) as exc:
        # The library's message may quote fields of the key, so only its kind is reported.
        raise CredentialsError(
            f"Credentials file {path} ({origin}) is an incomplete or damaged {kind} file "
            f"({type(exc).__name__}): download it again, or {_FIX}"
        ) from None
    return creds


def _read_json(path: Path, origin: str) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CredentialsError(
            f"Credentials file {path} ({origin}) does not exist: {_FIX}"
        ) from None
    except IsADirectoryError:
        raise CredentialsError(
            f"Credentials file {path} ({origin}) is a folder, not a file: {_FIX}"
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise CredentialsError(
            f"Credentials file {path} ({origin}) cannot be read ({type(exc).__name__}): "
            f"check its permissions, or {_FIX}"
        ) from None
    try:
        info = json.loads(text)
    except ValueError:
        raise CredentialsError(
            f"Credentials file {path} ({origin}) is not valid JSON: {_FIX}"
        ) from None
    if not isinstance(info, dict):
        raise CredentialsError(
            f"Credentials file {path} ({origin}) is JSON but not an object: {_FIX}"
        )
    return info


def _check_client_secrets(path: Path) -> None:
    info = _read_json(path, "OAuth client secrets")
    if "installed" not in info:
        hint = " (this is a 'Web application' client)" if "web" in info else ""
        raise CredentialsError(
            f"OAuth client file {path} is not a 'Desktop app' client{hint}: create an OAuth "
            "client of type Desktop app in the Google Cloud console and download its JSON"
        )
