"""An .xlsx file standing in for the online copy: known by its path, versioned by its bytes."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class FileOrigin:
    """An .xlsx standing in for the online copy: its path, and the SHA-256 of its bytes."""

    path: Path

    def identity(self) -> str:
        return str(self.path.resolve())

    def version(self) -> str | None:
        try:
            return hashlib.sha256(self.path.read_bytes()).hexdigest()
        except OSError:
            return None
