"""Rollup across workshops: three sample localities, one of them twice (baseline, follow-up)."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import openpyxl
import pytest

from sheets_sync.backends.memory import MemoryBackend
from sheets_sync.backends.xlsx.adapter import XlsxBackend
from sheets_sync.cli import main
from sheets_sync.config import load_config, render_config
from sheets_sync.core.principles import BY_CODE
from sheets_sync.errors import ConfigError, MissingTab, WorkbookNotFound
from sheets_sync.model import AddTab, TabSpec, WriteRange
from sheets_sync.report.rollup import build_rollup, collect, compare
from sheets_sync.report.rollup_workbook import write_rollup
from sheets_sync.tabs.gap import gap_layout
from sheets_sync.tabs.keys import gap_key
from sheets_sync.workshop import demo
from sheets_sync.workshop.facade import Workshop
from tests.workshop.test_workshop import agree

NOW = datetime(2026, 12, 3, 10, 30, tzinfo=UTC)
FOLLOW_UP_SCORES = {**demo.SCORES, "MESO-3": 3, "MACRO-4": 2, "MICRO-6": 3, "MICRO-2": 1}


@dataclass(frozen=True)
class Sample:
    """One sample workshop: who, when, its scores, its agreed five (None: not confirmed)."""

    name: str
    locality: str
    when: date
    scores: Mapping[str, int]
    five: Sequence[str] | None
    gaps: Mapping[str, Sequence[tuple[str, ...]]]


SAMPLES = (
    Sample(
        "sampleton-2025",
        "Sampleton",
        date(2025, 6, 1),
        demo.SCORES,
        ["MESO-3", "MICRO-1", "MACRO-2", "MICRO-2", "MACRO-1"],
        {"MESO-3": demo.GAP_ROWS},
    ),
    Sample("northbury", "Northbury", date(2026, 11, 1), demo.SCORES, None, {}),
    Sample(
        "eastwick",
        "Eastwick",
        date(2026, 10, 15),
        {"MICRO-1": 1, "MESO-5": 2},
        ["MICRO-1", "MACRO-2", "MESO-5", "MICRO-4", "MESO-1"],
        {"MICRO-1": [("", "", "No advocacy service", "Advocacy", "Commission one")]},
    ),
    Sample(
        "sampleton-2026",
        "sampleton ",
        date(2026, 12, 3),
        FOLLOW_UP_SCORES,
        ["MESO-3", "MICRO-1", "MESO-2", "MICRO-2", "MICRO-7"],
        {"MESO-3": [("Groups in triage", "", "Schools still outside", "", "")]},
    ),
)


def save_as_xlsx(backend: MemoryBackend, path: Path) -> None:
    """Write the memory workbook to .xlsx in one save (a whole workshop on xlsx is slow)."""
    assert backend.tabs is not None
    XlsxBackend(path).create(
        [
            AddTab(TabSpec(t.key, t.title, anchors=dict(t.anchors), hidden=t.hidden), t.cells)
            for t in backend.tabs
            if t.key is not None
        ]
    )


def make_workshop(folder: Path, sample: Sample) -> Path:
    path = folder / f"{sample.name}.toml"
    text = render_config(
        locality=sample.locality,
        tables=6,
        when=sample.when,
        scores=sample.scores,
        workbook=f"{sample.name}.xlsx",
    )
    path.write_text(text, encoding="utf-8")
    backend = MemoryBackend()
    ws = Workshop(load_config(path), backend, clock=lambda: NOW)
    ws.provision()
    for n, rows in demo.ENTRIES.items():
        demo._fill(ws, n, rows)
    ws.sync()
    if sample.five is not None:
        agree(ws, list(sample.five))
        ws.gap()
    first = gap_layout(ws.templates).first_row
    for code, typed in sample.gaps.items():
        ws.backend.apply([WriteRange(gap_key(code), first, 1, tuple(tuple(r) for r in typed))])
    save_as_xlsx(backend, folder / f"{sample.name}.xlsx")
    return path


@pytest.fixture(scope="module")
def configs(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("localities")
    return [make_workshop(folder, s) for s in SAMPLES]


def test_collect_reads_each_workshop(configs: list[Path]) -> None:
    workshops = collect(configs)
    by_name = {Path(w.config).stem: w for w in workshops}
    base = by_name["sampleton-2025"]
    assert base.agreed == tuple(SAMPLES[0].five or ())
    assert base.confirmed and base.problems == ()
    assert [g.in_place for g in base.gaps] == [r[0] for r in demo.GAP_ROWS]
    north = by_name["northbury"]
    assert not north.confirmed
    assert north.agreed == ("MESO-3", "MICRO-1", "MACRO-2", "MICRO-2")  # rank 5 is a tie
    assert len(north.problems) == 1 and "no suggestion for rank 5" in north.problems[0]
    assert north.gaps == ()
    assert by_name["eastwick"].gaps[0].gaps == "No advocacy service"


def test_counts_take_each_locality_once_at_its_latest_workshop(configs: list[Path]) -> None:
    r = build_rollup(collect(configs))
    assert r.localities == ("Sampleton", "Northbury", "Eastwick")
    assert [w.label for w in r.workshops] == [
        "Sampleton 2025-06-01",
        "sampleton 2026-12-03",
        "Northbury 2026-11-01",
        "Eastwick 2026-10-15",
    ]
    assert r.counts["MICRO-1"] == 3
    assert r.counts["MESO-3"] == 2
    assert r.counts["MACRO-1"] == 0  # only the Sampleton baseline chose it
    assert r.counts["MESO-2"] == 1 and r.counts["MICRO-7"] == 1
    assert sum(r.counts.values()) == 5 + 4 + 5
    assert r.order[0] == "MICRO-1"
    assert list(r.counts.values()) != sorted(r.counts.values())
    assert [r.counts[c] for c in r.order] == sorted(r.counts.values(), reverse=True)


def test_baseline_and_follow_up_are_compared(configs: list[Path]) -> None:
    (c,) = build_rollup(collect(configs)).comparisons
    assert c.baseline.date == date(2025, 6, 1) and c.follow_up.date == date(2026, 12, 3)
    assert c.entered == ("MESO-2", "MICRO-7")
    assert c.left == ("MACRO-2", "MACRO-1")
    assert c.moved == ()
    assert [(s.code, s.before, s.after) for s in c.rose] == [
        ("MACRO-4", 1, 2),
        ("MESO-3", 1, 3),
    ]
    assert [(s.code, s.before, s.after) for s in c.fell] == [("MICRO-6", 4, 3)]
    assert c.summary() == (
        "Sampleton, 2025-06-01 → 2026-12-03: entered the five: MESO-2, MICRO-7; left it: "
        "MACRO-2, MACRO-1; scores rose: MACRO-4 (1 → 2), MESO-3 (1 → 3); fell: MICRO-6 (4 → 3)"
    )


def test_moved_and_rescored(configs: list[Path]) -> None:
    base, _, _, follow = collect(configs)
    east = collect(configs[2:3])[0]
    c = compare(base, east)
    assert ("MICRO-1", 2, 1) in c.moved
    assert {s.code for s in c.rescored} == set(demo.SCORES) - {"MICRO-1", "MESO-5"}
    assert compare(follow, follow).entered == ()


def test_rollup_workbook_contents_and_chart(configs: list[Path], tmp_path: Path) -> None:
    out = tmp_path / "national" / "rollup.xlsx"
    result = write_rollup(build_rollup(collect(configs)), out)
    assert result.tabs == ("Workshops", "Priorities", "Gap themes", "Baseline vs follow-up")
    wb = openpyxl.load_workbook(out)
    assert [ws.title for ws in wb.worksheets if ws.sheet_state == "visible"] == list(result.tabs)

    pri = wb["Priorities"]
    header = [c.value for c in pri[4]]
    assert header[:3] == ["Code", "Principle", "Localities choosing it"]
    assert "Northbury 2026-11-01 (not confirmed)" in header
    assert [pri.cell(5, c).value for c in (1, 2, 3)] == ["MICRO-1", BY_CODE["MICRO-1"].text, 3]
    col = header.index("Eastwick 2026-10-15") + 1
    assert pri.cell(5, col).value == 1
    assert [pri.cell(r, 1).value for r in range(5, 22)].count(None) == 0
    assert len(pri._charts) == 1  # type: ignore[attr-defined]
    assert pri._charts[0].title is not None  # type: ignore[attr-defined]

    gaps = wb["Gap themes"]
    rows = [[c.value for c in row] for row in gaps.iter_rows(min_row=5)]
    meso = [r for r in rows if r[0] == "MESO-3"]
    assert [(r[2], r[3]) for r in meso] == [
        ("Sampleton", "2025-06-01"),
        ("sampleton", "2026-12-03"),
    ]
    assert meso[0][6] == "\n".join(r[2] for r in demo.GAP_ROWS)
    assert meso[1][6] == "Schools still outside"
    assert [r[0] for r in rows if r[2] == "Eastwick"] == ["MICRO-1"]

    cmp = wb["Baseline vs follow-up"]
    assert str(cmp["A4"].value).startswith("Sampleton, 2025-06-01 → 2026-12-03")
    table = {r[3]: r for r in ([c.value for c in row] for row in cmp.iter_rows(min_row=6))}
    assert table["MESO-2"][7] == "entered the five"
    assert table["MACRO-1"][7] == "left the five"
    assert table["MESO-3"][7] == "same place" and table["MESO-3"][10] == "rose (1 → 3)"
    assert table["MICRO-6"][10] == "fell (4 → 3)"
    assert "MACRO-5" not in table


def test_cli_rollup_json_and_refusal_to_overwrite(
    configs: list[Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "rollup.xlsx"
    code = main(["rollup", *map(str, configs), "-o", str(out), "--json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0
    assert data["output"] == str(out) and len(data["tabs"]) == 4
    assert data["rollup"]["counts"]["MICRO-1"] == 3
    assert data["rollup"]["workshops"][2]["confirmed"] is False
    code = main(["rollup", *map(str, configs), "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 2 and "already exists" in err and "--force" in err
    code = main(["rollup", *map(str, configs[:3]), "-o", str(out), "--force"])
    text = capsys.readouterr().out
    assert code == 0
    assert "Most chosen, by localities: MACRO-2 (3), MICRO-1 (3)," in text
    assert not re.search(r"\([^()]*\(", text), "no brackets inside brackets"
    assert "not confirmed, still the suggestion" in text
    assert "kept as" in text
    assert openpyxl.load_workbook(out).sheetnames[:3] == ["Workshops", "Priorities", "Gap themes"]


def test_an_unprovisioned_workbook_is_one_line_naming_it(
    configs: list[Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fresh = tmp_path / "westmoor.toml"
    fresh.write_text(render_config(locality="Westmoor", tables=4), encoding="utf-8")
    with pytest.raises(WorkbookNotFound, match=r"westmoor\.toml.*Westmoor.*never provisioned"):
        collect([configs[0], fresh])
    code = main(["rollup", str(configs[0]), str(fresh), "-o", str(tmp_path / "r.xlsx")])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and "westmoor.xlsx" in err and "Traceback" not in err
    assert not (tmp_path / "r.xlsx").exists()


def test_a_workbook_without_consensus_and_a_config_given_twice(
    configs: list[Path], tmp_path: Path
) -> None:
    bare = tmp_path / "bare.toml"
    bare.write_text(render_config(locality="Bare", tables=2), encoding="utf-8")
    XlsxBackend(tmp_path / "bare.xlsx").create([AddTab(TabSpec("about", "About"))])
    with pytest.raises(MissingTab, match=r"bare\.toml.*no Consensus tab"):
        collect([bare])
    with pytest.raises(ConfigError, match="given twice"):
        collect([configs[0], configs[0]])
