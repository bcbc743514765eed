"""THRIVE Assessment Tool scores: the Assessment tab, and which scores a sync uses (pure).

The config's ``[scores]`` seed the Assessment tab at provisioning. From then on the tab is
the source of truth: a facilitator can type or correct a score there (1 to 4; 3 or more is
"THRIVE-like"), or clear one that was never scored. A workbook provisioned before the tab
existed simply keeps using the config. A cell that holds something other than a whole number
from 1 to 4 is left out and reported with its cell and a fix, never guessed.

The scores in use are also written back to the About tab (score and reading columns), so
every tab shows the same numbers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sheets_sync.config import WorkshopConfig
from sheets_sync.core.principles import PRINCIPLES
from sheets_sync.model import (
    AddTab,
    CellRange,
    CellValue,
    PrintSetup,
    Protection,
    Style,
    TabSpec,
    WorkbookSnapshot,
    a1,
    is_blank,
)
from sheets_sync.tabs.about import about_layout, score_reading
from sheets_sync.tabs.keys import ABOUT, ASSESSMENT, HEADER_FILL
from sheets_sync.tabs.state import Region, region
from sheets_sync.tabs.templates import Templates

SCORE_COL, NOTES_COL = 2, 3


@dataclass(frozen=True)
class Scores:
    """The scores a command uses, where they came from, and cells that could not be read."""

    values: Mapping[str, int]
    source: str  # "assessment tab" | "config"
    problems: tuple[str, ...] = ()


def header_row(t: Templates) -> int:
    return int(t.assessment.get("scores.header_row")) - 1


def assessment_tab(cfg: WorkshopConfig, t: Templates) -> AddTab:
    """The Assessment tab: codes and wording (tool's), scores and notes (the facilitator's)."""
    hr = header_row(t)
    cells: dict[tuple[int, int], CellValue] = {
        (0, 0): t.assessment.text("text.heading", locality=cfg.locality),
        (1, 0): t.assessment.text("text.instructions"),
    }
    for col, header in enumerate(t.assessment.get("scores.headers")):
        cells[(hr, col)] = str(header)
    for i, p in enumerate(PRINCIPLES, start=hr + 1):
        cells[(i, 0)] = p.code
        cells[(i, 1)] = p.text
        cells[(i, SCORE_COL)] = cfg.scores.get(p.code)
    editable = CellRange(hr + 1, SCORE_COL, hr + len(PRINCIPLES), NOTES_COL)
    spec = TabSpec(
        key=ASSESSMENT,
        title=str(t.assessment.get("tab.title")),
        column_widths=dict(enumerate(t.assessment.get("scores.widths"))),
        frozen_rows=hr + 1,
        protections=(
            Protection(
                None, str(t.assessment.get("protection.description")), exceptions=(editable,)
            ),
        ),
        styles=(
            Style(CellRange(0, 0, 0, 0), bold=True, font_size=14),
            Style(CellRange(hr, 0, hr, NOTES_COL), bold=True, fill=HEADER_FILL, wrap=True),
            Style(CellRange(hr + 1, SCORE_COL, hr + len(PRINCIPLES), SCORE_COL), fill="#FFF2CC"),
            Style(CellRange(1, 0, 1, NOTES_COL), wrap=True),
            Style(CellRange(hr + 1, 1, hr + len(PRINCIPLES), 1), wrap=True),
            Style(CellRange(hr + 1, NOTES_COL, None, NOTES_COL), wrap=True),
        ),
        merges=(CellRange(0, 0, 0, NOTES_COL), CellRange(1, 0, 1, NOTES_COL)),
        print_setup=PrintSetup(landscape=True, title_rows=hr + 1),
        anchors={"scores": hr},
        tab_color=str(t.assessment.get("tab.tab_color")),
    )
    return AddTab(spec, cells)


def _score(value: CellValue) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float) and float(value).is_integer() and 1 <= value <= 4:
        return int(value)
    if isinstance(value, str) and value.strip() in {"1", "2", "3", "4"}:
        return int(value.strip())
    return None


def read_scores(snap: WorkbookSnapshot, cfg: WorkshopConfig, t: Templates) -> Scores:
    """The scores in use: the Assessment tab's when the workbook has one, else the config's.

    Rows are found by the code in column A below the tab's header anchor (rows a person
    inserted above move it with them).
    """
    tab = snap.get(ASSESSMENT)
    if tab is None:
        return Scores(dict(cfg.scores), "config")
    hr = tab.anchor("scores", header_row(t))
    codes = {p.code for p in PRINCIPLES}
    values: dict[str, int] = {}
    problems: list[str] = []
    for r in range(hr + 1, hr + 1 + 3 * len(PRINCIPLES)):
        code = tab.value(r, 0)
        if not isinstance(code, str) or code not in codes:
            continue
        raw = tab.value(r, SCORE_COL)
        if is_blank(raw):
            continue
        score = _score(raw)
        if score is None:
            problems.append(
                f"{tab.title}!{a1(r, SCORE_COL)}: {raw!r} is not a score for {code}; type a "
                "whole number from 1 (some way to go) to 4 (very THRIVE-like), or leave it empty"
            )
            continue
        values[code] = score
    return Scores(values, "assessment tab", tuple(problems))


def about_scores_region(scores: Mapping[str, int], t: Templates) -> Region:
    """The About tab's score and reading columns, kept equal to the scores in use."""
    lay = about_layout(t)
    rows = [[scores.get(p.code), score_reading(scores.get(p.code), t)] for p in PRINCIPLES]
    return region("about/scores", ABOUT, "principles", lay.header_row, 1, 4, rows)
