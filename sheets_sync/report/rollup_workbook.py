"""The rollup workbook: one .xlsx for the national programme, written in one save.

Tabs (each with a heading, a one-line note and a bold, frozen header row):

``Workshops``
    One row per workshop read: locality, date, title, the agreed five, whether a person
    confirmed it, gap rows filled, and where the config and workbook are.
``Priorities``
    Principle × workshop: each workshop's column holds the principle's place (1-5) in its
    agreed five (the header says "not confirmed" when that five is still the suggestion), and
    "Localities choosing it" counts each locality once, at its latest workshop. Most chosen
    first, with a bar chart of the counts beside the table.
``Gap themes``
    One row per principle and workshop with gap rows: the identified gaps, training and
    recommendations (then what is in place and in development), each cell holding that
    workshop's rows one per line.
``Baseline vs follow-up``
    Only when a locality has two or more workshops: one summary line per comparison, then a
    row for every principle in either five or scored differently, with both places and both
    scores and what changed in words.

The workbook is new each time (``--force`` replaces one, keeping a backup); nothing in it is
read back, so it carries no tool keys people need to preserve.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sheets_sync.backends import xlsx_backend
from sheets_sync.core.principles import BY_CODE, CODES
from sheets_sync.model import AddTab, CellRange, CellValue, ChartSpec, SetChart, Style, TabSpec
from sheets_sync.report.frames import GapRow
from sheets_sync.report.rollup import Comparison, LocalityWorkshop, Rollup
from sheets_sync.tabs.keys import HEADER_FILL

#: Excel refuses longer text in a cell; a longer list of gap rows is cut and says so.
CELL_LIMIT = 32_000
HEADER_ROW = 3
GAP_TEXT_FIELDS = ("gaps", "training", "recommendations", "in_place", "in_development")


@dataclass(frozen=True)
class RollupResult:
    """Where the rollup workbook went, what it holds and what it was made from."""

    output: str
    tabs: tuple[str, ...]
    backup: str | None
    rollup: Rollup


def _table(
    key: str,
    title: str,
    heading: str,
    note: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[CellValue]],
    widths: Sequence[int],
    *,
    above: Sequence[str] = (),
) -> AddTab:
    """A tab: heading, note, optional lines, then a header row and the rows below it."""
    cells: dict[tuple[int, int], CellValue] = {(0, 0): heading, (1, 0): note}
    for i, line in enumerate(above):
        cells[(HEADER_ROW + i, 0)] = line
    hr = HEADER_ROW + (len(above) + 1 if above else 0)
    for c, header in enumerate(headers):
        cells[(hr, c)] = header
    for r, row in enumerate(rows, start=hr + 1):
        for c, value in enumerate(row):
            if value is not None and value != "":
                cells[(r, c)] = value
    last = len(headers) - 1
    spec = TabSpec(
        key=key,
        title=title,
        column_widths=dict(enumerate(widths)),
        frozen_rows=hr + 1,
        styles=(
            Style(CellRange(0, 0, 0, 0), bold=True, font_size=16),
            Style(CellRange(1, 0, 1, 0), italic=True),
            Style(CellRange(hr, 0, hr, last), bold=True, fill=HEADER_FILL, wrap=True),
            Style(CellRange(hr + 1, 0, hr + max(len(rows), 1), last), wrap=True),
        ),
    )
    return AddTab(spec, cells)


def _five(w: LocalityWorkshop) -> str:
    return ", ".join(w.agreed) or "none"


def workshops_tab(r: Rollup) -> AddTab:
    rows = [
        (
            w.locality,
            w.date.isoformat() if w.date else "undated",
            w.title,
            _five(w),
            "yes" if w.confirmed else "no: " + ("; ".join(w.problems) or "still the suggestion"),
            len(w.gaps),
            w.config,
            w.location,
        )
        for w in r.workshops
    ]
    headers = (
        "Locality",
        "Date",
        "Workshop",
        "Agreed five",
        "Confirmed",
        "Gap rows",
        "Config",
        "Workbook",
    )
    return _table(
        "rollup:workshops",
        "Workshops",
        f"{len(r.workshops)} workshops in {len(r.localities)} localities",
        "The agreed five is read from each workbook's Consensus tab; an unconfirmed one is the "
        "suggestion of its last sync.",
        headers,
        rows,
        (18, 12, 30, 45, 30, 10, 40, 40),
    )


def priorities_tabs(r: Rollup) -> list[AddTab | SetChart]:
    labels = [w.label + ("" if w.confirmed else " (not confirmed)") for w in r.workshops]
    headers = ("Code", "Principle", "Localities choosing it", *labels)
    rows = [
        (code, BY_CODE[code].text, r.counts[code], *(w.rank(code) for w in r.workshops))
        for code in r.order
    ]
    tab = _table(
        "rollup:priorities",
        "Priorities",
        f"Agreed priorities across {len(r.localities)} localities",
        "Numbers are each principle's place (1-5) in a workshop's agreed five. 'Localities "
        "choosing it' counts each locality once, at its latest workshop.",
        headers,
        rows,
        (10, 60, 12, *(16 for _ in labels)),
    )
    first = HEADER_ROW + 1
    chart = ChartSpec(
        key="localities",
        title="Localities choosing each principle",
        rows=(first, first + len(CODES) - 1),
        category_col=0,
        value_cols=(2,),
        series_names=("Localities",),
        anchor=(HEADER_ROW, len(headers) + 1),
    )
    return [tab, SetChart("rollup:priorities", chart)]


def _joined(rows: Sequence[GapRow], name: str) -> str:
    text = "\n".join(v for g in rows if (v := getattr(g, name)))
    if len(text) > CELL_LIMIT:
        return text[:CELL_LIMIT] + "\n… (cut: see the locality's workbook for the rest)"
    return text


def gap_themes_tab(r: Rollup) -> AddTab:
    rows = []
    for code in CODES:
        for w in r.workshops:
            mine = [g for g in w.gaps if g.code == code]
            if not mine:
                continue
            status = "superseded" if all(g.status == "superseded" for g in mine) else "current"
            rows.append(
                (
                    code,
                    BY_CODE[code].text,
                    w.locality,
                    w.date.isoformat() if w.date else "undated",
                    w.rank(code),
                    status,
                    *(_joined(mine, name) for name in GAP_TEXT_FIELDS),
                )
            )
    headers = (
        "Code",
        "Principle",
        "Locality",
        "Date",
        "Priority",
        "Gap tab",
        "Identified gaps",
        "Training that might be useful",
        "Recommendations about transformation",
        "Currently in place",
        "In development",
    )
    return _table(
        "rollup:gaps",
        "Gap themes",
        "Gap analysis by principle and locality",
        "Each cell holds one line per gap-analysis row of that locality's workshop.",
        headers,
        rows,
        (10, 40, 16, 12, 9, 11, 45, 45, 45, 40, 40),
    )


def _movement(c: Comparison, code: str) -> str:
    before, after = c.baseline.rank(code), c.follow_up.rank(code)
    if before is None and after is not None:
        return "entered the five"
    if before is not None and after is None:
        return "left the five"
    if before is None or after is None or before == after:
        return "same place" if before is not None else ""
    return f"{'up' if after < before else 'down'} {abs(after - before)} ({before} → {after})"


def _score_change(c: Comparison, code: str) -> str:
    before, after = c.baseline.scores.get(code), c.follow_up.scores.get(code)
    if before == after:
        return "" if before is None else "same"
    if before is None or after is None:
        return "newly scored" if before is None else "no longer scored"
    return f"{'rose' if after > before else 'fell'} ({before} → {after})"


def comparison_tab(r: Rollup) -> AddTab:
    rows = []
    for c in r.comparisons:
        for code in CODES:
            in_five = code in c.baseline.agreed or code in c.follow_up.agreed
            score = _score_change(c, code)
            if not in_five and score in ("", "same"):
                continue
            rows.append(
                (
                    c.locality,
                    c.baseline.label,
                    c.follow_up.label,
                    code,
                    BY_CODE[code].text,
                    c.baseline.rank(code),
                    c.follow_up.rank(code),
                    _movement(c, code),
                    c.baseline.scores.get(code),
                    c.follow_up.scores.get(code),
                    score,
                )
            )
    headers = (
        "Locality",
        "Baseline",
        "Follow-up",
        "Code",
        "Principle",
        "Baseline place",
        "Follow-up place",
        "Agreed five",
        "Baseline score",
        "Follow-up score",
        "Score",
    )
    return _table(
        "rollup:compare",
        "Baseline vs follow-up",
        "Baseline and follow-up workshops of the same locality",
        "Places are in the agreed five (1-5); scores are the THRIVE Assessment Tool's, "
        "1 (some way to go) to 4 (very THRIVE-like).",
        headers,
        rows,
        (16, 22, 22, 10, 50, 10, 10, 20, 10, 10, 14),
        above=[c.summary() for c in r.comparisons],
    )


def rollup_tabs(r: Rollup) -> list[AddTab | SetChart]:
    """Every tab of the rollup workbook, in order, with the Priorities chart."""
    tabs: list[AddTab | SetChart] = [workshops_tab(r), *priorities_tabs(r), gap_themes_tab(r)]
    if r.comparisons:
        tabs.append(comparison_tab(r))
    return tabs


def write_rollup(r: Rollup, output: Path, *, replace: bool = False) -> RollupResult:
    """Write the rollup workbook to ``output`` in one save.

    Refuses (``WorkbookExists``) if the file exists, unless ``replace``, which keeps the old
    file as a timestamped backup first.
    """
    changes = rollup_tabs(r)
    backup = xlsx_backend(output).create(changes, replace=replace)
    titles = tuple(c.spec.title for c in changes if isinstance(c, AddTab))
    return RollupResult(str(output), titles, backup, r)
