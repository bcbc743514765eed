"""The offline commands in-process, between two .xlsx files (no Google): mirror, edit, push,
conflicts and --prefer, export-tables and collect, history."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sheets_sync.backends.xlsx.adapter import XlsxBackend
from sheets_sync.cli import main
from sheets_sync.core.principles import BY_CODE
from sheets_sync.model import WriteRange, parse_a1
from sheets_sync.tabs.gap import gap_tab
from sheets_sync.tabs.table import table_layout
from sheets_sync.tabs.templates import load_templates

FIRST = table_layout(load_templates()).first_entry  # 0-based row of rank 1


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def type_into(path: Path, title: str, cell: str, value: str) -> None:
    backend = XlsxBackend(path)
    tab = backend.read().titled(title)
    assert tab is not None and tab.key is not None
    backend.apply([WriteRange(tab.key, *parse_a1(cell), ((value,),))])


def cell(path: Path, title: str, ref: str) -> object:
    tab = XlsxBackend(path).read().titled(title)
    assert tab is not None
    return tab.value(*parse_a1(ref))


@pytest.fixture
def books(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, Path, Path]:
    """A provisioned xlsx workshop (the stand-in online copy) and where its mirror goes."""
    cfg = tmp_path / "camden.toml"
    assert run(capsys, "init", "--locality", "Camden", "--tables", "2", "-o", str(cfg))[0] == 0
    assert run(capsys, "provision", "-c", str(cfg))[0] == 0
    return cfg, tmp_path / "camden.xlsx", tmp_path / "offline.xlsx"


def test_mirror_edit_push_between_two_files(
    books: tuple[Path, Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    cfg, online, local = books
    sides = ("-c", str(cfg), "--online", str(online), "--local", str(local))
    code, out, err = run(capsys, "mirror", *sides)
    assert code == 0, err
    assert "Mirrored" in out
    type_into(local, "Table 1", "C6", "=looks like a formula")
    code, out, _ = run(capsys, "push", *sides)
    assert code == 0 and "1 cell(s) written online" in out
    assert cell(online, "Table 1", "C6") == "=looks like a formula"
    code, out, _ = run(capsys, "push", *sides, "--json")
    data = json.loads(out)
    assert code == 0 and (data["online_cells"], data["renewed"]) == (0, False)
    code, out, _ = run(capsys, "history", "list", "-c", str(cfg), "--json")
    assert code == 0 and [e["event"] for e in json.loads(out)] == ["mirror"]


def test_a_conflict_exits_3_and_prefer_settles_it(
    books: tuple[Path, Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    cfg, online, local = books
    sides = ("-c", str(cfg), "--online", str(online), "--local", str(local))
    run(capsys, "mirror", *sides)
    type_into(local, "Table 1", "C6", "offline reason")
    type_into(online, "Table 1", "C6", "online reason")
    code, out, err = run(capsys, "push", *sides)
    assert code == 3
    assert "Table 1!C6: base blank, local 'offline reason', online 'online reason'" in out
    assert "--prefer" in err
    assert cell(online, "Table 1", "C6") == "online reason"
    code, out, err = run(capsys, "mirror", *sides)
    assert code == 2 and "not pushed yet" in err
    code, _, _ = run(capsys, "push", *sides, "--prefer", "local")
    assert code == 0
    assert cell(online, "Table 1", "C6") == cell(local, "Table 1", "C6") == "offline reason"


def test_an_xlsx_workshop_is_its_own_online_copy(
    books: tuple[Path, Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    cfg, online, _ = books
    code, out, err = run(capsys, "mirror", "-c", str(cfg))
    assert code == 0, err
    local = cfg.with_name("camden-offline.xlsx")
    assert str(online) in out and str(local) in out and local.exists()
    code, _, err = run(capsys, "mirror", "-c", str(cfg), "--local", str(online))
    assert code == 2 and "the online copy and the local mirror are the same file" in err
    code, out, err = run(capsys, "export-tables", "-c", str(cfg), "--out", str(cfg.parent / "t"))
    assert code == 0, err


def test_export_tables_and_collect(
    books: tuple[Path, Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg, online, _ = books
    out_dir = tmp_path / "tables"
    code, out, err = run(
        capsys, "export-tables", "-c", str(cfg), "--online", str(online), "--out", str(out_dir)
    )
    assert code == 0, err
    files = sorted(out_dir.glob("*.xlsx"))
    assert [f.name for f in files] == ["Table 1.xlsx", "Table 2.xlsx"]
    exported = XlsxBackend(files[0]).read()
    assert [t.title for t in exported] == ["About", "Table 1", "_sheets_sync_base"]
    for i, code_ in enumerate(["MESO-3", "MICRO-1", "MACRO-2", "MICRO-2", "MACRO-1"]):
        type_into(files[0], "Table 1", f"B{FIRST + 1 + i}", BY_CODE[code_].label)
    type_into(online, "Table 2", "C6", "typed online meanwhile")
    code, out, err = run(
        capsys, "collect", "-c", str(cfg), "--online", str(online), *map(str, files), "--json"
    )
    assert code == 0, err
    result = json.loads(out)
    assert result["online_cells"] == 5
    checks = [c for f in result["files"] for c in f["checks"]]
    assert [(c["table"], c["state"]) for c in checks] == [
        ("Table 1", "valid"),
        ("Table 2", "empty"),
    ]
    assert cell(online, "Table 1", f"B{FIRST + 1}") == BY_CODE["MESO-3"].label
    assert cell(files[1], "Table 2", "C6") == "typed online meanwhile"
    code, out, _ = run(capsys, "collect", "-c", str(cfg), "--online", str(online), str(files[0]))
    assert code == 0 and "0 cell(s) written" in out
    code, _, err = run(capsys, "collect", "-c", str(cfg), "--online", str(online), str(online))
    assert code == 2 and "not a table file" in err


def test_history_diff_shows_gap_changes(
    books: tuple[Path, Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    cfg, online, local = books
    online_book = XlsxBackend(online)
    online_book.apply([gap_tab(load_templates(), 1, BY_CODE["MESO-3"], "Gap 1 - MESO-3", {})])
    sides = ("-c", str(cfg), "--online", str(online), "--local", str(local))
    run(capsys, "mirror", *sides)
    type_into(local, "Gap 1 - MESO-3", "B5", "Single point of access")
    assert run(capsys, "push", *sides)[0] == 0
    code, out, _ = run(capsys, "history", "list", "-c", str(cfg))
    assert code == 0 and "mirror" in out and "push" in out
    code, out, _ = run(capsys, "history", "diff", "-c", str(cfg))
    assert code == 0
    assert "1 change(s)" in out and "Gap 1 - MESO-3!B5" in out and "Single point of access" in out
    code, out, _ = run(capsys, "history", "diff", "-c", str(cfg), "1", "-1")
    assert code == 0 and "Single point of access" in out
    code, _, err = run(capsys, "history", "diff", "-c", str(cfg), "7")
    assert code == 2 and "no snapshot 7" in err


def test_words_for_a_local_online_copy_are_true(
    books: tuple[Path, Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg, online, local = books
    code, out, _ = run(
        capsys, "mirror", "-c", str(cfg), "--online", str(online), "--local", str(local)
    )
    assert code == 0 and "tab(s)" in out
    assert "Drive version" not in out
    out_dir = tmp_path / "tables"
    run(capsys, "export-tables", "-c", str(cfg), "--online", str(online), "--out", str(out_dir))
    files = sorted(out_dir.glob("*.xlsx"))
    code, out, _ = run(capsys, "collect", "-c", str(cfg), "--online", str(online), *map(str, files))
    assert code == 0 and "cell(s) written to" in out
    assert "in one request" not in out
