"""Reading a table's tab and writing back what the tool understood (pure).

:func:`read_entries` turns a table tab into :class:`~sheets_sync.core.validate.EntryRow` objects;
:func:`table_regions` renders a :class:`~sheets_sync.core.validate.TableCheck` into the tool-owned
cells of that tab: the score and check columns beside each entry, and the status area.

The entry block is found by two anchors, its header row (``entries``) and the row below its
last entry (``entries_end``); both follow rows people insert or delete, so a row inserted or
deleted inside the block is read where it is, and the tool's cells are laid beside the rows
as they are now (:func:`entry_rows`). A tab made before ``entries_end`` existed has the
template's number of rows.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from sheets_sync.config import WorkshopConfig
from sheets_sync.core.resolve import resolve_principle
from sheets_sync.core.validate import EntryRow, TableCheck, validate_table
from sheets_sync.model import (
    AddTab,
    CellRange,
    CellValue,
    Dropdown,
    PrintSetup,
    Protection,
    Style,
    Tab,
    TabSpec,
    a1,
    is_blank,
)
from sheets_sync.tabs.about import about_layout, score_reading
from sheets_sync.tabs.keys import (
    ABOUT,
    HEADER_FILL,
    TOOL_FILL,
    table_key,
)
from sheets_sync.tabs.state import Region, region
from sheets_sync.tabs.templates import Templates

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
    widths: dict[int, int] = {5: 2, STATUS: int(t.table.get("status.width"))}
    for name_, col in columns.items():
        entry = t.table.get(f"entries.{name_}")
        cells[(hr, col)] = str(entry.get("header", name_))
        widths[col] = int(entry.get("width", 20))
    for r in range(lay.ranks):
        cells[(lay.first_entry + r, RANK)] = r + 1
    tool_area = CellRange(lay.first_entry, SCORE, lay.last_entry, CHECK)
    status_area = CellRange(hr + 1, STATUS, hr + lay.status_lines, STATUS)
    entry_area = CellRange(lay.first_entry, RANK, lay.last_entry, WHY)
    desk = tuple(cfg.facilitators)
    protections = [
        # The tool's cells: its own account (and the owner) and the facilitators, who are
        # warned first; the entries are cut out of both.
        Protection(
            None,
            str(t.table.get("protection.description")),
            warning_only=False,
            editors=desk,
            exceptions=(entry_area,),
        ),
        Protection(
            None,
            str(t.table.get("protection.warning")),
            exceptions=(entry_area,),
            online_only=True,
        ),
    ]
    if editors:
        protections.append(
            Protection(
                entry_area,
                t.table.text("protection.entries", table=name),
                warning_only=False,
                editors=tuple(editors) + desk,
                online_only=True,
            )
        )
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
        protections=tuple(protections),
        styles=(
            Style(CellRange(0, 0, 0, 0), bold=True, font_size=14),
            Style(CellRange(hr, RANK, hr, STATUS), bold=True, fill=HEADER_FILL, wrap=True),
            Style(tool_area, fill=TOOL_FILL, wrap=True, italic=True),
            Style(status_area, fill=TOOL_FILL, wrap=True),
            Style(entry_area, wrap=True),
            Style(CellRange(1, 0, 1, STATUS), wrap=True),
        ),
        merges=(CellRange(0, 0, 0, STATUS), CellRange(1, 0, 1, STATUS)),
        print_setup=PrintSetup(landscape=True, title_rows=hr + 1),
        anchors={"entries": hr, "entries_end": lay.last_entry + 1},
        tab_color=str(t.table.get("tab.tab_color")),
        rewritten=True,
    )
    return AddTab(spec, cells)


def check_table(name: str, tab: Tab, t: Templates, minimum: int) -> TableCheck:
    """Check one table: read ``tab``'s entries and validate them as table ``name``."""
    return validate_table(name, read_entries(tab, table_layout(t)), minimum)


def table_checker(cfg: WorkshopConfig, t: Templates) -> Callable[[str, Tab], TableCheck]:
    """``check(key, tab)`` for any table tab: named as the config names it (else its title)."""
    names = {table_key(n): table.name for n, table in enumerate(cfg.tables, start=1)}

    def check(key: str, tab: Tab) -> TableCheck:
        return check_table(names.get(key, tab.title), tab, t, cfg.minimum)

    return check


def entry_top(tab: Tab, lay: TableLayout) -> int:
    """The current header row of the entry area (it moves if rows are inserted above)."""
    return tab.anchor("entries", lay.header_row)


def entry_rows(tab: Tab, lay: TableLayout) -> range:
    """The rows of the entry block as they are now (0-based), between its two anchors."""
    top = entry_top(tab, lay)
    end = tab.anchors.get("entries_end")
    if end is None or end <= top:
        end = top + lay.ranks + 1
    return range(top + 1, end)


def read_entries(tab: Tab, lay: TableLayout) -> list[EntryRow]:
    """Every row of the entry block, as typed (blank rows included; validation skips them)."""
    rows = []
    for r in entry_rows(tab, lay):
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
    summary = check.summary()
    out = [summary[:1].upper() + summary[1:], f"Last changed by a sync: {when}"]
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
    """The tool-owned cells of one table tab, for :func:`~sheets_sync.tabs.state.plan_regions`."""
    side: list[list[CellValue]] = []
    for r in entry_rows(tab, lay):
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
