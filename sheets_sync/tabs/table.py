"""Reading a table's tab and writing back what the tool understood (pure).

:func:`read_entries` turns a table tab into :class:`~sheets_sync.validate.EntryRow` objects;
:func:`table_regions` renders a :class:`~sheets_sync.validate.TableCheck` into the tool-owned
cells of that tab: the score and check columns beside each entry, and the status area.
"""

from __future__ import annotations

from collections.abc import Mapping

from sheets_sync.core.resolve import resolve_principle
from sheets_sync.core.validate import EntryRow, TableCheck
from sheets_sync.model import CellValue, Tab, a1, is_blank
from sheets_sync.tabs.keys import PRINCIPLE, RANK, SCORE, STATUS, WHY, TableLayout, score_reading
from sheets_sync.tabs.state import Region, region
from sheets_sync.tabs.templates import Templates


def entry_top(tab: Tab, lay: TableLayout) -> int:
    """The current header row of the entry area (it moves if rows are inserted above)."""
    return tab.anchor("entries", lay.header_row)


def read_entries(tab: Tab, lay: TableLayout) -> list[EntryRow]:
    """Every rank row of the tab, as typed (blank rows included; validation skips them)."""
    top = entry_top(tab, lay)
    rows = []
    for i in range(1, lay.ranks + 1):
        r = top + i
        rows.append(
            EntryRow(
                row=r,
                rank=tab.value(r, RANK),
                principle=tab.value(r, PRINCIPLE),
                why=tab.value(r, WHY),
                rank_cell=a1(r, RANK),
                principle_cell=a1(r, PRINCIPLE),
            )
        )
    return rows


def status_lines(check: TableCheck, lines: int, when: str) -> list[str]:
    """The status area's text: state, time, the ranking understood, then each finding."""
    out = [f"{check.state.upper()}: {check.summary()}", f"Last changed by a sync: {when}"]
    if check.ranking:
        out.append("Understood: " + ", ".join(f"{i}. {c}" for i, c in enumerate(check.ranking, 1)))
    findings = [f for f in check.findings if f.is_error] + [
        f for f in check.findings if not f.is_error
    ]
    room = lines - len(out)
    for f in findings[:room]:
        out.append(("✗ " if f.is_error else "✓ ") + f.line())
    if len(findings) > room > 0:
        out[-1] = f"… and {len(findings) - room + 1} more: fix the ✗ rows in column E first"
    return out[:lines]


def table_regions(
    key: str,
    tab: Tab,
    check: TableCheck,
    lay: TableLayout,
    t: Templates,
    scores: Mapping[str, int],
    when: str,
) -> list[Region]:
    """The tool-owned cells of one table tab, ready for :func:`~sheets_sync.owned.plan_regions`."""
    top = entry_top(tab, lay)
    side: list[list[CellValue]] = []
    for i in range(1, lay.ranks + 1):
        r = top + i
        typed = tab.value(r, PRINCIPLE)
        score_text = ""
        if not is_blank(typed):
            res = resolve_principle(typed)
            if res.principle is not None:
                s = scores.get(res.principle.code)
                score_text = f"{s} ({score_reading(s, t).lower()})" if s is not None else ""
        side.append([score_text or None, check.row_notes.get(r) or None])
    status = status_lines(check, lay.status_lines, when)
    status += [""] * (lay.status_lines - len(status))
    return [
        region(f"{key}/check", key, "entries", lay.header_row, 1, SCORE, side),
        region(
            f"{key}/status",
            key,
            "entries",
            lay.header_row,
            1,
            STATUS,
            [[s or None] for s in status],
        ),
    ]
