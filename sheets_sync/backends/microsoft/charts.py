"""Native Excel charts through Graph: one chart per tab key and chart key.

Graph names a new chart itself (``Chart 1``) and gives the name only in its answer, so the
adapter records it (in the state file) and :func:`chart_subs` deletes the recorded chart
before adding its replacement; replaying the pair after a lost answer still leaves one chart.

``charts/add`` takes one block of cells: the category column, the value columns and every
column between them, with the header row above as series names. The chart is a clustered bar
chart in Excel's default place and size, with no title: title, position and series names are
chart parts this adapter does not set yet, and :func:`chart_subs` says so for ``lost``.
"""

from __future__ import annotations

from urllib.parse import quote

from sheets_sync.model import ChartSpec, a1

from .http import GONE, Sub


def chart_subs(ref: str, chart: ChartSpec, recorded: str | None) -> tuple[list[Sub], str]:
    """The sub-requests that (re)draw ``chart`` on the tab at ``ref``, and the line for
    ``lost``. The ``charts/add`` is the last sub-request: its answer names the new chart."""
    subs: list[Sub] = []
    if recorded is not None:
        subs.append(Sub("DELETE", f"{ref}/charts/{quote(recorded, safe='')}", done_if=GONE))
    first, last = chart.rows
    left, right = chart.category_col, max(chart.value_cols)
    source = f"{a1(max(first - 1, 0), left)}:{a1(last, right)}"
    body = {"type": "BarClustered", "sourceData": source, "seriesBy": "Columns"}
    subs.append(Sub("POST", f"{ref}/charts/add", body))
    extra = sorted(set(range(left + 1, right + 1)) - set(chart.value_cols))
    also = f", with {len(extra)} more series from the columns between" if extra else ""
    lost = (
        f"chart {chart.title!r}: drawn over {source}{also}, in Excel's default place and size "
        "without a title (set through chart parts, which this adapter does not send yet)"
    )
    return subs, lost
