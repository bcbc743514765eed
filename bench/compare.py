"""Run every approach through the same workshop and collect what each operation cost.

The workshop: provision, tables type their entries, validate, sync, the facilitator types
the agreed five in the UI (free for everyone), gap, status. Each approach runs in its own
simulated Google, so quotas and clocks never mix; sheets_sync runs the same workshop on
Microsoft 365 too, over the Graph fake, with an idle sync after the sync.
"""

from __future__ import annotations

import multiprocessing
import tempfile
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from bench import content
from bench.batched_gspread import BatchedGspread
from bench.dataframe_gspread import GspreadDataframe
from bench.microsoft_way import GraphMeasurement, GraphWorld, SheetsSyncMicrosoft
from bench.plain_gspread import PlainGspread
from bench.sheets_sync_way import SheetsSync
from bench.world import Measurement, World, private_key_pem
from sheets_sync.core.principles import BY_CODE
from sheets_sync.tabs.consensus import CONSENSUS_LAYOUT
from sheets_sync.tabs.templates import load_templates

OPERATIONS = ("provision", "tables type", "validate", "sync", "gap", "status")
#: On Microsoft 365 an idle sync (nothing typed since) is measured after the sync.
GRAPH_OPERATIONS = ("provision", "tables type", "validate", "sync", "idle sync", "gap", "status")
TABLE_COUNTS = (4, 8, 16)


class Approach(Protocol):
    name: str
    spreadsheet_id: str

    def provision(self) -> None: ...
    def type_entries(self) -> None: ...
    def validate(self) -> None: ...
    def sync(self) -> None: ...
    def gap(self) -> None: ...
    def status(self) -> None: ...


APPROACHES: tuple[Callable[[World], Approach], ...] = (
    SheetsSync,
    BatchedGspread,
    PlainGspread,
    GspreadDataframe,
)


@dataclass(frozen=True)
class Run:
    approach: str
    tables: int
    measurements: tuple[Measurement, ...]

    def get(self, operation: str) -> Measurement:
        return next(m for m in self.measurements if m.operation == operation)


@dataclass(frozen=True)
class GraphRun:
    tables: int
    measurements: tuple[GraphMeasurement, ...]

    def get(self, operation: str) -> GraphMeasurement:
        return next(m for m in self.measurements if m.operation == operation)


def agree(world: World | GraphWorld, approach: Approach) -> None:
    """The facilitator types the agreed five in the Consensus tab's Agreed block (UI)."""
    title = content.consensus_title(load_templates(world.config.templates))
    first = CONSENSUS_LAYOUT.agreed + 2
    for i, code in enumerate(content.AGREED):
        world.fake.person_sets(approach.spreadsheet_id, title, f"B{first + i}", BY_CODE[code].label)


def _steps(approach: Approach) -> dict[str, Callable[[], None]]:
    """What each operation runs ("idle sync" is a second sync with nothing changed)."""
    return {
        "provision": approach.provision,
        "tables type": approach.type_entries,
        "validate": approach.validate,
        "sync": approach.sync,
        "idle sync": approach.sync,
        "gap": approach.gap,
        "status": approach.status,
    }


def _measure_all(
    world: World | GraphWorld, approach: Approach, operations: Sequence[str]
) -> tuple[Any, ...]:
    """Each of ``operations`` measured in turn, the facilitator agreeing a five before gap;
    then the world checks every request was one its service would take."""
    steps, measured = _steps(approach), []
    for operation in operations:
        if operation == "gap":
            agree(world, approach)
        measured.append(world.measure(operation, steps[operation]))
    world.check_faithful()
    return tuple(measured)


def run_one(make: Callable[[World], Approach], tables: int, workdir: Path) -> Run:
    with World(workdir, tables) as world:
        approach = make(world)
        return Run(approach.name, tables, _measure_all(world, approach, OPERATIONS))


def run_graph(tables: int, workdir: Path) -> GraphRun:
    """sheets_sync's workshop on Microsoft 365 at ``tables`` tables."""
    with GraphWorld(workdir, tables) as world:
        return GraphRun(tables, _measure_all(world, SheetsSyncMicrosoft(world), GRAPH_OPERATIONS))


def run_all(
    table_counts: Sequence[int] = TABLE_COUNTS, jobs: int = 1
) -> tuple[list[Run], list[GraphRun]]:
    """Every approach at every size on Google, and sheets_sync's on Microsoft 365, ``jobs``
    runs at a time in worker processes.

    Runs are independent (each has its own fake), so running them side by side changes no
    number; it only saves real time, most of which the fake spends copying and rendering.
    """
    private_key_pem()  # once, before any worker starts
    with tempfile.TemporaryDirectory(prefix="sheets-sync-bench-") as tmp:
        work = [
            (make, tables, Path(tmp) / f"{tables}-{i}")
            for tables in table_counts
            for i, make in enumerate(APPROACHES)
        ]
        graph = [(tables, Path(tmp) / f"{tables}-graph") for tables in table_counts]
        if jobs <= 1:
            return [run_one(*job) for job in work], [run_graph(*job) for job in graph]
        largest_first = sorted(range(len(work)), key=lambda i: -work[i][1])
        with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork")) as pool:
            futures = {i: pool.submit(run_one, *work[i]) for i in largest_first}
            graph_futures = [pool.submit(run_graph, *job) for job in graph]
            return (
                [futures[i].result() for i in range(len(work))],
                [f.result() for f in graph_futures],
            )
