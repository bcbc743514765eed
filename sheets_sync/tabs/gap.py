"""Planning the gap-analysis tabs from the agreed five (pure).

One tab per agreed principle, keyed ``gap:<CODE>``. Re-running changes nothing. When the
agreed five change, new tabs are added and tabs of principles that left the five are marked
superseded (a banner and a grey tab), never deleted or emptied; a principle that comes back
gets its tab back as current.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sheets_sync.core.principles import BY_CODE
from sheets_sync.model import Change, Tab, UpdateTab, WorkbookSnapshot, is_blank
from sheets_sync.tabs.keys import GAP_COLUMNS, gap_key, gap_layout, gap_tab, gap_title
from sheets_sync.tabs.state import Region, ToolState, region
from sheets_sync.tabs.templates import Templates


@dataclass(frozen=True)
class GapTabInfo:
    """What happened to one gap tab, and how much of it people have filled."""

    code: str
    title: str
    priority: int | None
    status: str  # created | kept | superseded | restored | recreated
    rows_filled: int


def rows_filled(tab: Tab, t: Templates) -> int:
    """Rows below the header where a person wrote in any of the five columns after the ideal."""
    top = tab.anchor("rows", gap_layout(t).header_row)
    rows = {
        r for (r, c), v in tab.cells.items() if r > top and 1 <= c < GAP_COLUMNS and not is_blank(v)
    }
    return len(rows)


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
        record = state.get(f"gap:{code}") or {}
        if tab is None:
            title = gap_title(t, n, BY_CODE[code], titles)
            titles.add(title)
            changes.append(gap_tab(t, n, BY_CODE[code], title, scores))
            state.set(f"region:{key}/banner", {"values": [[note]]})
            state.set(f"gap:{code}", {"n": n, "status": "current"})
            info.append(GapTabInfo(code, title, n, "recreated" if record else "created", 0))
            continue
        if record.get("status") == "superseded":
            banners.append(_banner(key, t, note))
            changes.append(UpdateTab(key, tab_color=str(t.gap.get("tab.tab_color"))))
            state.set(f"gap:{code}", {"n": record.get("n", n), "status": "current"})
            info.append(GapTabInfo(code, tab.title, n, "restored", rows_filled(tab, t)))
        else:
            info.append(GapTabInfo(code, tab.title, n, "kept", rows_filled(tab, t)))
    for tab in snapshot:
        if tab.key is None or not tab.key.startswith("gap:"):
            continue
        code = tab.key.removeprefix("gap:")
        if code in agreed:
            continue
        record = state.get(f"gap:{code}") or {}
        if record.get("status") != "superseded":
            banners.append(_banner(tab.key, t, t.gap.text("text.superseded", date=today)))
            changes.append(UpdateTab(tab.key, tab_color=str(t.gap.get("tab.superseded_color"))))
            state.set(f"gap:{code}", {"n": record.get("n"), "status": "superseded"})
        info.append(GapTabInfo(code, tab.title, None, "superseded", rows_filled(tab, t)))
    return changes, banners, info
