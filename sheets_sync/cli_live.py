"""Commands for the room and the programme: the live board (``sync --watch``) and ``rollup``.

Kept apart from :mod:`sheets_sync.cli` so that module stays a list of the workshop's own
steps; the commands here are decorated onto the same :data:`~sheets_sync.cli.cli` group, and
``cli.py`` imports this module at its end so they are registered.
"""

from __future__ import annotations

import json

import click

from . import render
from .watch import CycleSummary, WatchTiming, watch
from .workshop import Workshop


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
