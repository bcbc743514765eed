"""Rendering bench runs: one rich table (requests, simulated seconds, ratios) or JSON."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

from rich.console import Console
from rich.table import Table

from bench.compare import OPERATIONS, Run
from bench.world import BETWEEN_OPERATIONS, LATENCY, QUOTA_PER_MINUTE, Measurement

TOTAL = "workshop*"
WIDTH = 150
#: Operations summed in the total: typing is left out (people type, sheets_sync sends nothing).
COUNTED = tuple(op for op in OPERATIONS if op != "tables type")


def total(run: Run) -> Measurement:
    parts = [run.get(op) for op in COUNTED]
    return Measurement(
        TOTAL,
        sum(m.sheets for m in parts),
        sum(m.drive for m in parts),
        sum(m.rate_limited for m in parts),
        sum(m.seconds for m in parts),
    )


def rows(runs: Sequence[Run]) -> list[tuple[int, str, list[Measurement]]]:
    """``(tables, operation, [one measurement per approach])``, the total last per size."""
    out = []
    for tables in sorted({r.tables for r in runs}):
        same = [r for r in runs if r.tables == tables]
        for op in OPERATIONS:
            out.append((tables, op, [r.get(op) for r in same]))
        out.append((tables, TOTAL, [total(r) for r in same]))
    return out


def ratio(baseline: float, ours: float) -> float | None:
    return round(baseline / ours, 1) if ours else None


def _requests(m: Measurement) -> str:
    notes = [f"{m.drive} D"] if m.drive else []
    notes += [f"{m.rate_limited}×429"] if m.rate_limited else []
    return f"{m.requests}" + (f" ({', '.join(notes)})" if notes else "")


def _ratio(value: float | None) -> str:
    return "—" if value is None else f"{value:g}×"


def render(runs: Sequence[Run], console: Console | None = None) -> None:
    console = console or Console(width=None if sys.stdout.isatty() else WIDTH)
    names = list(dict.fromkeys(r.approach for r in runs))
    table = Table(
        title="HTTP requests and simulated seconds per operation",
        caption=(
            f"{LATENCY * 1000:.0f} ms per request, {QUOTA_PER_MINUTE} Sheets requests per minute "
            "(429 beyond; baselines back off 1, 2, 4 … 64 s). Requests count Sheets and Drive "
            "(D) and the 429 answers among them. × = baseline ÷ sheets_sync. sheets_sync sends "
            "nothing for typing: people type in the browser. * every operation but typing."
        ),
    )
    table.add_column("tables", justify="right")
    table.add_column("operation")
    for i, name in enumerate(names):
        table.add_column(f"{name}\nrequests", justify="right", no_wrap=True)
        table.add_column("\nseconds", justify="right")
        if i:
            table.add_column("\n× req", justify="right", style="bold")
            table.add_column("\n× s", justify="right", style="bold")
    for tables, op, ms in rows(runs):
        cells = [str(tables) if op == OPERATIONS[0] else "", op]
        ours = ms[0]
        for i, m in enumerate(ms):
            cells += [_requests(m), f"{m.seconds:.1f}"]
            if i:
                cells += [
                    _ratio(ratio(m.requests, ours.requests)),
                    _ratio(ratio(m.seconds, ours.seconds)),
                ]
        table.add_row(*cells, end_section=op == TOTAL)
    console.print(table)


def as_json(runs: Sequence[Run]) -> dict[str, Any]:
    return {
        "settings": {
            "latency_seconds": LATENCY,
            "quota_per_minute": QUOTA_PER_MINUTE,
            "pause_between_operations_seconds": BETWEEN_OPERATIONS,
        },
        "runs": [
            {
                "approach": r.approach,
                "tables": r.tables,
                "operations": [m.as_dict() for m in (*r.measurements, total(r))],
            }
            for r in runs
        ],
        "ratios": [
            {
                "tables": tables,
                "operation": op,
                "approach": name,
                "requests": ratio(m.requests, ms[0].requests),
                "seconds": ratio(m.seconds, ms[0].seconds),
            }
            for tables, op, ms in rows(runs)
            for name, m in zip(
                [r.approach for r in runs if r.tables == tables][1:], ms[1:], strict=True
            )
        ],
    }
