"""Rendering section (b) of ``make bench``: local time as ratios to the openpyxl floor, how it
grows with tables and gap rows, start-up, and the rollup across many workshops on Google."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from rich.console import Console
from rich.table import Table

from bench.local_time import COMMANDS, Timing, growth
from bench.rollup_scale import RollupRun
from bench.startup import Startup


def _get(timings: Sequence[Timing], command: str, size: tuple[int, int]) -> Timing | None:
    return next(
        (t for t in timings if t.command == command and (t.tables, t.gap_rows) == size), None
    )


def _growth(timings: Sequence[Timing], command: str, sizes: Sequence[tuple[int, int]]) -> str:
    """The exponent k in time ~ size^k from the first to the last of ``sizes`` (a sweep of
    tables at fixed gap rows, or of gap rows at fixed tables)."""
    if len(sizes) < 2:
        return "—"
    small, large = _get(timings, command, sizes[0]), _get(timings, command, sizes[-1])
    if small is None or large is None:
        return "—"
    by = 0 if sizes[0][0] != sizes[-1][0] else 1
    k = growth(small, large, (sizes[0][by], sizes[-1][by]))
    return "—" if math.isnan(k) else f"n^{k:.2f}"


def render_local(
    timings: Sequence[Timing], startup: Startup, rollup: Sequence[RollupRun], console: Console
) -> None:
    tables = sorted({t.tables for t in timings})
    rows = sorted({t.gap_rows for t in timings})
    table = Table(
        title="(b) Local: CPU seconds per command on an .xlsx, and × the openpyxl floor",
        caption=(
            "floor = a bare openpyxl load of each file read + a bare save of each file written "
            "(same files); medians of alternating runs. Gap rows are in each of the 5 gap tabs. "
            "Growth: time ~ size^k from the fewest to the most gap rows (last column) or tables "
            "(each command's last line); k = 1 is linear."
        ),
    )
    table.add_column("command")
    table.add_column("tables", justify="right")
    for r in rows:
        table.add_column(f"{r:,} rows", justify="right", no_wrap=True)
    table.add_column("growth\nrows", justify="right")
    for command in COMMANDS:
        if not any(t.command == command for t in timings):
            continue
        for n, t_count in enumerate(tables):
            cells = [command if n == 0 else "", str(t_count)]
            for r in rows:
                t = _get(timings, command, (t_count, r))
                cells.append("—" if t is None else f"{t.seconds:.2f} s · {t.ratio:.2f}×")
            cells.append(_growth(timings, command, [(t_count, r) for r in rows]))
            table.add_row(*cells)
        table.add_row(
            "",
            "growth",
            *(_growth(timings, command, [(t, r) for t in tables]) for r in rows),
            "",
            end_section=True,
        )
    console.print(table)
    console.print(
        f"Start-up: `sheets-sync --help` {startup.help_seconds * 1000:.0f} ms CPU, "
        f'`python -c "import click, rich"` {startup.yardstick_seconds * 1000:.0f} ms: '
        f"{startup.ratio:.2f}×"
    )
    for r in rollup:
        how = "paced (50 reads a minute)" if r.paced else "unpaced"
        console.print(
            f"Rollup of {r.workshops} Google workshops, {how}: {r.requests} Sheets requests "
            f"({r.rate_limited} answered 429), {r.seconds:.0f} s simulated, at most "
            f"{r.busiest_minute} in any minute (quota 60)"
            + (f"; stopped: {r.failed}" if r.failed else "")
        )


def local_json(
    timings: Sequence[Timing], startup: Startup, rollup: Sequence[RollupRun]
) -> dict[str, Any]:
    return {
        "local": [{**asdict(t), "ratio": round(t.ratio, 3)} for t in timings],
        "startup": {**asdict(startup), "ratio": round(startup.ratio, 3)},
        "rollup": [asdict(r) for r in rollup],
    }
