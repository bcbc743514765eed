"""Where everything sits on each tab, and the tabs the tool creates.

Pure: builds :class:`~sheets_sync.backend.AddTab` changes from the templates and the config,
and says where each region is, so readers and writers never hard-code a cell. Positions are
0-based and relative to a named anchor, so a row a person inserts above a region moves the
region with it (backends keep anchors attached to rows).

Tab keys: ``about``, ``assessment``, ``consensus``, ``state``, ``table:<n>`` (n = the table's
position in the config, from 1), ``gap:<CODE>``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass

from sheets_sync.config import WorkshopConfig
from sheets_sync.core.principles import LEVEL_NAMES, PRINCIPLES, Principle
from sheets_sync.model import (
    AddTab,
    CellRange,
    CellValue,
    Dropdown,
    Formula,
    Protection,
    Style,
    TabSpec,
    a1,
)
from sheets_sync.tabs.templates import Templates

ABOUT, ASSESSMENT, CONSENSUS, STATE = "about", "assessment", "consensus", "state"
STATE_TITLE = "_sheets_sync_state"
HEADER_FILL = "#DDEBF7"
TOOL_FILL = "#EDEDED"
THRIVE_LIKE = 3  # an assessment score from 3 up reads as "THRIVE-like"


def table_key(n: int) -> str:
    return f"table:{n}"


def gap_key(code: str) -> str:
    return f"gap:{code}"


def score_reading(score: int | None, t: Templates) -> str:
    """``Room to improve`` below 3, ``THRIVE-like`` from 3, ``Not scored`` without a score."""
    if score is None:
        return str(t.about.get("principles.not_scored"))
    key = "principles.thrive_like" if score >= THRIVE_LIKE else "principles.room_to_improve"
    return str(t.about.get(key))


# --------------------------------------------------------------------------- About


@dataclass(frozen=True)
class AboutLayout:
    header_row: int

    @property
    def label_range(self) -> CellRange:
        """The dropdown labels of the 17 principles (column D)."""
        return CellRange(self.header_row + 1, 3, self.header_row + len(PRINCIPLES), 3)


def about_layout(t: Templates) -> AboutLayout:
    return AboutLayout(header_row=int(t.about.get("principles.header_row")) - 1)


def about_tab(cfg: WorkshopConfig, t: Templates) -> AddTab:
    lay = about_layout(t)
    fill = {
        "title": cfg.title,
        "locality": cfg.locality,
        "date": cfg.date.isoformat() if cfg.date else "date to be set",
        "tables": len(cfg.tables),
    }
    cells: dict[tuple[int, int], CellValue] = {
        (0, 0): t.about.text("text.heading", **fill),
        (1, 0): t.about.text("text.subtitle", **fill),
    }
    for i, line in enumerate(t.about.get("text.instructions")):
        cells[(3 + i, 0)] = str(line).format(**fill)
    hr = lay.header_row
    for c, header in enumerate(t.about.get("principles.headers")):
        cells[(hr, c)] = str(header)
    for i, p in enumerate(PRINCIPLES, start=hr + 1):
        score = cfg.scores.get(p.code)
        row: tuple[CellValue, ...] = (
            p.code,
            LEVEL_NAMES[p.level],
            p.text,
            p.label,
            score,
            score_reading(score, t),
        )
        for c, value in enumerate(row):
            cells[(i, c)] = value
    widths = dict(enumerate(t.about.get("principles.widths")))
    spec = TabSpec(
        key=ABOUT,
        title=str(t.about.get("tab.title")),
        column_widths=widths,
        frozen_rows=0,
        styles=(
            Style(CellRange(0, 0, 0, 0), bold=True, font_size=16),
            Style(CellRange(hr, 0, hr, 5), bold=True, fill=HEADER_FILL, wrap=True),
            Style(CellRange(hr + 1, 2, hr + len(PRINCIPLES), 3), wrap=True),
        ),
        protections=(Protection(None, str(t.about.get("protection.description"))),),
        anchors={"principles": hr},
        tab_color=str(t.about.get("tab.tab_color")),
    )
    return AddTab(spec, cells)


# --------------------------------------------------------------------------- table tabs

RANK, PRINCIPLE, WHY, SCORE, CHECK, STATUS = 0, 1, 2, 3, 4, 6


@dataclass(frozen=True)
class TableLayout:
    """A table tab: header row, entry rows (rank, principle, why) and tool-written columns."""

    header_row: int
    ranks: int
    status_lines: int

    @property
    def first_entry(self) -> int:
        return self.header_row + 1

    @property
    def last_entry(self) -> int:
        return self.header_row + self.ranks


def table_layout(t: Templates) -> TableLayout:
    return TableLayout(
        header_row=int(t.table.get("entries.header_row")) - 1,
        ranks=int(t.table.get("entries.ranks")),
        status_lines=int(t.table.get("status.lines")),
    )


def table_tab(
    cfg: WorkshopConfig, t: Templates, n: int, name: str, editors: tuple[str, ...] = ()
) -> AddTab:
    """A table's tab: ranks pre-filled, dropdowns on the principle column, tool columns grey."""
    lay = table_layout(t)
    hr = lay.header_row
    cells: dict[tuple[int, int], CellValue] = {
        (0, 0): t.table.text("text.heading", table=name),
        (1, 0): t.table.text("text.instructions", table=name),
        (hr, STATUS): str(t.table.get("status.header")),
    }
    columns = {"rank": RANK, "principle": PRINCIPLE, "why": WHY, "score": SCORE, "check": CHECK}
    widths: dict[int, int] = {5: 3, STATUS: int(t.table.get("status.width"))}
    for name_, col in columns.items():
        entry = t.table.get(f"entries.{name_}")
        cells[(hr, col)] = str(entry.get("header", name_))
        widths[col] = int(entry.get("width", 20))
    for r in range(lay.ranks):
        cells[(lay.first_entry + r, RANK)] = r + 1
    tool_area = CellRange(lay.first_entry, SCORE, lay.last_entry, CHECK)
    status_area = CellRange(hr + 1, STATUS, hr + lay.status_lines, STATUS)
    entry_area = CellRange(lay.first_entry, RANK, lay.last_entry, WHY)
    restricted = bool(editors)
    spec = TabSpec(
        key=table_key(n),
        title=t.table.text("tab.title", table=name),
        column_widths=widths,
        frozen_rows=hr + 1,
        dropdowns=(
            Dropdown(
                CellRange(lay.first_entry, PRINCIPLE, lay.last_entry, PRINCIPLE),
                ABOUT,
                about_layout(t).label_range,
            ),
        ),
        protections=(
            Protection(
                None,
                str(t.table.get("protection.description")),
                warning_only=not restricted,
                editors=tuple(editors) + tuple(cfg.facilitators) if restricted else (),
                exceptions=(entry_area,),
            ),
        ),
        styles=(
            Style(CellRange(0, 0, 0, 0), bold=True, font_size=14),
            Style(CellRange(hr, RANK, hr, STATUS), bold=True, fill=HEADER_FILL, wrap=True),
            Style(tool_area, fill=TOOL_FILL, wrap=True, italic=True),
            Style(status_area, fill=TOOL_FILL, wrap=True),
            Style(CellRange(lay.first_entry, PRINCIPLE, lay.last_entry, WHY), wrap=True),
        ),
        anchors={"entries": hr},
        tab_color=str(t.table.get("tab.tab_color")),
    )
    return AddTab(spec, cells)


# --------------------------------------------------------------------------- Consensus


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


# --------------------------------------------------------------------------- Gap tabs

GAP_COLUMNS = 6
GAP_ID_COL = 6


@dataclass(frozen=True)
class GapLayout:
    header_row: int
    rows: int

    @property
    def first_row(self) -> int:
        return self.header_row + 1


def gap_layout(t: Templates) -> GapLayout:
    return GapLayout(int(t.gap.get("columns.header_row")) - 1, int(t.gap.get("columns.rows")))


def row_id(code: str, i: int) -> str:
    """A stable id for the i-th pre-made row of a gap tab (``r-`` and six hex digits)."""
    return "r-" + hashlib.sha1(f"{code}/{i}".encode(), usedforsecurity=False).hexdigest()[:6]


def gap_title(t: Templates, n: int, p: Principle, taken: set[str]) -> str:
    """The tab title for priority ``n``; made unique against ``taken`` titles."""
    title = t.gap.text("tab.title", n=n, code=p.code, text=p.text, label=p.label)[:31]
    base, k = title, 2
    while title.casefold() in {x.casefold() for x in taken}:
        title = f"{base[:27]} ({k})"
        k += 1
    return title


def gap_tab(t: Templates, n: int, p: Principle, title: str, scores: Mapping[str, int]) -> AddTab:
    """A gap tab for agreed priority ``n``: the ideal pre-filled, many rows, ids in column G."""
    lay = gap_layout(t)
    hr = lay.header_row
    score = scores.get(p.code)
    cells: dict[tuple[int, int], CellValue] = {
        (0, 0): t.gap.text("text.heading", n=n, code=p.code, text=p.text, label=p.label),
        (1, 0): t.gap.text("text.note"),
        (2, 0): (
            f"Assessment score: {score} of 4 ({score_reading(score, t).lower()})"
            if score is not None
            else "Assessment score: not scored"
        ),
        (hr, GAP_ID_COL): str(t.gap.get("columns.id_header")),
        (lay.first_row, 0): p.label,
    }
    for col, header in enumerate(t.gap.get("columns.headers")):
        cells[(hr, col)] = str(header)
    for i in range(lay.rows):
        cells[(lay.first_row + i, GAP_ID_COL)] = row_id(p.code, i)
    widths = dict(enumerate(t.gap.get("columns.widths")))
    widths[GAP_ID_COL] = int(t.gap.get("columns.id_width"))
    person_area = CellRange(lay.first_row, 0, None, GAP_COLUMNS - 1)
    spec = TabSpec(
        key=gap_key(p.code),
        title=title,
        column_widths=widths,
        frozen_rows=hr + 1,
        protections=(
            Protection(None, str(t.gap.get("protection.description")), exceptions=(person_area,)),
        ),
        styles=(
            Style(CellRange(0, 0, 0, 0), bold=True, font_size=14),
            Style(CellRange(hr, 0, hr, GAP_ID_COL), bold=True, fill=HEADER_FILL, wrap=True),
            Style(CellRange(lay.first_row, 0, lay.first_row + lay.rows - 1, 5), wrap=True),
            Style(
                CellRange(lay.first_row, GAP_ID_COL, lay.first_row + lay.rows - 1, GAP_ID_COL),
                fill=TOOL_FILL,
                italic=True,
                font_color="#7F7F7F",
            ),
        ),
        anchors={"rows": hr},
        tab_color=str(t.gap.get("tab.tab_color")),
    )
    return AddTab(spec, cells)


# --------------------------------------------------------------------------- state tab


def state_tab(records: Mapping[str, object] | None = None) -> AddTab:
    """The hidden tab where the tool records what it last wrote in the cells it owns;
    ``records`` are written in it from the start (regions a new tab already fills)."""
    spec = TabSpec(
        key=STATE,
        title=STATE_TITLE,
        column_widths={0: 30, 1: 100},
        hidden=True,
        protections=(Protection(None, "sheets_sync's own records; do not edit."),),
    )
    cells: dict[tuple[int, int], CellValue] = {
        (0, 0): "sheets_sync state: do not edit",
        (0, 1): "format 1",
    }
    for row, (key, value) in enumerate((records or {}).items(), start=1):
        cells[(row, 0)] = key
        cells[(row, 1)] = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return AddTab(spec, cells)
