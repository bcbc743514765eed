"""Local time of every command on an .xlsx workbook, as a ratio to the openpyxl floor.

The floor of a command is what openpyxl alone needs for the same files: a bare
``load_workbook`` of each file the command reads and a bare ``save`` of each file it writes
(loaded beforehand, so only the save is counted). A command cannot go below its floor by much;
how far above it sits is sheets_sync's own work (validation, merge, styles, the stored base).

Times are CPU seconds of this process (``time.process_time``), so a busy machine slows both
sides alike; the command and its floor alternate, and the median of the repeats is kept.
Each run starts from a fresh copy of the files, as a person would have them.
"""

from __future__ import annotations

import math
import multiprocessing
import shutil
import statistics
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import openpyxl

from bench.local_world import build
from sheets_sync.backends.xlsx.adapter import XlsxBackend
from sheets_sync.offline.look import WorkshopLook
from sheets_sync.offline.sync import OfflineSync
from sheets_sync.report.data import read_report
from sheets_sync.report.page import render_html
from sheets_sync.tabs.gap import gap_layout

TABLES = (4, 16, 32)
GAP_ROWS = (100, 1_000, 5_000)
COMMANDS = ("validate", "sync", "gap", "status", "report", "mirror", "push 50 edits")
EDITS = 50


@dataclass(frozen=True)
class Timing:
    """One command at one size: medians of CPU seconds, the command's and its floor's."""

    command: str
    tables: int
    gap_rows: int
    seconds: float
    floor: float

    @property
    def ratio(self) -> float:
        return self.seconds / self.floor if self.floor else math.nan


def cpu(run: Callable[[], object]) -> float:
    started = time.process_time()
    run()
    return time.process_time() - started


def floor_of(reads: list[Path], writes: list[Path], scratch: Path) -> float:
    """openpyxl alone: a bare load of each file read, a bare save of each file written."""
    books = [openpyxl.load_workbook(p) for p in writes]
    seconds = sum(cpu(lambda p=p: openpyxl.load_workbook(p)) for p in reads)  # type: ignore[misc]
    for n, wb in enumerate(books):
        seconds += cpu(lambda wb=wb, n=n: wb.save(scratch / f"floor-{n}.xlsx"))  # type: ignore[misc]
    return seconds


class Bench:
    """One built workshop, and each command run on fresh copies of its files."""

    def __init__(self, folder: Path, tables: int, gap_rows: int) -> None:
        self.folder = folder
        self.tables, self.gap_rows = tables, gap_rows
        self.built = build(folder / "built", tables, gap_rows)
        self.look = WorkshopLook(self.built.config, self.built.workshop().templates)
        #: Where each run finds the online workbook and the mirror (a mirror knows its online
        #: copy by path), and the pristine files each run starts from.
        self.online, self.mirror = folder / "workshop.xlsx", folder / "mirror.xlsx"
        self.pristine = {
            "online": folder / "pristine-online.xlsx",
            "typed": folder / "pristine-typed.xlsx",
            "mirror": folder / "pristine-mirror.xlsx",
        }
        shutil.copy(self.built.workbook, self.online)
        sync = OfflineSync(XlsxBackend(self.online), XlsxBackend(self.mirror), look=self.look)
        sync.mirror()
        sync.push()  # settles the ids of the rows the build added, as a first push does
        self._edit_mirror()
        shutil.copy(self.online, self.pristine["online"])
        shutil.copy(self.mirror, self.pristine["mirror"])
        self._type_in_table()
        shutil.copy(self.online, self.pristine["typed"])

    def _type_in_table(self) -> None:
        """A person's typing in Table 1, so validate and sync have something to write."""
        wb = openpyxl.load_workbook(self.online)
        wb["Table 1"]["C6"] = "typed since the last sync"
        wb.save(self.online)

    def _edit_mirror(self) -> None:
        """Fifty cells typed offline in the first gap tab of the mirror."""
        wb = openpyxl.load_workbook(self.mirror)
        ws = next(t for t in wb.worksheets if t.title.startswith("Gap"))
        first = gap_layout(self.look.templates).first_row + 1
        for n in range(EDITS):
            ws.cell(first + n // 5, 2 + n % 5).value = f"edited offline {n}"
        wb.save(self.mirror)

    def command(self, name: str) -> tuple[Callable[[], object], list[Path], list[Path]]:
        """The command on fresh copies, the files it reads and the files it writes."""
        offline = name in ("mirror", "push 50 edits")
        shutil.copy(self.pristine["online" if offline else "typed"], self.online)
        shutil.copy(self.pristine["mirror"], self.mirror)
        new_mirror = self.folder / "new-mirror.xlsx"
        new_mirror.unlink(missing_ok=True)
        ws = self.built.workshop(self.online)
        book = self.online
        steps: dict[str, tuple[Callable[[], object], list[Path], list[Path]]] = {
            "validate": (ws.validate, [book], [book]),
            "sync": (ws.sync, [book], [book]),
            "gap": (ws.gap, [book], [book]),
            "status": (ws.status, [book], []),
            "report": (lambda: render_html(read_report(ws)), [book], []),
            "mirror": (
                lambda: OfflineSync(
                    XlsxBackend(book), XlsxBackend(new_mirror), look=self.look
                ).mirror(),
                [book],
                [new_mirror],
            ),
            "push 50 edits": (
                lambda: OfflineSync(
                    XlsxBackend(book), XlsxBackend(self.mirror), look=self.look
                ).push(),
                [book, self.mirror],
                [book, self.mirror],
            ),
        }
        return steps[name]

    def time(self, name: str, repeats: int) -> Timing:
        ours: list[float] = []
        floors: list[float] = []
        for _ in range(repeats):
            run, reads, writes = self.command(name)
            before = {w: w.stat().st_mtime_ns if w.exists() else None for w in writes}
            ours.append(cpu(run))
            saved = [w for w in writes if w.exists() and w.stat().st_mtime_ns != before[w]]
            floors.append(floor_of(reads, saved, self.folder))
        return Timing(
            name, self.tables, self.gap_rows, statistics.median(ours), statistics.median(floors)
        )


def growth(small: Timing, large: Timing, sizes: tuple[int, int]) -> float:
    """The exponent k in time ~ size^k between two sizes (1 is linear)."""
    if small.seconds <= 0 or large.seconds <= 0:
        return math.nan
    return math.log(large.seconds / small.seconds) / math.log(sizes[1] / sizes[0])


def repeats_at(gap_rows: int, repeats: int) -> int:
    """Runs of each command at a size: ``repeats`` up to 1,000 gap rows, one above. A run at
    5,000 rows takes 2 to 12 CPU seconds, so one slow or lucky run moves it little, and the
    full grid stays within a few minutes on two cores."""
    return repeats if gap_rows <= 1_000 else 1


def time_size(
    folder: Path, tables: int, gap_rows: int, repeats: int, commands: tuple[str, ...]
) -> list[Timing]:
    """Every command at one size, in a workshop built for it (then thrown away)."""
    shutil.rmtree(folder, ignore_errors=True)
    bench = Bench(folder, tables, gap_rows)
    timings = [bench.time(name, repeats_at(gap_rows, repeats)) for name in commands]
    shutil.rmtree(folder, ignore_errors=True)
    return timings


def run_local(
    folder: Path,
    tables: tuple[int, ...] = TABLES,
    gap_rows: tuple[int, ...] = GAP_ROWS,
    repeats: int = 3,
    commands: tuple[str, ...] = COMMANDS,
    jobs: int = 1,
) -> list[Timing]:
    """Every command at every number of tables and of gap rows (the full grid), ``jobs``
    sizes at a time in worker processes, the largest first.

    A command and its floor alternate within one process, so sizes running side by side
    share the machine alike on both sides of each ratio; CPU seconds are per process.
    """
    sizes = [(t, r) for r in gap_rows for t in tables]
    work = [(folder / f"{t}x{r}", t, r, repeats, commands) for t, r in sizes]
    if jobs <= 1:
        return [t for job in work for t in time_size(*job)]
    largest_first = sorted(range(len(work)), key=lambda i: -(work[i][2] * 100 + work[i][1]))
    with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork")) as pool:
        futures = {i: pool.submit(time_size, *work[i]) for i in largest_first}
        return [t for i in range(len(work)) for t in futures[i].result()]
