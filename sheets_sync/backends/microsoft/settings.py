"""The ``[microsoft]`` section of a workshop config: where the workbook lives and who signs in.

Kept beside the adapter, and free of its imports (msal, requests, openpyxl), so that loading
a config costs nothing more. :mod:`sheets_sync.config` checks the keys (an unknown one gets
the nearest valid key) and calls :func:`parse_microsoft` for the values. A secret is never a
config value: an app's secret comes from ``secret_file`` or an environment variable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from sheets_sync.errors import ConfigError

MICROSOFT_KEYS: tuple[str, ...] = (
    "tenant",
    "client_id",
    "sign_in",
    "folder",
    "site",
    "item_id",
    "drive_id",
    "certificate_file",
    "certificate_thumbprint",
    "secret_file",
    "notify",
)
_GUID_OR_DOMAIN = re.compile(r"^[0-9a-fA-F-]{36}$|^[A-Za-z0-9.-]+\.[A-Za-z]{2,}$")
_SITE = re.compile(r"^[A-Za-z0-9.-]+\.sharepoint\.(com|us|de|cn)(:/.+)?$")


@dataclass(frozen=True)
class MicrosoftConfig:
    """Where the Excel workbook lives in Microsoft 365 and how to sign in."""

    tenant: str = ""
    client_id: str = ""
    sign_in: Literal["user", "app"] = "user"
    folder: str = "sheets_sync"
    site: str | None = None
    item_id: str | None = None
    drive_id: str | None = None
    certificate_file: Path | None = None
    certificate_thumbprint: str | None = None
    secret_file: Path | None = None
    notify: bool = False


def parse_microsoft(path: Path, raw: dict[str, Any], *, required: bool) -> MicrosoftConfig:
    """The section's values, each checked; ``required`` when the backend is Microsoft."""

    def fail(key: str, problem: str) -> ConfigError:
        return ConfigError(f"{path}: microsoft.{key}: {problem}")

    for key in MICROSOFT_KEYS:
        if key != "notify" and key in raw and not isinstance(raw[key], str):
            raise fail(key, "must be text in quotes")
    if "notify" in raw and not isinstance(raw["notify"], bool):
        raise fail("notify", "write true or false")
    if not raw and not required:
        return MicrosoftConfig()
    for key, example in (("tenant", "contoso.onmicrosoft.com"), ("client_id", "GUID")):
        value = str(raw.get(key, "")).strip()
        if not value:
            raise fail(
                key, f'missing; ask IT for the app registration\'s {key} ({key} = "{example}")'
            )
        if key == "tenant" and not _GUID_OR_DOMAIN.match(value):
            raise fail("tenant", f"{value!r} is neither a directory id nor a domain")
    sign_in = raw.get("sign_in", "user")
    if sign_in not in ("user", "app"):
        raise fail("sign_in", f'{sign_in!r}: use "user" or "app"')
    site = (raw.get("site") or "").strip() or None
    if site is not None and not _SITE.match(site):
        raise fail(
            "site",
            f'{site!r}: write host:/sites/name, e.g. "contoso.sharepoint.com:/sites/ithrive"',
        )
    if sign_in == "app" and site is None:
        raise fail(
            "site",
            'an app (sign_in = "app") works on one SharePoint site: name it, e.g. '
            'site = "contoso.sharepoint.com:/sites/ithrive"',
        )

    def file(key: str) -> Path | None:
        value = raw.get(key)
        return (path.parent / Path(value).expanduser()).resolve() if value else None

    return MicrosoftConfig(
        tenant=str(raw["tenant"]).strip(),
        client_id=str(raw["client_id"]).strip(),
        sign_in=sign_in,
        folder=str(raw.get("folder", "sheets_sync")).strip("/ "),
        site=site,
        item_id=raw.get("item_id") or None,
        drive_id=raw.get("drive_id") or None,
        certificate_file=file("certificate_file"),
        certificate_thumbprint=raw.get("certificate_thumbprint") or None,
        secret_file=file("secret_file"),
        notify=bool(raw.get("notify", False)),
    )


def microsoft_config_lines(backend: str) -> list[str]:
    """The ``[microsoft]`` block ``sheets-sync init`` writes: live for a Microsoft workshop,
    commented out otherwise."""
    on = "" if backend == "microsoft" else "# "
    return [
        f"{on}[microsoft]",
        "# From the app registration IT made (README, 'Microsoft 365'): tenant and client id.",
        f'{on}tenant = "contoso.onmicrosoft.com"',
        f'{on}client_id = "00000000-0000-0000-0000-000000000000"',
        '# "user": you sign in once with `sheets-sync login --microsoft`; "app": automation.',
        f'{on}sign_in = "user"',
        "# The folder in your OneDrive, or with site, in that SharePoint site's documents.",
        f'{on}folder = "sheets_sync"',
        '# site = "contoso.sharepoint.com:/sites/ithrive"',
        "# Send Microsoft's 'shared with you' emails to facilitators and table editors.",
        f"{on}notify = false",
        "",
    ]
