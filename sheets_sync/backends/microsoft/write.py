"""Turning the port's changes into the sub-requests of one sequential Graph ``$batch``.

What Graph v1.0 can and cannot do decides the shape:

* **Values.** All the cells a change list writes on one tab become one ``PATCH range`` (their
  bounding rectangle, ``null`` for every cell left as it is, ``""`` for a cleared one). Excel
  parses ``values`` as a person's typing, so every ``str`` is sent behind an apostrophe, Excel's
  quote prefix: it is stored as that exact text, never a formula, number, date or boolean, and
  the cell's format is left alone. Only a :class:`~sheets_sync.backend.Formula` is sent bare.
* **Protection is per sheet**, and it stops the API as it stops people: a write to a protected
  tab is wrapped in ``unprotect`` / ``protect``. A new tab's protected ranges become locked
  cells (everything else unlocked) and sheet protection, as in the xlsx adapter; an
  open-ended range stops at row :data:`OPEN_ROWS` and column :data:`OPEN_COLS`, as Graph
  refuses formatting millions of cells at once.
* **A tab the upload has a spare of** is that spare renamed, shown, filled in and protected,
  three sub-requests, plus one claims record per batch (:mod:`.spares`); others are built as
  below.
* **Keys and anchors** are the xlsx adapter's defined names (``names/add``); a stale one left by
  a deleted tab is deleted first.
* **Row heights** stay the upload's, but a batch writing a tab whose key is in ``autofit``
  (wrapped text people read) ends with one ``autofitRows`` over the rows written.
* **Not in Graph v1.0**: data validation (dropdowns), frozen panes and tab colours. The uploaded
  workbook has them (``create`` builds it with the xlsx adapter); a tab added or recoloured
  later goes without, and :class:`Plan` ``lost`` says so in one line each.

Every sub-request that creates something names the error codes that mean it already exists, so
a batch whose answer was lost can be sent again without making anything twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from sheets_sync.backends.xlsx.names import (
    MAX_ROWS,
    anchor_name,
    check_title,
    row_ref,
    tab_name,
)
from sheets_sync.errors import MissingTab, WorkbookError
from sheets_sync.model import (
    AddTab,
    CellRange,
    CellValue,
    Change,
    SetChart,
    TabSpec,
    UpdateTab,
    WriteRange,
    a1,
    col_letter,
)

from .cells import value_subs
from .charts import ChartDraw, chart_subs
from .http import EXISTS, Sub
from .read import PROTECTED, Layout, Sheet, workbook_path
from .spares import is_spare, record_subs, spare_for

#: How far a format or lock on an open-ended range reaches on a tab added through Graph:
#: Graph refuses ranges of millions of cells (``rangeExceedsLimit``), and an uploaded tab,
#: whose format is per column, is not limited.
OPEN_ROWS = 5_000
OPEN_COLS = 52
PROTECT_OPTIONS = {
    "allowFormatColumns": True,
    "allowFormatRows": True,
    "allowInsertRows": True,
    "allowDeleteRows": True,
}
PROTECT_BODY = {"options": PROTECT_OPTIONS}


@dataclass
class Plan:
    """The sub-requests for a change list, and what Graph cannot keep."""

    subs: list[Sub] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)
    #: Titles of the tabs this plan adds, in order (their ids come back in the answers).
    added: list[str] = field(default_factory=list)
    #: Index in ``subs`` of each added tab's ``worksheets/add``.
    add_index: list[int] = field(default_factory=list)
    #: Each chart slot (``tab key/chart key``) drawn: its ``charts/add`` and its parts.
    charts: dict[str, ChartDraw] = field(default_factory=dict)


def chart_slot(tab_key: str, chart_key: str) -> str:
    return f"{tab_key}/{chart_key}"


def address(where: CellRange) -> str:
    """A1 address of a rectangle; an open side runs to :data:`OPEN_ROWS` / :data:`OPEN_COLS`."""
    last_row = max(OPEN_ROWS, where.first_row) - 1 if where.last_row is None else where.last_row
    last_col = max(OPEN_COLS, where.first_col + 1) - 1 if where.last_col is None else where.last_col
    return f"{a1(where.first_row, where.first_col)}:{a1(last_row, last_col)}"


class Planner:
    """Plans one change list against a layout, which it updates as the changes would."""

    def __init__(
        self,
        layout: Layout,
        drive_id: str,
        item_id: str,
        charts: dict[str, str] | None = None,
        filled: dict[str, set[tuple[int, int]]] | None = None,
        autofit: frozenset[str] = frozenset(),
    ) -> None:
        self.layout = layout
        self.autofit = autofit
        self.charts = dict(charts or {})
        self.filled = filled or {}
        self.wb = workbook_path(drive_id, item_id)
        self.plan = Plan()
        self._cells: dict[int, dict[tuple[int, int], CellValue]] = {}
        self._write_at: dict[int, int] = {}
        self._write_ref: dict[int, str] = {}
        self._new: set[int] = set()
        self._claims: list[tuple[str, str]] = []

    def ref(self, sheet: Sheet) -> str:
        """The sheet's URL: by id once known, else by its (current) name."""
        segment = sheet.id if sheet.id else sheet.title
        return f"{self.wb}/worksheets/{quote(segment, safe='')}"

    def sheet(self, key: str) -> Sheet:
        sheet = self.layout.by_key(key)
        if sheet is None:
            raise MissingTab(
                f"no tab is tagged {key!r} in the workbook: it was deleted, or its tag was; "
                "run `sheets-sync provision` to add it back"
            )
        return sheet

    def add(self, *changes: Change) -> Plan:
        for change in changes:
            if isinstance(change, AddTab):
                self._add_tab(change)
            elif isinstance(change, WriteRange):
                self._write(self.sheet(change.tab_key), change.row, change.col, change.values)
            elif isinstance(change, UpdateTab):
                self._update(change)
            elif isinstance(change, SetChart):
                self._chart(change)
        return self._finish()

    # ------------------------------------------------------------------ changes

    def _queue(self, subs: Sequence[Sub]) -> None:
        self.plan.subs.extend(subs)

    def _add_tab(self, change: AddTab) -> None:
        spec = change.spec
        titles = [s.title for s in self.layout.sheets]
        check_title(spec.title, titles)
        if self.layout.by_key(spec.key) is not None:
            raise WorkbookError(f"there is already a tab tagged {spec.key!r}; use another key")
        spare = spare_for(spec, titles)
        if spare is not None:
            self._claim(change, self.layout.sheets[titles.index(spare)])
            return
        sheet = Sheet(id="", title=spec.title, position=len(self.layout.sheets), key=spec.key)
        ahead = self.layout.by_key(change.before) if change.before else None
        self.plan.add_index.append(len(self.plan.subs))
        self.plan.added.append(spec.title)
        self._new.add(id(sheet))
        self._queue(
            [Sub("POST", f"{self.wb}/worksheets/add", {"name": spec.title}, done_if=EXISTS)]
        )
        if ahead is None:
            self.layout.sheets.append(sheet)
        else:
            at = self.layout.sheets.index(ahead)
            self.layout.sheets.insert(at, sheet)
            self._queue([Sub("PATCH", self.ref(sheet), {"position": at})])
        for n, placed in enumerate(self.layout.sheets):
            placed.position = n
        self._tag_and_fill(sheet, change)
        self._look(sheet, spec)
        self._protect(sheet, spec)

    def _claim(self, change: AddTab, sheet: Sheet) -> None:
        """Make the spare ``sheet`` the tab ``change`` adds (see :mod:`.spares`): renamed,
        shown and placed, filled in and protected; a spare the upload tagged gets its new key
        in this batch's claims record, an untagged one (older uploads) its tags."""
        spec = change.spec
        self.layout.sheets.remove(sheet)
        ahead = self.layout.by_key(change.before) if change.before else None
        spares = [i for i, s in enumerate(self.layout.sheets) if is_spare(s.title)]
        at = self.layout.sheets.index(ahead) if ahead else (spares or [len(self.layout.sheets)])[0]
        self.layout.sheets.insert(at, sheet)
        for n, placed in enumerate(self.layout.sheets):
            placed.position = n
        visibility = "Hidden" if spec.hidden else "Visible"
        body = {"name": spec.title, "visibility": visibility, "position": at}
        self._queue([Sub("PATCH", self.ref(sheet), body)])
        spare_key, sheet.title, sheet.visibility = sheet.key, spec.title, visibility
        self._new.add(id(sheet))
        if spare_key is None:
            sheet.key = spec.key
            self._tag_and_fill(sheet, change)
        else:
            sheet.tag, sheet.key = spare_key, spec.key
            self._claims.append((spare_key, spec.key))
            self._fill(sheet, change)
        if spec.protections:
            self._queue([Sub("POST", f"{self.ref(sheet)}/protection/protect", PROTECT_BODY)])
            sheet.protected = True

    def _tag_and_fill(self, sheet: Sheet, change: AddTab) -> None:
        """The new tab's key and anchor tags; its values go in where this is called."""
        spec = change.spec
        comment = PROTECTED if spec.protections else "sheets_sync tab"
        self._name(tab_name(spec.key), row_ref(spec.title, 0, MAX_ROWS - 1), comment)
        for anchor, row in spec.anchors.items():
            self._name(anchor_name(spec.key, anchor), row_ref(spec.title, row))
        self._fill(sheet, change)

    def _fill(self, sheet: Sheet, change: AddTab) -> None:
        """The new tab's values go in here (see :meth:`_finish`)."""
        cells = self._cells.setdefault(id(sheet), {})
        cells.update(change.cells)
        self._write_at[id(sheet)] = len(self.plan.subs)
        self._write_ref[id(sheet)] = self.ref(sheet)

    def _chart(self, change: SetChart) -> None:
        sheet = self.sheet(change.tab_key)
        slot = chart_slot(change.tab_key, change.chart.key)
        ref = self._write_ref.get(id(sheet), self.ref(sheet))
        subs, lost = chart_subs(ref, change.chart, self.charts.get(slot))
        protected = sheet.protected and id(sheet) not in self._new
        self.plan.charts[slot] = ChartDraw(ref, change.chart, subs[-1], protected)
        self._queue(self._unlocked(sheet, subs))
        if lost is not None:
            self.plan.lost.append(f"{sheet.title}: {lost}")

    def _name(self, name: str, ref: str, comment: str = "sheets_sync anchor") -> None:
        """Add the tag ``name``; if an older tag holds that name (Graph v1.0 cannot delete
        one), the next free generation ``name_<n>`` instead (see :mod:`.read`)."""
        taken = {n.lower() for n in self.layout.names}
        chosen, n = name, 1
        while chosen.lower() in taken:
            n += 1
            chosen = f"{name}_{n}"
        self.layout.names[chosen] = ref
        if comment == PROTECTED:
            self.layout.protected_names.add(chosen)
        body = {"name": chosen, "reference": "=" + ref, "comment": comment}
        self._queue([Sub("POST", f"{self.wb}/names/add", body, done_if=EXISTS)])

    def _look(self, sheet: Sheet, spec: TabSpec) -> None:
        ref = self.ref(sheet)
        for col, width in _runs(spec.column_widths):
            span = f"{col_letter(col[0])}:{col_letter(col[1])}"
            body = {"columnWidth": round(width * 7 * 0.75 + 3.75, 2)}
            self._queue([Sub("PATCH", f"{ref}/range(address='{span}')/format", body)])
        for style in spec.styles:
            where = f"{ref}/range(address='{address(style.where)}')/format"
            font: dict[str, Any] = {}
            if style.bold:
                font["bold"] = True
            if style.italic:
                font["italic"] = True
            if style.font_size is not None:
                font["size"] = style.font_size
            if style.font_color is not None:
                font["color"] = style.font_color
            if font:
                self._queue([Sub("PATCH", f"{where}/font", font)])
            if style.fill is not None:
                self._queue([Sub("PATCH", f"{where}/fill", {"color": style.fill})])
            if style.wrap:
                self._queue([Sub("PATCH", where, {"wrapText": True})])
        for hidden in spec.hidden_cols:
            span = address(CellRange(0, hidden, None, hidden))
            self._queue([Sub("PATCH", f"{ref}/range(address='{span}')", {"columnHidden": True})])
        if spec.merges:
            self.plan.lost.append(
                f"{spec.title}: {len(spec.merges)} merged area(s) (this adapter does not send "
                "range merges yet; the text shows unmerged)"
            )
        if spec.hidden:
            self._queue([Sub("PATCH", ref, {"visibility": "Hidden"})])
            sheet.visibility = "Hidden"
        if spec.frozen_rows or spec.frozen_cols:
            self.plan.lost.append(f"{spec.title}: frozen panes (Graph v1.0 cannot freeze panes)")
        if spec.tab_color:
            self.plan.lost.append(f"{spec.title}: tab colour (Graph v1.0 cannot colour tabs)")
        if spec.dropdowns:
            self.plan.lost.append(
                f"{spec.title}: {len(spec.dropdowns)} dropdown(s) (Graph v1.0 has no data "
                "validation; re-provision with --force to get them from an upload)"
            )

    def _protect(self, sheet: Sheet, spec: TabSpec) -> None:
        if not spec.protections:
            return
        ref = self.ref(sheet)

        def lock(where: CellRange, locked: bool) -> None:
            body = {"locked": locked}
            url = f"{ref}/range(address='{address(where)}')/format/protection"
            self._queue([Sub("PATCH", url, body)])

        if all(p.where is not None for p in spec.protections):
            lock(CellRange(0, 0), False)
        for p in spec.protections:
            if p.where is not None:
                lock(p.where, True)
            for hole in p.exceptions:
                lock(hole, False)
        self._queue([Sub("POST", f"{ref}/protection/protect", PROTECT_BODY)])
        sheet.protected = True

    def _write(
        self, sheet: Sheet, row: int, col: int, values: Sequence[Sequence[CellValue]]
    ) -> None:
        cells = self._cells.setdefault(id(sheet), {})
        self._write_at.setdefault(id(sheet), len(self.plan.subs))
        self._write_ref.setdefault(id(sheet), self.ref(sheet))
        for r, line in enumerate(values):
            for c, value in enumerate(line):
                cells[(row + r, col + c)] = value

    def _update(self, change: UpdateTab) -> None:
        sheet = self.sheet(change.tab_key)
        if change.title is not None and change.title != sheet.title:
            check_title(change.title, [s.title for s in self.layout.sheets if s is not sheet])
            self._queue([Sub("PATCH", self.ref(sheet), {"name": change.title})])
            sheet.title = change.title
        if change.tab_color is not None:
            self.plan.lost.append(
                f"{sheet.title}: tab colour {change.tab_color} (Graph v1.0 cannot colour tabs)"
            )

    def _unlocked(self, sheet: Sheet, subs: list[Sub]) -> list[Sub]:
        """``subs`` between ``unprotect`` and ``protect`` when the tab is protected (Excel
        refuses the API what it refuses a person on a protected sheet)."""
        if not sheet.protected or id(sheet) in self._new:
            return subs
        return lifted(self._write_ref.get(id(sheet), self.ref(sheet)), subs)

    # ------------------------------------------------------------------ values

    def _finish(self) -> Plan:
        """Insert each tab's one value write where its first write was asked for; a
        protected tab's write goes between ``unprotect`` and ``protect``. The claims record
        goes first: if the batch stops before a spare is renamed, the spare stays a spare
        (:func:`~.read.tag_sheets`) and a later claim of it overrides the record."""
        inserts: list[tuple[int, list[Sub]]] = []
        fits: list[Sub] = []
        by_id = {id(s): s for s in self.layout.sheets}
        for key, cells in self._cells.items():
            sheet = by_id.get(key)
            if sheet is None or not cells:
                continue
            if sheet.key in self.autofit:
                rows = f"{min(r for r, _ in cells) + 1}:{max(r for r, _ in cells) + 1}"
                fit = f"{self._write_ref[key]}/range(address='{rows}')/format/autofitRows"
                fits += self._unlocked(sheet, [Sub("POST", fit)])
            known = set() if key in self._new else self.filled.get(sheet.id)
            subs = self._unlocked(sheet, value_subs(self._write_ref[key], cells, known))
            inserts.append((self._write_at[key], subs))
        # Last position first, so earlier positions stay valid; at one position, the tab
        # written first ends up first.
        ordered = sorted(enumerate(inserts), key=lambda item: (item[1][0], item[0]), reverse=True)
        for _, (at, subs) in ordered:
            self.plan.subs[at:at] = subs
            self.plan.add_index = [i + len(subs) if i >= at else i for i in self.plan.add_index]
        record = record_subs(self.wb, self.layout.names, self._claims)
        self.plan.subs[0:0] = record
        self.plan.add_index = [i + len(record) for i in self.plan.add_index]
        self.plan.subs += fits
        return self.plan


def lifted(ref: str, subs: list[Sub]) -> list[Sub]:
    """``subs`` between ``unprotect`` and ``protect`` of the tab at ``ref``."""
    protect = Sub("POST", f"{ref}/protection/protect", PROTECT_BODY)
    return [Sub("POST", f"{ref}/protection/unprotect"), *subs, protect]


def _runs(widths: dict[int, int] | Any) -> list[tuple[tuple[int, int], int]]:
    """Consecutive columns of equal width: ``[((first, last), width), ...]``."""
    runs: list[tuple[tuple[int, int], int]] = []
    for col in sorted(widths):
        width = widths[col]
        if runs and runs[-1][0][1] == col - 1 and runs[-1][1] == width:
            runs[-1] = ((runs[-1][0][0], col), width)
        else:
            runs.append(((col, col), width))
    return runs
