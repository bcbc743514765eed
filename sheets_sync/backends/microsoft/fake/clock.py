"""Simulated time for the Graph fake: it passes only when a request costs latency or a
client sleeps through :meth:`SimulatedClock.sleep`, so back-off costs no real time."""

from __future__ import annotations

import datetime as dt

#: 2026-12-03 09:00:00 UTC, the morning of a workshop.
DEFAULT_START = 1796288400.0


class SimulatedClock:
    """A clock that is callable (``clock()`` is seconds since the epoch) and sleeps by
    advancing itself, so it can stand in for ``time.time``/``time.monotonic``/``time.sleep``."""

    def __init__(self, start: float = DEFAULT_START) -> None:
        self._now = float(start)

    @property
    def now(self) -> float:
        """Current simulated time (seconds since the epoch)."""
        return self._now

    def __call__(self) -> float:
        return self._now

    def time(self) -> float:
        """Same as :attr:`now` (a drop-in for ``time.time``)."""
        return self._now

    def monotonic(self) -> float:
        """Same as :attr:`now` (a drop-in for ``time.monotonic``)."""
        return self._now

    def advance(self, seconds: float) -> None:
        """Move time forward by ``seconds`` (never backwards)."""
        if seconds < 0:
            raise ValueError("simulated time cannot go backwards")
        self._now += seconds

    def sleep(self, seconds: float) -> None:
        """A drop-in for ``time.sleep`` that advances simulated time instead of waiting."""
        self.advance(max(0.0, float(seconds)))

    def iso(self) -> str:
        """Current time as Graph writes timestamps (``2026-12-03T09:00:00Z``)."""
        moment = dt.datetime.fromtimestamp(self._now, tz=dt.UTC)
        return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
