"""The workshop as pandas DataFrames, for analysts who want to go further in a notebook.

Three read-outs, each a plain function of data the library already has, plus
:func:`workshop_frames`, which reads the workbook **once** and returns all three:

``rankings_frame(checks)``
    One row per (valid table, rank): ``table``, ``rank`` (1..n), ``code``, ``principle``
    (the exact wording). Invalid and empty tables have no ranking and so no rows.
``aggregate_frame(consensus)``
    One row per principle (all 17), in the consensus method's order, with every
    :class:`~sheets_sync.core.aggregate.PrincipleTally` field (``code``, ``tables``, ``points``,
    ``mean_rank``, ``best_rank``, ``score``, ``schulze_wins``, ``copeland``, ``pairwise``,
    ``position``, ``tied_with``, ``tied_before_break``) plus ``principle`` (the wording),
    ``chosen`` and ``suggested``. Missing numbers are ``NaN`` (``mean_rank``) or ``<NA>``
    (``best_rank`` and ``score``, nullable integers); the tie columns hold tuples of codes.
``gaps_frame(snapshot, templates)``
    One row per filled gap-analysis row (a row where any of the five columns after the ideal
    holds something), over every gap tab: ``code``, ``priority`` (1..5, ``<NA>`` if unknown),
    ``status`` (``current`` or ``superseded``), the six columns as ``ideal``, ``in_place``,
    ``in_development``, ``gaps``, ``training``, ``recommendations`` (text, ``<NA>`` when
    empty), ``row_id`` (the tool's id in column G, ``<NA>`` for rows people added) and ``row``
    (the 1-based sheet row, for finding it again).

Text columns use pandas' ``string`` dtype. The same gap rows are available without pandas as
:class:`GapRow` objects from :func:`gap_rows` (the rollup uses them).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import astuple, dataclass

import pandas as pd

from sheets_sync.core.aggregate import Consensus
from sheets_sync.core.principles import BY_CODE
from sheets_sync.core.validate import TableCheck
from sheets_sync.model import WorkbookSnapshot, is_blank
from sheets_sync.tabs.gap import GAP_ID_COL, filled_rows, gap_records
from sheets_sync.tabs.templates import Templates
from sheets_sync.workshop.facade import Workshop

#: The six gap columns, by name, in sheet order (A..F).
GAP_FIELDS = ("ideal", "in_place", "in_development", "gaps", "training", "recommendations")

RANKING_COLUMNS = ("table", "rank", "code", "principle")
TALLY_COLUMNS = (
    "code",
    "principle",
    "tables",
    "points",
    "mean_rank",
    "best_rank",
    "score",
    "schulze_wins",
    "copeland",
    "pairwise",
    "position",
    "tied_with",
    "tied_before_break",
    "chosen",
    "suggested",
)
GAP_ROW_COLUMNS = ("code", "priority", "status", *GAP_FIELDS, "row_id", "row")


@dataclass(frozen=True)
class GapRow:
    """One filled row of a gap tab; empty cells are ``None``, other values their display text."""

    code: str
    priority: int | None
    status: str
    ideal: str | None
    in_place: str | None
    in_development: str | None
    gaps: str | None
    training: str | None
    recommendations: str | None
    row_id: str | None
    row: int


@dataclass(frozen=True)
class WorkshopFrames:
    """The three read-outs of one workshop, from one read of its workbook."""

    rankings: pd.DataFrame
    aggregate: pd.DataFrame
    gaps: pd.DataFrame


def gap_rows(snapshot: WorkbookSnapshot, templates: Templates) -> list[GapRow]:
    """Every filled row of every gap tab, tabs in workbook order, rows top to bottom.

    The header row is found by its anchor, so rows people inserted above it do not confuse
    it; priority and status come from the tool's records (``None``/``"current"`` when none).
    """
    out: list[GapRow] = []
    for g in gap_records(snapshot):
        tab = g.tab
        for r in filled_rows(tab, templates):
            texts = {
                name: None if is_blank(tab.value(r, c)) else tab.text(r, c)
                for c, name in enumerate(GAP_FIELDS)
            }
            row_id = tab.value(r, GAP_ID_COL)
            out.append(
                GapRow(
                    code=g.code,
                    priority=g.priority,
                    status=g.status,
                    row_id=None if is_blank(row_id) else str(row_id),
                    row=r + 1,
                    **texts,
                )
            )
    return out


def rankings_frame(checks: Sequence[TableCheck]) -> pd.DataFrame:
    """Each valid table's ranking, one row per rank (see the module docstring)."""
    rows = [
        (check.table, rank, code, BY_CODE[code].text)
        for check in checks
        for rank, code in enumerate(check.ranking, start=1)
    ]
    frame = pd.DataFrame(rows, columns=list(RANKING_COLUMNS))
    return frame.astype(
        {"table": "string", "rank": "int64", "code": "string", "principle": "string"}
    )


def aggregate_frame(consensus: Consensus) -> pd.DataFrame:
    """The aggregate over all 17 principles, in the method's order (see the module docstring)."""
    suggested = set(consensus.suggested)
    rows = [
        (
            t.code,
            BY_CODE[t.code].text,
            t.tables,
            t.points,
            t.mean_rank,
            t.best_rank,
            t.score,
            t.schulze_wins,
            t.copeland,
            t.pairwise,
            t.position,
            t.tied_with,
            t.tied_before_break,
            t.chosen,
            t.code in suggested,
        )
        for t in consensus.tallies
    ]
    frame = pd.DataFrame(rows, columns=list(TALLY_COLUMNS))
    return frame.astype(
        {
            "code": "string",
            "principle": "string",
            "tables": "int64",
            "points": "int64",
            "mean_rank": "float64",
            "best_rank": "Int64",
            "score": "Int64",
            "schulze_wins": "int64",
            "copeland": "float64",
            "pairwise": "float64",
            "position": "int64",
            "chosen": "bool",
            "suggested": "bool",
        }
    )


def gaps_frame(snapshot: WorkbookSnapshot, templates: Templates) -> pd.DataFrame:
    """Every filled gap-analysis row as a DataFrame (see the module docstring)."""
    rows = [astuple(g) for g in gap_rows(snapshot, templates)]
    frame = pd.DataFrame(rows, columns=list(GAP_ROW_COLUMNS))
    text = dict.fromkeys(("code", "status", *GAP_FIELDS, "row_id"), "string")
    return frame.astype({**text, "priority": "Int64", "row": "int64"})


def workshop_frames(workshop: Workshop) -> WorkshopFrames:
    """Read the workshop's workbook once and return its rankings, aggregate and gap rows.

    Nothing is written. The aggregate is computed from the tables' current entries with the
    workshop's method and tie-break, exactly as ``sync`` would. Raises ``MissingTab`` if a
    table's tab was deleted, ``WorkbookNotFound``/``WorkbookCorrupt`` from the backend.
    """
    snapshot = workshop.backend.read()
    checks = workshop.check_tables(snapshot)
    return WorkshopFrames(
        rankings=rankings_frame(checks),
        aggregate=aggregate_frame(workshop.consensus_of(checks, workshop.scores(snapshot).values)),
        gaps=gaps_frame(snapshot, workshop.templates),
    )
