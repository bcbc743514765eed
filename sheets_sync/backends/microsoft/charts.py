"""Native Excel charts through Graph: one chart per key, named so it can be found again.

A tool chart is named ``sheets_sync <key>``. :func:`chart_subs` deletes the chart of that name
if the tab has one, adds a clustered bar chart over the spec's category and value columns, and,
as Graph gives a new chart's name only in its answer, reaches the new chart by position
(``charts/itemAt``: it is the last one) to name, size and place it, then titles it and names its
series. Replaying the sequence after a lost answer leaves one chart, not two: the first step
deletes what the lost try made.
"""

from __future__ import annotations

from urllib.parse import quote

from sheets_sync.backend import ChartSpec, a1

from .http import GONE, Sub
from .read import Sheet

PX_TO_PT = 0.75


def chart_name(key: str) -> str:
    return f"sheets_sync {key}"


def chart_subs(ref: str, sheet: Sheet, chart: ChartSpec) -> list[Sub]:
    """The sub-requests that make ``chart`` on ``sheet`` (whose chart names are known)."""
    name = chart_name(chart.key)
    by_name = f"{ref}/charts/{quote(name, safe='')}"
    known = list(sheet.charts or [])
    subs: list[Sub] = []
    if name in known:
        subs.append(Sub("DELETE", by_name, done_if=GONE))
        known.remove(name)
    first, last = chart.rows
    columns = [chart.category_col, *chart.value_cols]
    source = ",".join(f"{a1(first, c)}:{a1(last, c)}" for c in columns)
    subs.append(
        Sub(
            "POST",
            f"{ref}/charts/add",
            {"type": "BarClustered", "sourceData": source, "seriesBy": "Columns"},
        )
    )
    size = {
        "name": name,
        "width": chart.width_px * PX_TO_PT,
        "height": chart.height_px * PX_TO_PT,
    }
    subs.append(Sub("PATCH", f"{ref}/charts/itemAt(index={len(known)})", size))
    subs.append(Sub("POST", f"{by_name}/setPosition", {"startCell": a1(*chart.anchor)}))
    subs.append(Sub("PATCH", f"{by_name}/title", {"text": chart.title, "visible": True}))
    for i, series in enumerate(chart.series_names):
        subs.append(Sub("PATCH", f"{by_name}/series/itemAt(index={i})", {"name": series}))
    sheet.charts = [*known, name]
    return subs
