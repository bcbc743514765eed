"""``make bench``: two sections, printed one after the other in one run.

(a) **Google**: HTTP requests and simulated seconds per workshop operation at 4, 8 and 16
tables, for sheets_sync, a batched gspread script as a careful user writes it, the naive
gspread and gspread-dataframe scripts (kept, and labelled naive), and the fewest possible, over
the in-process Google fake (150 ms per request, 60 Sheets requests per minute per user, 429
beyond); then **Microsoft 365**: sheets_sync's Graph requests (and the sub-requests in their
batches) per operation over the in-process Graph fake, beside its Google requests and what
issue 11 asks. No network, no real waiting.

(b) **Local**: CPU time of every command on an .xlsx at every one of 4, 16 and 32 tables and
100, 1,000 and 5,000 gap rows (the full grid), as ratios to the openpyxl floor, with how time
grows with each; ``--help`` against
``python -c "import click, rich"``; a rollup of 100 workshops on Google, paced and not.

``--json`` prints the numbers as JSON; ``--quick`` runs the smallest sizes only (the smoke test).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rich.console import Console

from bench.compare import TABLE_COUNTS, run_all
from bench.local_report import local_json, render_local
from bench.local_time import GAP_ROWS, TABLES, run_local
from bench.report import WIDTH, as_json, graph_json, render, render_graph
from bench.rollup_scale import WORKSHOPS, run_rollup
from bench.startup import run_startup


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--json", action="store_true", help="print JSON instead of tables")
    parser.add_argument(
        "--tables", type=int, action="append", help="table counts on Google (default: 4, 8, 16)"
    )
    parser.add_argument("--quick", action="store_true", help="smallest sizes only (smoke test)")
    parser.add_argument(
        "--jobs",
        type=int,
        default=os.cpu_count() or 1,
        help="Google runs and local sizes side by side in worker processes (default: 1 per CPU)",
    )
    args = parser.parse_args(argv)
    quick = args.quick
    runs, graph = run_all(args.tables or ((4,) if quick else TABLE_COUNTS), jobs=args.jobs)
    with tempfile.TemporaryDirectory(prefix="sheets-sync-bench-") as tmp:
        timings = run_local(
            Path(tmp) / "local",
            tables=TABLES[:1] if quick else TABLES,
            gap_rows=GAP_ROWS[:1] if quick else GAP_ROWS,
            repeats=1 if quick else 3,
            jobs=args.jobs,
        )
        rollup = run_rollup(Path(tmp) / "rollup", 5 if quick else WORKSHOPS)
    startup = run_startup(3 if quick else 11)
    if args.json:
        everything = {**as_json(runs), **graph_json(graph), **local_json(timings, startup, rollup)}
        print(json.dumps(everything, indent=2))
        return 0
    console = Console(width=None if sys.stdout.isatty() else WIDTH)
    render(runs, console)
    console.print()
    render_graph(runs, graph, console)
    console.print()
    render_local(timings, startup, rollup, console)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
