"""A person editing an .xlsx file in LibreOffice Calc, through its UNO bridge, and saving it.

Runs :mod:`tests.contract.uno_edit` with the system Python that has LibreOffice's ``uno``
module (Debian: python3-uno). :func:`libreoffice_person` skips on a developer's machine
without LibreOffice or the bridge, and fails in CI, which installs both (`.ci/run`).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from tests.tools import REPO, require, require_module

UNO_EDIT = REPO / "tests" / "contract" / "uno_edit.py"


class LibreOfficePerson:
    """Edits the file in LibreOffice (0-based rows and columns) and saves it as .xlsx."""

    def __init__(self, path: Path, profile: Path, python: str) -> None:
        self.path, self.profile, self.python = path, profile, python

    def _run(self, *ops: list[object]) -> None:
        subprocess.run(
            [self.python, str(UNO_EDIT), str(self.path), str(self.profile), json.dumps(ops)],
            check=True,
            capture_output=True,
            timeout=180,
        )

    def rename_tab(self, old: str, new: str) -> None:
        self._run(["rename", old, new])

    def insert_rows(self, title: str, before: int, count: int) -> None:
        self._run(["insert_rows", title, before, count])

    def delete_rows(self, title: str, first: int, count: int) -> None:
        self._run(["delete_rows", title, first, count])

    def add_tab(self, title: str) -> None:
        self._run(["add_tab", title])

    def type(self, title: str, cell: tuple[int, int], text: str) -> None:
        self._run(["type", title, cell[0], cell[1], text])


def libreoffice_person(path: Path, profile: Path) -> LibreOfficePerson:
    """A LibreOffice person for the file at ``path`` (skip, or fail in CI, without one)."""
    require("soffice", "libreoffice")
    python = shutil.which("python3", path="/usr/bin") or "/usr/bin/python3"
    return LibreOfficePerson(path, profile, require_module(python, "uno", "python3-uno"))
