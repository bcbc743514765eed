"""sheets_sync: the i-THRIVE prioritisation and gap-analysis workshop on a shared workbook.

The library the ``sheets-sync`` command is built on. A workshop in five lines::

    from sheets_sync import Workshop, load_config, open_backend

    config = load_config("config/camden.toml")
    workshop = Workshop(config, open_backend(config))
    workshop.provision()
    print(workshop.sync().consensus.suggested)

Names are imported on first use, so ``import sheets_sync`` (and ``sheets-sync --help``) stays
light: pandas, openpyxl and the Google libraries load only when a name that needs them does.
The folders say the architecture: ``core`` (the pure rules), ``tabs`` (the workbook's tabs),
``workshop`` (the facade), ``merge`` and ``offline`` (the round trip), ``report``,
``backends`` (the port and its adapters) and ``cli``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

#: Every public name, and the module it lives in.
_HOMES: dict[str, str] = {
    "Workshop": "sheets_sync.workshop.facade",
    "ProvisionResult": "sheets_sync.workshop.facade",
    "SyncResult": "sheets_sync.workshop.facade",
    "GapResult": "sheets_sync.workshop.facade",
    "StatusResult": "sheets_sync.workshop.facade",
    "watch": "sheets_sync.workshop.watch",
    "load_config": "sheets_sync.config",
    "render_config": "sheets_sync.config",
    "WorkshopConfig": "sheets_sync.config",
    "open_backend": "sheets_sync.backends",
    "WorkbookBackend": "sheets_sync.backends.base",
    "WorkbookSnapshot": "sheets_sync.model",
    "Tab": "sheets_sync.model",
    "PRINCIPLES": "sheets_sync.core.principles",
    "Principle": "sheets_sync.core.principles",
    "resolve_principle": "sheets_sync.core.resolve",
    "validate_table": "sheets_sync.core.validate",
    "TableCheck": "sheets_sync.core.validate",
    "build_consensus": "sheets_sync.core.aggregate",
    "Consensus": "sheets_sync.core.aggregate",
    "OfflineSync": "sheets_sync.offline.sync",
    "workshop_frames": "sheets_sync.report.frames",
    "SheetsSyncError": "sheets_sync.errors",
}

__all__ = [
    "PRINCIPLES",
    "Consensus",
    "GapResult",
    "OfflineSync",
    "Principle",
    "ProvisionResult",
    "SheetsSyncError",
    "StatusResult",
    "SyncResult",
    "Tab",
    "TableCheck",
    "WorkbookBackend",
    "WorkbookSnapshot",
    "Workshop",
    "WorkshopConfig",
    "build_consensus",
    "load_config",
    "open_backend",
    "render_config",
    "resolve_principle",
    "validate_table",
    "watch",
    "workshop_frames",
]

if TYPE_CHECKING:
    from sheets_sync.backends import open_backend
    from sheets_sync.backends.base import WorkbookBackend
    from sheets_sync.config import WorkshopConfig, load_config, render_config
    from sheets_sync.core.aggregate import Consensus, build_consensus
    from sheets_sync.core.principles import PRINCIPLES, Principle
    from sheets_sync.core.resolve import resolve_principle
    from sheets_sync.core.validate import TableCheck, validate_table
    from sheets_sync.errors import SheetsSyncError
    from sheets_sync.model import Tab, WorkbookSnapshot
    from sheets_sync.offline.sync import OfflineSync
    from sheets_sync.report.frames import workshop_frames
    from sheets_sync.workshop.facade import (
        GapResult,
        ProvisionResult,
        StatusResult,
        SyncResult,
        Workshop,
    )
    from sheets_sync.workshop.watch import watch


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'sheets_sync' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
