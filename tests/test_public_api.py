"""The library's public surface: ``__all__`` is complete, every name resolves, and importing
the package loads none of the heavy libraries."""

from __future__ import annotations

import inspect
import subprocess
import sys

import pytest

import sheets_sync
from tests.tools import REPO


def test_every_public_name_resolves_to_its_home() -> None:
    for name in sheets_sync.__all__:
        value = getattr(sheets_sync, name)
        home = sheets_sync._HOMES[name]
        assert getattr(value, "__module__", home) == home or not inspect.isclass(value), name


def test_all_names_what_the_readme_and_cli_use() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    used = {"Workshop", "load_config", "open_backend", "workshop_frames"}
    assert used <= set(sheets_sync.__all__)
    assert all(name in readme for name in used)


def test_all_is_complete() -> None:
    public = {n for n in sheets_sync._HOMES if not n.startswith("_")}
    assert sorted(sheets_sync.__all__) == sorted(public)
    assert all(name in sheets_sync.__all__ for name in vars(sheets_sync) if name in public)
    assert set(dir(sheets_sync)) >= public


def test_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no_such_thing"):
        sheets_sync.no_such_thing  # type: ignore[attr-defined]  # noqa: B018


def test_importing_the_package_loads_no_heavy_library() -> None:
    code = (
        "import sys, sheets_sync; "
        "print(sorted(m for m in ('pandas', 'numpy', 'openpyxl', 'gspread', 'google.auth', "
        "'requests') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
