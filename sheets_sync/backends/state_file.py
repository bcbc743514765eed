"""The small JSON file beside a workshop config where an online backend records which
workbook is the workshop's (spreadsheet or item id, URL, ids it looked up once)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sheets_sync.errors import ConfigError
from sheets_sync.files import write_text_atomically


def read_state(path: Path | None, *, found_again: str) -> dict[str, Any]:
    """The recorded state (``{}`` when there is no file). An unreadable or malformed file is a
    :class:`ConfigError` saying how the workbook is ``found_again`` if the file is deleted."""
    if path is None or not path.exists():
        return {}
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise ConfigError(
            f"{path}: the state file is unreadable; delete it (the workbook is found again "
            f"{found_again}) or restore it"
        ) from None
    if not isinstance(state, dict):
        raise ConfigError(f"{path}: the state file is not a JSON object")
    return state


def write_state(path: Path, state: dict[str, Any]) -> None:
    """Record ``state`` in ``path`` all at once (see :mod:`sheets_sync.files`)."""
    write_text_atomically(path, json.dumps(state, indent=2) + "\n")
