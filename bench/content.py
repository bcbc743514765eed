"""What the workshop writes, as plain grids, for the two baseline scripts.

The baselines are the same workshop with different I/O, so they reuse sheets_sync's pure core
(layout, validation, aggregation) and only talk to Google their own way. Everything here is
pure: values in, values out. Positions are 0-based; a grid is a list of rows of cell values.
Formulas stay strings starting with ``=`` (the baselines write with ``USER_ENTERED``).

The baselines write the same cell values but not the formatting, dropdowns, protections,
hidden state tab or chart sheets_sync also sets up, so their request counts are a lower bound.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sheets_sync.config import WorkshopConfig
from sheets_sync.core.aggregate import Consensus, TableRanking, build_consensus
from sheets_sync.core.principles import BY_CODE
from sheets_sync.core.validate import TableCheck, validate_table
from sheets_sync.model import AddTab, CellValue, Tab
from sheets_sync.tabs.about import about_tab, score_reading
from sheets_sync.tabs.agreed import read_agreed
from sheets_sync.tabs.assessment import assessment_tab
from sheets_sync.tabs.consensus import consensus_regions, consensus_tab
from sheets_sync.tabs.gap import gap_tab, gap_title
from sheets_sync.tabs.keys import table_key
from sheets_sync.tabs.state import Region
from sheets_sync.tabs.table import read_entries, table_layout, table_regions, table_tab
from sheets_sync.tabs.templates import Templates
from sheets_sync.workshop.demo import ENTRIES

#: The time of the workshop (a fixed clock keeps every run identical) and its stamp.
NOW = datetime(2026, 12, 3, 10, 30, tzinfo=UTC)
WHEN = NOW.strftime("%Y-%m-%d %H:%M")
#: What the facilitator types in the Agreed block before `gap` (in the UI, for free).
AGREED = ("MESO-3", "MICRO-1", "MACRO-2", "MICRO-2", "MACRO-1")

Grid = list[list[CellValue]]


@dataclass(frozen=True)
class Block:
    """Values to write with their top-left cell (``None`` clears a cell)."""

    row: int
    col: int
    values: Grid

    def cells(self) -> list[tuple[int, int, CellValue]]:
        """The non-blank cells, one by one (what a cell-by-cell script writes)."""
        return [
            (self.row + i, self.col + j, v)
            for i, line in enumerate(self.values)
            for j, v in enumerate(line)
            if v is not None and v != ""
        ]


def entries(n: int) -> Grid:
    """What table ``n`` types: the demo's six tables, over and over (mistakes included)."""
    return [list(row) for row in ENTRIES[(n - 1) % len(ENTRIES) + 1]]


def first_entry_row(t: Templates) -> int:
    return table_layout(t).first_entry


def grid_of(add: AddTab) -> Grid:
    """A tab's initial values as a dense grid."""
    rows = max((r for r, _ in add.cells), default=-1) + 1
    cols = max((c for _, c in add.cells), default=-1) + 1
    grid: Grid = [[""] * cols for _ in range(rows)]
    for (r, c), v in add.cells.items():
        grid[r][c] = str(v) if v is not None and not isinstance(v, int | float) else v
    return grid


def provision_tabs(cfg: WorkshopConfig, t: Templates) -> list[tuple[str, Grid]]:
    """About, one tab per table, Consensus, Assessment: titles and initial values."""
    adds = [about_tab(cfg, t)]
    adds += [table_tab(cfg, t, n, table.name) for n, table in enumerate(cfg.tables, start=1)]
    adds.append(consensus_tab(cfg, t))
    adds.append(assessment_tab(cfg, t))
    return [(a.spec.title, grid_of(a)) for a in adds]


def table_titles(cfg: WorkshopConfig, t: Templates) -> list[str]:
    return [t.table.text("tab.title", table=table.name) for table in cfg.tables]


def consensus_title(t: Templates) -> str:
    return str(t.consensus.get("tab.title"))


def tab_from_rows(key: str | None, title: str, rows: Sequence[Sequence[object]]) -> Tab:
    """A read tab from a grid as gspread returns it (blanks as ``""`` or NaN)."""
    cells: dict[tuple[int, int], CellValue] = {}
    for r, line in enumerate(rows):
        for c, v in enumerate(line):
            if v is None or v == "" or (isinstance(v, float) and math.isnan(v)):
                continue
            cells[(r, c)] = v  # type: ignore[assignment]
    return Tab(key, title, cells)


def _block(region: Region) -> Block:
    return Block(
        region.anchor_default + region.row_offset,
        region.col,
        [list(line) for line in region.values],
    )


def check_tables(
    cfg: WorkshopConfig, t: Templates, tabs: Sequence[Tab]
) -> tuple[list[TableCheck], list[list[Block]]]:
    """Validate each table tab; per table, the blocks of its score/check column and status."""
    lay = table_layout(t)
    checks, writes = [], []
    for n, (table, tab) in enumerate(zip(cfg.tables, tabs, strict=True), start=1):
        check = validate_table(table.name, read_entries(tab, lay), cfg.minimum)
        checks.append(check)
        regions = table_regions(table_key(n), tab, check, lay, t, cfg.scores, WHEN)
        writes.append([_block(r) for r in regions])
    return checks, writes


def consensus_of(cfg: WorkshopConfig, checks: Sequence[TableCheck]) -> Consensus:
    rankings = [TableRanking(c.table, c.ranking) for c in checks if c.state == "valid"]
    return build_consensus(rankings, cfg.scores, method=cfg.method, tie_break=cfg.tie_break)


def consensus_blocks(
    cfg: WorkshopConfig, t: Templates, checks: Sequence[TableCheck]
) -> list[Block]:
    """The computed groups of the Consensus tab (never its Agreed block)."""
    left_out = t.consensus.text("text.left_out")

    def reading(score: int | None) -> str:
        return score_reading(score, t)

    consensus = consensus_of(cfg, checks)
    return [_block(r) for r in consensus_regions(consensus, checks, WHEN, left_out, reading)]


def gap_tabs(cfg: WorkshopConfig, t: Templates, consensus: Tab) -> list[tuple[str, Grid]]:
    """One gap tab per agreed principle, as typed in the Agreed block."""
    agreed = read_agreed(consensus)
    codes = [c for c in agreed.codes if c is not None]
    taken: set[str] = set()
    tabs = []
    for n, code in enumerate(codes, start=1):
        title = gap_title(t, n, BY_CODE[code], taken)
        taken.add(title)
        tabs.append((title, grid_of(gap_tab(t, n, BY_CODE[code], title, cfg.scores))))
    return tabs
