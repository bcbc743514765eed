"""The Drive side of a Google workbook: find it, create it, back it up, share it.

A workbook is tied to its workshop by the Drive app property ``sheets_sync_workshop`` (visible
only to this app), so it can be found again without a state file, and a create whose answer
was lost is found instead of repeated. Backups drop that property, so "the" workbook of a
workshop stays unique. Every call asks for ``supportsAllDrives`` so that shared drives, where
service accounts must keep their files, work like My Drive.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from gspread.urls import DRIVE_FILES_API_V3_URL

from sheets_sync.backends.google.http_client import GoogleHTTPClient
from sheets_sync.errors import ApiError, UncertainOutcome

SPREADSHEET_MIME = "application/vnd.google-apps.spreadsheet"
WORKSHOP_PROPERTY = "sheets_sync_workshop"
BACKUP_PROPERTY = "sheets_sync_backup_of"


def spreadsheet_url(spreadsheet_id: str) -> str:
    """The address people open: ``https://docs.google.com/spreadsheets/d/<id>/edit``."""
    return f"https://docs.google.com/spreadsheets/d/{spreadsheet_id}/edit"


class DriveFiles:
    """Drive requests for one workshop's workbook, with errors that say what to do."""

    def __init__(
        self,
        http: GoogleHTTPClient,
        *,
        account: str,
        workshop_id: str,
        title: str,
        folder_id: str | None,
    ) -> None:
        self.http = http
        self.account = account
        self.workshop_id = workshop_id
        self.title = title
        self.folder_id = folder_id

    def find(self) -> str | None:
        """The workshop's workbook (the oldest, if copies kept the property), or ``None``."""
        value = self.workshop_id.replace("\\", "\\\\").replace("'", "\\'")
        query = (
            f"appProperties has {{ key='{WORKSHOP_PROPERTY}' and value='{value}' }} "
            f"and mimeType = '{SPREADSHEET_MIME}' and trashed = false"
        )
        answer = self.http.call(
            "GET",
            DRIVE_FILES_API_V3_URL,
            what=f"looking for the workbook of workshop {self.workshop_id!r} in Google Drive",
            params={
                "q": query,
                "fields": "files(id,createdTime)",
                "pageSize": 10,
                "corpora": "allDrives",
                "includeItemsFromAllDrives": "true",
                "supportsAllDrives": "true",
            },
        )
        files = [f for f in answer.get("files") or [] if isinstance(f, dict) and f.get("id")]
        files.sort(key=lambda f: str(f.get("createdTime", "")))
        return str(files[0]["id"]) if files else None

    def create(self) -> str:
        """A new, empty spreadsheet tagged with the workshop; its id.

        ``files.create`` is not safe to repeat, so when an answer is lost the workbook is
        looked for before trying again: one workshop never gets two workbooks.
        """
        body: dict[str, Any] = {
            "name": self.title,
            "mimeType": SPREADSHEET_MIME,
            "appProperties": {WORKSHOP_PROPERTY: self.workshop_id},
        }
        if self.folder_id:
            body["parents"] = [self.folder_id]
        retrier = self.http.retrier
        started = retrier.clock()
        tries = 0
        while True:
            tries += 1
            try:
                answer = self.http.call(
                    "POST",
                    DRIVE_FILES_API_V3_URL,
                    what="creating the workbook in Google Drive",
                    params={"supportsAllDrives": "true", "fields": "id"},
                    json=body,
                    replay_safe=False,
                )
                return str(answer["id"])
            except UncertainOutcome:
                found = self.find()
                if found is not None:
                    return found
            except ApiError as exc:
                raise self.explain(exc) from None
            if not retrier.pause(tries, started, "creating the workbook"):
                raise ApiError(
                    "Google did not confirm creating the workbook and it cannot be found in "
                    "Drive: check the network connection and run the command again"
                )

    def backup(self, spreadsheet_id: str) -> str:
        """Copy the workbook (untagged, beside it or in the folder); the copy's URL."""
        stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
        body: dict[str, Any] = {
            "name": f"{self.title} (backup {stamp})",
            "appProperties": {WORKSHOP_PROPERTY: None, BACKUP_PROPERTY: self.workshop_id},
        }
        if self.folder_id:
            body["parents"] = [self.folder_id]
        try:
            answer = self.http.call(
                "POST",
                f"{DRIVE_FILES_API_V3_URL}/{spreadsheet_id}/copy",
                what=f"backing up spreadsheet {spreadsheet_id}",
                params={"supportsAllDrives": "true", "fields": "id"},
                json=body,
            )
        except ApiError as exc:
            raise self.explain(exc) from None
        return spreadsheet_url(str(answer["id"]))

    def share(
        self, spreadsheet_id: str, targets: Sequence[tuple[str, str]], *, notify: bool
    ) -> None:
        """Give each ``(email, role)`` access: one request per person. Tries them all, then
        raises one :class:`ApiError` naming everyone it could not share with."""
        failed: list[str] = []
        for email, role in targets:
            try:
                self.http.call(
                    "POST",
                    f"{DRIVE_FILES_API_V3_URL}/{spreadsheet_id}/permissions",
                    what=f"sharing spreadsheet {spreadsheet_id} with {email}",
                    params={
                        "supportsAllDrives": "true",
                        "sendNotificationEmail": "true" if notify else "false",
                        "fields": "id",
                    },
                    json={"type": "user", "role": role, "emailAddress": email},
                )
            except ApiError as exc:
                failed.append(f"{email} ({exc.status or 'no answer'} {exc.reason or ''})".strip())
        if failed:
            raise ApiError(
                f"the workbook {spreadsheet_url(spreadsheet_id)} is ready but could not be "
                f"shared with {'; '.join(failed)}: share it from the Share button in Google Sheets"
            )

    def explain(self, exc: ApiError) -> ApiError:
        """The error to show for a refused create or copy (no retry can fix these)."""
        if exc.reason == "storageQuotaExceeded":
            return ApiError(
                f"Google Drive refused to store a new workbook for {self.account}: a service "
                "account has no Drive storage of its own. Put the id of a folder in a shared "
                "drive (shared with the service account as Content manager) in google.folder_id, "
                "or sign in as a person with `sheets-sync login`",
                exc.status,
                exc.reason,
            )
        if self.folder_id and exc.status in (403, 404):
            return ApiError(
                f"{self.account} cannot add a workbook to Drive folder {self.folder_id} "
                f"({exc.status} {exc.reason or ''}): check google.folder_id and share that "
                f"folder with {self.account} as Editor or Content manager",
                exc.status,
                exc.reason,
            )
        return exc
