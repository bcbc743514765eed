"""Which two copies an offline command works between, from the config and ``--online``/``--local``.

The copies (documented in the README, "Offline and back"):

* **online** — ``--online PATH``, an .xlsx that stands in for it (a shared file on a network
  drive, or the facilitator's master copy); else the workshop's Google or Excel Online
  workbook (``backend.kind`` ``"google"`` or ``"microsoft"``), or its workbook at
  ``backend.path`` when ``"xlsx"``;
* **local** — ``--local PATH``; else, for a Google or Microsoft workshop, the config's
  ``backend.path`` (its offline mirror); else ``<config stem>-offline.xlsx`` beside the config.
"""

from __future__ import annotations

from pathlib import Path

from sheets_sync.backends import open_backend, xlsx_backend
from sheets_sync.backends.base import WorkbookBackend
from sheets_sync.config import WorkshopConfig, load_config
from sheets_sync.errors import ConfigError
from sheets_sync.offline.codec import StoredSnapshot
from sheets_sync.offline.history import History, history_folder
from sheets_sync.offline.look import WorkshopLook
from sheets_sync.offline.sync import OfflineSync
from sheets_sync.tabs.templates import load_templates


def online_copy(config: WorkshopConfig, online_path: Path | None) -> WorkbookBackend:
    """The online workbook: ``online_path`` (an .xlsx standing in for it), else the config's
    (the Google workbook, or the .xlsx at ``backend.path``)."""
    if online_path is not None:
        if online_path.suffix.lower() != ".xlsx":
            raise ConfigError(f"--online {online_path}: name an .xlsx file")
        return xlsx_backend(online_path)
    return open_backend(config)


def local_copy_path(config: WorkshopConfig, local_path: Path | None) -> Path:
    """The local mirror: ``local_path``; else a Google workshop's ``backend.path``; else
    ``<config>-offline.xlsx`` (an xlsx workshop's ``backend.path`` is its online copy)."""
    if local_path is not None:
        return local_path
    if config.backend in ("google", "microsoft") and config.workbook is not None:
        return config.workbook
    return config.path.with_name(f"{config.path.stem}-offline.xlsx")


def offline_sync(
    config_path: Path, online_path: Path | None, local_path: Path | None
) -> OfflineSync:
    """The two copies a command works between, with the workshop's look and its history."""
    config = load_config(config_path)
    online = online_copy(config, online_path)
    local = local_copy_path(config, local_path)
    online_file = online_path or (config.workbook if config.backend == "xlsx" else None)
    if online_file is not None and online_file.resolve() == local.resolve():
        raise ConfigError(
            f"the online copy and the local mirror are the same file ({local}): "
            "name another with --local PATH"
        )
    history = History(history_folder(config.path))

    def keep(stored: StoredSnapshot, event: str) -> None:
        history.record(stored, event)

    return OfflineSync(
        online,
        xlsx_backend(local),
        look=WorkshopLook(config, load_templates(config.templates)),
        on_base=keep,
    )
