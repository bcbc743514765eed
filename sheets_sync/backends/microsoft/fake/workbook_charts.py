"""Worksheet charts: list, add, get, update, delete, ``setPosition`` and the title part.

A chart lives in openpyxl (a ``BarChart`` on the sheet), so what the API drew can be
inspected as a saved file would show it. Its place is a cell anchor and its size in
centimetres, as openpyxl keeps them; Graph speaks points: ``left``/``top`` are the anchor
cell's offset from the sheet's corner (column widths and row heights, Excel's defaults where
none is set) and a ``top``/``left`` sent is snapped to the cell it falls in. ``setPosition``
anchors at ``startCell`` and, with ``endCell``, sizes the chart to cover both (the docs'
"workbookChart: setPosition"). The title part is ``text``, ``visible`` and ``overlay``.
Excel refuses chart changes on a protected sheet as it refuses them to a person: 403
``AccessDenied`` (workbook-error-handling), as for locked cells.
"""

from __future__ import annotations

from typing import Any

from openpyxl.chart import BarChart, Reference
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from sheets_sync.backends.xlsx.fit import DEFAULT_ROW_PT, DEFAULT_WIDTH, column_px

from .calls import Call, handles
from .errors import GraphError, read_only
from .workbook_values import parse_address

_WS = "DRIVE/ITEM/workbook/worksheets/{}"
#: openpyxl keeps a chart's size in centimetres; Graph's are points.
POINTS_PER_CM = 28.35
#: Points per pixel (96 px to the inch).
POINTS_PER_PX = 0.75
#: How far a position is looked for (points past this land on the last cell counted).
_MAX_CELLS = 16_384


def column_points(sheet: Worksheet, column: int) -> float:
    """The width of a 1-based column in points (the xlsx adapter's Calibri 11 estimate)."""
    width = sheet.column_dimensions[get_column_letter(column)].width or DEFAULT_WIDTH
    return column_px(width) * POINTS_PER_PX


def row_points(sheet: Worksheet, row: int) -> float:
    return sheet.row_dimensions[row].height or DEFAULT_ROW_PT


def corner_of(chart: Any) -> tuple[int, int]:
    """The 1-based (row, column) of the cell a chart is anchored at."""
    anchor = chart.anchor
    if isinstance(anchor, str):
        top, left, _, _ = parse_address(anchor)
        return top, left
    return anchor._from.row + 1, anchor._from.col + 1


def offset_of(sheet: Worksheet, row: int, column: int) -> tuple[float, float]:
    """``(left, top)`` of a 1-based cell in points."""
    left = sum(column_points(sheet, c) for c in range(1, column))
    top = sum(row_points(sheet, r) for r in range(1, row))
    return left, top


def cell_at(sheet: Worksheet, left: float, top: float) -> tuple[int, int]:
    """The 1-based (row, column) of the cell holding the point ``(left, top)``."""
    column, edge = 1, column_points(sheet, 1)
    while edge <= left and column < _MAX_CELLS:
        column += 1
        edge += column_points(sheet, column)
    row, edge = 1, row_points(sheet, 1)
    while edge <= top and row < 1_048_576 and row < _MAX_CELLS * 64:
        row += 1
        edge += row_points(sheet, row)
    return row, column


def chart_json(call: Call, sheet: Worksheet, chart: Any) -> dict[str, Any]:
    """A workbookChart: its name (also its id here), place and size in points."""
    name = call.workbook().chart_name(chart, sheet)
    left, top = offset_of(sheet, *corner_of(chart))
    return {
        "@odata.type": "#microsoft.graph.workbookChart",
        "id": name,
        "name": name,
        "height": round(float(chart.height) * POINTS_PER_CM, 2),
        "width": round(float(chart.width) * POINTS_PER_CM, 2),
        "left": round(left, 2),
        "top": round(top, 2),
    }


def title_json(chart: Any) -> dict[str, Any]:
    text = _title_text(chart)
    return {
        "@odata.type": "#microsoft.graph.workbookChartTitle",
        "text": text,
        "visible": chart.title is not None,
        "overlay": False,
    }


@handles("GET", _WS + "/charts", "workbook.charts.list")
def list_charts(call: Call) -> Any:
    sheet = call.sheet()
    return {"value": [chart_json(call, sheet, c) for c in _charts(sheet)]}


@handles("POST", _WS + "/charts/add", "workbook.charts.add")
def add_chart(call: Call) -> Any:
    sheet, body = call.sheet(), call.body or {}
    _check_unprotected(sheet)
    if str(body.get("type", "")).lower() not in ("columnclustered", "barclustered"):
        raise GraphError(
            501, "notImplemented", "The fake draws ColumnClustered and BarClustered charts only."
        )
    top, left, bottom, right = parse_address(str(body.get("sourceData", "")))
    chart = BarChart()
    chart.type = "col" if str(body["type"]).lower() == "columnclustered" else "bar"
    data = Reference(sheet, min_col=left + 1, min_row=top, max_col=right, max_row=bottom)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=left, min_row=top + 1, max_row=bottom))
    sheet.add_chart(chart, "H2")
    call.changed()
    call.status = 201
    return chart_json(call, sheet, chart)


@handles("GET", _WS + "/charts/{}", "workbook.chart.get")
@handles("PATCH", _WS + "/charts/{}", "workbook.chart.patch")
@handles("DELETE", _WS + "/charts/{}", "workbook.chart.delete")
def chart_item(call: Call) -> Any:
    sheet, chart = _chart(call)
    if call.method == "GET":
        return chart_json(call, sheet, chart)
    _check_unprotected(sheet)
    if call.method == "DELETE":
        _charts(sheet).remove(chart)
        call.changed()
        call.status = 204
        return None
    body = call.body or {}
    if body.get("name") is not None:
        _rename(call, sheet, chart, str(body["name"]))
    for key in ("width", "height"):
        if body.get(key) is not None:
            setattr(chart, key, max(float(body[key]), 0.0) / POINTS_PER_CM)
    if body.get("left") is not None or body.get("top") is not None:
        now_left, now_top = offset_of(sheet, *corner_of(chart))
        row, column = cell_at(
            sheet, float(body.get("left", now_left)), float(body.get("top", now_top))
        )
        chart.anchor = f"{get_column_letter(column)}{row}"
    call.changed()
    return chart_json(call, sheet, chart)


@handles("POST", _WS + "/charts/{}/setPosition", "workbook.chart.setPosition")
def set_position(call: Call) -> Any:
    sheet, chart = _chart(call)
    _check_unprotected(sheet)
    body = call.body or {}
    top, left, _, _ = parse_address(str(body.get("startCell") or ""))
    chart.anchor = f"{get_column_letter(left)}{top}"
    if body.get("endCell"):
        _, _, bottom, right = parse_address(str(body["endCell"]))
        width = sum(column_points(sheet, c) for c in range(left, right + 1))
        height = sum(row_points(sheet, r) for r in range(top, bottom + 1))
        chart.width, chart.height = width / POINTS_PER_CM, height / POINTS_PER_CM
    call.changed()
    call.status = 204
    return None


@handles("GET", _WS + "/charts/{}/title", "workbook.chart.title.get")
@handles("PATCH", _WS + "/charts/{}/title", "workbook.chart.title.patch")
def chart_title(call: Call) -> Any:
    sheet, chart = _chart(call)
    if call.method == "PATCH":
        _check_unprotected(sheet)
        body = call.body or {}
        text = str(body["text"]) if body.get("text") is not None else _title_text(chart)
        visible = body["visible"] if body.get("visible") is not None else chart.title is not None
        chart.title = text if visible and text else None
        call.changed()
    return title_json(chart)


def _chart(call: Call) -> tuple[Worksheet, Any]:
    """The sheet and the chart named by the key after ``charts``."""
    sheet = call.sheet()
    index = next(i for i, s in enumerate(call.steps) if s.name == "charts")
    key = call.steps[index + 1].name
    chart = next((c for c in _charts(sheet) if call.workbook().chart_name(c, sheet) == key), None)
    if chart is None:
        raise GraphError(
            404, "itemNotFound", "The requested resource doesn't exist.", inner_code="itemNotFound"
        )
    return sheet, chart


def _rename(call: Call, sheet: Worksheet, chart: Any, name: str) -> None:
    names = call.workbook().chart_names
    for other in _charts(sheet):
        if other is not chart and names.get(id(other), "").casefold() == name.casefold():
            raise GraphError(
                409,
                "ItemAlreadyExists",
                "A chart with that name already exists.",
                inner_code="itemAlreadyExists",
            )
    names[id(chart)] = name


def _title_text(chart: Any) -> str:
    title = chart.title
    if title is None or title.tx is None or title.tx.rich is None:
        return ""
    return "".join(run.t for p in title.tx.rich.p for run in (p.r or []))


def _check_unprotected(sheet: Worksheet) -> None:
    if sheet.protection.sheet:
        raise read_only()


def _charts(sheet: Worksheet) -> list[Any]:
    """The sheet's charts (openpyxl keeps them in a private list)."""
    charts: list[Any] = sheet._charts  # type: ignore[attr-defined]
    return charts
