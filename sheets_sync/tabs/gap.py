"""Planning the gap-analysis tabs from the agreed five (pure).

One tab per agreed principle, keyed ``gap:<CODE>``. Re-running changes nothing. When the
agreed five change, new tabs are added and tabs of principles that left the five are marked
superseded (a banner and a grey tab), never deleted or emptied; a principle that comes back
gets its tab back as current.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sheets_sync.core.principles import BY_CODE, Principle
from sheets_sync.model import (
    AddTab,
    CellRange,
    CellValue,
    Change,
    PrintSetup,
    Protection,
    Style,
    Tab,
    TabSpec,
    UpdateTab,
    WorkbookSnapshot,
    is_blank,
)
from sheets_sync.tabs.about import score_reading
from sheets_sync.tabs.keys import HEADER_FILL, TOOL_FILL, gap_code, gap_key
from sheets_sync.tabs.state import Region, ToolState, region
from sheets_sync.tabs.templates import Templates

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
            Style(CellRange(0, 0, 0, GAP_COLUMNS - 1), bold=True, font_size=14, wrap=True),
            Style(CellRange(1, 0, 2, GAP_COLUMNS - 1), wrap=True),
            Style(
                CellRange(hr, 0, hr, GAP_ID_COL),
                bold=True,
                font_size=13,
                fill=HEADER_FILL,
                wrap=True,
            ),
            Style(CellRange(lay.first_row, 0, None, GAP_COLUMNS - 1), wrap=True),
            Style(
                CellRange(lay.first_row, GAP_ID_COL, lay.first_row + lay.rows - 1, GAP_ID_COL),
                fill=TOOL_FILL,
                italic=True,
                font_color="#7F7F7F",
            ),
        ),
        anchors={"rows": hr},
        tab_color=str(t.gap.get("tab.tab_color")),
        hidden_cols=(GAP_ID_COL,),
        merges=tuple(CellRange(r, 0, r, GAP_COLUMNS - 1) for r in range(3)),
        print_setup=PrintSetup(landscape=True, title_rows=hr + 1),
    )
    return AddTab(spec, cells)


@dataclass(frozen=True)
class GapTabInfo:
    """What happened to one gap tab, and how much of it people have filled."""

    code: str
    title: str
    priority: int | None
    status: str  # created | kept | superseded | restored | recreated
    rows_filled: int


def filled_rows(tab: Tab, t: Templates) -> list[int]:
    """Rows below the header (found by its anchor) where a person wrote in any of the five
    columns after the ideal, top to bottom."""
    top = tab.anchor("rows", gap_layout(t).header_row)
    return sorted(
        {
            r
            for (r, c), v in tab.cells.items()
            if r > top and 1 <= c < GAP_COLUMNS and not is_blank(v)
        }
    )


def rows_filled(tab: Tab, t: Templates) -> int:
    """How many rows of ``tab`` a person filled (see :func:`filled_rows`)."""
    return len(filled_rows(tab, t))


@dataclass(frozen=True)
class GapRecord:
    """A gap tab found in a workbook, with what the tool recorded of it."""

    tab: Tab
    code: str
    priority: int | None  # its place in the agreed five when made; None if never recorded
    status: str  # current | superseded


def gap_records(snapshot: WorkbookSnapshot) -> list[GapRecord]:
    """Every gap tab of ``snapshot`` in workbook order, with its recorded priority and status
    (``None`` and ``"current"`` where the tool has no record)."""
    state = ToolState(snapshot)
    out = []
    for tab in snapshot:
        code = gap_code(tab.key)
        if code is None:
            continue
        record = state.get(gap_key(code)) or {}
        n = record.get("n")
        out.append(
            GapRecord(
                tab, code, n if isinstance(n, int) else None, str(record.get("status", "current"))
            )
        )
    return out


def _banner(key: str, t: Templates, text: str) -> Region:
    hr = gap_layout(t).header_row
    return region(f"{key}/banner", key, "rows", hr, 1 - hr, 0, [[text]])


def plan_gaps(
    snapshot: WorkbookSnapshot,
    agreed: Sequence[str],
    t: Templates,
    state: ToolState,
    scores: Mapping[str, int],
    today: str,
) -> tuple[list[Change], list[Region], list[GapTabInfo]]:
    """Tabs to add, banners to write (as owned regions) and a report line per gap tab."""
    changes: list[Change] = []
    banners: list[Region] = []
    info: list[GapTabInfo] = []
    titles = {tab.title for tab in snapshot}
    note = t.gap.text("text.note")
    for n, code in enumerate(agreed, start=1):
        key = gap_key(code)
        tab = snapshot.get(key)
        record = state.get(key) or {}
        if tab is None:
            title = gap_title(t, n, BY_CODE[code], titles)
            titles.add(title)
            changes.append(gap_tab(t, n, BY_CODE[code], title, scores))
            state.set(f"region:{key}/banner", {"values": [[note]]})
            state.set(key, {"n": n, "status": "current"})
            info.append(GapTabInfo(code, title, n, "recreated" if record else "created", 0))
            continue
        if record.get("status") == "superseded":
            banners.append(_banner(key, t, note))
            changes.append(UpdateTab(key, tab_color=str(t.gap.get("tab.tab_color"))))
            state.set(key, {"n": record.get("n", n), "status": "current"})
            info.append(GapTabInfo(code, tab.title, n, "restored", rows_filled(tab, t)))
        else:
            info.append(GapTabInfo(code, tab.title, n, "kept", rows_filled(tab, t)))
    for tab in snapshot:
        left = gap_code(tab.key)
        if left is None or tab.key is None or left in agreed:
            continue
        record = state.get(tab.key) or {}
        if record.get("status") != "superseded":
            banners.append(_banner(tab.key, t, t.gap.text("text.superseded", date=today)))
            changes.append(UpdateTab(tab.key, tab_color=str(t.gap.get("tab.superseded_color"))))
            state.set(tab.key, {"n": record.get("n"), "status": "superseded"})
        info.append(GapTabInfo(left, tab.title, None, "superseded", rows_filled(tab, t)))
    return changes, banners, info
