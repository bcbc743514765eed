"""The whole workshop on Microsoft 365 through the CLI, over the Graph fake."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from sheets_sync.backends.microsoft.fake import FakeGraph
from sheets_sync.backends.xlsx.adapter import XlsxBackend
from sheets_sync.cli.app import cli
from sheets_sync.cli.main import main
from sheets_sync.core.principles import BY_CODE
from sheets_sync.model import WriteRange
from sheets_sync.tabs.consensus import CONSENSUS_LAYOUT
from sheets_sync.tabs.keys import table_key
from tests.backends.microsoft.workshops import FIRST, tables_type, write_config


def run(env: dict[str, str], *args: str, code: int = 0) -> Result:
    result = CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)
    assert result.exit_code == code, result.output
    return result


def test_the_whole_workshop_through_the_cli(graph_fake: FakeGraph, tmp_path: Path) -> None:
    config = str(write_config(tmp_path, graph_fake, tables=6))
    env = {"XDG_CONFIG_HOME": str(tmp_path / "cfg"), "SHEETS_SYNC_CONFIG": config}
    graph_fake.approve_device_codes_automatically(graph_fake._first_member())
    signed = run(env, "login", "--microsoft")
    assert "Signed in as facilitator@sampleton.nhs.uk" in signed.output
    assert "microsoft-token.json" in signed.output

    made = run(env, "provision", "--json")
    location = json.loads(made.output)["location"]
    assert location.endswith(".xlsx") and location.startswith("https://")
    state = json.loads((tmp_path / "w.state.json").read_text(encoding="utf-8"))
    item = state["item_id"]
    book = graph_fake.workbook(item)
    assert book["Table 1"].data_validations.dataValidation, "dropdowns come with the upload"
    assert book["Assessment"].protection.sheet, "tabs sync does not write are protected"
    assert any(dv.type == "custom" for dv in book["Table 1"].data_validations.dataValidation)

    tables_type(graph_fake, item, 6)
    assert "'M1' is ambiguous" in run(env, "validate", code=1).output
    synced = json.loads(run(env, "sync", "--json").output)
    assert synced["consensus"]["suggested"][0] == "MESO-3"
    again = json.loads(run(env, "sync", "--json").output)
    assert again["writes"] == 0

    agreed = CONSENSUS_LAYOUT.agreed + 2
    for i, code in enumerate(["MESO-3", "MICRO-1", "MACRO-2", "MICRO-2", "MACRO-1"]):
        graph_fake.person_sets(item, "Consensus", f"B{agreed + i}", BY_CODE[code].label)
    gaps = json.loads(run(env, "gap", "--json").output)
    assert len(gaps["tabs"]) == 5
    status = json.loads(run(env, "status", "--json").output)
    assert status["suggested"][0] == "MESO-3" and len(status["gaps"]) == 5

    report = tmp_path / "report.html"
    run(env, "report", "-o", str(report))
    assert "Sampleton" in report.read_text(encoding="utf-8")

    run(env, "mirror")
    local = tmp_path / "w-offline.xlsx"
    XlsxBackend(local).apply([WriteRange(table_key(2), FIRST + 5, 2, (("=typed offline",),))])
    pushed = run(env, "push")
    assert "1 cell(s) written online" in pushed.output
    online = graph_fake.values(item, "Table 2")
    assert online[FIRST + 5][2] == "=typed offline"
    cell = graph_fake.workbook(item)["Table 2"].cell(FIRST + 6, 3)
    assert cell.data_type == "s", "a person's text the tool writes stays text"


def test_a_command_without_a_sign_in_is_one_line(
    graph_fake: FakeGraph,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    config = str(write_config(tmp_path, graph_fake, tables=2))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "nobody"))
    code = main(["status", "-c", config])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and "run `sheets-sync login --microsoft` first" in err
