"""Workshop config: init writes a config that loads; every mistake names its key."""

from __future__ import annotations

from pathlib import Path

import pytest

from sheets_sync.config import load_config, render_config
from sheets_sync.core.rules import TIE_BREAKS
from sheets_sync.errors import ConfigError
from tests.tools import REPO


def test_rendered_config_loads(tmp_path: Path) -> None:
    path = tmp_path / "camden.toml"
    path.write_text(render_config(locality="Camden", tables=4, scores={"MESO-3": 1}))
    cfg = load_config(path)
    assert cfg.locality == "Camden"
    assert [t.name for t in cfg.tables] == ["Table 1", "Table 2", "Table 3", "Table 4"]
    assert cfg.scores == {"MESO-3": 1}
    assert cfg.backend == "xlsx"
    assert cfg.workbook == (tmp_path / "camden.xlsx").resolve()
    assert cfg.workshop_id.startswith("camden-")


def test_example_config_loads() -> None:
    example = REPO / "config" / "workshop.example.toml"
    cfg = load_config(example)
    assert len(cfg.tables) >= 4
    assert cfg.scores


BAD = [
    ("[workshop]\nlocality=''\n[[tables]]\nname='T'", "workshop.locality"),
    ("[workshop]\nlocality='X'\n", "tables"),
    ("[workshop]\nlocality='X'\n[[tables]]\nname='A'\n[[tables]]\nname='a'", "tables"),
    ("[workshop]\nlocality='X'\n[[tables]]\nname='Consensus'", "tables"),
    ("[workshop]\nlocality='X'\n[[tables]]\nname='T/1'", "tables[0].name"),
    ("[workshop]\nlocality='X'\n[[tables]]\nname='T'\neditors=['nope']", "tables[0].editors"),
    ("[workshop]\nlocality='X'\n[[tables]]\nname='T'\n[scores]\n'MACRO-6'=2", "scores.MACRO-6"),
    ("[workshop]\nlocality='X'\n[[tables]]\nname='T'\n[scores]\n'MESO-1'=5", "scores.MESO-1"),
    ("[workshop]\nlocality='X'\n[[tables]]\nname='T'\n[backend]\nkind='sql'", "backend.kind"),
    ("[workshop]\nlocality='X'\n[[tables]]\nname='T'\n[backend]\npath='a.csv'", "backend.path"),
    ("[workshop]\nlocality='X'\ndate='3 Dec'\n[[tables]]\nname='T'", "workshop.date"),
    (
        "[workshop]\nlocality='X'\n[[tables]]\nname='T'\n[consensus]\nmethod='vote'",
        "consensus.method",
    ),
    ("[workshop]\nlocality='X'\n[[tables]]\nname='T'\n[extra]\na=1", "extra"),
    ("[workshop\nlocality='X'", "not valid TOML"),
]


@pytest.mark.parametrize(("text", "key"), BAD)
def test_bad_config_names_the_key(tmp_path: Path, text: str, key: str) -> None:
    path = tmp_path / "w.toml"
    path.write_text(text)
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert str(path.resolve().name) in str(err.value)
    assert key in str(err.value)


def test_missing_config_suggests_init(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="sheets-sync init"):
        load_config(tmp_path / "missing.toml")


def test_scores_accept_spelling_variants(tmp_path: Path) -> None:
    path = tmp_path / "w.toml"
    path.write_text("[workshop]\nlocality='X'\n[[tables]]\nname='T'\n[scores]\n'meso 3'=2\n")
    assert load_config(path).scores == {"MESO-3": 2}


@pytest.mark.parametrize("criterion", TIE_BREAKS)
def test_config_accepts_every_tie_break_the_consensus_knows(tmp_path: Path, criterion: str) -> None:
    path = tmp_path / "w.toml"
    path.write_text(
        f"[workshop]\nlocality='X'\n[[tables]]\nname='T'\n[consensus]\ntie_break=['{criterion}']"
    )
    assert load_config(path).tie_break == (criterion,)


def test_config_refuses_a_tie_break_the_consensus_does_not_know(tmp_path: Path) -> None:
    path = tmp_path / "w.toml"
    path.write_text(
        "[workshop]\nlocality='X'\n[[tables]]\nname='T'\n[consensus]\ntie_break=['luck']"
    )
    with pytest.raises(ConfigError, match=r"consensus\.tie_break"):
        load_config(path)


_BASE = "[workshop]\nlocality='X'\n[[tables]]\nname='T'\n"
TYPOS = [
    (
        "[workshop]\nlocality='X'\ntitel='a'\n[[tables]]\nname='T'",
        "[workshop] titel: unknown key; did you mean title?",
    ),
    (_BASE + "[backend]\nkidn='xlsx'", "[backend] kidn: unknown key; did you mean kind?"),
    (
        _BASE + "[google]\nspreadsheet='abc'",
        "[google] spreadsheet: unknown key; did you mean spreadsheet_id?",
    ),
    (_BASE + "[consensus]\nmetod='borda'", "[consensus] metod: unknown key; did you mean method?"),
    (_BASE + "nmae='x'", "[[tables]] 1 nmae: unknown key; did you mean name?"),
    (
        _BASE + "[google]\nname='Table 2'",
        "[google] name: unknown key; it belongs in a [[tables]] block",
    ),
    (
        _BASE + "[consensus]\neditors=[]",
        "[consensus] editors: unknown key; it belongs in a [[tables]] block",
    ),
    (_BASE + "[scores]\nname='Table 2'", "scores.name: it belongs in a [[tables]] block"),
    ("title='x'\n" + _BASE, "title: unknown key; it belongs in a [workshop] section"),
    ("[workshp]\nlocality='X'", "workshp: unknown section; did you mean workshop?"),
]


@pytest.mark.parametrize(("text", "line"), TYPOS)
def test_a_typo_at_any_level_is_refused_with_the_nearest_key(
    tmp_path: Path, text: str, line: str
) -> None:
    path = tmp_path / "w.toml"
    path.write_text(text)
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert str(err.value).startswith(f"{path.resolve()}: {line}")


def test_a_long_table_name_says_at_most_31_characters(tmp_path: Path) -> None:
    path = tmp_path / "w.toml"
    path.write_text("[workshop]\nlocality='X'\n[[tables]]\nname='" + "T" * 32 + "'")
    with pytest.raises(ConfigError, match="at most 31 characters"):
        load_config(path)


def test_rate_limit_wait_is_read_and_checked(tmp_path: Path) -> None:
    path = tmp_path / "w.toml"
    path.write_text(_BASE + "[google]\nrate_limit_wait = 120\n")
    assert load_config(path).google.rate_limit_wait == 120.0
    path.write_text(_BASE + "[google]\nrate_limit_wait = 5\n")
    with pytest.raises(ConfigError, match=r"google\.rate_limit_wait: seconds from 10 to 600"):
        load_config(path)
