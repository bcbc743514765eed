"""The live board: sync again and again while the tables rank, one summary line per cycle.

During the 45 minutes of *Establishing priorities* the facilitator leaves ``sheets-sync sync --watch
30`` running: every ``every`` seconds it runs **one**
:meth:`~sheets_sync.workshop.facade.Workshop.sync` (so each table's Check column, status area and
the Consensus tab stay current) and reports a :class:`CycleSummary`: how many tables are valid, the
leader (the first suggested principle) and what the cycle cost.

Contract of :func:`watch`:

* **One sync per cycle, nothing more.** A sync reads the workbook once and writes at most once,
  and writes nothing when nothing changed (``writes == 0``). On Google that is one or two
  requests per cycle: at the CLI's shortest period (5 seconds) at most 24 requests a minute,
  well inside Google's 60 a minute per user.
* **Paced by the clock, not by the work.** Cycle *k* is due ``k * every`` seconds after the
  first; the wait is whatever is left of the period after the sync. A sync that overruns its
  period is followed by the next at once, never by a burst of missed ones.
* **Requests used** come from the backend's optional ``requests_made`` attribute: an ``int``
  counting every HTTP request the backend has sent so far. The port does not require it;
  backends without it report ``None`` ("n/a"). The Google adapter counts every HTTP request
  (retries and token refreshes included); the xlsx adapter sends none and has no counter.
* **A person's mistake does not stop the board.** A :class:`~sheets_sync.errors.SheetsSyncError`
  in one cycle (someone typed in a cell the tool owns, a tab was deleted, Google said no) is
  reported in that cycle's summary (``error``) and the loop goes on.
* **Ctrl-C stops cleanly**, whether it arrives while waiting or during a sync (every write is
  atomic, so an interrupted sync wrote all or nothing); :func:`watch` then returns the cycles
  so far instead of raising.

Time is injected: ``sleep`` and ``clock`` (seconds, monotonic) default to the real ones, and
the time shown on each line comes from the workshop's own clock, so tests never sleep.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from sheets_sync.errors import SheetsSyncError
from sheets_sync.workshop.facade import SyncResult, Workshop

NO_LEADER = "none yet"


@dataclass(frozen=True)
class CycleSummary:
    """What one cycle of the live board saw and did.

    ``at`` is the workshop clock's time when the cycle started; ``elapsed`` the seconds since
    the first cycle started. ``requests`` is what this cycle cost and ``requests_total`` the
    backend's count so far, both ``None`` when the backend keeps no count. When the sync
    failed, ``error`` holds its one-line message and the table counts are zero.
    """

    cycle: int
    at: datetime
    elapsed: float
    tables_valid: int
    tables_total: int
    leader: str
    writes: int
    requests: int | None
    requests_total: int | None
    error: str | None = None
    missing: tuple[str, ...] = ()

    def line(self) -> str:
        """The one line people read: ``#2 10:31:00 tables valid 4/6 · leader MESO-3 · …``."""
        head = f"#{self.cycle} {self.at:%H:%M:%S}"
        if self.error is not None:
            return f"{head} error: {self.error} (trying again next cycle)"
        used = "n/a" if self.requests is None else str(self.requests)
        written = f"{self.writes} change(s) written" if self.writes else "nothing changed"
        gone = f" · left out, tab missing: {', '.join(self.missing)}" if self.missing else ""
        return (
            f"{head} tables valid {self.tables_valid}/{self.tables_total}"
            f" · leader {self.leader} · {written} · requests {used}{gone}"
        )


@dataclass(frozen=True)
class WatchTiming:
    """The outside world of a watch, for the CLI to pick up from click's context object.

    Tests pass one as ``obj`` to click so ``sync --watch`` runs without real sleeping;
    ``cycles`` bounds the loop (``None`` = until Ctrl-C).
    """

    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    cycles: int | None = None


def requests_made(backend: object) -> int | None:
    """The backend's optional request counter (see the module docstring), or ``None``."""
    count = getattr(backend, "requests_made", None)
    return count if isinstance(count, int) and not isinstance(count, bool) else None


def _summary(
    workshop: Workshop,
    cycle: int,
    at: datetime,
    elapsed: float,
    before: int | None,
    result: SyncResult | None,
    error: str | None,
) -> CycleSummary:
    after = requests_made(workshop.backend)
    used = after - before if after is not None and before is not None else None
    if result is None:
        total = len(workshop.config.tables)
        return CycleSummary(cycle, at, elapsed, 0, total, NO_LEADER, 0, used, after, error)
    suggested = result.consensus.suggested if result.consensus is not None else ()
    return CycleSummary(
        cycle=cycle,
        at=at,
        elapsed=elapsed,
        tables_valid=sum(1 for c in result.checks if c.state == "valid"),
        tables_total=len(result.checks),
        leader=suggested[0] if suggested else NO_LEADER,
        writes=result.writes,
        requests=used,
        requests_total=after,
        missing=result.missing,
    )


def sync_cycle(
    workshop: Workshop, cycle: int, elapsed: float, *, force: bool
) -> tuple[CycleSummary, SyncResult | None]:
    """One sync, summarised, with its result (``None`` when it failed: a
    :class:`SheetsSyncError` becomes the summary's ``error``)."""
    at = workshop.clock()
    before = requests_made(workshop.backend)
    try:
        result = workshop.sync(force=force)
    except SheetsSyncError as exc:
        return _summary(workshop, cycle, at, elapsed, before, None, str(exc)), None
    return _summary(workshop, cycle, at, elapsed, before, result, None), result


def run_cycle(workshop: Workshop, cycle: int, elapsed: float, *, force: bool) -> CycleSummary:
    """One sync, summarised; a :class:`SheetsSyncError` becomes the summary's ``error``."""
    return sync_cycle(workshop, cycle, elapsed, force=force)[0]


class Step(Protocol):
    """What :func:`watch` runs each cycle, as :func:`run_cycle` (the default) does; the live
    board passes one that also keeps the sync's result."""

    def __call__(
        self, workshop: Workshop, cycle: int, elapsed: float, *, force: bool
    ) -> CycleSummary: ...


def watch(
    workshop: Workshop,
    every: float,
    *,
    cycles: int | None = None,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
    on_cycle: Callable[[CycleSummary], None],
    force: bool = False,
    step: Step = run_cycle,
) -> list[CycleSummary]:
    """Sync every ``every`` seconds, ``cycles`` times (``None``: until Ctrl-C).

    Calls ``on_cycle`` with each summary as soon as the cycle ends and returns them all. See
    the module docstring for pacing, errors and Ctrl-C. ``force`` is passed to every sync;
    ``step`` runs each cycle (default :func:`run_cycle`).
    Raises ``ValueError`` if ``every`` is not positive or ``cycles`` is below 1.
    """
    if not every > 0:
        raise ValueError(f"the period must be a positive number of seconds, not {every!r}")
    if cycles is not None and cycles < 1:
        raise ValueError(f"cycles must be at least 1, not {cycles!r}")
    done: list[CycleSummary] = []
    start = clock()
    due = start
    try:
        while cycles is None or len(done) < cycles:
            summary = step(workshop, len(done) + 1, clock() - start, force=force)
            done.append(summary)
            on_cycle(summary)
            if cycles is not None and len(done) >= cycles:
                break
            now = clock()
            due = max(due + every, now)
            sleep(due - now)
    except KeyboardInterrupt:
        pass
    return done
