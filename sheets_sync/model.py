"""The value vocabulary every part of sheets_sync speaks: cells, tabs, a snapshot, changes.

Pure values, no I/O. The port that reads and writes them is
:class:`sheets_sync.backends.base.WorkbookBackend`. Coordinates are 0-based ``(row, col)``
throughout; A1 notation is only for messages.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TypeAlias


def local_now() -> datetime:
    """The default clock every ``clock`` parameter falls back to: now, in local time."""
    return datetime.now().astimezone()


class Formula(str):
    """A cell formula such as ``=IF(ISBLANK(E5),"",E5)``, unlike text that starts with ``=``."""

    __slots__ = ()


CellValue: TypeAlias = str | int | float | bool | datetime | date | None
Cells: TypeAlias = dict[tuple[int, int], CellValue]


def col_letter(col: int) -> str:
    """``0 -> 'A'``, ``25 -> 'Z'``, ``26 -> 'AA'``."""
    letters = ""
    n = col + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def a1(row: int, col: int) -> str:
    """0-based ``(row, col)`` to an A1 reference: ``a1(4, 1) == 'B5'``."""
    return f"{col_letter(col)}{row + 1}"


_A1 = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)$")


def parse_a1(ref: str) -> tuple[int, int]:
    """``'B5' -> (4, 1)``; ``ValueError`` for anything else."""
    m = _A1.match(ref.strip())
    if not m:
        raise ValueError(f"not an A1 cell reference: {ref!r}")
    col = 0
    for ch in m.group(1).upper():
        col = col * 26 + (ord(ch) - 64)
    return int(m.group(2)) - 1, col - 1


def is_blank(value: CellValue) -> bool:
    """True for an empty cell or one holding only whitespace."""
    return value is None or (isinstance(value, str) and not value.strip())


# --------------------------------------------------------------------------- tab layout


#: Stands for "to the end of the grid" while cutting rectangles (:meth:`CellRange.minus`).
_FAR = 10**9


def _far(last: int | None) -> int:
    return _FAR if last is None else last


@dataclass(frozen=True)
class CellRange:
    """A rectangle of cells; ``last_row``/``last_col`` are inclusive, ``None`` = to the end."""

    first_row: int
    first_col: int
    last_row: int | None = None
    last_col: int | None = None

    def contains(self, row: int, col: int) -> bool:
        return (
            self.first_row <= row
            and (self.last_row is None or row <= self.last_row)
            and self.first_col <= col
            and (self.last_col is None or col <= self.last_col)
        )

    def minus(self, hole: CellRange) -> list[CellRange]:
        """This rectangle without ``hole``: at most four rectangles (above, below, left and
        right of it), open ends kept open."""
        bottom = _FAR if self.last_row is None else self.last_row
        right = _FAR if self.last_col is None else self.last_col
        top, low = max(self.first_row, hole.first_row), min(bottom, _far(hole.last_row))
        left, high = max(self.first_col, hole.first_col), min(right, _far(hole.last_col))
        if top > low or left > high:
            return [self]

        def piece(r0: int, c0: int, r1: int, c1: int) -> CellRange:
            return CellRange(r0, c0, None if r1 >= _FAR else r1, None if c1 >= _FAR else c1)

        out = []
        if self.first_row < top:
            out.append(piece(self.first_row, self.first_col, top - 1, right))
        if low < bottom:
            out.append(piece(low + 1, self.first_col, bottom, right))
        if self.first_col < left:
            out.append(piece(top, self.first_col, low, left - 1))
        if high < right:
            out.append(piece(top, high + 1, low, right))
        return out

    def a1(self) -> str:
        start = a1(self.first_row, self.first_col)
        if self.last_row is None or self.last_col is None:
            return start + ":" + (col_letter(self.last_col) if self.last_col is not None else "")
        return f"{start}:{a1(self.last_row, self.last_col)}"


@dataclass(frozen=True)
class Dropdown:
    """A list validation: the cells in ``where`` offer the values of ``source`` as a dropdown.

    ``source`` names a tab key and a column range on it (e.g. the principle labels on the
    About tab), because Excel limits an inline list to 255 characters. ``strict`` rejects other
    input; the tool is lenient by default since the sync resolves what people type.
    """

    where: CellRange
    source_tab: str
    source: CellRange
    strict: bool = False


@dataclass(frozen=True)
class Protection:
    """Cells people should not edit: ``where`` (``None`` = the whole tab) minus ``exceptions``.

    ``warning_only`` warns instead of refusing (Google); ``editors`` are the only accounts that
    may edit when not warning-only (with the workbook's owner and the tool's own account).
    In xlsx every protection becomes sheet protection without a password (a guard against
    slips, not security), with all other cells left unlocked. ``online_only`` protections only
    say which accounts may edit or who is warned, which a file, having no accounts, cannot
    tell: xlsx leaves them out.
    """

    where: CellRange | None
    description: str
    warning_only: bool = True
    editors: tuple[str, ...] = ()
    exceptions: tuple[CellRange, ...] = ()
    online_only: bool = False

    def cells(self) -> list[CellRange]:
        """The cells it covers (``where``; the whole tab when ``None``) minus its exceptions,
        as rectangles that do not overlap."""
        pieces = [self.where or CellRange(0, 0)]
        for hole in self.exceptions:
            pieces = [part for piece in pieces for part in piece.minus(hole)]
        return pieces


@dataclass(frozen=True)
class Style:
    """Formatting for a rectangle. Colours are ``#RRGGBB``; ``align`` is ``"left"``,
    ``"center"`` or ``"right"`` (``None``: text left, numbers right)."""

    where: CellRange
    bold: bool = False
    italic: bool = False
    wrap: bool = False
    font_size: int | None = None
    fill: str | None = None
    font_color: str | None = None
    align: str | None = None


@dataclass(frozen=True)
class ChartSpec:
    """A native bar chart: category labels and one or more value series, all columns of
    ``rows`` on the same tab, placed with its top-left corner at ``anchor``."""

    key: str
    title: str
    rows: tuple[int, int]
    category_col: int
    value_cols: tuple[int, ...]
    series_names: tuple[str, ...]
    anchor: tuple[int, int]
    width_px: int = 720
    height_px: int = 420


@dataclass(frozen=True)
class PrintSetup:
    """How a tab prints: on A4, ``landscape`` or portrait, every column on one page wide,
    the first ``title_rows`` rows repeated at the top of every page, a new page starting at
    each row of ``page_breaks`` (so a block is not cut in two)."""

    landscape: bool = True
    title_rows: int = 0
    page_breaks: tuple[int, ...] = ()


@dataclass(frozen=True)
class TabSpec:
    """Everything about a tab except its values: identity, look, validation and protection.

    ``hidden_cols`` are kept (the tool reads them) but hidden from people; ``merges`` join
    each rectangle into one cell showing its top-left value, so long text wraps across the
    width of a block instead of running into the cells beside it. Every backend makes rows
    holding wrapped text tall enough for their lines. ``rewritten`` says the tool writes the
    tab's protected cells at every sync: a backend whose protection costs requests around
    each write may guard such a tab another way (Microsoft: :mod:`~sheets_sync.backends.
    microsoft.build`); the cells people may not edit are the same.
    """

    key: str
    title: str
    column_widths: Mapping[int, int] = field(default_factory=dict)  # col -> characters
    frozen_rows: int = 0
    frozen_cols: int = 0
    dropdowns: tuple[Dropdown, ...] = ()
    protections: tuple[Protection, ...] = ()
    styles: tuple[Style, ...] = ()
    anchors: Mapping[str, int] = field(default_factory=dict)  # name -> row
    hidden: bool = False
    tab_color: str | None = None
    hidden_cols: tuple[int, ...] = ()
    merges: tuple[CellRange, ...] = ()
    print_setup: PrintSetup = field(default_factory=PrintSetup)
    rewritten: bool = False


# --------------------------------------------------------------------------- changes


@dataclass(frozen=True)
class AddTab:
    """Create a tab with its spec and initial values (formulas as :class:`Formula`): just
    before the tab keyed ``before`` when one carries that key, else after the last tab."""

    spec: TabSpec
    cells: Mapping[tuple[int, int], CellValue] = field(default_factory=dict)
    before: str | None = None


@dataclass(frozen=True)
class WriteRange:
    """Write a rectangle of values with its top-left at ``(row, col)`` on the tab ``tab_key``.
    ``None`` clears a cell. Strings are stored as text, always."""

    tab_key: str
    row: int
    col: int
    values: tuple[tuple[CellValue, ...], ...]


@dataclass(frozen=True)
class UpdateTab:
    """Change a tab's title or colour (``None`` leaves it as it is)."""

    tab_key: str
    title: str | None = None
    tab_color: str | None = None


@dataclass(frozen=True)
class SetChart:
    """Create the chart ``chart.key`` on a tab, or replace it if it exists."""

    tab_key: str
    chart: ChartSpec


Change: TypeAlias = AddTab | WriteRange | UpdateTab | SetChart


# --------------------------------------------------------------------------- snapshot


@dataclass
class Tab:
    """One tab as read: tool key (``None`` for tabs people made), title, sparse values."""

    key: str | None
    title: str
    cells: Cells = field(default_factory=dict)
    anchors: dict[str, int] = field(default_factory=dict)
    hidden: bool = False

    def value(self, row: int, col: int) -> CellValue:
        return self.cells.get((row, col))

    def text(self, row: int, col: int) -> str:
        """The cell as display text: ``''`` for empty, numbers without a trailing ``.0``."""
        v = self.cells.get((row, col))
        if v is None:
            return ""
        if isinstance(v, float) and v.is_integer():
            return str(int(v))
        return str(v)

    def anchor(self, name: str, default: int) -> int:
        """Current row of a named anchor, or ``default`` (the template's row) if untagged."""
        return self.anchors.get(name, default)

    @property
    def max_row(self) -> int:
        return max((r for r, _ in self.cells), default=-1)

    @property
    def max_col(self) -> int:
        return max((c for _, c in self.cells), default=-1)


@dataclass
class WorkbookSnapshot:
    """The whole workbook at one moment. ``revision`` is the backend's version tag, if any."""

    tabs: list[Tab]
    revision: str | None = None

    def __iter__(self) -> Iterator[Tab]:
        return iter(self.tabs)

    def get(self, key: str) -> Tab | None:
        """The tab tagged ``key``, or ``None``."""
        for tab in self.tabs:
            if tab.key == key:
                return tab
        return None

    def titled(self, title: str) -> Tab | None:
        for tab in self.tabs:
            if tab.title == title:
                return tab
        return None

    def keys(self) -> list[str]:
        return [t.key for t in self.tabs if t.key is not None]
