"""``make bench`` at 4 tables: sheets_sync stays within the SPEC's request budget, and the
plain gspread way costs more. Request counts only, never timings."""

from __future__ import annotations

from pathlib import Path

from bench.compare import run_one
from bench.plain_gspread import PlainGspread
from bench.report import as_json
from bench.sheets_sync_way import SheetsSync


def test_sheets_sync_within_budget_and_baseline_costs_more(tmp_path: Path) -> None:
    ours = run_one(SheetsSync, 4, tmp_path / "ours")
    plain = run_one(PlainGspread, 4, tmp_path / "plain")

    provision = ours.get("provision")
    assert provision.sheets <= 3
    assert provision.drive <= 2 + 1  # find the workbook, create it, share with the facilitator
    assert ours.get("tables type").requests == 0
    for operation, budget in {"validate": 3, "sync": 3, "gap": 2, "status": 1}.items():
        assert ours.get(operation).requests <= budget, operation
    assert all(m.rate_limited == 0 for m in ours.measurements)

    for operation in ("provision", "validate", "sync", "gap", "status"):
        assert plain.get(operation).requests > ours.get(operation).requests, operation
    assert {r["approach"] for r in as_json([ours, plain])["ratios"]} == {"plain gspread"}
