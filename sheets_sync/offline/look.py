"""What the offline round trip needs to know about a workshop's workbook beyond its values.

The port reads values, never looks (:mod:`sheets_sync.model`), so a mirror rebuilds every
tab's look — widths, frozen headers, dropdowns, protection, colours — from the same templates
``provision`` used (:class:`WorkshopLook`). The merge must also know which cells the tool
computes (online wins there, silently, and the next sync recomputes them) and where the online
copy is and which version of it was read (:class:`Origin`).

Everything here is optional for :mod:`sheets_sync.offline.sync`: without a look, tabs get plain
specs and no cell is owned; without an origin-specific probe, the location identifies the
online copy and no version is recorded.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Protocol

from sheets_sync.config import WorkshopConfig
from sheets_sync.core.principles import BY_CODE
from sheets_sync.merge.row_match import KeyedRows
from sheets_sync.model import Change, SetChart, Tab, TabSpec, WorkbookSnapshot
from sheets_sync.tabs.about import about_tab
from sheets_sync.tabs.consensus import CONSENSUS_LAYOUT, consensus_tab, points_chart
from sheets_sync.tabs.gap import GAP_COLUMNS, GAP_ID_COL, gap_layout, gap_tab
from sheets_sync.tabs.keys import ABOUT, CONSENSUS, STATE, gap_code, gap_key, table_number
from sheets_sync.tabs.state import ToolState, state_tab
from sheets_sync.tabs.table import CHECK, SCORE, STATUS, table_layout, table_tab
from sheets_sync.tabs.templates import Templates

Owned = Callable[[str, int, int], bool]

#: The gap tabs' rows, matched by the hidden row id: header under the ``rows`` anchor (row 4
#: of the shipped template when untagged), the six person columns, the id beside them.
GAP_ROWS = KeyedRows(gap_key(""), "rows", 3, GAP_ID_COL, tuple(range(GAP_COLUMNS)))


class Look(Protocol):
    """Specs and tool-owned cells for the tabs of one kind of workbook."""

    def spec_for(self, key: str) -> TabSpec | None:
        """The template spec of the tab tagged ``key`` (``None``: a plain spec will do)."""

    def owned(self, online: WorkbookSnapshot) -> Owned:
        """``owned(tab_key, row, col)`` in ``online``'s coordinates: cells the tool computes."""

    def extras(self, online: WorkbookSnapshot) -> list[Change]:
        """Changes a fresh mirror needs after its tabs (e.g. the Consensus chart)."""


@dataclass(frozen=True)
class WorkshopLook:
    """The look of a workshop workbook, from its config and templates.

    Owned cells: the whole hidden state tab; on a table tab, the score and check columns of
    the entry rows and the status column; on the Consensus tab, everything from the Suggested
    block down (the Agreed five above it are the facilitator's); a gap tab's banner line. Everything
    else is a person's, so an offline edit there is pushed or reported, never dropped.
    """

    config: WorkshopConfig
    templates: Templates

    def spec_for(self, key: str) -> TabSpec | None:
        t, cfg = self.templates, self.config
        if key == ABOUT:
            return about_tab(cfg, t).spec
        if key == CONSENSUS:
            return consensus_tab(cfg, t).spec
        if key == STATE:
            return state_tab().spec
        n = table_number(key)
        if n is not None and 1 <= n <= len(cfg.tables):
            table = cfg.tables[n - 1]
            return table_tab(cfg, t, n, table.name, table.editors).spec
        code = gap_code(key)
        if code in BY_CODE:
            return gap_tab(t, 1, BY_CODE[code], key, cfg.scores).spec
        return None

    def owned(self, online: WorkbookSnapshot) -> Owned:
        lay = table_layout(self.templates)
        gap_header = gap_layout(self.templates).header_row
        cons = CONSENSUS_LAYOUT
        anchors = {t.key: dict(t.anchors) for t in online if t.key is not None}

        def owned(key: str, row: int, col: int) -> bool:
            where = anchors.get(key, {})
            if key == STATE:
                return True
            if table_number(key) is not None:
                top = where.get("entries", lay.header_row)
                end = where.get("entries_end", top + lay.ranks + 1)
                if col in (SCORE, CHECK):
                    return top < row < end
                return col == STATUS and top < row <= top + lay.status_lines
            if gap_code(key) is not None:
                return col == 0 and row == where.get("rows", gap_header) + 1 - gap_header
            if key == CONSENSUS:
                return row >= where.get("suggested", cons.suggested)
            return False

        return owned

    def extras(self, online: WorkbookSnapshot) -> list[Change]:
        if online.get(CONSENSUS) is None or not ToolState(online).get("chart:points"):
            return []
        title = self.templates.consensus.text("text.chart_title")
        return [SetChart(CONSENSUS, points_chart(title))]


def spec_of(tab: Tab, look: Look | None) -> TabSpec:
    """The spec to recreate ``tab`` with: its template's look, its own title and anchors."""
    assert tab.key is not None
    spec = look.spec_for(tab.key) if look is not None else None
    if spec is None:
        return TabSpec(key=tab.key, title=tab.title, anchors=dict(tab.anchors), hidden=tab.hidden)
    return replace(spec, title=tab.title, anchors=dict(tab.anchors), hidden=tab.hidden)
