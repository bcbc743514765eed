"""The workshop report as one self-contained, printable HTML page (pure).

:func:`render_html` turns a :class:`~sheets_sync.report.data.ReportData` into a single HTML
string: no scripts, fonts, images or style sheets from anywhere else, so the file can be
e-mailed, opened offline or printed as it is. Every piece of text, above all what people
typed, goes through :func:`html.escape`, so a ``<script>`` typed in a cell shows as text.

The print CSS lays it out on A4 (``@page``): small tables and cards do not break across pages,
long rows of big tables may, with their header repeated; long words wrap anywhere rather than
overflow; the chart scales to the page width.

The chart, points per principle, is an inline SVG of horizontal bars in the consensus order,
the suggested principles in a stronger colour. A principle with points gets one
``<rect class="bar">`` (with ``data-code`` and ``data-points``) inside a group whose ``<title>``
reads out its code, points and wording; a principle without points gets its label and a 0 but
no bar.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape
from typing import Final

from sheets_sync.core.aggregate import Consensus, PrincipleTally
from sheets_sync.core.principles import BY_CODE
from sheets_sync.report.data import GapSection, Gathered, ReportData, TableSummary, principle_label
from sheets_sync.tabs.consensus import method_name

FLIPCHART_COLUMNS: Final = 6
"""Tables per flipchart table: more would not fit across an A4 page."""

CSS: Final = """
@page { size: A4; margin: 15mm 14mm 16mm; }
* { box-sizing: border-box; }
html { font: 10pt/1.4 "Liberation Sans", Arial, Helvetica, "DejaVu Sans", sans-serif;
       color: #1b1b1b; }
body { margin: 0 auto; max-width: 182mm; padding: 6mm 0; }
@media print { body { max-width: none; padding: 0; } }
h1 { font-size: 19pt; margin: 0 0 2mm; color: #1f3864; }
h2 { font-size: 14pt; margin: 8mm 0 2mm; padding-bottom: 1mm; color: #1f3864;
     border-bottom: 2px solid #1f3864; break-after: avoid; }
h3 { font-size: 11.5pt; margin: 5mm 0 1.5mm; break-after: avoid; }
p, li, td, th, h1, h2, h3, dd, figcaption { overflow-wrap: anywhere; }
.meta { color: #444; margin: 0; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; margin: 1mm 0 3mm; }
th, td { border: 1px solid #b7b7b7; padding: 2px 4px; vertical-align: top; text-align: left; }
th { background: #ddebf7; font-weight: bold; overflow-wrap: break-word; }
thead { display: table-header-group; }
tr, .card, figure, .keep, table.small { break-inside: avoid; }
td.num, th.num { text-align: right; }
.small td, .card ul { font-size: 8.5pt; }
.gap td { font-size: 8pt; }
.small th, .gap th { font-size: 7.5pt; }
.code { font-weight: bold; white-space: nowrap; }
.why { color: #555; font-style: italic; }
.muted { color: #666; }
.bad { color: #a00; }
.suggested { background: #fbe5d6; }
.cards { display: grid; grid-template-columns: 1fr 1fr; gap: 3mm; }
.card { border: 1px solid #b7b7b7; border-radius: 2mm; padding: 2mm 3mm; min-width: 0; }
.card h3 { margin-top: 0; }
.card table { margin: 0; }
figure { margin: 2mm 0; }
figure svg { display: block; width: 100%; height: auto; }
figcaption { font-size: 9pt; color: #444; }
ul.gathered li { margin-bottom: 1mm; }
.tag { font-size: 8pt; color: #1f3864; white-space: nowrap; }
footer { margin-top: 8mm; font-size: 8.5pt; color: #666; }
"""


_W: Final = 640  # the SVG user space; it scales to the page width
_ROW: Final = 22
_LABEL: Final = 78
_TOP: Final = 8
SUGGESTED_FILL: Final = "#C55A11"
OTHER_FILL: Final = "#4472C4"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' * (n != 1)}"


def points_svg(consensus: Consensus, title: str = "Points per principle") -> str:
    """The chart as an ``<svg>`` element string; every text in it is escaped."""
    tallies = consensus.tallies
    most = max((t.points for t in tallies), default=0) or 1
    room = _W - _LABEL - 44
    height = _TOP + _ROW * len(tallies) + 26
    suggested = set(consensus.suggested)
    desc = (
        "Truncated Borda points (rank 1 earns 5 … rank 5 earns 1) summed over the tables, "
        "highest first; the suggested principles are in orange."
    )
    out = [
        f'<svg class="chart" role="img" aria-labelledby="chart-title chart-desc" '
        f'viewBox="0 0 {_W} {height}" width="100%" preserveAspectRatio="xMinYMin meet" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="chart-title">{escape(title)}</title>',
        f'<desc id="chart-desc">{escape(desc)}</desc>',
    ]
    for i, t in enumerate(tallies):
        y = _TOP + i * _ROW
        mid = y + _ROW / 2 + 4
        fill = SUGGESTED_FILL if t.code in suggested else OTHER_FILL
        weight = ' font-weight="bold"' if t.code in suggested else ""
        out.append(
            f'<text x="{_LABEL - 6}" y="{mid:g}" text-anchor="end" font-size="12"{weight}>'
            f"{escape(t.code)}</text>"
        )
        width = room * t.points / most
        if t.points > 0:
            what = (
                f"{t.code}: {_plural(t.points, 'point')}, chosen by "
                f"{_plural(t.tables, 'table')} — {BY_CODE[t.code].text}"
            )
            out.append(
                f"<g><title>{escape(what)}</title>"
                f'<rect class="bar" data-code="{escape(t.code)}" data-points="{t.points}" '
                f'x="{_LABEL}" y="{y + 3}" width="{width:.1f}" height="{_ROW - 6}" '
                f'fill="{fill}"/></g>'
            )
        out.append(
            f'<text x="{_LABEL + width + 4:.1f}" y="{mid:g}" font-size="11">{t.points}</text>'
        )
    axis_y = _TOP + _ROW * len(tallies)
    out += [
        f'<line x1="{_LABEL}" y1="{_TOP}" x2="{_LABEL}" y2="{axis_y}" stroke="#555"/>',
        f'<rect x="{_LABEL}" y="{axis_y + 9}" width="10" height="10" fill="{SUGGESTED_FILL}"/>',
        f'<text x="{_LABEL + 14}" y="{axis_y + 18}" font-size="11">suggested</text>',
        f'<rect x="{_LABEL + 90}" y="{axis_y + 9}" width="10" height="10" fill="{OTHER_FILL}"/>',
        f'<text x="{_LABEL + 104}" y="{axis_y + 18}" font-size="11">other principles</text>',
        "</svg>",
    ]
    return "\n".join(out)


def _e(value: object) -> str:
    return escape(str(value))


def _num(value: float | None, digits: int = 2) -> str:
    if value is None:
        return "—"
    return f"{value:.{digits}f}".rstrip("0").rstrip(".") if digits else str(value)


def _row(cells: Iterable[str], tag: str = "td", cls: str = "") -> str:
    attr = f' class="{cls}"' if cls else ""
    return f"<tr{attr}>" + "".join(f"<{tag}>{c}</{tag}>" for c in cells) + "</tr>"


def _table(
    headers: Sequence[str], rows: Iterable[str], widths: Sequence[int] = (), cls: str = ""
) -> str:
    cols = "".join(f'<col style="width:{w}%">' for w in widths)
    head = _row((_e(h) for h in headers), "th")
    attr = f' class="{cls}"' if cls else ""
    return (
        f"<table{attr}><colgroup>{cols}</colgroup><thead>{head}</thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _principle(code: str, why: str = "") -> str:
    text = f'<span class="code">{_e(code)}</span> {_e(BY_CODE[code].text)}'
    return text + (f'<br><span class="why">“{_e(why)}”</span>' if why else "")


def _header(data: ReportData) -> str:
    valid = sum(t.state == "valid" for t in data.tables)
    return (
        f"<header><h1>{_e(data.title)}</h1>"
        f'<p class="meta"><strong>{_e(data.locality)}</strong> · {_e(data.date)} · '
        f"{len(data.tables)} tables, {valid} with a valid ranking</p>"
        f'<p class="meta">Workbook: {_e(data.location)}</p></header>'
    )


def _flipchart(tables: Sequence[TableSummary]) -> str:
    valid = [t for t in tables if t.state == "valid"]
    if not valid:
        return '<p class="muted">No table has a valid top five yet.</p>'
    out = []
    for i in range(0, len(valid), FLIPCHART_COLUMNS):
        chunk = valid[i : i + FLIPCHART_COLUMNS]
        rows = (
            _row([str(rank), *(_e(t.top[rank - 1].code) for t in chunk)]) for rank in range(1, 6)
        )
        out.append(_table(["Rank", *(t.name for t in chunk)], rows, cls="small flipchart"))
    return "".join(out)


def _card(t: TableSummary) -> str:
    if t.state == "valid":
        rows = (_row([str(e.rank), _principle(e.code, e.why)]) for e in t.top)
        body = _table(["Rank", "Principle and why"], rows, (14, 86), "small")
    else:
        items = "".join(f"<li>{_e(p)}</li>" for p in t.problems)
        body = f'<p class="bad">Not in the consensus: {_e(t.summary)}.</p>' + (
            f'<ul class="small">{items}</ul>' if items else ""
        )
    return f'<div class="card"><h3>{_e(t.name)}</h3>{body}</div>'


def _tables_section(data: ReportData) -> str:
    cards = "".join(_card(t) for t in data.tables)
    return (
        '<section id="tables"><h2>1. Each table’s top five</h2>'
        "<p>The flipchart: each valid table’s priorities 1 to 5, side by side.</p>"
        f'{_flipchart(data.tables)}<div class="cards">{cards}</div></section>'
    )


def _aggregate_row(t: PrincipleTally, suggested: set[str]) -> str:
    tie = f"tied with {', '.join(t.tied_with)}" if t.tied_with else ""
    cells = [
        str(t.position),
        f'<span class="code">{_e(t.code)}</span>',
        str(t.tables),
        str(t.points),
        _num(t.mean_rank),
        _num(t.best_rank, 0),
        _num(t.pairwise),
        _num(t.score, 0),
        _e(tie),
        _e(BY_CODE[t.code].text),
    ]
    return _row(cells, cls="suggested" if t.code in suggested else "")


def _consensus_section(data: ReportData) -> str:
    c = data.consensus
    a = c.agreement
    if a.w is None:
        agreement = f"Agreement between tables: {_e(a.reading)}."
    else:
        chance = f" (about {a.chance:.2f} if the tables had ranked at random)" if a.chance else ""
        agreement = (
            f"Agreement between tables: Kendall’s W = <strong>{a.w:.2f}</strong>, "
            f"{_e(a.reading)}, over {a.tables} tables{chance}."
        )
    suggested = "".join(f"<li>{_principle(code)}</li>" for code in c.suggested)
    others = "".join(
        f"<li>{_e(method_name(m))}: {_e(', '.join(codes) or '(none)')}</li>"
        for m, codes in c.alternatives.items()
    )
    notes = "".join(f"<li>{_e(n)}</li>" for n in c.tie_notes)
    rows = (_aggregate_row(t, set(c.suggested)) for t in c.tallies)
    widths = (9, 10, 9, 8, 8, 7, 9, 10, 10, 20)
    return (
        '<section id="consensus"><h2>2. The consensus</h2>'
        f'<figure class="keep">{points_svg(c)}<figcaption>Points per principle over '
        f"{len(c.tables)} valid tables; the suggested five in orange.</figcaption></figure>"
        f'<p id="agreement">{agreement}</p>'
        f'<div class="keep"><h3>Suggested top five</h3><ol>{suggested}</ol>'
        f"<p>Method: {_e(method_name(c.method))}. Tie-break: {_e(c.tie_break_rule)}.</p>"
        f"{f'<ul>{notes}</ul>' if notes else ''}"
        f"<p>Other methods would suggest:</p><ul>{others}</ul></div>"
        "<h3>All 17 principles</h3>"
        f"{_table(data.aggregate_headers, rows, widths, 'small aggregate')}</section>"
    )


def _agreed_section(data: ReportData) -> str:
    pending = ' <span class="muted">(still the suggestion)</span>'
    items = "".join(
        f"<li>{_principle(r.code) if r.code else _e(principle_label(None))}"
        f"{'' if r.typed else pending}</li>"
        for r in data.agreed
    )
    if data.agreed_confirmed:
        state = "Agreed by the room and typed by the facilitator."
    elif data.agreed_problems:
        state = "Not agreed yet: " + "; ".join(data.agreed_problems) + "."
    else:
        state = "Not confirmed yet: some places still show the suggestion."
    return (
        '<section id="agreed" class="keep"><h2>3. The agreed top five</h2>'
        f"<p>{_e(state)}</p><ol>{items}</ol></section>"
    )


def _gap(g: GapSection, headers: Sequence[str]) -> str:
    if g.priority is not None:
        heading = f"Priority {g.priority}: {principle_label(g.code)}"
    else:
        heading = f"Superseded: {principle_label(g.code)}"
    if g.rows:
        rows = (_row(_e(cell) for cell in row) for row in g.rows)
        body = _table(headers, rows, (16, 17, 17, 17, 16, 17), "gap")
    else:
        body = '<p class="muted">Nothing written here yet.</p>'
    return (
        f'<div class="gap-analysis" data-code="{_e(g.code)}"><h3>{_e(heading)}</h3>'
        f'<p class="muted">Tab “{_e(g.title)}”, {len(g.rows)} rows filled.</p>{body}</div>'
    )


def _gaps_section(data: ReportData) -> str:
    body = "".join(_gap(g, data.gap_headers) for g in data.gaps)
    empty = '<p class="muted">No gap tabs yet: run <code>sheets-sync gap</code>.</p>'
    return f'<section id="gaps"><h2>4. Gap analysis</h2>{body or empty}</section>'


def _gathered(title: str, items: Sequence[Gathered], empty: str) -> str:
    lis = "".join(
        f'<li>{_e(g.text)} <span class="tag">({_e(", ".join(g.codes))})</span></li>' for g in items
    )
    body = f'<ul class="gathered">{lis}</ul>' if lis else f'<p class="muted">{_e(empty)}</p>'
    return f"<h3>{_e(title)}</h3>{body}"


def _gathered_section(data: ReportData) -> str:
    return (
        '<section id="gathered"><h2>5. What the room gathered</h2>'
        + _gathered("Quick wins", data.quick_wins, "No row mentions a quick win yet.")
        + _gathered("Training needs", data.training, "No training written down yet.")
        + _gathered(
            "Recommendations about transformation",
            data.recommendations,
            "No recommendations written down yet.",
        )
        + "</section>"
    )


def _next_steps(data: ReportData) -> str:
    paragraphs = "".join(f"<p>{_e(p)}</p>" for p in data.next_steps)
    return f'<section id="next-steps" class="keep"><h2>6. Next steps</h2>{paragraphs}</section>'


def render_html(data: ReportData) -> str:
    """The whole report as one HTML document (UTF-8, no external resources)."""
    body = "".join(
        [
            _header(data),
            _tables_section(data),
            _consensus_section(data),
            _agreed_section(data),
            _gaps_section(data),
            _gathered_section(data),
            _next_steps(data),
            f"<footer>Made by sheets_sync on {_e(data.generated)} from {_e(data.location)}."
            "</footer>",
        ]
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(data.title)}: {_e(data.locality)}</title>"
        f"<style>{CSS}</style></head><body>{body}</body></html>\n"
    )
