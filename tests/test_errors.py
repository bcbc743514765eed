"""The one error tree: every error the package raises is defined in errors.py, under its base,
and drawn in its docstring."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import sheets_sync
from sheets_sync import errors


def _modules() -> list[str]:
    found = []
    for info in pkgutil.walk_packages(sheets_sync.__path__, "sheets_sync."):
        if ".fake" in info.name or info.name.endswith("__main__"):
            continue  # the fakes model other services' errors, not ours
        found.append(info.name)
    return found


def test_every_error_is_defined_in_the_tree() -> None:
    beside = []
    for name in _modules():
        module = importlib.import_module(name)
        for cls_name, cls in vars(module).items():
            if (
                inspect.isclass(cls)
                and issubclass(cls, BaseException)
                and cls.__module__ == name
                and not cls_name.startswith("_")
                and name != "sheets_sync.errors"
            ):
                beside.append(f"{name}.{cls_name}")
    assert beside == []


def test_every_error_in_errors_py_is_in_the_tree_and_its_drawing() -> None:
    classes = [
        cls
        for cls in vars(errors).values()
        if inspect.isclass(cls) and issubclass(cls, BaseException)
    ]
    assert classes and all(issubclass(c, errors.SheetsSyncError) for c in classes)
    drawing = errors.__doc__ or ""
    assert [c.__name__ for c in classes if c.__name__ not in drawing] == []
