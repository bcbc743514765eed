"""Reading an Excel workbook through Graph: the sub-requests of one read and their answers.

A read is one ``$batch`` (more when a workbook has over 17 tabs: 20 sub-requests each):

* the drive item's ``cTag`` (the snapshot's revision: it changes with the content);
* the worksheets, with their protection state (a write to a protected tab must lift it);
* the workbook's defined names, which carry the tool's tags exactly as the xlsx adapter
  writes them (:mod:`sheets_sync.backends._xlsx_names`): ``_ss_tab_<key>`` → the whole tab,
  ``_ss_anchor_<key>_<name>`` → the anchor's row. Excel rewrites them when a person renames a
  tab or inserts rows, so keys and anchors follow;
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

from sheets_sync.backend import CellValue, Formula, Tab, WorkbookSnapshot, parse_a1
from sheets_sync.backends._gsheets_read import from_serial
from sheets_sync.backends._xlsx_charts import META_TITLE
from sheets_sync.backends._xlsx_names import parse_tag, split_ref

from .http import GONE, Sub

SHEET_FIELDS = "$select=id,name,position,visibility&$expand=protection($select=protected)"
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
    #: Names of the charts on the sheet, once asked for (only a chart change needs them).
    charts: list[str] | None = None


@dataclass
class Layout:
    """Every worksheet in tab order, and the defined names (name → reference)."""

    sheets: list[Sheet] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)

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
        Sub("GET", f"{wb}/names?$select=name,value", done_if=GONE),
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
        protection = raw.get("protection")
        if not isinstance(protection, dict):
            protection = {}
        sheets.append(
            Sheet(
                id=raw["id"],
                title=str(raw.get("name", "")),
                position=int(raw.get("position", 0)),
                visibility=str(raw.get("visibility", "Visible")),
                protected=bool(protection.get("protected", False)),
            )
        )
    sheets.sort(key=lambda s: s.position)
    names = {
        str(n["name"]): str(n.get("value", ""))
        for n in names_body.get("value") or []
        if isinstance(n, dict) and isinstance(n.get("name"), str)
    }
    layout = Layout(sheets, names)
    tag_sheets(layout)
    return layout


def tag_sheets(layout: Layout) -> None:
    """Give each sheet the key its ``_ss_tab_`` name points at (the first sheet wins)."""
    for sheet in layout.sheets:
        sheet.key = None
    for name, ref in sorted(layout.names.items()):
        tagged = parse_tag(name)
        where = split_ref(ref)
        if tagged is None or tagged[1] is not None or where is None:
            continue
        found = layout.titled(where[0])
        if found is None or found.key is not None or found.title == META_TITLE:
            continue
        if layout.by_key(tagged[0]) is None:
            found.key = tagged[0]


def anchors_of(layout: Layout, sheet: Sheet) -> dict[str, int]:
    """The anchors of ``sheet`` (tagged with its key) and their current rows."""
    found: dict[str, int] = {}
    if sheet.key is None:
        return found
    for name, ref in layout.names.items():
        tagged = parse_tag(name)
        where = split_ref(ref)
        if tagged is None or tagged[1] is None or tagged[0] != sheet.key or where is None:
            continue
        if where[0].casefold() == sheet.title.casefold():
            found[tagged[1]] = where[1]
    return found


def readable(layout: Layout) -> list[Sheet]:
    """The sheets a snapshot shows: all but the xlsx adapter's own records tab."""
    return [s for s in layout.sheets if s.title != META_TITLE]


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
