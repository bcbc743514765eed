"""Rendering a consensus onto the Consensus tab (pure).

Fills the tool-owned blocks laid out by :data:`~sheets_sync.tabs.consensus.CONSENSUS_LAYOUT`: the
suggested five, what other methods would suggest, notes (method, tie-break, ties, agreement,
tables left out), the aggregate over all 17 principles and each table's top five. The Agreed
block is never among them.
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
    """Block positions on the Consensus tab (0-based rows at template time)."""

    agreed: int = 3  # header; ranks 1..5 on the 5 rows below, principle in column B
    suggested: int = 11
    alternatives: int = 18
    notes: int = 24
    aggregate: int = 30  # title; column headers on the next row; 17 rows below
    flipchart: int = 50  # title; table names next row; ranks 1..5; left-out line
    size: int = 5
    alternative_lines: int = 4
    note_lines: int = 5
    chart_col: int = 11

    @property
    def anchors(self) -> dict[str, int]:
        return {
            "agreed": self.agreed,
            "suggested": self.suggested,
            "alternatives": self.alternatives,
            "notes": self.notes,
            "aggregate": self.aggregate,
            "flipchart": self.flipchart,
        }


CONSENSUS_LAYOUT = ConsensusLayout()


def agreed_formula(agreed_row: int, suggested_row: int, i: int) -> Formula:
    """The formula an Agreed cell holds until a person types there: the current suggestion."""
    ref = a1(suggested_row + 1 + i, 1)
    return Formula(f'=IF(ISBLANK({ref}),"",{ref})')


def consensus_tab(cfg: WorkshopConfig, t: Templates) -> AddTab:
    lay = CONSENSUS_LAYOUT
    c = t.consensus
    cells: dict[tuple[int, int], CellValue] = {
        (0, 0): c.text("text.heading", locality=cfg.locality),
        (1, 0): c.text("text.note"),
        (lay.agreed, 0): c.text("text.agreed_header"),
        (lay.agreed + lay.size + 1, 0): c.text("text.agreed_hint"),
        (lay.suggested, 0): c.text("text.suggested_header"),
        (lay.alternatives, 0): c.text("text.alternatives_header"),
        (lay.aggregate, 0): c.text("text.aggregate_header"),
        (lay.flipchart, 0): c.text("text.flipchart_header"),
    }
    for i in range(lay.size):
        cells[(lay.agreed + 1 + i, 0)] = i + 1
        cells[(lay.agreed + 1 + i, 1)] = agreed_formula(lay.agreed, lay.suggested, i)
        cells[(lay.suggested + 1 + i, 0)] = i + 1
    for col, header in enumerate(c.get("aggregate.headers")):
        cells[(lay.aggregate + 1, col)] = str(header)
    agreed_cells = CellRange(lay.agreed + 1, 1, lay.agreed + lay.size, 1)
    spec = TabSpec(
        key=CONSENSUS,
        title=str(c.get("tab.title")),
        column_widths=dict(enumerate(c.get("aggregate.widths"))),
        dropdowns=(Dropdown(agreed_cells, ABOUT, about_layout(t).label_range),),
        protections=(
            Protection(None, str(c.get("protection.description")), exceptions=(agreed_cells,)),
        ),
        styles=(
            Style(CellRange(0, 0, 0, 0), bold=True, font_size=16),
            *(
                Style(CellRange(r, 0, r, 9), bold=True, font_size=13, fill=HEADER_FILL)
                for r in (lay.agreed, lay.suggested, lay.alternatives, lay.aggregate, lay.flipchart)
            ),
            Style(agreed_cells, bold=True, font_size=13, fill="#FFF2CC"),
            Style(CellRange(lay.aggregate + 1, 0, lay.aggregate + 1, 9), bold=True, wrap=True),
            Style(CellRange(lay.flipchart + 1, 0, lay.flipchart + 1, 30), bold=True, wrap=True),
        ),
        anchors=lay.anchors,
        tab_color=str(c.get("tab.tab_color")),
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


def notes(consensus: Consensus, checks: Sequence[TableCheck], when: str) -> list[str]:
    """Plain-words notes: method and tie-break, ties, agreement, tables used and left out."""
    valid = [c.table for c in checks if c.state == "valid"]
    left = [c.table for c in checks if c.state != "valid"]
    out = [
        f"Method: {method_name(consensus.method)}. Tie-break: {consensus.tie_break_rule}.",
        *consensus.tie_notes,
    ]
    agreement = consensus.agreement
    if agreement.w is not None:
        out.append(
            f"Agreement between tables: Kendall's W = {agreement.w:.2f} ({agreement.reading})."
        )
    else:
        out.append(f"Agreement between tables: {agreement.reading}.")
    used = f"Based on {len(valid)} valid table{'s' if len(valid) != 1 else ''} of {len(checks)}"
    out.append(
        used + (f"; left out: {', '.join(left)}" if left else "") + f". Last changed: {when}."
    )
    if len(out) > CONSENSUS_LAYOUT.note_lines:
        out = [*out[: CONSENSUS_LAYOUT.note_lines - 1], out[-1]]
    return out


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

    suggested: list[list[CellValue]] = [[BY_CODE[c].label] for c in consensus.suggested]
    suggested += [[None]] * (lay.size - len(suggested))

    alternatives: list[list[CellValue]] = []
    for m, codes in list(consensus.alternatives.items())[: lay.alternative_lines - 1]:
        alternatives.append([f"{method_name(m)}: {_codes(codes)}"])
    if consensus.suggested:
        alternatives.append(
            ["The suggestion depends on the method: worth discussing before you agree."]
            if consensus.depends_on_method
            else ["Every method suggests the same five."]
        )
    alternatives += [[None]] * (lay.alternative_lines - len(alternatives))

    note_rows: list[list[CellValue]] = [[n] for n in notes(consensus, checks, when)]
    note_rows += [[None]] * (lay.note_lines - len(note_rows))

    aggregate: list[list[CellValue]] = []
    for t in consensus.tallies:
        aggregate.append(
            [
                t.position,
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
        block("alternatives", 1, 0, alternatives),
        block("notes", 0, 0, note_rows),
        block("aggregate", 2, 0, aggregate),
        block("flipchart", 1, 0, flip),
    ]


def points_chart(title: str, lay: ConsensusLayout = CONSENSUS_LAYOUT) -> ChartSpec:
    """A bar chart of points per principle, beside the aggregate."""
    first = lay.aggregate + 2
    return ChartSpec(
        key="points",
        title=title,
        rows=(first, first + 16),
        category_col=1,
        value_cols=(3,),
        series_names=("Points",),
        anchor=(lay.aggregate, lay.chart_col),
    )
