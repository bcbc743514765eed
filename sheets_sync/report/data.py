"""Everything the workshop report shows, gathered from one read of the workbook (pure).

:func:`gather` takes one :class:`~sheets_sync.model.WorkbookSnapshot` and the
:class:`~sheets_sync.workshop.facade.Workshop` it came from (for its config, templates, consensus
rules, location and clock; the backend is never read here) and returns a :class:`ReportData` of
plain values: the tables' top fives as the tool understands them, the consensus computed exactly as
``sync`` computes it, the Agreed block as ``gap`` reads it, every gap tab's filled rows, and what
the room gathered from them. :func:`read_report` is the one call with I/O: a single
``backend.read()``.

Nothing here fails on a half-run workshop: a missing tab, an invalid table, an unconfirmed
Agreed block or an empty gap tab is reported as such, so a report can be printed at any stage.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final

from sheets_sync.core.aggregate import Consensus
from sheets_sync.core.principles import BY_CODE
from sheets_sync.core.validate import EntryRow, TableCheck, parse_rank, validate_table
from sheets_sync.model import Tab, WorkbookSnapshot, is_blank
from sheets_sync.tabs.about import score_reading
from sheets_sync.tabs.agreed import AgreedFive, read_agreed
from sheets_sync.tabs.gap import GAP_COLUMNS, filled_rows, gap_records
from sheets_sync.tabs.keys import CONSENSUS, table_key
from sheets_sync.tabs.table import read_entries, table_layout

if TYPE_CHECKING:
    from sheets_sync.workshop.facade import Workshop

NEXT_STEPS: Final[tuple[str, ...]] = (
    "Use the priorities and gap analysis work to develop a plan for service redesign. Have a "
    "discussion on plans for wider engagement and sharing of future steps with the whole "
    "system. Plan for a redesign workshop.",
    "Continuing with Phase 1 of the i-THRIVE Approach to Implementation: staff will be invited "
    "to a redesign workshop.",
    "Finally, a local outcome framework could be developed to help measure your pathway to see "
    "how the implemented changes lead to improvement and to identify problems early so they can "
    "be addressed.",
)
"""The workshop guide's "Next Steps", in its own words."""

QUICK_WIN: Final = re.compile(r"quick[\s-]*wins?\b", re.IGNORECASE)
TRAINING_COL, RECOMMENDATIONS_COL = 4, 5


@dataclass(frozen=True)
class TopEntry:
    """One of a table's priorities: its rank, principle code and the reason the table gave."""

    rank: int
    code: str
    why: str


@dataclass(frozen=True)
class TableSummary:
    """One table as the report shows it.

    ``state`` is ``valid``, ``invalid``, ``empty`` (see :class:`TableCheck`) or ``missing``
    (its tab was deleted). ``top`` holds its top five only when valid; ``problems`` the
    one-line findings that keep it out of the consensus.
    """

    name: str
    state: str
    summary: str
    top: tuple[TopEntry, ...]
    problems: tuple[str, ...]


@dataclass(frozen=True)
class AgreedRow:
    """One Agreed cell: ``code`` is ``None`` while it names no principle; ``typed`` is whether a
    person typed it (otherwise it still shows the suggestion)."""

    rank: int
    code: str | None
    typed: bool


@dataclass(frozen=True)
class GapSection:
    """One gap tab: its priority (``None`` once superseded), status and the rows people filled.

    ``rows`` are the six columns as display text, for every row with text in any of the five
    columns after the ideal, top to bottom.
    """

    code: str
    title: str
    priority: int | None
    status: str
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Gathered:
    """A piece of text gathered from the gap tabs, once, with the priorities it came from."""

    text: str
    codes: tuple[str, ...]


@dataclass(frozen=True)
class ReportData:
    """The whole report as plain values.

    ``aggregate_headers`` (ten) and ``gap_headers`` (six) are the column headings the
    templates give the Consensus tab's aggregate and the gap tabs, so the page reads like them.
    ``score_readings`` words each scored principle's assessment score as the tabs do
    ("room to improve", "thrive-like"), so the page never marks a score by colour alone.
    """

    title: str
    locality: str
    date: str
    location: str
    generated: str
    tables: tuple[TableSummary, ...]
    consensus: Consensus
    agreed: tuple[AgreedRow, ...]
    agreed_problems: tuple[str, ...]
    agreed_confirmed: bool
    aggregate_headers: tuple[str, ...]
    gap_headers: tuple[str, ...]
    gaps: tuple[GapSection, ...]
    quick_wins: tuple[Gathered, ...]
    training: tuple[Gathered, ...]
    recommendations: tuple[Gathered, ...]
    next_steps: tuple[str, ...] = NEXT_STEPS
    score_readings: Mapping[str, str] = field(default_factory=dict)


def _clean(text: str) -> str:
    return " ".join(text.split())


def _top(check: TableCheck, entries: Sequence[EntryRow]) -> tuple[TopEntry, ...]:
    """The first five of a valid table's ranking, each with the reason typed beside it."""
    why: dict[int, str] = {}
    for e in entries:
        rank = parse_rank(e.rank)
        if not is_blank(e.principle) and isinstance(rank, int):
            why[rank] = "" if is_blank(e.why) else _clean(str(e.why))
    return tuple(
        TopEntry(rank, code, why.get(rank, "")) for rank, code in enumerate(check.ranking[:5], 1)
    )


def _tables(snap: WorkbookSnapshot, ws: Workshop) -> tuple[list[TableSummary], list[TableCheck]]:
    lay = table_layout(ws.templates)
    summaries, checks = [], []
    for n, table in enumerate(ws.config.tables, start=1):
        tab = snap.get(table_key(n))
        if tab is None:
            summaries.append(TableSummary(table.name, "missing", "its tab is missing", (), ()))
            continue
        entries = read_entries(tab, lay)
        check = validate_table(table.name, entries, ws.config.minimum)
        checks.append(check)
        top = _top(check, entries) if check.state == "valid" else ()
        problems = tuple(f.line() for f in check.errors)
        summaries.append(TableSummary(table.name, check.state, check.summary(), top, problems))
    return summaries, checks


def _gap_rows(tab: Tab, ws: Workshop) -> tuple[tuple[str, ...], ...]:
    rows = filled_rows(tab, ws.templates)
    return tuple(tuple(tab.text(r, c).strip() for c in range(GAP_COLUMNS)) for r in rows)


def _gaps(snap: WorkbookSnapshot) -> list[tuple[Tab, str, int | None, str]]:
    """Gap tabs with code, priority and status: current ones by priority, superseded last."""
    found = [
        (g.tab, g.code, g.priority if g.status != "superseded" else None, g.status)
        for g in gap_records(snap)
    ]
    return sorted(found, key=lambda g: (g[3] == "superseded", g[2] or 99, g[1]))


def gather_text(items: Iterable[tuple[str, str]]) -> tuple[Gathered, ...]:
    """``(code, text)`` pairs as :class:`Gathered`, once per text in first-seen order.

    Texts that differ only in case, spacing or a final full stop count as one; the first
    spelling is kept and every priority it came from is listed.
    """
    seen: dict[str, tuple[str, list[str]]] = {}
    for code, text in items:
        shown = _clean(text)
        if not shown:
            continue
        key = shown.casefold().rstrip(".")
        _, codes = seen.setdefault(key, (shown, []))
        if code not in codes:
            codes.append(code)
    return tuple(Gathered(text, tuple(codes)) for text, codes in seen.values())


def _agreed(snap: WorkbookSnapshot) -> tuple[tuple[AgreedRow, ...], tuple[str, ...], bool]:
    tab = snap.get(CONSENSUS)
    if tab is None:
        return (), ("the Consensus tab is missing",), False
    five: AgreedFive = read_agreed(tab)
    rows = tuple(AgreedRow(s.rank, s.code, not s.follows_suggestion) for s in five.slots)
    return rows, five.problems, five.confirmed and not five.problems


def gather(snap: WorkbookSnapshot, ws: Workshop) -> ReportData:
    """The report for the workbook in ``snap``, using ``ws``'s config, templates and rules.

    Pure over ``snap``: the backend is not read. The consensus is ``ws.consensus_of`` over the
    valid tables, as ``sync`` writes it; the date shown is the config's (or "date to be set").
    """
    summaries, checks = _tables(snap, ws)
    gaps = []
    for tab, code, n, status in _gaps(snap):
        gaps.append(GapSection(code, tab.title, n, status, _gap_rows(tab, ws)))
    current = [g for g in gaps if g.status != "superseded"]
    cells = [(g.code, row) for g in current for row in g.rows]
    agreed, problems, confirmed = _agreed(snap)
    cfg = ws.config
    scores = ws.scores(snap).values
    return ReportData(
        title=cfg.title,
        locality=cfg.locality,
        date=cfg.date.isoformat() if cfg.date else "date to be set",
        location=ws.backend.location(),
        generated=ws.clock().strftime("%Y-%m-%d %H:%M"),
        tables=tuple(summaries),
        consensus=ws.consensus_of(checks, scores),
        agreed=agreed,
        agreed_problems=problems,
        agreed_confirmed=confirmed,
        aggregate_headers=tuple(str(h) for h in ws.templates.consensus.get("aggregate.headers")),
        gap_headers=tuple(str(h) for h in ws.templates.gap.get("columns.headers")),
        gaps=tuple(gaps),
        quick_wins=gather_text(
            (code, text) for code, row in cells for text in row[1:] if QUICK_WIN.search(text)
        ),
        training=gather_text((code, row[TRAINING_COL]) for code, row in cells),
        recommendations=gather_text((code, row[RECOMMENDATIONS_COL]) for code, row in cells),
        score_readings={code: score_reading(s, ws.templates).lower() for code, s in scores.items()},
    )


def read_report(ws: Workshop) -> ReportData:
    """Read the workbook once and :func:`gather` its report."""
    return gather(ws.backend.read(), ws)


def principle_label(code: str | None) -> str:
    """``CODE: text`` for a principle code, or a dash when there is none."""
    return BY_CODE[code].label if code is not None and code in BY_CODE else "—"
