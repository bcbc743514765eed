"""Every CLI command in-process, on a real .xlsx workbook, as a facilitator would run them."""

from __future__ import annotations

import importlib
import json
from pathlib import Path

import openpyxl
import pytest

from sheets_sync.backends.google.fake.fake import FakeGoogle
from sheets_sync.cli import main
from sheets_sync.cli.app import cli
from sheets_sync.cli.main import COMMANDS
from sheets_sync.core.principles import BY_CODE
from sheets_sync.tabs.consensus import CONSENSUS_LAYOUT
from sheets_sync.tabs.table import table_layout
from sheets_sync.tabs.templates import load_templates
from sheets_sync.workshop.demo import ENTRIES, FIXES
from tests.tools import REPO

FIRST = table_layout(load_templates()).first_entry + 1  # 1-based row of rank 1


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def cfg(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "camden.toml"
    code, out, _ = run(capsys, "init", "--locality", "Camden", "--tables", "6", "-o", str(path))
    assert code == 0
    assert "Wrote" in out
    return path


def type_entries(xlsx: Path, entries: dict[int, list[tuple[object, str, str]]]) -> None:
    """Edit the workbook with openpyxl the way a person's spreadsheet program would."""
    wb = openpyxl.load_workbook(xlsx)
    for n, rows in entries.items():
        ws = wb[f"Table {n}"]
        for i, (rank, principle, why) in enumerate(rows):
            ws.cell(FIRST + i, 1).value = rank  # type: ignore[assignment]
            ws.cell(FIRST + i, 2).value = principle
            ws.cell(FIRST + i, 3).value = why
    wb.save(xlsx)


def test_every_command_has_help(capsys: pytest.CaptureFixture[str]) -> None:
    for name in COMMANDS:
        code, out, _ = run(capsys, name, "--help")
        assert code == 0
        assert "Example" in out or name == "demo" or "sheets-sync" in out, name


def test_the_registry_names_every_command_with_its_own_summary() -> None:
    for module in {c.module for c in COMMANDS.values()}:
        importlib.import_module(module)
    assert set(cli.commands) == set(COMMANDS)
    for name, lazy in COMMANDS.items():
        assert lazy.module == cli.commands[name].callback.__module__, name  # type: ignore[union-attr]
        first = " ".join((cli.commands[name].help or "").split("\n\n")[0].split())
        assert lazy.summary == first, name


def test_whole_workshop_through_the_cli(cfg: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "provision", "-c", str(cfg))
    assert code == 0, out
    xlsx = cfg.with_suffix(".xlsx")
    assert xlsx.exists()
    type_entries(xlsx, ENTRIES)

    code, out, _ = run(capsys, "validate", "-c", str(cfg), "--json")
    assert code == 1
    states = {c["table"]: c["state"] for c in json.loads(out)["checks"]}
    assert states["Table 4"] == "invalid"
    assert states["Table 1"] == "valid"

    type_entries(xlsx, {4: [(r, p, "fixed") for r, p in [(1, "MESO-3"), *FIXES[4]]]})
    type_entries(
        xlsx,
        {
            5: [
                (1, "MICRO-1", ""),
                (2, "MESO-3", ""),
                (3, "MACRO-2", ""),
                (4, "MICRO-4", ""),
                (5, "MESO-1", ""),
            ]
        },
    )
    code, out, _ = run(capsys, "validate", "-c", str(cfg))
    assert code == 0, out

    code, out, _ = run(capsys, "sync", "-c", str(cfg), "--json")
    assert code == 0
    suggested = json.loads(out)["consensus"]["suggested"]
    assert suggested[0] == "MESO-3"

    code, _, err = run(capsys, "gap", "-c", str(cfg))
    assert code != 0
    assert "not confirmed" in err
    assert "Traceback" not in err

    wb = openpyxl.load_workbook(xlsx)
    ws = wb["Consensus"]
    five = ["MESO-3", "MICRO-1", "MACRO-2", "MICRO-2", "MACRO-1"]
    for i, code_ in enumerate(five):
        ws.cell(CONSENSUS_LAYOUT.agreed + 2 + i, 2).value = BY_CODE[code_].label
    wb.save(xlsx)
    code, out, _ = run(capsys, "gap", "-c", str(cfg), "--json")
    assert code == 0
    assert json.loads(out)["tabs"][0]["title"] == "Gap 1 - MESO-3"

    code, out, _ = run(capsys, "status", "-c", str(cfg))
    assert code == 0
    assert "6 valid, 0 invalid, 0 empty" in out
    assert "confirmed" in out


def test_status_never_calls_a_cleared_agreed_block_confirmed(
    cfg: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "provision", "-c", str(cfg))[0] == 0
    xlsx = cfg.with_suffix(".xlsx")
    type_entries(xlsx, {n: ENTRIES[n] for n in (1, 2, 3, 6)})
    run(capsys, "sync", "-c", str(cfg))
    wb = openpyxl.load_workbook(xlsx)
    for i in range(5):
        wb["Consensus"].cell(CONSENSUS_LAYOUT.agreed + 2 + i, 2).value = None
    wb.save(xlsx)
    _, out, _ = run(capsys, "status", "-c", str(cfg))
    assert "(confirmed)" not in out
    assert "(empty; the next sync shows the suggestion again)" in out
    run(capsys, "sync", "-c", str(cfg))
    _, out, _ = run(capsys, "status", "-c", str(cfg))
    assert "(still showing the suggestion)" in out


def test_errors_are_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "sync", "-c", str(tmp_path / "nope.toml"))
    assert code == 2
    assert err.startswith("error: ") and err.count("\n") == 1
    bad = tmp_path / "bad.toml"
    bad.write_text("[workshop]\nlocality = 'X'\n[[tables]]\nname = 'T'\n")
    code, _, err = run(capsys, "validate", "-c", str(bad))
    assert code == 2
    assert "provision" in err
    bad.with_suffix(".xlsx").write_text("not a workbook")
    code, _, err = run(capsys, "validate", "-c", str(bad))
    assert code == 2
    assert "bad.xlsx" in err
    assert "Traceback" not in err


def test_provision_refuses_nothing_and_force_keeps_a_backup(
    cfg: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "provision", "-c", str(cfg))[0] == 0
    code, out, _ = run(capsys, "provision", "-c", str(cfg))
    assert code == 0
    assert "nothing to do" in out
    code, out, _ = run(capsys, "provision", "-c", str(cfg), "--force", "--json")
    assert code == 0
    backup = json.loads(out)["backup"]
    assert backup and Path(backup).exists()


def test_init_refuses_to_overwrite(cfg: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "init", "--locality", "X", "-o", str(cfg))
    assert code == 2
    assert "--overwrite" in err


def test_demo_runs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "demo", "--out", str(tmp_path / "d"), "--json")
    assert code == 0
    steps = json.loads(out)
    assert [s["name"] for s in steps][-1] == "status"
    assert (tmp_path / "d" / "sampleton.xlsx").exists()


def test_login_with_a_bad_client_file_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secrets = tmp_path / "client_secret.json"
    secrets.write_text('{"type": "service_account"}')
    code, _, err = run(capsys, "login", "--client-secrets", str(secrets), "--no-browser")
    assert code == 2
    assert "client_secret.json" in err
    assert err.count("\n") == 1


def test_verbose_never_logs_credentials(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    service_account_file: Path,
    google_fake: FakeGoogle,
) -> None:
    cfg = tmp_path / "g.toml"
    cfg.write_text(
        "[workshop]\nlocality = 'X'\n[[tables]]\nname = 'T'\n[backend]\nkind = 'google'\n"
        f"[google]\ncredentials = '{service_account_file}'\nspreadsheet_id = 'missing-id'\n"
    )
    code, out, err = run(capsys, "-v", "status", "-c", str(cfg))
    assert code != 0
    key = json.loads(service_account_file.read_text())["private_key"]
    body = key.split("-----")[2].strip().splitlines()[1]
    assert body not in out + err
    assert "PRIVATE KEY" not in out + err
    assert "missing-id" in err
    assert google_fake.count() >= 1
    assert "Bearer" not in out + err


def test_every_command_is_documented_in_the_readme() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for name in COMMANDS:
        assert f"sheets-sync {name}" in readme or f"`{name}`" in readme, name


def test_python_dash_m_and_the_console_script_both_run() -> None:
    import shutil
    import subprocess
    import sys

    module = subprocess.run(
        [sys.executable, "-m", "sheets_sync", "--help"], capture_output=True, text=True, check=False
    )
    assert module.returncode == 0 and "Usage: sheets-sync" in module.stdout
    script = shutil.which("sheets-sync", path=str(Path(sys.executable).parent))
    assert script is not None, "the sheets-sync console script is not installed beside python"
    console = subprocess.run([script, "--help"], capture_output=True, text=True, check=False)
    assert console.returncode == 0 and console.stdout == module.stdout


def test_status_lines_and_click_errors_use_one_style(
    cfg: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "provision", "-c", str(cfg))[0] == 0
    xlsx = cfg.with_suffix(".xlsx")
    type_entries(xlsx, {1: ENTRIES[1]})
    run(capsys, "validate", "-c", str(cfg))
    status = openpyxl.load_workbook(xlsx)["Table 1"].cell(FIRST, 7).value
    assert status == "Valid: 5 priorities"
    code, _, err = run(capsys, "sync", "-c", str(cfg), "--nope")
    assert code == 2
    said = "No such option '--nope'. Did you mean '--force'?"
    assert err == f"error: {said} See `sheets-sync sync --help`.\n"
    code, _, err = run(capsys, "init")
    assert (
        code == 2 and err.startswith("error: Missing option '--locality'.") and err.count("\n") == 1
    )


def test_a_deleted_table_tab_never_stops_the_sync(
    cfg: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "provision", "-c", str(cfg))[0] == 0
    xlsx = cfg.with_suffix(".xlsx")
    order = openpyxl.load_workbook(xlsx).sheetnames
    type_entries(xlsx, {n: ENTRIES[n] for n in (1, 2, 3, 6)})
    wb = openpyxl.load_workbook(xlsx)
    del wb["Table 4"]
    wb.save(xlsx)
    code, out, err = run(capsys, "sync", "-c", str(cfg))
    assert code == 1, err
    assert "missing" in out and "sheets-sync provision" in out and "Traceback" not in err
    consensus = openpyxl.load_workbook(xlsx)["Consensus"]
    texts = [str(c.value) for row in consensus.iter_rows() for c in row if c.value]
    line = "Left out: Table 4, its tab is missing; `sheets-sync provision` puts it back"
    assert any(line in t for t in texts)
    code, out, _ = run(capsys, "status", "-c", str(cfg))
    assert code == 0 and "1 missing" in out
    assert run(capsys, "provision", "-c", str(cfg))[0] == 0
    tool_meta = "_sheets_sync"  # the hidden sheet of tab tags, made when first needed
    assert [n for n in openpyxl.load_workbook(xlsx).sheetnames if n != tool_meta] == [
        n for n in order if n != tool_meta
    ]
