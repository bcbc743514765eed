"""Translating the port's changes into one ``spreadsheets.batchUpdate`` request list.

:func:`plan` is pure: given the :class:`~._gsheets_read.Layout` of the spreadsheet and a
source of fresh ids, it returns the request dicts for a list of changes and updates the layout
to what it will be once they are applied. Sheet ids are chosen here, not by Google, so that
later requests in the same batch can address a tab added earlier in it, and so that a replayed
batch (after an answer was lost) is refused as a whole rather than applied twice.

What each change becomes:

* :class:`AddTab` → ``addSheet`` (at the index of ``before``; grid size, frozen rows/columns,
  hidden, tab colour), ``createDeveloperMetadata`` for its key and anchors,
  ``updateDimensionProperties`` for column widths and hidden columns, ``updateCells`` for its
  values, ``repeatCell`` per style, ``mergeCells`` per merge, and at the end of the batch
  (when every tab a dropdown may name
  exists) ``setDataValidation`` and ``addProtectedRange``;
* :class:`WriteRange` → ``appendDimension`` if the grid is too small, then ``updateCells``;
* :class:`UpdateTab` → ``updateSheetProperties``;
* :class:`SetChart` → ``addChart``; when the tab already has the chart, ``updateChartSpec`` if
  it stays where it is, else ``deleteEmbeddedObject`` and ``addChart`` with the same id (a
  chart's id is derived from its tab and key, so it is found again).

Values: ``str`` → ``stringValue`` (never parsed), :class:`Formula` → ``formulaValue``, numbers
→ ``numberValue``, bools → ``boolValue``, dates → a serial ``numberValue`` with a date format,
``None`` or ``""`` → cleared.

Every batch ends with one ``autoResizeDimensions`` per tab it wrote, over the rows written:
Google's own measure of wrapped text sets their heights. Print settings (paper, scale, title
rows) are not in the Sheets API; people choose them in the print dialogue, where the widths
chosen for A4 make "fit to width" read at 70% or more.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sheets_sync.backends.google.read import ANCHOR_KEY, TAB_KEY, Layout, SheetInfo
from sheets_sync.backends.google.shapes import (
    Request,
    chart_spec,
    grid_range,
    metadata,
    protect,
    rgb,
    sheet_ref,
    style_request,
    update_cells,
)
from sheets_sync.errors import MissingTab
from sheets_sync.model import (
    AddTab,
    CellRange,
    CellValue,
    Change,
    Dropdown,
    SetChart,
    TabSpec,
    UpdateTab,
    WriteRange,
)

DEFAULT_ROWS = 1000
DEFAULT_COLS = 26


def column_pixels(characters: int) -> int:
    """A column width in characters, as pixels (Arial 10 is about 7 px a character)."""
    return max(1, characters) * 7 + 10


def chart_id(tab_key: str, chart_key: str) -> int:
    """A stable chart id for a chart key on a tab, so the chart is found again by id."""
    return 1 + zlib.crc32(f"sheets_sync/{tab_key}/{chart_key}".encode()) % (2**31 - 2)


@dataclass
class Plan:
    """The requests for a batch, and what they create (to check a batch landed)."""

    requests: list[Request] = field(default_factory=list)
    new_sheet_ids: list[int] = field(default_factory=list)
    new_chart_ids: list[int] = field(default_factory=list)
    deferred: list[Callable[[], list[Request]]] = field(default_factory=list)
    #: Per sheet id, the first and last row the batch writes (their heights are fitted).
    written: dict[int, tuple[int, int]] = field(default_factory=dict)

    def wrote(self, sheet_id: int, first: int, last: int) -> None:
        low, high = self.written.get(sheet_id, (first, last))
        self.written[sheet_id] = (min(low, first), max(high, last))

    def finish(self) -> list[Request]:
        """Append the deferred requests, built now that every tab of the batch is known, and
        let Google fit the height of every row written to its (wrapped) text."""
        for build in self.deferred:
            self.requests.extend(build())
        self.deferred = []
        for sheet_id, (first, last) in sorted(self.written.items()):
            span = {"sheetId": sheet_id, "dimension": "ROWS"}
            span |= {"startIndex": first, "endIndex": last + 1}
            self.requests.append({"autoResizeDimensions": {"dimensions": span}})
        self.written = {}
        return self.requests


def plan(changes: Sequence[Change], layout: Layout, new_id: Callable[[], int]) -> Plan:
    """The requests that apply ``changes`` to a spreadsheet laid out as ``layout``.

    ``layout`` is updated in place to the layout after the batch. Raises :class:`MissingTab`
    for a change addressed to a key no tab carries.
    """
    out = Plan()
    for change in changes:
        if isinstance(change, AddTab):
            _add_tab(change, layout, new_id(), out)
        elif isinstance(change, WriteRange):
            _write(change, _sheet(layout, change.tab_key), out)
        elif isinstance(change, UpdateTab):
            _update_tab(change, _sheet(layout, change.tab_key), out)
        elif isinstance(change, SetChart):
            _set_chart(change, _sheet(layout, change.tab_key), out)
        else:  # pragma: no cover - the Change union is closed
            raise TypeError(f"not a change: {change!r}")
    out.finish()
    return out


# --------------------------------------------------------------------------- changes


def _sheet(layout: Layout, key: str) -> SheetInfo:
    info = layout.by_key(key)
    if info is None:
        raise MissingTab(
            f"the tab for {key!r} is missing from the workbook; "
            "run `sheets-sync provision` to add it back"
        )
    return info


def _add_tab(change: AddTab, layout: Layout, sheet_id: int, out: Plan) -> None:
    spec = change.spec
    rows, cols = _grid_size(spec, change.cells)
    properties: dict[str, Any] = {
        "sheetId": sheet_id,
        "title": spec.title,
        "gridProperties": {
            "rowCount": rows,
            "columnCount": cols,
            "frozenRowCount": spec.frozen_rows,
            "frozenColumnCount": spec.frozen_cols,
        },
        "hidden": spec.hidden,
    }
    if spec.tab_color:
        properties["tabColorStyle"] = {"rgbColor": rgb(spec.tab_color)}
    keys = [s.key for s in layout.sheets]
    index = keys.index(change.before) if change.before in keys else len(keys)
    if index < len(keys):
        properties["index"] = index
    out.requests.append({"addSheet": {"properties": properties}})
    out.new_sheet_ids.append(sheet_id)
    info = SheetInfo(sheet_id, spec.title, spec.key, rows, cols)
    layout.sheets.insert(index, info)

    out.requests.append(metadata(TAB_KEY, spec.key, {"sheetId": sheet_id}))
    for name, row in spec.anchors.items():
        span = {"sheetId": sheet_id, "dimension": "ROWS", "startIndex": row, "endIndex": row + 1}
        out.requests.append(metadata(ANCHOR_KEY, f"{spec.key}/{name}", {"dimensionRange": span}))
    for col in sorted(set(spec.column_widths) | set(spec.hidden_cols)):
        props: dict[str, Any] = {}
        if col in spec.column_widths:
            props["pixelSize"] = column_pixels(spec.column_widths[col])
        if col in spec.hidden_cols:
            props["hiddenByUser"] = True
        out.requests.append(
            {
                "updateDimensionProperties": {
                    "range": {
                        "sheetId": sheet_id,
                        "dimension": "COLUMNS",
                        "startIndex": col,
                        "endIndex": col + 1,
                    },
                    "properties": props,
                    "fields": ",".join(props),
                }
            }
        )
    if change.cells:
        top = min(r for r, _ in change.cells)
        left = min(c for _, c in change.cells)
        bottom = max(r for r, _ in change.cells)
        right = max(c for _, c in change.cells)
        grid = [
            [change.cells.get((r, c)) for c in range(left, right + 1)]
            for r in range(top, bottom + 1)
        ]
        out.requests.append(update_cells(sheet_id, top, left, grid))
        out.wrote(sheet_id, top, bottom)
    out.requests.extend(
        r for r in (style_request(sheet_id, s) for s in spec.styles) if r is not None
    )
    out.requests.extend(
        {"mergeCells": {"range": grid_range(sheet_id, where), "mergeType": "MERGE_ALL"}}
        for where in spec.merges
    )
    out.deferred.append(lambda: [_dropdown(sheet_id, d, layout) for d in spec.dropdowns])
    out.deferred.append(lambda: [r for p in spec.protections for r in protect(sheet_id, p)])


def _write(change: WriteRange, info: SheetInfo, out: Plan) -> None:
    if not change.values:
        return
    need_rows = change.row + len(change.values)
    need_cols = change.col + max(len(row) for row in change.values)
    for dimension, have, need in (
        ("ROWS", info.rows, need_rows),
        ("COLUMNS", info.cols, need_cols),
    ):
        if need > have:
            out.requests.append(
                {
                    "appendDimension": {
                        "sheetId": info.sheet_id,
                        "dimension": dimension,
                        "length": need - have,
                    }
                }
            )
    info.rows = max(info.rows, need_rows)
    info.cols = max(info.cols, need_cols)
    out.requests.append(update_cells(info.sheet_id, change.row, change.col, change.values))
    out.wrote(info.sheet_id, change.row, change.row + len(change.values) - 1)


def _update_tab(change: UpdateTab, info: SheetInfo, out: Plan) -> None:
    properties: dict[str, Any] = {"sheetId": info.sheet_id}
    fields = []
    if change.title is not None:
        properties["title"] = change.title
        fields.append("title")
        info.title = change.title
    if change.tab_color is not None:
        properties["tabColorStyle"] = {"rgbColor": rgb(change.tab_color)}
        fields.append("tabColorStyle")
    if fields:
        out.requests.append(
            {"updateSheetProperties": {"properties": properties, "fields": ",".join(fields)}}
        )


def _set_chart(change: SetChart, info: SheetInfo, out: Plan) -> None:
    chart = change.chart
    cid = chart_id(change.tab_key, chart.key)
    spec = chart_spec(info.sheet_id, chart)
    position = {
        "overlayPosition": {
            "anchorCell": {
                "sheetId": info.sheet_id,
                "rowIndex": chart.anchor[0],
                "columnIndex": chart.anchor[1],
            },
            "widthPixels": chart.width_px,
            "heightPixels": chart.height_px,
        }
    }
    placement = (chart.anchor[0], chart.anchor[1], chart.width_px, chart.height_px)
    if cid in info.charts and info.charts[cid] == placement:
        out.requests.append({"updateChartSpec": {"chartId": cid, "spec": spec}})
        return
    if cid in info.charts:
        out.requests.append({"deleteEmbeddedObject": {"objectId": cid}})
    else:
        out.new_chart_ids.append(cid)
    out.requests.append(
        {"addChart": {"chart": {"chartId": cid, "spec": spec, "position": position}}}
    )
    info.charts[cid] = placement


def _dropdown(sheet_id: int, dropdown: Dropdown, layout: Layout) -> Request:
    source = _sheet(layout, dropdown.source_tab)
    return {
        "setDataValidation": {
            "range": grid_range(sheet_id, dropdown.where),
            "rule": {
                "condition": {
                    "type": "ONE_OF_RANGE",
                    "values": [
                        {"userEnteredValue": "=" + sheet_ref(source.title, dropdown.source)}
                    ],
                },
                "strict": dropdown.strict,
                "showCustomUi": True,
            },
        }
    }


def _grid_size(spec: TabSpec, cells: Mapping[tuple[int, int], CellValue]) -> tuple[int, int]:
    rows = [r for r, _ in cells] + list(spec.anchors.values())
    cols = [c for _, c in cells] + list(spec.column_widths)
    ranges: list[CellRange] = [s.where for s in spec.styles] + [d.where for d in spec.dropdowns]
    for p in spec.protections:
        ranges += [*([p.where] if p.where else []), *p.exceptions]
    for where in ranges:
        rows += [where.first_row, *([where.last_row] if where.last_row is not None else [])]
        cols += [where.first_col, *([where.last_col] if where.last_col is not None else [])]
    rows.append(spec.frozen_rows)
    cols.append(spec.frozen_cols)
    return max(DEFAULT_ROWS, max(rows) + 1), max(DEFAULT_COLS, max(cols) + 1)


def retire(sheets: Iterable[SheetInfo]) -> tuple[list[Request], list[Request]]:
    """Requests that remove ``sheets`` in a batch that also adds tabs: renames to put first
    (freeing their titles for the new tabs) and deletions to put last (a spreadsheet must
    keep one tab at every step)."""
    renames: list[Request] = []
    deletes: list[Request] = []
    for info in sheets:
        placeholder = {"sheetId": info.sheet_id, "title": f"sheets_sync old {info.sheet_id}"}
        renames.append({"updateSheetProperties": {"properties": placeholder, "fields": "title"}})
        deletes.append({"deleteSheet": {"sheetId": info.sheet_id}})
    return renames, deletes
