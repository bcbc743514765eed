"""Reading a spreadsheet: the one ``spreadsheets.get`` field mask and parsing its answer.

The tool finds its own things by developer metadata, never by title or position, so that what
people do to the sheet (rename a tab, insert rows above a block, reorder tabs) does not lose
them:

* a tab's key is sheet-level metadata ``sheets_sync.tab`` = ``<key>``;
* an anchor is row-level metadata ``sheets_sync.anchor`` = ``<key>/<name>`` on the anchor row,
  which Google moves with the row when rows are inserted or deleted above it.

Besides the :class:`~sheets_sync.model.WorkbookSnapshot`, parsing yields a :class:`Layout`:
the sheet ids, titles, grid sizes and chart ids that :mod:`._gsheets_requests` needs to turn
changes into requests without asking Google again.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sheets_sync.model import CellValue, Formula, Tab, WorkbookSnapshot

TAB_KEY = "sheets_sync.tab"
ANCHOR_KEY = "sheets_sync.anchor"

_SHEET_PROPERTIES = "properties(sheetId,title,index,hidden,gridProperties(rowCount,columnCount))"
_METADATA = "developerMetadata(metadataId,metadataKey,metadataValue,location)"
_CHARTS = (
    "charts(chartId,position(overlayPosition("
    "anchorCell(rowIndex,columnIndex),widthPixels,heightPixels)))"
)

#: The whole workbook: properties, tab keys, chart ids, values as typed and anchors.
READ_FIELDS = (
    f"spreadsheetId,sheets({_SHEET_PROPERTIES},{_METADATA},{_CHARTS},"
    "data(startRow,startColumn,"
    "rowData(values(userEnteredValue,userEnteredFormat(numberFormat(type)))),"
    f"rowMetadata({_METADATA})))"
)

#: Only what is needed to address the tabs: no cell data.
LAYOUT_FIELDS = f"spreadsheetId,sheets({_SHEET_PROPERTIES},{_METADATA},{_CHARTS})"

_EPOCH = datetime(1899, 12, 30)

#: Where a chart sits: anchor row and column, width and height in pixels.
Placement = tuple[int, int, int, int]


@dataclass
class SheetInfo:
    """One tab as the adapter addresses it."""

    sheet_id: int
    title: str
    key: str | None
    rows: int
    cols: int
    charts: dict[int, Placement | None] = field(default_factory=dict)


@dataclass
class Layout:
    """Every tab of the spreadsheet, in order, with what requests need to address it."""

    sheets: list[SheetInfo] = field(default_factory=list)

    def by_key(self, key: str) -> SheetInfo | None:
        return next((s for s in self.sheets if s.key == key), None)

    def by_id(self, sheet_id: int) -> SheetInfo | None:
        return next((s for s in self.sheets if s.sheet_id == sheet_id), None)

    def ids(self) -> set[int]:
        """Every sheet and chart id in use."""
        out = {s.sheet_id for s in self.sheets}
        for s in self.sheets:
            out |= s.charts.keys()
        return out

    def keys(self) -> list[str]:
        return [s.key for s in self.sheets if s.key is not None]


def new_spreadsheet_layout() -> Layout:
    """The layout of a spreadsheet Drive has just created: one empty grid tab with sheet id 0
    (the ``gid=0`` of its first URL) and Google's default 1000 x 26 grid. Knowing it saves
    :meth:`create` a read; the tab is only ever renamed and deleted by id, so its title, which
    depends on the owner's language, does not matter. Were Google ever to number it otherwise,
    the set-up batch would fail as a whole and the next provision, finding the workbook it
    recorded, reads it before filling it."""
    return Layout([SheetInfo(sheet_id=0, title="Sheet1", key=None, rows=1000, cols=26)])


def parse_spreadsheet(body: Mapping[str, Any]) -> tuple[WorkbookSnapshot, Layout]:
    """The snapshot and layout in a ``spreadsheets.get`` answer made with :data:`READ_FIELDS`
    (or :data:`LAYOUT_FIELDS`, which gives tabs without cells or anchors)."""
    layout = Layout()
    tabs: list[Tab] = []
    seen: set[str] = set()
    for sheet in sorted(body.get("sheets") or [], key=_index):
        props = sheet.get("properties") or {}
        sheet_id = int(props.get("sheetId", 0))
        key = _tab_key(sheet.get("developerMetadata") or [])
        if key in seen:
            key = None  # a copy of a tool tab: the first in tab order keeps the key
        if key is not None:
            seen.add(key)
        grid = props.get("gridProperties") or {}
        info = SheetInfo(
            sheet_id=sheet_id,
            title=str(props.get("title", "")),
            key=key,
            rows=int(grid.get("rowCount", 0)),
            cols=int(grid.get("columnCount", 0)),
            charts={
                int(c["chartId"]): _placement(c)
                for c in sheet.get("charts") or []
                if "chartId" in c
            },
        )
        layout.sheets.append(info)
        cells, anchors = _grid(sheet.get("data") or [], key)
        tabs.append(Tab(key, info.title, cells, anchors, bool(props.get("hidden", False))))
    return WorkbookSnapshot(tabs), layout


def cell_value(cell: Mapping[str, Any]) -> CellValue:
    """A cell's ``userEnteredValue`` as the port's value: ``Formula`` for a formula, ``str``
    for text (even text starting with ``=``), int/float, bool, and date/datetime for a number
    formatted as a date."""
    entered = cell.get("userEnteredValue")
    if not isinstance(entered, dict):
        return None
    if "formulaValue" in entered:
        return Formula(entered["formulaValue"])
    if "stringValue" in entered:
        text = entered["stringValue"]
        return text if isinstance(text, str) and text != "" else None
    if "boolValue" in entered:
        return bool(entered["boolValue"])
    if "numberValue" in entered:
        number = entered["numberValue"]
        kind = ((cell.get("userEnteredFormat") or {}).get("numberFormat") or {}).get("type")
        if kind in ("DATE", "DATE_TIME") and isinstance(number, int | float):
            return from_serial(number, with_time=kind == "DATE_TIME")
        if isinstance(number, float) and math.isfinite(number) and number.is_integer():
            return int(number) if abs(number) < 2**53 else number
        return number if isinstance(number, int | float) else None
    return None


def from_serial(serial: float, *, with_time: bool) -> date | datetime:
    """A spreadsheet serial day number (day 0 = 1899-12-30) as a date or datetime."""
    moment = _EPOCH + timedelta(microseconds=round(serial * 86_400_000_000))
    return moment if with_time else moment.date()


def to_serial(value: date | datetime) -> float:
    """The serial day number of a date or naive datetime (an aware one is taken as is)."""
    if isinstance(value, datetime):
        naive = value.replace(tzinfo=None)
        return (naive - _EPOCH) / timedelta(days=1)
    return float((value - _EPOCH.date()).days)


def _placement(chart: Mapping[str, Any]) -> Placement | None:
    overlay = (chart.get("position") or {}).get("overlayPosition")
    if not isinstance(overlay, dict):
        return None
    anchor = overlay.get("anchorCell") or {}
    return (
        int(anchor.get("rowIndex", 0)),
        int(anchor.get("columnIndex", 0)),
        int(overlay.get("widthPixels", 0)),
        int(overlay.get("heightPixels", 0)),
    )


def _index(sheet: Mapping[str, Any]) -> int:
    return int((sheet.get("properties") or {}).get("index", 0))


def _tab_key(metadata: Iterable[Mapping[str, Any]]) -> str | None:
    for item in metadata:
        location = item.get("location") or {}
        on_sheet = "dimensionRange" not in location and not location.get("spreadsheet")
        if item.get("metadataKey") == TAB_KEY and on_sheet:
            value = item.get("metadataValue")
            if isinstance(value, str) and value:
                return value
    return None


def _grid(
    data: Iterable[Mapping[str, Any]], key: str | None
) -> tuple[dict[tuple[int, int], CellValue], dict[str, int]]:
    cells: dict[tuple[int, int], CellValue] = {}
    anchors: dict[str, int] = {}
    for block in data:
        top = int(block.get("startRow", 0))
        left = int(block.get("startColumn", 0))
        for r, row in enumerate(block.get("rowData") or []):
            for c, cell in enumerate((row or {}).get("values") or []):
                value = cell_value(cell or {})
                if value is not None:
                    cells[(top + r, left + c)] = value
        for r, meta in enumerate(block.get("rowMetadata") or []):
            for item in (meta or {}).get("developerMetadata") or []:
                name = _anchor_name(item, key)
                if name is not None:
                    span = (item.get("location") or {}).get("dimensionRange") or {}
                    anchors[name] = int(span.get("startIndex", top + r))
    return cells, anchors


def _anchor_name(item: Mapping[str, Any], key: str | None) -> str | None:
    if key is None or item.get("metadataKey") != ANCHOR_KEY:
        return None
    value = item.get("metadataValue")
    if not isinstance(value, str):
        return None
    owner, _, name = value.partition("/")
    return name if owner == key and name else None
