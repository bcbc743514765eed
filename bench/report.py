"""Rendering bench runs: rich tables (requests, simulated seconds, ratios) or JSON: Google's
approaches side by side, then sheets_sync on Microsoft 365 beside sheets_sync on Google."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

from rich.console import Console
from rich.table import Table

from bench.compare import GRAPH_OPERATIONS, OPERATIONS, GraphRun, Run
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


#: The fewest requests each operation can take while doing what sheets_sync does, and why.
FEWEST = {
    "provision": (
        4,
        "Drive find (a re-run never makes a second workbook), Drive create, one "
        "batchUpdate with every tab, format and protection, one share per person",
    ),
    "tables type": (0, "people type in the browser"),
    "validate": (2, "one read of every table, one write of every status"),
    "sync": (2, "one read, one batchUpdate (statuses, Consensus, chart)"),
    "gap": (2, "one read, one batchUpdate adding the five tabs"),
    "status": (1, "one read"),
}
FEWEST[TOTAL] = (sum(FEWEST[op][0] for op in COUNTED), "")
#: How each approach is labelled: the straw men are kept, and named as such.
LABELS = {
    "batched gspread": "batched gspread\n(careful script)",
    "plain gspread": "plain gspread\n(naive)",
    "gspread-dataframe": "gspread-dataframe\n(naive)",
}


def _cell(m: Measurement) -> str:
    return f"{_requests(m)} · {m.seconds:.1f} s"


def render(runs: Sequence[Run], console: Console | None = None) -> None:
    """Section (a): requests (and simulated seconds) per operation, every approach side by
    side with the fewest possible; × is each approach's requests ÷ sheets_sync's."""
    console = console or Console(width=None if sys.stdout.isatty() else WIDTH)
    names = list(dict.fromkeys(r.approach for r in runs))
    table = Table(
        title="(a) Google: HTTP requests · simulated seconds per operation",
        caption=(
            f"{LATENCY * 1000:.0f} ms per request, {QUOTA_PER_MINUTE} Sheets requests per minute "
            "(429 beyond; baselines back off 1, 2, 4 … 64 s). Requests count Sheets and Drive "
            "(D) and the 429 answers among them. × = approach ÷ sheets_sync, in requests. "
            "The gspread scripts write values only: no formatting, dropdowns, protection, state "
            "tab or chart. * every operation but typing."
        ),
    )
    table.add_column("tables", justify="right")
    table.add_column("operation")
    table.add_column("fewest\npossible", justify="right")
    for i, name in enumerate(names):
        table.add_column(LABELS.get(name, name), justify="right", no_wrap=True)
        if i:
            table.add_column("×", justify="right", style="bold")
    for tables, op, ms in rows(runs):
        cells = [str(tables) if op == OPERATIONS[0] else "", op, str(FEWEST[op][0])]
        for i, m in enumerate(ms):
            cells.append(_cell(m))
            if i:
                cells.append(_ratio(ratio(m.requests, ms[0].requests)))
        table.add_row(*cells, end_section=op == TOTAL)
    console.print(table)
    for op in COUNTED:
        console.print(f"  fewest {op}: {FEWEST[op][0]} = {FEWEST[op][1]}")


#: What issue 11 asks of Microsoft 365, per operation ("read" = the ``$batch`` reads of every
#: tab, ``ceil((tabs + 3) / 20)``).
GRAPH_TARGETS = {
    "provision": "≤ 3 + folder lookup",
    "tables type": "0",
    "validate": "read + 1",
    "sync": "read + 1",
    "idle sync": "read",
    "gap": "read + 1",
    "status": "read",
}


def render_graph(runs: Sequence[Run], graph: Sequence[GraphRun], console: Console) -> None:
    """Section (a, Microsoft 365): sheets_sync's requests per operation over the Graph fake,
    beside its requests on Google."""
    table = Table(
        title="(a) Microsoft 365: sheets_sync's HTTP requests per operation, beside Google's",
        caption=(
            "Over the Graph fake (50 ms a request, every request checked against Graph's CSDL). "
            "A $batch is one request of up to 20 sub-requests; reads of every tab cost "
            "ceil((tabs + 3) / 20). Sign-in is not counted."
        ),
    )
    for name, justify in (
        ("tables", "right"),
        ("operation", "left"),
        ("issue 11 asks", "right"),
        ("Microsoft 365\nrequests (sub-requests)", "right"),
        ("Google\nrequests", "right"),
    ):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for run in sorted(graph, key=lambda r: r.tables):
        same = [r for r in runs if r.tables == run.tables and r.approach == "sheets_sync"]
        google = same[0] if same else None
        for op in GRAPH_OPERATIONS:
            m = run.get(op)
            ours = f"{m.requests} ({m.sub_requests})" + (
                f" {m.rate_limited}×429" if m.rate_limited else ""
            )
            theirs = str(google.get(op).requests) if google and op in OPERATIONS else "—"
            first = op == GRAPH_OPERATIONS[0]
            table.add_row(
                str(run.tables) if first else "",
                op,
                GRAPH_TARGETS[op],
                ours,
                theirs,
                end_section=op == GRAPH_OPERATIONS[-1],
            )
    console.print(table)


def graph_json(graph: Sequence[GraphRun]) -> dict[str, Any]:
    return {
        "microsoft": [
            {"tables": r.tables, "operations": [m.as_dict() for m in r.measurements]} for r in graph
        ]
    }


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
