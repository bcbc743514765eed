"""Native Excel charts through Graph: one chart per tab key and chart key.

Graph names a new chart itself (``Chart 1``) and gives the name only in its answer, so the
adapter records it (in the state file) and :func:`chart_subs` deletes the recorded chart
before adding its replacement; replaying the pair after a lost answer still leaves one chart.

``charts/add`` takes one block of cells: the category column, the value columns and every
column between them, with the header row above as series names; it is a clustered bar chart
in Excel's default place and size, without a title. Its parts are set once its name is known,
so in the next batch (:func:`part_subs`, :class:`ChartDraw`): ``setPosition`` at the spec's
anchor cell, the size in points, the title. A chart over columns that are not side by side
keeps the columns between as series (Graph v1.0 can neither delete a series nor set its
values), and :func:`chart_subs` says so for ``lost``.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from sheets_sync.model import ChartSpec, a1

from .http import GONE, Sub

#: Points per CSS pixel (a ChartSpec's size is in pixels, Graph's in points).
POINTS_PER_PX = 0.75


@dataclass(frozen=True)
class ChartDraw:
    """A chart being drawn on the tab at ``ref``: its ``charts/add`` and what follows it."""

    ref: str
    chart: ChartSpec
    add: Sub
    protected: bool = False

    def parts(self, name: str) -> list[Sub]:
        """The sub-requests setting the parts of the chart Graph named ``name`` (on a
        ``protected`` tab they go between ``unprotect`` and ``protect``: the caller's)."""
        return part_subs(self.ref, self.chart, name)


def chart_subs(ref: str, chart: ChartSpec, recorded: str | None) -> tuple[list[Sub], str | None]:
    """The sub-requests that (re)draw ``chart`` on the tab at ``ref``, and the line for
    ``lost`` (``None``: nothing lost). The ``charts/add`` is the last sub-request: its answer
    names the new chart."""
    subs: list[Sub] = []
    if recorded is not None:
        subs.append(Sub("DELETE", f"{ref}/charts/{quote(recorded, safe='')}", done_if=GONE))
    first, last = chart.rows
    left, right = chart.category_col, max(chart.value_cols)
    source = f"{a1(max(first - 1, 0), left)}:{a1(last, right)}"
    body = {"type": "BarClustered", "sourceData": source, "seriesBy": "Columns"}
    subs.append(Sub("POST", f"{ref}/charts/add", body))
    extra = sorted(set(range(left + 1, right + 1)) - set(chart.value_cols))
    if not extra:
        return subs, None
    return subs, (
        f"chart {chart.title!r}: drawn over {source} with {len(extra)} more series from the "
        "columns between (Graph v1.0 charts take one block of cells)"
    )


def part_subs(ref: str, chart: ChartSpec, name: str) -> list[Sub]:
    """Place, size and title the chart ``name`` as ``chart`` says."""
    url = f"{ref}/charts/{quote(name, safe='')}"
    size = {
        "width": round(chart.width_px * POINTS_PER_PX, 2),
        "height": round(chart.height_px * POINTS_PER_PX, 2),
    }
    return [
        Sub("POST", f"{url}/setPosition", {"startCell": a1(*chart.anchor)}),
        Sub("PATCH", url, size),
        Sub("PATCH", f"{url}/title", {"text": chart.title, "visible": True}),
    ]
