"""The port (:mod:`~sheets_sync.backends.base`) and the adapters behind it, one folder each
(``xlsx/``, ``google/``), plus ``memory/``, a store in memory for tests; :func:`open_backend`
picks the one the workshop config names. A new backend is a new folder here and one branch below.

The factories are the one seam where an adapter's libraries (openpyxl; gspread, google-auth and
requests; msal) are imported, inside the call, so code that only names a backend stays cheap to
import: ``sheets-sync --help`` loads none of them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sheets_sync.backends.base import WorkbookBackend
from sheets_sync.errors import ConfigError

if TYPE_CHECKING:  # config reads backends/microsoft/settings.py, which loads this package
    from sheets_sync.config import WorkshopConfig


def xlsx_backend(
    path: Path | str, *, clock: Callable[[], datetime] | None = None
) -> WorkbookBackend:
    """The .xlsx file at ``path`` as a backend (``clock`` names its backups)."""
    from sheets_sync.backends.xlsx.adapter import XlsxBackend

    return XlsxBackend(path, clock=clock) if clock else XlsxBackend(path)


def open_backend(
    config: WorkshopConfig, *, clock: Callable[[], datetime] | None = None
) -> WorkbookBackend:
    """The backend the config names: the local .xlsx file, the Google workbook, or the Excel
    workbook in Microsoft 365."""
    if config.backend == "xlsx":
        if config.workbook is None:
            raise ConfigError(f"{config.path}: backend.path: name the .xlsx file")
        return xlsx_backend(config.workbook, clock=clock)
    if config.backend == "microsoft":
        from sheets_sync.backends.microsoft.factory import open_microsoft_backend

        return open_microsoft_backend(config)
    from sheets_sync.backends.google.factory import open_google_backend

    return open_google_backend(config)
