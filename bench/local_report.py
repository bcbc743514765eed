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


def _sizes(timings: Sequence[Timing]) -> list[tuple[int, int]]:
    return list(dict.fromkeys((t.tables, t.gap_rows) for t in timings))


def _get(timings: Sequence[Timing], command: str, size: tuple[int, int]) -> Timing | None:
    return next(
        (t for t in timings if t.command == command and (t.tables, t.gap_rows) == size), None
    )


def _growth(timings: Sequence[Timing], command: str, sizes: list[tuple[int, int]], by: int) -> str:
    """The exponent of time against tables (``by=0``) or gap rows (``by=1``), first to last
    size of that sweep."""
    base = sizes[0]
    sweep = [s for s in sizes if s[1 - by] == base[1 - by]]
    if len(sweep) < 2:
        return "—"
    small, large = _get(timings, command, sweep[0]), _get(timings, command, sweep[-1])
    if small is None or large is None:
        return "—"
    k = growth(small, large, (sweep[0][by], sweep[-1][by]))
    return "—" if math.isnan(k) else f"n^{k:.2f}"


def render_local(
    timings: Sequence[Timing], startup: Startup, rollup: Sequence[RollupRun], console: Console
) -> None:
    sizes = _sizes(timings)
    table = Table(
        title="(b) Local: CPU seconds per command on an .xlsx, and × the openpyxl floor",
        caption=(
            "floor = a bare openpyxl load of each file read + a bare save of each file written "
            "(same files); medians of alternating runs. Sizes: tables at the fewest gap rows, "
            "then gap rows (in each of 5 gap tabs) at the fewest tables. Growth: time ~ size^k "
            "across each sweep (k = 1 is linear)."
        ),
    )
    table.add_column("command")
    for t, r in sizes:
        table.add_column(f"{t} tables\n{r:,} rows", justify="right", no_wrap=True)
    table.add_column("growth\ntables", justify="right")
    table.add_column("growth\nrows", justify="right")
    for command in COMMANDS:
        cells = [command]
        for size in sizes:
            t = _get(timings, command, size)
            cells.append("—" if t is None else f"{t.seconds:.2f} s · {t.ratio:.2f}×")
        cells += [_growth(timings, command, sizes, 0), _growth(timings, command, sizes, 1)]
        table.add_row(*cells)
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
