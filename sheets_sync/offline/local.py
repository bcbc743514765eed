"""The local copy as the merge sees it, and the base snapshot it carries.

A mirrored file holds three things besides the workbook's own tabs, each handled here so the
merge (:mod:`sheets_sync.merge.workbook`) sees exactly the online workbook's shape:

* **The base** — the snapshot the file was taken from — on a hidden, protected tab tagged
  :data:`BASE_KEY`, as rows of :mod:`sheets_sync.offline.codec` written with ordinary
  ``WriteRange`` changes through the port. It is left out of the merge.
* **Tabs people made online** (no tool key) cannot be created through the port without a key,
  so the mirror tags them ``person:<n>``; the merge sees them without a key again.
* **Text longer than an Excel cell holds** (32,767 characters; Google holds 50,000) is never
  cut: the local cell holds a :func:`placeholder` naming the length and a hash, the full text
  stays online and in the base, and the merge sees the full text again. Editing the
  placeholder offline is a real edit and is pushed like any other.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from sheets_sync.merge.workbook import XLSX_CELL_LIMIT
from sheets_sync.model import (
    AddTab,
    CellValue,
    Change,
    Protection,
    Tab,
    TabSpec,
    WorkbookSnapshot,
    WriteRange,
    a1,
)
from sheets_sync.offline.codec import SHEET_TITLE, StoredSnapshot, decode, encode

__all__ = [
    "BASE_KEY",
    "PERSON_PREFIX",
    "LocalView",
    "base_changes",
    "base_tab",
    "fit_for_local",
    "placeholder",
    "view_local",
]

#: The key of the hidden tab holding the base snapshot.
BASE_KEY = "mirror-base"
#: Key prefix given locally to tabs that have no tool key online.
PERSON_PREFIX = "person:"
_WIDTH = 6  # the codec's header row is the widest
_PLACEHOLDER = re.compile(r"^\[sheets_sync: [\d,]+ characters .*\(text ([0-9a-f]{16})\)\]$", re.S)


def text_id(text: str) -> str:
    """The 16 hex digits that name a long text inside its placeholder."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def placeholder(text: str) -> str:
    """What the local file shows instead of ``text`` when an Excel cell cannot hold it."""
    digest = text_id(text)
    return (
        f"[sheets_sync: {len(text):,} characters — more than the {XLSX_CELL_LIMIT:,} an Excel "
        "cell holds, so the full text is kept online (and in this file's saved snapshot), not "
        f"cut. Edit it online, or type here to replace all of it. (text {digest})]"
    )


def base_tab(stored: StoredSnapshot) -> AddTab:
    """The hidden, protected tab holding ``stored``, for a new local file."""
    spec = TabSpec(
        key=BASE_KEY,
        title=SHEET_TITLE,
        column_widths={0: 24, 1: 60},
        hidden=True,
        protections=(
            Protection(None, "sheets_sync's snapshot of the online workbook; do not edit."),
        ),
    )
    rows = encode(stored.snapshot, stored.meta)
    cells = {(r, c): v for r, row in enumerate(rows) for c, v in enumerate(row)}
    return AddTab(spec, cells)


def base_changes(stored: StoredSnapshot, old_rows: int) -> list[Change]:
    """The writes that replace a base of ``old_rows`` rows by ``stored``, clearing the rest."""
    rows: list[list[CellValue]] = [list(r) for r in encode(stored.snapshot, stored.meta)]
    rows += [[] for _ in range(max(0, old_rows - len(rows)))]
    grid = tuple(tuple(r[c] if c < len(r) else None for c in range(_WIDTH)) for r in rows)
    return [WriteRange(BASE_KEY, 0, 0, grid)]


@dataclass
class LocalView:
    """A local file split into what the merge compares and what sheets_sync keeps there.

    ``snapshot`` is the workbook as the merge should see it; ``stored`` the base (``None`` in a
    file that was never mirrored); ``base_rows`` how many rows the base tab uses; ``person``
    maps the titles of keyless online tabs to their local ``person:`` keys.
    """

    snapshot: WorkbookSnapshot
    stored: StoredSnapshot | None
    base_rows: int = 0
    person: dict[str, str] = field(default_factory=dict)


def view_local(raw: WorkbookSnapshot) -> LocalView:
    """Split a local file as read (raises ``WorkbookCorrupt`` if its base is damaged)."""
    stored: StoredSnapshot | None = None
    base_rows = 0
    tabs: list[Tab] = []
    person: dict[str, str] = {}
    for tab in raw.tabs:
        if tab.key == BASE_KEY:
            base_rows = tab.max_row + 1
            grid = [[tab.value(r, c) for c in range(_WIDTH)] for r in range(base_rows)]
            stored = decode(grid)
        elif tab.key is not None and tab.key.startswith(PERSON_PREFIX):
            person[tab.title] = tab.key
            tabs.append(replace(tab, key=None))
        else:
            tabs.append(tab)
    if stored is not None:
        tabs = _restore_long(tabs, stored.snapshot)
    return LocalView(WorkbookSnapshot(tabs, raw.revision), stored, base_rows, person)


def _restore_long(tabs: list[Tab], base: WorkbookSnapshot) -> list[Tab]:
    """Put the full text back where the local file holds a placeholder for it."""
    long_texts: dict[str, str] = {}
    for tab in base.tabs:
        for v in tab.cells.values():
            if isinstance(v, str) and len(v) > XLSX_CELL_LIMIT:
                long_texts[text_id(v)] = v
    if not long_texts:
        return tabs
    out = []
    for tab in tabs:
        cells = dict(tab.cells)
        for pos, v in tab.cells.items():
            m = _PLACEHOLDER.match(v) if isinstance(v, str) else None
            if m and m.group(1) in long_texts:
                cells[pos] = long_texts[m.group(1)]
        out.append(replace(tab, cells=cells))
    return out


@dataclass(frozen=True)
class KeptOnline:
    """A value too long for an Excel cell: kept online, a placeholder in the local file."""

    tab: str
    cell: str
    length: int

    def line(self) -> str:
        return (
            f"{self.tab}!{self.cell}: {self.length:,} characters, more than an Excel cell's "
            f"{XLSX_CELL_LIMIT:,}; the full text stays online, the local cell says so"
        )


def fit_for_local(
    changes: Iterable[Change], titles: dict[str, str]
) -> tuple[list[Change], list[KeptOnline]]:
    """``changes`` with every text too long for Excel replaced by its :func:`placeholder`.

    ``titles`` names tabs for the report (key -> title). Nothing is cut.
    """
    out: list[Change] = []
    kept: list[KeptOnline] = []

    def too_long(v: CellValue) -> bool:
        return isinstance(v, str) and len(v) > XLSX_CELL_LIMIT

    def fit(key: str, row: int, col: int, v: CellValue) -> CellValue:
        if isinstance(v, str) and too_long(v):
            kept.append(KeptOnline(titles.get(key, key), a1(row, col), len(v)))
            return placeholder(v)
        return v

    for change in changes:
        if isinstance(change, AddTab) and not any(map(too_long, change.cells.values())):
            out.append(change)
        elif isinstance(change, AddTab):
            key = change.spec.key
            cells = {(r, c): fit(key, r, c, v) for (r, c), v in change.cells.items()}
            out.append(AddTab(change.spec, cells))
        elif isinstance(change, WriteRange):
            values = tuple(
                tuple(
                    fit(change.tab_key, change.row + i, change.col + j, v) for j, v in enumerate(r)
                )
                for i, r in enumerate(change.values)
            )
            out.append(replace(change, values=values))
        else:
            out.append(change)
    return out, kept


def only(snapshot: WorkbookSnapshot, keys: Sequence[str]) -> WorkbookSnapshot:
    """The tabs of ``snapshot`` tagged with one of ``keys``, in its order."""
    return WorkbookSnapshot([t for t in snapshot.tabs if t.key in keys], snapshot.revision)
