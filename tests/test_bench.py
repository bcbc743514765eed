"""``make bench`` keeps working: at 4 tables sheets_sync stays within the SPEC's request budget
and every baseline costs more; the whole bench runs at its smallest sizes. Request counts and
the shape of the output only, never timings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.batched_gspread import BatchedGspread
from bench.compare import run_graph, run_one
from bench.local_time import COMMANDS
from bench.plain_gspread import PlainGspread
from bench.report import COUNTED, FEWEST, as_json, graph_json, total
from bench.requests_per_operation import main
from bench.sheets_sync_way import SheetsSync


def test_sheets_sync_within_budget_and_baselines_cost_more(tmp_path: Path) -> None:
    ours = run_one(SheetsSync, 4, tmp_path / "ours")
    batched = run_one(BatchedGspread, 4, tmp_path / "batched")
    plain = run_one(PlainGspread, 4, tmp_path / "plain")

    provision = ours.get("provision")
    assert (provision.sheets, provision.drive) == (1, 3)  # batchUpdate; find, create, share
    assert ours.get("tables type").requests == 0
    for operation in COUNTED:
        assert ours.get(operation).requests <= FEWEST[operation][0], operation
    assert all(m.rate_limited == 0 for m in ours.measurements)

    for operation in COUNTED:
        assert batched.get(operation).requests >= ours.get(operation).requests, operation
        assert plain.get(operation).requests > batched.get(operation).requests, operation
    lead = total(batched).requests - total(ours).requests
    assert 0 < lead <= 10  # a handful of requests per workshop, not orders of magnitude
    approaches = {r["approach"] for r in as_json([ours, batched, plain])["ratios"]}
    assert approaches == {"batched gspread", "plain gspread"}


def test_the_whole_bench_runs_at_its_smallest_sizes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--quick", "--json", "--jobs", "1"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert {r["approach"] for r in out["runs"]} >= {"sheets_sync", "batched gspread"}
    assert [r["tables"] for r in out["microsoft"]] == [4]
    assert [t["command"] for t in out["local"]] == list(COMMANDS)
    assert all(t["seconds"] > 0 and t["floor"] > 0 for t in out["local"])
    assert out["startup"]["help_seconds"] > 0
    paced = next(r for r in out["rollup"] if r["paced"])
    assert (paced["requests"], paced["rate_limited"]) == (paced["workshops"], 0)


def test_microsoft_runs_beside_google_within_the_budgets_it_measures(tmp_path: Path) -> None:
    graph = run_graph(4, tmp_path / "graph")
    assert graph.get("tables type").requests == 0
    assert graph.get("idle sync").requests == 1
    assert graph.get("sync").requests == 2  # one read, one write
    assert graph.get("status").requests == 1
    assert all(m.rate_limited == 0 for m in graph.measurements)
    assert graph_json([graph])["microsoft"][0]["tables"] == 4
