"""Spacing requests so that a long run of them stays inside Google's per-minute quota.

Google allows about 60 Sheets requests a minute per user. One command sends a handful, but a
rollup reads one workbook per workshop, and a hundred reads at full speed would run into
``429`` answers and back-off. A :class:`Pacer` starts them evenly instead: never two closer
than ``60 / per_minute`` seconds, so no minute holds more than ``per_minute`` of them, and the
rest of the quota is left to the room (a live board, people's own browsers).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

#: What a rollup allows itself: below Google's 60, leaving room for another client.
ROLLUP_READS_PER_MINUTE = 50


@dataclass
class Pacer:
    """Call :meth:`wait` before each request; it sleeps just enough to keep the pace."""

    per_minute: int
    clock: Callable[[], float]
    sleep: Callable[[float], None]
    _last: float | None = field(default=None, init=False)

    def wait(self) -> None:
        """Return when the next request may start."""
        gap = 60.0 / self.per_minute
        now = self.clock()
        if self._last is not None and now - self._last < gap:
            self.sleep(gap - (now - self._last))
            now = self.clock()
        self._last = now
