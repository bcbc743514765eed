"""``make bench``: HTTP requests and simulated seconds per workshop operation.

For 4, 8 and 16 tables, sheets_sync side by side with the same workshop written the plain
gspread way and with gspread-dataframe, over the in-process Google fake (150 ms per request,
60 Sheets requests per minute per user, 429 beyond; baselines back off and retry). No network,
no real waiting. ``--json`` prints the numbers as JSON; ``--tables 4`` runs one size.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.compare import TABLE_COUNTS, run_all
from bench.report import as_json, render


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument(
        "--tables", type=int, action="append", help="table counts (default: 4, 8 and 16)"
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=os.cpu_count() or 1,
        help="runs side by side in worker processes (default: one per CPU)",
    )
    args = parser.parse_args(argv)
    runs = run_all(args.tables or TABLE_COUNTS, jobs=args.jobs)
    if args.json:
        print(json.dumps(as_json(runs), indent=2))
    else:
        render(runs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
