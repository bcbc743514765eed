"""Reading an Excel workbook through Graph: the sub-requests of one read and their answers.

A read is one ``$batch`` (more when a workbook has over 17 tabs: 20 sub-requests each):

* the drive item's ``cTag`` (the snapshot's revision: it changes with the content);
* the worksheets (id, name, position, visibility);
* the workbook's defined names, which carry the tool's tags exactly as the xlsx adapter
  writes them (:mod:`sheets_sync.backends.xlsx.names`): ``_ss_tab_<key>`` → the whole tab,
  ``_ss_anchor_<key>_<name>`` → the anchor's row. Excel rewrites them when a person renames a
  tab or inserts rows, so keys and anchors follow. A tab key's comment says whether the tool
  protects that tab (:data:`PROTECTED`): a write there must lift the protection and put it
  back, and knowing it from the names costs no request per tab. A claimed spare tab's key is
  in a claims record among the same names (:mod:`.spares`);
* each worksheet's ``usedRange(valuesOnly=true)`` with ``values``, ``formulas`` and
  ``numberFormat``, addressed by worksheet id (ids survive renames).

Worksheet ids are only known after a first look, so the adapter remembers them (in the state
file, too); a tab it did not know costs one more small batch. Cells read back as the port's
values: a formula (``formulas`` differs from ``values``) is a :class:`Formula`, text is text,
numbers formatted as dates are dates, whole numbers are ``int``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from sheets_sync.backends.google.read import from_serial
from sheets_sync.backends.xlsx.charts import META_TITLE
from sheets_sync.backends.xlsx.names import ANCHOR_PREFIX, TAB_PREFIX, parse_tag, split_ref
from sheets_sync.model import CellValue, Formula, Tab, WorkbookSnapshot, parse_a1

from .http import GONE, Sub
from .spares import claimed_keys, is_spare

SHEET_FIELDS = "$select=id,name,position,visibility"
#: The comment on a tab's key name when the tool protects that tab.
PROTECTED = "sheets_sync: protected tab"
RANGE_FIELDS = "$select=address,values,formulas,numberFormat"
_QUOTED = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.')
_DATE_PART = re.compile(r"[dy]|h|s", re.IGNORECASE)
_TIME_PART = re.compile(r"[hs]", re.IGNORECASE)


@dataclass
class Sheet:
    """One worksheet as the adapter addresses it."""

    id: str
    title: str
    position: int
    visibility: str = "Visible"
    protected: bool = False
    key: str | None = None
    #: The generation of its key's tag (see :func:`parse_generation`).
    generation: int = 1
    #: The key its tags carry, when ``key`` comes from a claims record instead (a claimed
    #: spare, :mod:`.spares`): its anchors are tagged with this one.
    tag: str | None = None

    @property
    def tagged(self) -> str | None:
        """The key the sheet's anchor tags carry."""
        return self.tag if self.tag is not None else self.key


@dataclass
class Layout:
    """Every worksheet in tab order, and the defined names (name → reference)."""

    sheets: list[Sheet] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)
    #: Names whose comment is :data:`PROTECTED`.
    protected_names: set[str] = field(default_factory=set)

    def by_key(self, key: str) -> Sheet | None:
        return next((s for s in self.sheets if s.key == key), None)

    def titled(self, title: str) -> Sheet | None:
        folded = title.casefold()
        return next((s for s in self.sheets if s.title.casefold() == folded), None)

    def ids(self) -> list[str]:
        return [s.id for s in self.sheets]


def workbook_path(drive_id: str, item_id: str) -> str:
    return f"/drives/{drive_id}/items/{item_id}/workbook"


def layout_subs(drive_id: str, item_id: str) -> list[Sub]:
    """The item's cTag, the worksheets and the names: what every read starts with."""
    wb = workbook_path(drive_id, item_id)
    return [
        Sub("GET", f"/drives/{drive_id}/items/{item_id}?$select=id,cTag,eTag", done_if=GONE),
        Sub("GET", f"{wb}/worksheets?{SHEET_FIELDS}", done_if=GONE),
        Sub("GET", f"{wb}/names?$select=name,value,comment", done_if=GONE),
    ]


def range_sub(drive_id: str, item_id: str, sheet_id: str) -> Sub:
    wb = workbook_path(drive_id, item_id)
    return Sub(
        "GET", f"{wb}/worksheets/{_segment(sheet_id)}/usedRange(valuesOnly=true)?{RANGE_FIELDS}"
    )


def _segment(sheet_id: str) -> str:
    return quote(sheet_id, safe="")


def parse_layout(sheets_body: Mapping[str, Any], names_body: Mapping[str, Any]) -> Layout:
    """The layout in the answers to :func:`layout_subs`' second and third sub-requests."""
    sheets = []
    for raw in sheets_body.get("value") or []:
        if not isinstance(raw, dict) or not isinstance(raw.get("id"), str):
            continue
        sheets.append(
            Sheet(
                id=raw["id"],
                title=str(raw.get("name", "")),
                position=int(raw.get("position", 0)),
                visibility=str(raw.get("visibility", "Visible")),
            )
        )
    sheets.sort(key=lambda s: s.position)
    names = {
        str(n["name"]): str(n.get("value", ""))
        for n in names_body.get("value") or []
        if isinstance(n, dict) and isinstance(n.get("name"), str)
    }
    protected = {
        str(n["name"])
        for n in names_body.get("value") or []
        if isinstance(n, dict) and n.get("comment") == PROTECTED
    }
    layout = Layout(sheets, names, protected)
    tag_sheets(layout)
    return layout


def parse_generation(name: str) -> tuple[str, str | None, int] | None:
    """``(key, anchor or None, generation)`` of a tag name: the xlsx adapter's names, or the
    same with ``_<n>`` appended, which :mod:`.write` uses when an older tag (left pointing at
    ``#REF!`` by a deleted tab) still holds the plain name (Graph v1.0 cannot delete a name)."""
    lowered = name.lower()
    for prefix, parts in ((TAB_PREFIX, 1), (ANCHOR_PREFIX, 2)):
        if not lowered.startswith(prefix):
            continue
        pieces = lowered[len(prefix) :].split("_")
        generation = 1
        if len(pieces) == parts + 1 and pieces[-1].isdigit():
            generation = int(pieces.pop())
        tagged = parse_tag(prefix + "_".join(pieces)) if len(pieces) == parts else None
        return None if tagged is None else (tagged[0], tagged[1], generation)
    return None


def _tags(layout: Layout) -> list[tuple[int, str, str | None, str, int]]:
    """``(generation, key, anchor, sheet title, row)`` of every tag with a live reference,
    newest generation first."""
    found = []
    for name, ref in layout.names.items():
        tagged = parse_generation(name)
        where = split_ref(ref)
        if tagged is not None and where is not None:
            found.append((tagged[2], tagged[0], tagged[1], where[0], where[1]))
    return sorted(found, key=lambda t: (-t[0], t[1], t[2] or ""))


def tag_sheets(layout: Layout) -> None:
    """Give each sheet the key its newest ``_ss_tab_`` name points at (one sheet per key),
    then each claimed spare the key its claims record gives, unless a name gives that key
    to another sheet (:mod:`.spares`)."""
    for sheet in layout.sheets:
        sheet.key, sheet.tag = None, None
    protected = {n.lower() for n in layout.protected_names}
    for name, ref in layout.names.items():
        tagged = parse_generation(name)
        where = split_ref(ref)
        if tagged is None or tagged[1] is not None or where is None:
            continue
        found = layout.titled(where[0])
        if found is None or found.title == META_TITLE:
            continue
        current = layout.by_key(tagged[0])
        rank = tagged[2]
        if found.key is None and (current is None or current.generation < rank):
            if current is not None:
                current.key = None
            found.key, found.generation = tagged[0], rank
            found.protected = name.lower() in protected
    claimed = claimed_keys(layout.names)
    for sheet in layout.sheets:
        key = claimed.get(sheet.key or "")
        if key is not None and not is_spare(sheet.title) and layout.by_key(key) is None:
            sheet.tag, sheet.key = sheet.key, key


def anchors_of(layout: Layout, sheet: Sheet) -> dict[str, int]:
    """The anchors of ``sheet`` (tagged with its key) and their current rows."""
    found: dict[str, int] = {}
    if sheet.tagged is None:
        return found
    for _, key, anchor, title, row in _tags(layout):
        mine = key == sheet.tagged and title.casefold() == sheet.title.casefold()
        if mine and anchor is not None and anchor not in found:
            found[anchor] = row
    return found


def readable(layout: Layout) -> list[Sheet]:
    """The sheets a snapshot shows: all but the xlsx adapter's own records tab and the spare
    tabs (:mod:`.spares`)."""
    return [s for s in layout.sheets if s.title != META_TITLE and not is_spare(s.title)]


def snapshot_of(
    layout: Layout, ranges: Mapping[str, Mapping[str, Any]], revision: str | None
) -> WorkbookSnapshot:
    """The snapshot from the layout and each sheet's ``usedRange`` answer (by sheet id)."""
    tabs = []
    for sheet in readable(layout):
        cells = cells_of(ranges.get(sheet.id) or {})
        hidden = sheet.visibility.lower() != "visible"
        tabs.append(Tab(sheet.key, sheet.title, cells, anchors_of(layout, sheet), hidden))
    return WorkbookSnapshot(tabs, revision)


def cells_of(used: Mapping[str, Any]) -> dict[tuple[int, int], CellValue]:
    """The non-empty cells of one ``usedRange`` answer, 0-based."""
    address = str(used.get("address", ""))
    corner = address.rpartition("!")[2].split(":")[0]
    try:
        top, left = parse_a1(corner)
    except ValueError:
        return {}
    values = _grid(used.get("values"))
    formulas = _grid(used.get("formulas"))
    formats = _grid(used.get("numberFormat"))
    cells: dict[tuple[int, int], CellValue] = {}
    for r, row in enumerate(values):
        for c, value in enumerate(row):
            got = cell_value(value, _at(formulas, r, c), _at(formats, r, c))
            if got is not None:
                cells[(top + r, left + c)] = got
    return cells


def cell_value(value: Any, formula: Any, number_format: Any) -> CellValue:
    """One cell as the port's value (see the module docstring)."""
    if isinstance(formula, str) and formula.startswith("=") and formula != value:
        return Formula(formula)
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        if not math.isfinite(value):
            return None
        if isinstance(number_format, str) and is_date_format(number_format):
            return from_serial(value, with_time=bool(_TIME_PART.search(_bare(number_format))))
        if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
            return int(value)
        return value
    if isinstance(value, str):
        return value if value != "" else None
    return None


def is_date_format(number_format: str) -> bool:
    """True for a number format that shows a date or time (``yyyy-mm-dd``, ``h:mm``)."""
    bare = _bare(number_format)
    return bare.lower() not in ("general", "@", "") and bool(_DATE_PART.search(bare))


def _bare(number_format: str) -> str:
    return _QUOTED.sub("", number_format)


def _grid(raw: Any) -> list[list[Any]]:
    if not isinstance(raw, list):
        return []
    return [row if isinstance(row, list) else [] for row in raw]


def _at(grid: Sequence[Sequence[Any]], r: int, c: int) -> Any:
    return grid[r][c] if r < len(grid) and c < len(grid[r]) else None


def unknown_sheets(layout: Layout, known: Iterable[str]) -> list[str]:
    """Ids of readable sheets whose cells were not asked for."""
    seen = set(known)
    return [s.id for s in readable(layout) if s.id not in seen]
