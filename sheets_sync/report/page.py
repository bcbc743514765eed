"""The workshop report as one self-contained, printable HTML page (pure).

:func:`render_html` fills the template ``templates/report.html.j2`` (shipped in the package)
from a :class:`~sheets_sync.report.data.ReportData`: no scripts, fonts, images or style sheets
from anywhere else, so the file can be e-mailed, opened offline or printed as it is. The
template is rendered with autoescaping, so escaping is structural: a ``<script>`` typed in a
cell shows as text. The markup and the wording live in the template; this module only
prepares values (the chart's geometry, display numbers, the workbook's name).

The print CSS lays it out on A4 (``@page``): small tables and cards do not break across pages,
long rows of big tables may, with their header repeated; a heading is kept with what follows
it; long words wrap anywhere rather than overflow; the chart scales to the page width.

The chart, points per principle, is an inline SVG of horizontal bars in the consensus order,
the suggested principles in a stronger colour and marked with a star (colour is never the only
signal; every colour meets 4.5:1 on white). Its ``<desc>`` points to the table of all 17, its text
alternative. A principle with points gets one ``<rect class="bar">`` (with ``data-code`` and
``data-points``) inside a group whose ``<title>`` reads out its code, points and wording; a
principle without points gets its label and a 0 but no bar.

The header and footer name the workbook by its file name (or its URL), never by a local path.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import Any, Final

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from sheets_sync.core.aggregate import Consensus
from sheets_sync.core.principles import BY_CODE
from sheets_sync.report.data import ReportData, principle_label
from sheets_sync.tabs.consensus import method_name

FLIPCHART_COLUMNS: Final = 6
"""Tables per flipchart table: more would not fit across an A4 page."""

_W: Final = 640  # the SVG user space; it scales to the page width
_ROW: Final = 22
_LABEL: Final = 86
_TOP: Final = 8
SUGGESTED_FILL: Final = "#B4500F"  # 5.1:1 on white, so it reads as text too (WCAG AA)
OTHER_FILL: Final = "#4472C4"

_ENV: Final = Environment(
    loader=PackageLoader("sheets_sync.report", "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    undefined=StrictUndefined,
    keep_trailing_newline=True,
)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' * (n != 1)}"


def chart(consensus: Consensus) -> dict[str, Any]:
    """The chart's geometry: one entry per principle, in the consensus order."""
    tallies = consensus.tallies
    most = max((t.points for t in tallies), default=0) or 1
    room = _W - _LABEL - 44
    suggested = set(consensus.suggested)
    bars = []
    for i, t in enumerate(tallies):
        y = _TOP + i * _ROW
        width = room * t.points / most
        bars.append(
            {
                "code": t.code,
                "points": t.points,
                "suggested": t.code in suggested,
                "fill": SUGGESTED_FILL if t.code in suggested else OTHER_FILL,
                "y": y,
                "mid": f"{y + _ROW / 2 + 4:g}",
                "width": f"{width:.1f}",
                "value_x": f"{_LABEL + width + 4:.1f}",
                "what": f"{t.code}: {_plural(t.points, 'point')}, chosen by "
                f"{_plural(t.tables, 'table')} — {BY_CODE[t.code].text}",
            }
        )
    return {
        "width": _W,
        "height": _TOP + _ROW * len(tallies) + 26,
        "row": _ROW,
        "label": _LABEL,
        "top": _TOP,
        "axis_y": _TOP + _ROW * len(tallies),
        "bars": bars,
        "suggested_fill": SUGGESTED_FILL,
        "other_fill": OTHER_FILL,
    }


def _num(value: float | None, digits: int = 2) -> str:
    if value is None:
        return "—"
    return f"{value:.{digits}f}".rstrip("0").rstrip(".") if digits else str(value)


def source_name(location: str) -> str:
    """The workbook as the report names it: a URL as it is, a file by its name only."""
    if "://" in location:
        return location
    return PurePath(location).name or location


def _agreed_state(data: ReportData) -> str:
    if data.agreed_confirmed:
        return "Agreed by the room and typed by the facilitator."
    if data.agreed_problems:
        return "Not agreed yet: " + "; ".join(data.agreed_problems) + "."
    return "Not confirmed yet: some places still show the suggestion."


def context(data: ReportData) -> dict[str, Any]:
    """Everything the template reads."""
    c = data.consensus
    return {
        "d": data,
        "c": c,
        "valid": [t for t in data.tables if t.state == "valid"],
        "flipchart_columns": FLIPCHART_COLUMNS,
        "texts": {code: p.text for code, p in BY_CODE.items()},
        "labels": {code: principle_label(code) for code in BY_CODE},
        "unset": principle_label(None),
        "source": source_name(data.location),
        "chart": chart(c),
        "method": method_name(c.method),
        "alternatives": [(method_name(m), codes) for m, codes in c.alternatives.items()],
        "num": _num,
        "agreed_state": _agreed_state(data),
        "gathered": [
            ("Quick wins", data.quick_wins, "No row mentions a quick win yet."),
            ("Training needs", data.training, "No training written down yet."),
            (
                "Recommendations about transformation",
                data.recommendations,
                "No recommendations written down yet.",
            ),
        ],
    }


def render_html(data: ReportData) -> str:
    """The whole report as one HTML document (UTF-8, no external resources)."""
    return _ENV.get_template("report.html.j2").render(context(data))
