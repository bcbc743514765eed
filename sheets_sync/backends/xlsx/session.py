"""One loaded workbook and the changes made to it before it is saved (or thrown away).

:class:`Session` finds the tabs by their tags, applies :data:`~sheets_sync.model.Change`
objects in memory, and in :meth:`Session.finish` does what must wait for the last change:
dropdowns are pointed at their source tab's *final* title, the rows written are sized to their
text and rows people typed more into are raised to hold it
(:mod:`~sheets_sync.backends.xlsx.fit`; not on the tool's own very hidden tabs, which nobody
sees), charts are re-drawn, the workbook
is set to recalculate on opening and a visible tab is made the active one. Any error leaves
the file untouched because nothing is saved until every change has succeeded.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from openpyxl.cell.cell import Cell
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from sheets_sync.backends.xlsx.cells import load as load_value
from sheets_sync.backends.xlsx.cells import store
from sheets_sync.backends.xlsx.charts import (
    META_TITLE,
    chart_notes,
    draw_all,
    forget_drawn,
    keep_chart,
)
from sheets_sync.backends.xlsx.fit import fit_sheet
from sheets_sync.backends.xlsx.layout import add_dropdown, argb, lay_out
from sheets_sync.backends.xlsx.names import (
    check_title,
    parse_tag,
    rename_references,
    split_ref,
    tag_anchor,
    tag_tab,
)
from sheets_sync.errors import MissingTab, WorkbookError
from sheets_sync.model import (
    AddTab,
    Cells,
    Change,
    Dropdown,
    SetChart,
    Tab,
    UpdateTab,
    WorkbookSnapshot,
    WriteRange,
)


class Session:
    """Changes to ``wb`` in memory; ``lost`` collects what a save of it cannot keep."""

    def __init__(self, wb: Workbook, lost: list[str]) -> None:
        self.wb = wb
        self.lost = lost
        self.tabs: dict[str, Worksheet] = {}
        self.anchors: dict[str, dict[str, int]] = {}
        self._dropdowns: list[tuple[Worksheet, Dropdown]] = []
        #: The rows written to each sheet (by ``id``), which are sized exactly before a save.
        self._rows: dict[int, set[int]] = {}
        self._find_tags()

    # ------------------------------------------------------------------ tags

    def _sheet(self, title: str) -> Worksheet | None:
        folded = title.casefold()
        for ws in self.wb.worksheets:
            if ws.title.casefold() == folded:
                return ws
        return None

    def _find_tags(self) -> None:
        anchors: list[tuple[str, str, str, int]] = []
        for name, dn in sorted(self.wb.defined_names.items()):
            tagged = parse_tag(name)
            ref = split_ref(dn.attr_text) if isinstance(dn.attr_text, str) else None
            if tagged is None or ref is None:
                continue
            key, anchor = tagged
            title, row = ref
            if anchor is not None:
                anchors.append((key, anchor, title, row))
                continue
            ws = self._sheet(title)
            if ws is not None and ws.title != META_TITLE and ws not in self.tabs.values():
                self.tabs.setdefault(key, ws)
        for key, anchor, title, row in anchors:
            ws = self.tabs.get(key)
            if ws is not None and ws.title.casefold() == title.casefold():
                self.anchors.setdefault(key, {})[anchor] = row

    def tab(self, key: str) -> Worksheet:
        """The sheet tagged ``key``; ``MissingTab`` if there is none."""
        ws = self.tabs.get(key)
        if ws is None:
            raise MissingTab(
                f"the workbook has no tab tagged {key!r} (it was deleted, or made again by "
                "hand); undo the deletion or restore a backup, then run the command again"
            )
        return ws

    # ------------------------------------------------------------------ changes

    def apply_all(self, changes: Sequence[Change]) -> None:
        """Apply each change in order."""
        for change in changes:
            if isinstance(change, AddTab):
                self.add_tab(change)
            elif isinstance(change, WriteRange):
                self.write_range(change)
            elif isinstance(change, UpdateTab):
                self.update_tab(change)
            elif isinstance(change, SetChart):
                self.set_chart(change)
            else:
                raise TypeError(f"not a change: {change!r}")

    def add_tab(self, change: AddTab) -> None:
        """A new sheet before ``change.before`` (else after the last one), laid out, filled
        and tagged."""
        spec = change.spec
        if not spec.key:
            raise WorkbookError(f"tab {spec.title!r} needs a key")
        if spec.key in self.tabs:
            raise WorkbookError(
                f"there is already a tab tagged {spec.key!r} (titled {self.tabs[spec.key].title!r})"
            )
        check_title(spec.title, self.wb.sheetnames)
        index = (
            self.wb.sheetnames.index(META_TITLE)
            if META_TITLE in self.wb.sheetnames
            else len(self.wb.sheetnames)
        )
        if change.before is not None and change.before in self.tabs:
            index = self.wb.sheetnames.index(self.tabs[change.before].title)
        ws = self.wb.create_sheet(spec.title, index)
        for (row, col), value in change.cells.items():
            _check_coordinates(spec.title, row, col)
            store(ws, row, col, value)
        lay_out(ws, spec)
        self._written(ws, {row + 1 for row, _ in change.cells})
        tag_tab(self.wb, spec.key, spec.title)
        for anchor, row in spec.anchors.items():
            _check_coordinates(spec.title, row, 0)
            tag_anchor(self.wb, spec.key, anchor, spec.title, row)
        self.tabs[spec.key] = ws
        self.anchors[spec.key] = dict(spec.anchors)
        self._dropdowns.extend((ws, d) for d in spec.dropdowns)

    def write_range(self, change: WriteRange) -> None:
        """Values into a rectangle; ``None`` clears a cell."""
        ws = self.tab(change.tab_key)
        _check_coordinates(ws.title, change.row, change.col)
        for i, values in enumerate(change.values):
            for j, value in enumerate(values):
                store(ws, change.row + i, change.col + j, value)
        self._written(ws, range(change.row + 1, change.row + len(change.values) + 1))

    def _written(self, ws: Worksheet, rows: Iterable[int]) -> None:
        self._rows.setdefault(id(ws), set()).update(rows)

    def update_tab(self, change: UpdateTab) -> None:
        """Retitle (rewriting references to the tab, as Excel does) and recolour."""
        ws = self.tab(change.tab_key)
        if change.title is not None and change.title != ws.title:
            check_title(change.title, [t for t in self.wb.sheetnames if t != ws.title])
            old = ws.title
            rename_references(self.wb, old, change.title)
            if change.title.casefold() == old.casefold():
                ws.title = "_sheets_sync_renaming"  # openpyxl would make "ABOUT" "ABOUT1"
            ws.title = change.title
        if change.tab_color is not None:
            ws.sheet_properties.tabColor = argb(change.tab_color, f"tab {ws.title!r}")

    def set_chart(self, change: SetChart) -> None:
        """Keep the chart's spec; it is drawn in :meth:`finish`."""
        ws = self.tab(change.tab_key)
        previous = keep_chart(self.wb, change.tab_key, change.chart)
        if previous is not None:
            forget_drawn(ws, previous.title)

    # ------------------------------------------------------------------ before saving

    def finish(self) -> None:
        """Resolve dropdowns, draw charts and settle the workbook-wide settings."""
        for ws, dropdown in self._dropdowns:
            source = self.tabs.get(dropdown.source_tab)
            if source is None:
                raise MissingTab(
                    f"tab {ws.title!r}: the dropdown in {dropdown.where.a1()} lists values "
                    f"from the tab tagged {dropdown.source_tab!r}, which does not exist"
                )
            add_dropdown(ws, dropdown, source.title)
        self._dropdowns.clear()
        for ws in self.wb.worksheets:
            if not ws.title.startswith(META_TITLE):
                fit_sheet(ws, self._rows.get(id(ws), ()))
        self._rows.clear()
        self.lost.extend(draw_all(self.wb, self.tabs))
        self.wb.calculation.fullCalcOnLoad = True
        self.wb.properties.lastModifiedBy = "sheets_sync"
        for ws in self.wb.worksheets:
            if ws.title.startswith(META_TITLE):
                ws.sheet_state = "veryHidden"
        visible = [ws for ws in self.wb.worksheets if ws.sheet_state == "visible"]
        if not visible:
            raise WorkbookError("a workbook needs at least one tab that is not hidden")
        active = self.wb.active
        if active is None or active.sheet_state != "visible":
            self.wb.active = self.wb.worksheets.index(visible[0])
            for ws in self.wb.worksheets:
                ws.sheet_view.tabSelected = ws is visible[0]

    def unkeepable(self) -> list[str]:
        """What a save after :meth:`finish` would not keep, without changing the workbook."""
        return [*self.lost, *chart_notes(self.wb, self.tabs)]

    # ------------------------------------------------------------------ reading

    def snapshot(self, revision: str | None) -> WorkbookSnapshot:
        """The workbook as the port sees it (the records tab left out)."""
        keys = {id(ws): key for key, ws in self.tabs.items()}
        tabs: list[Tab] = []
        for ws in self.wb.worksheets:
            if ws.title == META_TITLE:
                continue
            key = keys.get(id(ws))
            cells: Cells = {}
            for (row, col), cell in ws._cells.items():
                value = load_value(cell) if isinstance(cell, Cell) else None
                if value is not None:
                    cells[(row - 1, col - 1)] = value
            tabs.append(
                Tab(
                    key=key,
                    title=ws.title,
                    cells=cells,
                    anchors=dict(self.anchors.get(key, {})) if key else {},
                    hidden=ws.sheet_state != "visible",
                )
            )
        return WorkbookSnapshot(tabs=tabs, revision=revision)


def _check_coordinates(title: str, row: int, col: int) -> None:
    if row < 0 or col < 0 or row >= 1_048_576 or col >= 16_384:
        raise WorkbookError(f"tab {title!r}: ({row}, {col}) is outside the sheet")
