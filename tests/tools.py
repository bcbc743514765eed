"""Finding the external tools some tests need (LibreOffice, Chromium).

On a developer's machine a missing tool skips the test with the reason; in CI (``CI=true``)
it fails, because `.ci/run` installs these tools and a missing one is a broken build.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest


def require(*names: str) -> str:
    """The path of the first of ``names`` on PATH; skip (or fail in CI) when none is."""
    for name in names:
        path = shutil.which(name)
        if path:
            return path
    message = f"needs {' or '.join(names)} (Debian: see .ci/run)"
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"CI must have this tool: {message}")
    pytest.skip(message)


#: The checkout's root, its ``tests/fixtures`` and the shared seeds beside the checkout.
REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures"
SEEDS = REPO.parent / "shared" / "seeds"
