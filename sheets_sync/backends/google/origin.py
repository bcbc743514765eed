"""The Google workbook's identity and Drive version, for the snapshot a mirror stores.

One Drive ``files.get`` (``fields=version``) per :meth:`GoogleOrigin.version`; it goes through
the backend's own HTTP client, so it shares its credentials, retries and timeouts. Drive bumps
``version`` on every change to the file, so a stored snapshot says exactly which state of the
spreadsheet it is (or is at least as new as: the version is asked for before the read).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from gspread.urls import DRIVE_FILES_API_V3_URL

from sheets_sync.backends.google.http_client import GoogleHTTPClient
from sheets_sync.errors import ApiError


class _Spreadsheet(Protocol):
    """What the origin needs of the Google backend: its id (once found) and its HTTP client."""

    @property
    def spreadsheet_id(self) -> str | None: ...

    @property
    def http(self) -> GoogleHTTPClient: ...

    def exists(self) -> bool: ...

    def location(self) -> str: ...


@dataclass(frozen=True)
class GoogleOrigin:
    """A Google Sheets workbook reached through a ``GoogleSheetsBackend``."""

    backend: _Spreadsheet

    def identity(self) -> str:
        """The spreadsheet id (found in Drive first if the backend does not know it yet)."""
        if self.backend.spreadsheet_id is None:
            self.backend.exists()
        return self.backend.spreadsheet_id or self.backend.location()

    def version(self) -> str | None:
        """Drive's version of the spreadsheet file; ``None`` if Drive will not say."""
        sid = self.identity()
        try:
            answer = self.backend.http.call(
                "GET",
                f"{DRIVE_FILES_API_V3_URL}/{sid}",
                what=f"asking Google Drive for the version of spreadsheet {sid}",
                params={"fields": "version", "supportsAllDrives": "true"},
            )
        except ApiError:
            return None
        version = answer.get("version")
        return str(version) if version is not None else None
