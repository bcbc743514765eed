"""Commands for the room and the programme: the live sync (``sync --watch``), the projector's
``board`` and ``rollup``.

Registered on :data:`~sheets_sync.cli.app.cli` by :mod:`sheets_sync.cli.main`.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import TYPE_CHECKING

import click
from rich.console import Console

from sheets_sync.cli import render
from sheets_sync.cli.app import cli, config_option, emit, force_option, json_option, workshop_for
from sheets_sync.workshop.facade import Workshop
from sheets_sync.workshop.watch import CycleSummary, WatchTiming, watch

if TYPE_CHECKING:
    from sheets_sync.report.rollup_workbook import RollupResult


def watch_sync(workshop: Workshop, every: float, *, force: bool, as_json: bool) -> None:
    """Run the live board for ``sync --watch``: a line (or a JSON object) per cycle, then a
    final line when the cycles end or Ctrl-C stops it.

    Sleep, clock and a bound on the cycles come from a :class:`WatchTiming` passed as click's
    context object, if any (tests); otherwise real time, until Ctrl-C.
    """
    timing = click.get_current_context().find_object(WatchTiming) or WatchTiming()

    def show(summary: CycleSummary) -> None:
        if as_json:
            click.echo(json.dumps(render.to_data(summary), ensure_ascii=False))
        else:
            click.echo(summary.line())

    if not as_json:
        click.echo(
            f"Watching {workshop.backend.location()}: one sync every {every:g} seconds; "
            "Ctrl-C stops."
        )
    done = watch(
        workshop,
        every,
        cycles=timing.cycles,
        sleep=timing.sleep,
        clock=timing.clock,
        on_cycle=show,
        force=force,
    )
    if not as_json:
        written = sum(s.writes for s in done)
        click.echo(f"Stopped after {len(done)} cycle(s); {written} change(s) written in all.")


def show_rollup(console: Console, r: RollupResult) -> None:
    """The rollup in a few lines: each workshop, the most chosen principles, the comparisons."""
    console.print(f"Wrote {r.output} with tabs: {', '.join(r.tabs)}")
    if r.backup:
        console.print(f"The previous file was kept as {r.backup}")
    for w in r.rollup.workshops:
        state = "confirmed" if w.confirmed else "not confirmed, still the suggestion"
        five = ", ".join(w.agreed) or "none"
        console.print(f"  {w.label}: {five}; {state}; {len(w.gaps)} gap row(s)")
    top = [f"{code} ({r.rollup.counts[code]})" for code in r.rollup.order[:5]]
    console.print(f"Most chosen, by localities: {', '.join(top)}")
    for c in r.rollup.comparisons:
        console.print(f"  {c.summary()}")


@cli.command()
@click.argument("configs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    required=True,
    help="The rollup workbook to write, e.g. rollup.xlsx.",
)
@click.option(
    "--force",
    is_flag=True,
    help="Replace an existing rollup workbook (the old one is kept as a backup).",
)
@json_option
def rollup(configs: tuple[Path, ...], output: Path, force: bool, as_json: bool) -> None:
    """Combine several workshops' agreed priorities and gap analyses into one .xlsx.

    Reads each workshop named by its config (any backend); a locality's baseline and
    follow-up workshops are compared. Example:
    sheets-sync rollup config/camden.toml config/leeds.toml -o rollup.xlsx
    """
    from sheets_sync.backends.google.pacing import ROLLUP_READS_PER_MINUTE, Pacer
    from sheets_sync.report.rollup import build_rollup, collect
    from sheets_sync.report.rollup_workbook import write_rollup

    pacer = Pacer(ROLLUP_READS_PER_MINUTE, time.monotonic, time.sleep)
    result = write_rollup(build_rollup(collect(configs, pacer=pacer)), output, replace=force)
    emit(as_json, result, show_rollup)


@cli.command()
@config_option
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8765,
    show_default=True,
    help="The port on 127.0.0.1 to serve the board on (0: any free one).",
)
@click.option(
    "--every",
    type=click.FloatRange(min=5),
    default=30,
    show_default=True,
    metavar="SECONDS",
    help="Sync every SECONDS (5 or more).",
)
@click.option("--hidden", is_flag=True, help="Start with the scores hidden (tables still ranking).")
@click.option(
    "--cycles",
    type=click.IntRange(min=1),
    default=None,
    metavar="N",
    help="Stop after N syncs (default: run until Ctrl-C).",
)
@force_option
def board(
    config_path: Path, port: int, every: float, hidden: bool, cycles: int | None, force: bool
) -> None:
    """Serve a live board for the projector on 127.0.0.1 while syncing every SECONDS.

    The page shows the 17 principles' scores (hidden until revealed with its button), how
    many tables are in, each table's top five and the agreed five once typed.
    Example: sheets-sync board -c config/camden.toml --hidden
    """
    from sheets_sync.report.board.server import run_board

    timing = click.get_current_context().find_object(WatchTiming) or WatchTiming()
    done = run_board(
        workshop_for(config_path),
        every,
        port=port,
        hidden=hidden,
        cycles=cycles if cycles is not None else timing.cycles,
        sleep=timing.sleep,
        clock=timing.clock,
        on_ready=lambda url: click.echo(render.board_ready(url, every, hidden)),
        on_cycle=lambda summary: click.echo(summary.line()),
        force=force,
    )
    click.echo(render.board_stopped(done))
