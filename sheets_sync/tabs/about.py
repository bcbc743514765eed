"""The About tab: the workshop, the instructions and the 17 principles with their scores (pure)."""

from __future__ import annotations

from dataclasses import dataclass

from sheets_sync.config import WorkshopConfig
from sheets_sync.core.principles import LEVEL_NAMES, PRINCIPLES
from sheets_sync.model import (
    AddTab,
    CellRange,
    CellValue,
    PrintSetup,
    Protection,
    Style,
    TabSpec,
)
from sheets_sync.tabs.keys import (
    ABOUT,
    HEADER_FILL,
)
from sheets_sync.tabs.templates import Templates

THRIVE_LIKE = 3  # an assessment score from 3 up reads as "THRIVE-like"


def score_reading(score: int | None, t: Templates) -> str:
    """``Room to improve`` below 3, ``THRIVE-like`` from 3, ``Not scored`` without a score."""
    if score is None:
        return str(t.about.get("principles.not_scored"))
    key = "principles.thrive_like" if score >= THRIVE_LIKE else "principles.room_to_improve"
    return str(t.about.get(key))


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
    instructions = [str(line).format(**fill) for line in t.about.get("text.instructions")]
    for i, line in enumerate(instructions):
        cells[(3 + i, 0)] = line
    hr = lay.header_row
    last = len(t.about.get("principles.headers")) - 1
    text_rows = [0, 1, *(3 + i for i in range(len(instructions)))]
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
            Style(CellRange(hr + 1, 0, hr + len(PRINCIPLES), last), wrap=True),
            *(Style(CellRange(r, 0, r, last), wrap=True) for r in text_rows[1:]),
        ),
        merges=tuple(CellRange(r, 0, r, last) for r in text_rows),
        print_setup=PrintSetup(landscape=True, title_rows=hr + 1),
        protections=(Protection(None, str(t.about.get("protection.description"))),),
        anchors={"principles": hr},
        tab_color=str(t.about.get("tab.tab_color")),
        rewritten=True,
    )
    return AddTab(spec, cells)
