"""Finding the external tools some tests need (LibreOffice, Chromium).

On a developer's machine a missing tool skips the test with the reason; in CI (``CI=true``)
it fails, because `.ci/run` installs these tools and a missing one is a broken build.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import NoReturn

import pytest


def require(*names: str) -> str:
    """The path of the first of ``names`` on PATH; skip (or fail in CI) when none is."""
    for name in names:
        path = shutil.which(name)
        if path:
            return path
    _missing(f"needs {' or '.join(names)} (Debian: see .ci/run)")


def require_module(python: str, module: str, package: str) -> str:
    """``python`` when it can import ``module`` (a system package's bridge, such as
    LibreOffice's ``uno``); skip (or fail in CI) when it cannot."""
    probe = subprocess.run([python, "-c", f"import {module}"], capture_output=True, check=False)
    if probe.returncode != 0:
        _missing(f"needs {python} with the {module!r} module (Debian: {package}, see .ci/run)")
    return python


def _missing(message: str) -> NoReturn:
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"CI must have this tool: {message}")
    pytest.skip(message)


#: The checkout's root, its ``tests/fixtures`` and the shared seeds beside the checkout.
REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures"
SEEDS = REPO.parent / "shared" / "seeds"


def require_file(path: Path, how: str) -> Path:
    """``path`` when it exists; skip (or fail in CI) when it does not, saying ``how`` to get it."""
    if not path.is_file():
        _missing(f"needs {path.relative_to(REPO) if path.is_relative_to(REPO) else path} ({how})")
    return path
