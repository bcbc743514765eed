"""Rendering a consensus onto the Consensus tab (pure).

Fills the tool-owned blocks laid out by :data:`CONSENSUS_LAYOUT`, in the order the room reads
them: the suggested five with ties marked (``=2``), each table's top five, the aggregate over
all 17 principles, what other methods would suggest, notes (method, tie-break, ties,
agreement, tables left out) and the points behind the chart. Every sentence is true of the
numbers beside it. The Agreed block is never among them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sheets_sync.config import WorkshopConfig
from sheets_sync.core.aggregate import Consensus
from sheets_sync.core.principles import BY_CODE
from sheets_sync.core.validate import TableCheck
from sheets_sync.model import (
    AddTab,
    CellRange,
    CellValue,
    ChartSpec,
    Dropdown,
    Formula,
    PrintSetup,
    Protection,
    Style,
    TabSpec,
    a1,
)
from sheets_sync.tabs.about import about_layout
from sheets_sync.tabs.keys import (
    ABOUT,
    CONSENSUS,
    HEADER_FILL,
)
from sheets_sync.tabs.state import Region, region
from sheets_sync.tabs.templates import Templates


@dataclass(frozen=True)
class ConsensusLayout:
    """Block positions on the Consensus tab (0-based rows at template time), in the order the
    room reads them: the agreed five, the suggestion, the flipchart, the aggregate and its
    legend, the method notes, the chart and its data."""

    agreed: int = 3  # header; ranks 1..5 on the 5 rows below, principle in column B
    suggested: int = 11
    flipchart: int = 18  # title; table names next row; ranks 1..5; left-out line
    aggregate: int = 27  # title; column headers on the next row; 17 rows below; the legend
    alternatives: int = 58  # the notes' title; the other methods' suggestions below it
    notes: int = 63  # the notes themselves, right after the alternatives
    points: int = 71  # title; 17 rows of code and points, highest first; the chart beside
    size: int = 5
    alternative_lines: int = 4
    note_lines: int = 6
    width: int = 10  # columns A to J
    chart_col: int = 2

    @property
    def anchors(self) -> dict[str, int]:
        return {
            "agreed": self.agreed,
            "suggested": self.suggested,
            "flipchart": self.flipchart,
            "aggregate": self.aggregate,
            "alternatives": self.alternatives,
            "notes": self.notes,
            "points": self.points,
        }

    @property
    def legend(self) -> int:
        return self.aggregate + 2 + 17 + 1


CONSENSUS_LAYOUT = ConsensusLayout()


def agreed_formula(agreed_row: int, suggested_row: int, i: int) -> Formula:
    """The formula an Agreed cell holds until a person types there: the current suggestion."""
    ref = a1(suggested_row + 1 + i, 1)
    return Formula(f'=IF(ISBLANK({ref}),"",{ref})')


def agreed_rank_formula(agreed_row: int, suggested_row: int, i: int) -> Formula:
    """An Agreed rank: the suggestion's tie-marked rank (``=2``) while the agreed cell shows
    the suggested principle, else the plain place."""
    mine, theirs = a1(agreed_row + 1 + i, 1), a1(suggested_row + 1 + i, 1)
    return Formula(f"=IF({mine}={theirs},{a1(suggested_row + 1 + i, 0)},{i + 1})")


def _line(row: int, lay: ConsensusLayout, first_col: int = 0) -> CellRange:
    return CellRange(row, first_col, row, lay.width - 1)


def consensus_tab(cfg: WorkshopConfig, t: Templates) -> AddTab:
    lay = CONSENSUS_LAYOUT
    c = t.consensus
    legend = [str(line) for line in c.get("aggregate.legend")]
    cells: dict[tuple[int, int], CellValue] = {
        (0, 0): c.text("text.heading", locality=cfg.locality),
        (1, 0): c.text("text.note"),
        (lay.agreed, 0): c.text("text.agreed_header"),
        (lay.agreed + lay.size + 1, 0): c.text("text.agreed_hint"),
        (lay.suggested, 0): c.text("text.suggested_header"),
        (lay.flipchart, 0): c.text("text.flipchart_header"),
        (lay.aggregate, 0): c.text("text.aggregate_header"),
        (lay.alternatives, 0): c.text("text.notes_header"),
        (lay.points, 0): c.text("text.chart_header"),
    }
    for i, line in enumerate(legend):
        cells[(lay.legend + i, 0)] = line
    for i in range(lay.size):
        cells[(lay.agreed + 1 + i, 0)] = agreed_rank_formula(lay.agreed, lay.suggested, i)
        cells[(lay.agreed + 1 + i, 1)] = agreed_formula(lay.agreed, lay.suggested, i)
    for col, header in enumerate(c.get("aggregate.headers")):
        cells[(lay.aggregate + 1, col)] = str(header)
    agreed_cells = CellRange(lay.agreed + 1, 1, lay.agreed + lay.size, 1)
    headers: tuple[int, ...] = (lay.agreed, lay.suggested, lay.flipchart, lay.aggregate)
    headers += (lay.alternatives, lay.points)
    lines = [0, 1, lay.agreed + lay.size + 1, *headers]
    lines += [lay.legend + i for i in range(len(legend))]
    lines += [lay.alternatives + 1 + i for i in range(lay.alternative_lines)]
    lines += [lay.notes + i for i in range(lay.note_lines)]
    lines.append(lay.flipchart + lay.size + 2)
    merges = [_line(r, lay) for r in lines]
    merges += [_line(lay.agreed + 1 + i, lay, 1) for i in range(lay.size)]
    merges += [_line(lay.suggested + 1 + i, lay, 1) for i in range(lay.size)]
    aggregate_rows = CellRange(lay.aggregate + 2, 0, lay.aggregate + 18, lay.width - 1)
    spec = TabSpec(
        key=CONSENSUS,
        title=str(c.get("tab.title")),
        column_widths=dict(enumerate(c.get("aggregate.widths"))),
        dropdowns=(Dropdown(agreed_cells, ABOUT, about_layout(t).label_range),),
        protections=(
            Protection(None, str(c.get("protection.description")), exceptions=(agreed_cells,)),
        ),
        styles=(
            Style(CellRange(0, 0, 0, 0), bold=True, font_size=20),
            *(Style(_line(r, lay), bold=True, font_size=14, fill=HEADER_FILL) for r in headers),
            Style(_line(lay.agreed, lay), font_size=16),
            Style(CellRange(lay.agreed + 1, 0, lay.agreed + lay.size, 0), bold=True, font_size=18),
            Style(agreed_cells, bold=True, font_size=18, fill="#FFF2CC", wrap=True),
            Style(CellRange(lay.suggested + 1, 0, lay.suggested + lay.size, 1), font_size=14),
            Style(CellRange(lay.suggested + 1, 1, lay.suggested + lay.size, 1), wrap=True),
            Style(CellRange(lay.flipchart + 1, 0, lay.flipchart + 1, 30), bold=True, wrap=True),
            Style(CellRange(lay.flipchart + 2, 0, lay.flipchart + 1 + lay.size, 30), font_size=12),
            Style(CellRange(lay.aggregate + 1, 0, lay.aggregate + 1, 9), bold=True, wrap=True),
            Style(aggregate_rows, wrap=True),
            Style(CellRange(lay.agreed + 1, 0, lay.suggested + lay.size, 0), align="center"),
            Style(
                CellRange(lay.flipchart + 1, 0, lay.flipchart + 1 + lay.size, 12), align="center"
            ),
            Style(CellRange(lay.aggregate + 1, 0, lay.aggregate + 18, 6), align="center"),
            *(Style(m, wrap=True) for m in merges),
        ),
        anchors=lay.anchors,
        tab_color=str(c.get("tab.tab_color")),
        merges=tuple(merges),
        print_setup=PrintSetup(
            landscape=True, title_rows=2, page_breaks=(lay.aggregate, lay.points)
        ),
        rewritten=True,
    )
    return AddTab(spec, cells)


METHOD_NAMES = {
    "borda": "Truncated Borda (rank 1 = 5 points … rank 5 = 1)",
    "schulze": "Schulze (pairwise)",
    "copeland": "Copeland (pairwise wins)",
    "tables": "Tables choosing it",
}


def method_name(method: str) -> str:
    return METHOD_NAMES.get(method, method)


def _codes(codes: Sequence[str]) -> str:
    return ", ".join(codes) if codes else "(none yet)"


def agreement_line(consensus: Consensus) -> str:
    """Kendall's W in words, read from the value as shown (two decimals), with the level that
    many tables would reach by chance beside it."""
    agreement = consensus.agreement
    if agreement.w is None:
        return f"Agreement between tables: {agreement.reading}."
    chance = ""
    if agreement.chance is not None:
        chance = (
            f"; {agreement.tables} tables ranking at random would give about {agreement.chance:.2f}"
        )
    w = f"{agreement.w:.2f}"
    return f"Agreement between tables: Kendall's W = {w} ({agreement.reading}{chance})."


def notes(
    consensus: Consensus, checks: Sequence[TableCheck], when: str, lines: int = 6
) -> list[str]:
    """Plain-words notes, at most ``lines``: the method and tie-break, the agreement and the
    tables used are always there; the tie notes fill the lines between them."""
    valid = [c.table for c in checks if c.state == "valid"]
    left = [c.table for c in checks if c.state != "valid"]
    used = f"Based on {len(valid)} valid table{'s' if len(valid) != 1 else ''} of {len(checks)}"
    used += (f"; left out: {', '.join(left)}" if left else "") + f". Last changed: {when}."
    fixed = [
        f"Method: {method_name(consensus.method)}. Tie-break: {consensus.tie_break_rule}.",
        agreement_line(consensus),
        used,
    ]
    ties = list(consensus.tie_notes)
    room = max(0, lines - len(fixed))
    if len(ties) > room:
        more = len(ties) - room + 1
        ties = [*ties[: room - 1], f"… and {more} more notes on ties: see the Tie column above."]
    return [fixed[0], *ties[:room], *fixed[1:]]


def method_agreement(consensus: Consensus) -> str | None:
    """Whether the other methods suggest the same principles, said only when it is true."""
    if not consensus.suggested:
        return None
    if consensus.depends_on_method:
        return "The suggestion depends on the method: worth discussing before you agree."
    n = len(consensus.suggested)
    what = "principle" if n == 1 else f"{NUMBER_WORDS.get(n, str(n))} principles"
    order = ", in another order" if consensus.order_depends_on_method else ", in the same order"
    return f"Every method suggests the same {what}{order}."


NUMBER_WORDS = {2: "two", 3: "three", 4: "four", 5: "five"}


def rank_label(position: int, tied: bool) -> int | str:
    """A place as the room reads it: ``3``, or ``'=2'`` for a place shared by a tie."""
    return f"={position}" if tied else position


def score_text(score: int | None, reading: Callable[[int | None], str]) -> str | None:
    """The score as the room reads it, e.g. ``2 (room to improve)``; ``None`` if unscored."""
    return None if score is None else f"{score} ({reading(score).lower()})"


def consensus_regions(
    consensus: Consensus,
    checks: Sequence[TableCheck],
    when: str,
    left_out_label: str,
    reading: Callable[[int | None], str],
    lay: ConsensusLayout = CONSENSUS_LAYOUT,
) -> list[Region]:
    """The tool-owned cells of the Consensus tab; ``reading`` words a score (THRIVE-like…)."""

    def block(name: str, offset: int, col: int, values: Sequence[Sequence[CellValue]]) -> Region:
        return region(
            f"{CONSENSUS}/{name}", CONSENSUS, name, lay.anchors[name], offset, col, values
        )

    by_code = {t.code: t for t in consensus.tallies}
    suggested: list[list[CellValue]] = [[BY_CODE[c].label] for c in consensus.suggested]
    suggested += [[None]] * (lay.size - len(suggested))
    ranks: list[list[CellValue]] = [
        [rank_label(by_code[c].position, bool(by_code[c].tied_with))] for c in consensus.suggested
    ]
    ranks += [[i + 1] for i in range(len(ranks), lay.size)]

    alternatives: list[list[CellValue]] = []
    for m, codes in list(consensus.alternatives.items())[: lay.alternative_lines - 1]:
        alternatives.append([f"{method_name(m)}: {_codes(codes)}"])
    same = method_agreement(consensus)
    if same is not None:
        alternatives.append([same])
    alternatives += [[None]] * (lay.alternative_lines - len(alternatives))

    note_rows: list[list[CellValue]] = [[n] for n in notes(consensus, checks, when, lay.note_lines)]
    note_rows += [[None]] * (lay.note_lines - len(note_rows))

    aggregate: list[list[CellValue]] = []
    for t in consensus.tallies:
        aggregate.append(
            [
                rank_label(t.position, bool(t.tied_with)),
                t.code,
                t.tables,
                t.points,
                round(t.mean_rank, 2) if t.mean_rank is not None else None,
                t.best_rank,
                round(t.pairwise, 2),
                score_text(t.score, reading),
                ("tied with " + ", ".join(t.tied_with)) if t.tied_with else None,
                BY_CODE[t.code].text,
            ]
        )
    by_points = sorted(consensus.tallies, key=lambda t: -t.points)
    points: list[list[CellValue]] = [[t.code, t.points] for t in by_points]

    valid = [c for c in checks if c.state == "valid"]
    left = [c.table for c in checks if c.state in ("invalid", "empty")]
    gone = [c for c in checks if c.state == "missing"]
    flip: list[list[CellValue]] = [["Rank", *(c.table for c in valid)]]
    for i in range(lay.size):
        flip.append([i + 1, *(c.ranking[i] if i < len(c.ranking) else None for c in valid)])
    said = [f"{left_out_label}: {', '.join(left)}"] if left else []
    said += [f"Left out: {c.table}, {c.summary().removeprefix('missing: ')}" for c in gone]
    text = ". ".join(said) if said else "Every table is included."
    flip.append([text] + [None] * len(valid))
    return [
        block("suggested", 1, 1, suggested),
        region(f"{CONSENSUS}/suggested_rank", CONSENSUS, "suggested", lay.suggested, 1, 0, ranks),
        block("alternatives", 1, 0, alternatives),
        block("notes", 0, 0, note_rows),
        block("aggregate", 2, 0, aggregate),
        block("flipchart", 1, 0, flip),
        block("points", 1, 0, points),
    ]


def points_chart(title: str, lay: ConsensusLayout = CONSENSUS_LAYOUT) -> ChartSpec:
    """A bar chart of points per principle, highest first, beside its data: every one of the
    17 labels shows, large enough for a projector, within the printed width."""
    first = lay.points + 1
    return ChartSpec(
        key="points",
        title=title,
        rows=(first, first + 16),
        category_col=0,
        value_cols=(1,),
        series_names=("Points",),
        anchor=(lay.points + 1, lay.chart_col),
        width_px=900,
        height_px=540,
    )
