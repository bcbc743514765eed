"""The README runs as written: every `sheets-sync …` command in it, in its order, on a sample
workshop on the default xlsx backend, from a folder laid out as the README assumes."""

from __future__ import annotations

import glob
import os
import re
import shlex
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from sheets_sync.cli.app import cli
from sheets_sync.core.principles import BY_CODE
from sheets_sync.tabs.consensus import CONSENSUS_LAYOUT
from sheets_sync.tabs.table import table_layout
from sheets_sync.tabs.templates import load_templates
from sheets_sync.workshop.demo import ENTRIES
from sheets_sync.workshop.watch import WatchTiming
from tests.tools import REPO

#: Commands that need a person at a browser signing in to Google: checked to parse, not run.
NEEDS_A_PERSON = {"login"}
FIRST = table_layout(load_templates()).first_entry + 1


def readme_commands() -> list[str]:
    """Every command as the README writes it: inline code and shell lines, comments cut."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    found: list[tuple[int, str]] = []
    for m in re.finditer(r"`(sheets-sync [^`]+)`", text):
        found.append((m.start(), m.group(1)))
    for block in re.finditer(r"```sh\n(.*?)```", text, re.DOTALL):
        for line in block.group(1).splitlines():
            if line.startswith("sheets-sync "):
                at = block.start(1) + block.group(1).index(line)
                found.append((at, line.split("#")[0].strip()))
    return [re.sub(r"\s*\[[^\]]*\]", "", cmd) for _, cmd in sorted(found)]


def test_the_readme_lists_the_commands_people_run() -> None:
    commands = readme_commands()
    assert len(commands) >= 20
    names = {shlex.split(c)[1] for c in commands}
    assert {"init", "provision", "sync", "mirror", "push", "collect", "history"} <= names


def _prepare_room(folder: Path) -> None:
    """What happens in the room between provision and the rest: tables type a valid five,
    the facilitator agrees the five, and a second locality exists for the rollup."""
    book = folder / "config" / "camden.xlsx"
    wb = openpyxl.load_workbook(book)
    for n in range(1, 7):
        for i, (rank, principle, why) in enumerate(ENTRIES[1]):
            ws = wb[f"Table {n}"]
            ws.cell(FIRST + i, 1).value = rank  # type: ignore[assignment]
            ws.cell(FIRST + i, 2).value = principle
            ws.cell(FIRST + i, 3).value = why
    five = ["MESO-3", "MICRO-1", "MACRO-2", "MICRO-4", "MESO-5"]
    for i, code in enumerate(five):
        wb["Consensus"].cell(CONSENSUS_LAYOUT.agreed + 2 + i, 2).value = BY_CODE[code].label
    wb.save(book)
    islington = str(folder / "config" / "islington.toml")
    for args in (
        ["init", "--locality", "Islington", "-o", islington],
        ["provision", "-c", islington],
    ):
        assert CliRunner().invoke(cli, args).exit_code == 0


def _argv(command: str, folder: Path) -> list[str]:
    """The shell's reading of the line: words, and globs expanded in ``folder``."""
    out: list[str] = []
    for word in shlex.split(command)[1:]:
        matches = sorted(glob.glob(word, root_dir=folder)) if "*" in word else []
        out += matches or [word]
    return out


def test_every_readme_command_runs_as_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SHEETS_SYNC_CONFIG", "config/camden.toml")
    timing = WatchTiming(sleep=lambda _s: None, clock=lambda: 0.0, cycles=2)
    prepared = False
    ran = []
    for command in readme_commands():
        argv = _argv(command, tmp_path)
        if argv[0] in NEEDS_A_PERSON:
            result = CliRunner().invoke(cli, [argv[0], "--help"])
            assert result.exit_code == 0, command
            continue
        result = CliRunner().invoke(cli, argv, obj=timing)
        shown = f"{command!r} → exit {result.exit_code}: {result.output}{result.exception!r}"
        assert result.exit_code == 0, shown
        assert result.exception is None or isinstance(result.exception, SystemExit), shown
        ran.append(argv[0])
        if argv[0] == "provision" and not prepared:
            _prepare_room(tmp_path)
            prepared = True
    assert {"gap", "report", "rollup", "mirror", "push", "export-tables", "collect"} <= set(ran)
    assert (tmp_path / "report.html").exists() and (tmp_path / "laptop.xlsx").exists()
    assert sorted(os.listdir(tmp_path / "tables")) == [f"Table {n}.xlsx" for n in range(1, 7)]
