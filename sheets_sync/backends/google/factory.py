"""Building the Google backend from a workshop config (credentials, ids, sharing)."""

from __future__ import annotations

from sheets_sync.backends.base import WorkbookBackend
from sheets_sync.backends.google.auth import load_credentials
from sheets_sync.config import WorkshopConfig


def share_targets(config: WorkshopConfig) -> list[tuple[str, str]]:
    """Who gets edit access: facilitators and every table's editors, each once."""
    seen: dict[str, str] = {}
    for email in config.facilitators:
        seen.setdefault(email.lower(), email)
    for table in config.tables:
        for email in table.editors:
            seen.setdefault(email.lower(), email)
    return [(email, "writer") for email in seen.values()]


def open_google_backend(config: WorkshopConfig) -> WorkbookBackend:
    """The shared Google workbook of this workshop (created by `provision` if needed)."""
    from sheets_sync.backends.google.adapter import GoogleSheetsBackend
    from sheets_sync.backends.google.retry import RetryPolicy

    credentials = load_credentials(config.google.credentials)
    return GoogleSheetsBackend(
        credentials,
        spreadsheet_id=config.google.spreadsheet_id,
        title=f"{config.title}: {config.locality}",
        folder_id=config.google.folder_id,
        workshop_id=config.workshop_id,
        state_file=config.state_file,
        share_with=share_targets(config),
        notify=config.google.notify,
        retry=RetryPolicy(rate_limit_total=config.google.rate_limit_wait),
    )
