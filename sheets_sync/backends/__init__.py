"""The port (:mod:`~sheets_sync.backends.base`) and the adapters behind it, one folder each
(``xlsx/``, ``google/``), plus ``memory/``, a store in memory for tests; :func:`open_backend`
picks the one the workshop config names. A new backend is a new folder here and one branch below."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sheets_sync.backends.base import WorkbookBackend
from sheets_sync.config import WorkshopConfig
from sheets_sync.errors import ConfigError


def open_backend(
    config: WorkshopConfig, *, clock: Callable[[], datetime] | None = None
) -> WorkbookBackend:
    """The backend the config names: the local .xlsx file, the Google workbook, or the Excel
    workbook in Microsoft 365."""
    if config.backend == "xlsx":
        from sheets_sync.backends.xlsx.adapter import XlsxBackend

        if config.workbook is None:
            raise ConfigError(f"{config.path}: backend.path: name the .xlsx file")
        return XlsxBackend(config.workbook, clock=clock) if clock else XlsxBackend(config.workbook)
    if config.backend == "microsoft":
        from sheets_sync.backends.microsoft.factory import open_microsoft_backend

        return open_microsoft_backend(config)
    from sheets_sync.backends.google.factory import open_google_backend

    return open_google_backend(config)
