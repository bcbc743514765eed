"""Start-up: ``sheets-sync --help`` against ``python -c "import click, rich"``, in CPU seconds.

Each is run as a fresh interpreter, the two alternating, and the CPU time of each child is
read from the operating system (``getrusage``), so a busy machine slows both alike.
"""

from __future__ import annotations

import resource
import statistics
import subprocess
import sys
from dataclasses import dataclass

HELP = [
    sys.executable,
    "-c",
    "from sheets_sync.cli import main; raise SystemExit(main(['--help']))",
]
YARDSTICK = [sys.executable, "-c", "import click, rich"]


@dataclass(frozen=True)
class Startup:
    """Medians of child CPU seconds."""

    help_seconds: float
    yardstick_seconds: float

    @property
    def ratio(self) -> float:
        return self.help_seconds / self.yardstick_seconds


def _child_cpu(argv: list[str]) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def run_startup(repeats: int = 11) -> Startup:
    ours, theirs = [], []
    _child_cpu(HELP)  # the first run may compile bytecode
    for _ in range(repeats):
        ours.append(_child_cpu(HELP))
        theirs.append(_child_cpu(YARDSTICK))
    return Startup(statistics.median(ours), statistics.median(theirs))
