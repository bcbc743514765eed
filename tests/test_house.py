"""The package's layout keeps its promises: a short top level, small modules, no import
circle, and benchmarks that do not lean on the test suite."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.tools import REPO

PACKAGE = REPO / "sheets_sync"


def _module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in PACKAGE.rglob("*.py")}


def _top_level_imports(path: Path, known: set[str]) -> set[str]:
    """Modules ``path`` imports when it is loaded (not inside functions or TYPE_CHECKING)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for a in node.names:
                sub = f"{node.module}.{a.name}"
                found.add(sub if sub in known else node.module)
    return {m for m in found if m in known}


def test_top_level_has_at_most_twelve_entries() -> None:
    entries = [
        p.name
        for p in PACKAGE.iterdir()
        if (p.suffix == ".py" and p.stem not in ("__init__", "__main__"))
        or (p.is_dir() and (p / "__init__.py").exists())
    ]
    assert len(entries) <= 12, sorted(entries)


def test_no_module_is_over_400_lines() -> None:
    long = {
        str(p.relative_to(REPO)): n
        for p in PACKAGE.rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400
    }
    assert long == {}


def test_no_import_circle() -> None:
    modules = _modules()
    known = set(modules)
    graph = {m: _top_level_imports(p, known) - {m} for m, p in modules.items()}
    faces = {m for m, p in modules.items() if p.name == "__init__.py"}
    circles: list[list[str]] = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(m: str) -> None:
        state[m] = 1
        stack.append(m)
        for n in sorted(graph[m] - faces):
            if state.get(n) == 1:
                circles.append([*stack[stack.index(n) :], n])
            elif n not in state:
                visit(n)
        stack.pop()
        state[m] = 2

    for m in sorted(set(graph) - faces):
        if m not in state:
            visit(m)
    assert circles == []


def _imported(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def test_bench_imports_nothing_from_tests() -> None:
    leaning = {
        str(p.relative_to(REPO)): sorted(m for m in _imported(p) if m.split(".")[0] == "tests")
        for p in (REPO / "bench").rglob("*.py")
    }
    assert {k: v for k, v in leaning.items() if v} == {}


def test_the_tests_mirror_the_package() -> None:
    folders = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    tested = {p.name for p in (REPO / "tests").iterdir() if (p / "__init__.py").exists()}
    assert folders <= tested
