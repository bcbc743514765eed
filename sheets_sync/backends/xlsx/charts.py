"""Charts in xlsx: specs kept in the workbook, native bar charts re-drawn on every save.

openpyxl cannot be trusted with a chart across a load and a save: it reads charts back only
partly (layout, fonts and Excel's additions are lost) and older versions dropped them. So
:class:`~sheets_sync.model.ChartSpec` objects are kept as JSON on a *very hidden* tab,
``_sheets_sync`` (people cannot unhide it from Excel's menus), one row per chart keyed by tab
key and chart key, and every save removes the charts it drew before (recognised by their
title on that tab) and draws every kept spec afresh against the tab's current title.

A drawn chart is made to be read on a projector: horizontal bars in the order of the rows
(first row on top), every category labelled (none skipped), values at the bar ends, large
axis text, a title, and the spec's size in pixels. A chart a person added is left to
openpyxl, which keeps its data but may lose formatting; :func:`draw_all` reports it so the
caller can warn.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from openpyxl.chart import BarChart, Reference, Series
from openpyxl.chart._chart import ChartBase
from openpyxl.chart.label import DataLabelList
from openpyxl.chart.text import RichText
from openpyxl.drawing.text import CharacterProperties, Paragraph, ParagraphProperties
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from sheets_sync.errors import WorkbookError
from sheets_sync.model import ChartSpec, a1

META_TITLE = "_sheets_sync"
_HEADER = ("kind", "tab key", "chart key", "spec (JSON)")
_PX_TO_CM = 2.54 / 96


def meta_sheet(wb: Workbook, *, create: bool = False) -> Worksheet | None:
    """The very hidden tab holding the tool's records, made on demand."""
    if META_TITLE in wb.sheetnames:
        sheet: object = wb[META_TITLE]
        return sheet if isinstance(sheet, Worksheet) else None
    if not create:
        return None
    ws: Worksheet = wb.create_sheet(META_TITLE)
    ws.sheet_state = "veryHidden"
    ws.protection.sheet = True
    ws.append(["sheets_sync's own records: do not edit"])
    ws.append(list(_HEADER))
    return ws


def _spec_from_json(text: str) -> ChartSpec:
    d: dict[str, Any] = json.loads(text)
    return ChartSpec(
        key=str(d["key"]),
        title=str(d["title"]),
        rows=(int(d["rows"][0]), int(d["rows"][1])),
        category_col=int(d["category_col"]),
        value_cols=tuple(int(c) for c in d["value_cols"]),
        series_names=tuple(str(n) for n in d["series_names"]),
        anchor=(int(d["anchor"][0]), int(d["anchor"][1])),
        width_px=int(d["width_px"]),
        height_px=int(d["height_px"]),
    )


def kept_charts(wb: Workbook) -> tuple[list[tuple[str, ChartSpec]], list[str]]:
    """Every kept ``(tab key, spec)``, and a note for each record that cannot be read."""
    ws = meta_sheet(wb)
    if ws is None:
        return [], []
    charts: list[tuple[str, ChartSpec]] = []
    problems: list[str] = []
    for row in ws.iter_rows(min_row=3, values_only=True):
        if not row or row[0] != "chart":
            continue
        try:
            charts.append((str(row[1]), _spec_from_json(str(row[3]))))
        except (KeyError, IndexError, TypeError, ValueError) as err:
            problems.append(f"a chart record on the {META_TITLE} tab is unreadable ({err})")
    return charts, problems


def keep_chart(wb: Workbook, tab_key: str, spec: ChartSpec) -> ChartSpec | None:
    """Record ``spec`` for ``tab_key``, replacing (and returning) the one of the same key."""
    _check(spec)
    ws = meta_sheet(wb, create=True)
    assert ws is not None
    record = ["chart", tab_key, spec.key, json.dumps(asdict(spec), ensure_ascii=False)]
    for row in ws.iter_rows(min_row=3):
        if row[0].value == "chart" and row[1].value == tab_key and row[2].value == spec.key:
            try:
                previous: ChartSpec | None = _spec_from_json(str(row[3].value))
            except (KeyError, IndexError, TypeError, ValueError):
                previous = None
            for cell, value in zip(row, record, strict=False):
                cell.value = value
                cell.data_type = "s"
            return previous
    ws.append(record)
    return None


def _check(spec: ChartSpec) -> None:
    first, last = spec.rows
    if first < 0 or last < first or not spec.value_cols:
        raise WorkbookError(
            f"chart {spec.key!r}: needs rows (first, last) with first <= last and a value column"
        )
    if spec.series_names and len(spec.series_names) != len(spec.value_cols):
        raise WorkbookError(
            f"chart {spec.key!r}: {len(spec.value_cols)} value columns but "
            f"{len(spec.series_names)} series names"
        )


def _text(size_pt: int, *, bold: bool = False) -> RichText:
    props = CharacterProperties(sz=size_pt * 100, b=bold)
    return RichText(p=[Paragraph(pPr=ParagraphProperties(defRPr=props), endParaRPr=props, r=[])])


def build(ws: Worksheet, spec: ChartSpec) -> BarChart:
    """A native horizontal bar chart of ``spec`` over the cells of ``ws``."""
    first, last = spec.rows
    chart = BarChart()
    chart.type = "bar"
    chart.grouping = "clustered"
    chart.gapWidth = 40
    chart.title = spec.title
    chart.width = spec.width_px * _PX_TO_CM  # type: ignore[assignment]  # cm, a float
    chart.height = spec.height_px * _PX_TO_CM
    for i, col in enumerate(spec.value_cols):
        values = Reference(ws, min_col=col + 1, min_row=first + 1, max_row=last + 1)
        name = spec.series_names[i] if spec.series_names else None
        chart.series.append(Series(values, title=name))
    chart.set_categories(
        Reference(ws, min_col=spec.category_col + 1, min_row=first + 1, max_row=last + 1)
    )
    chart.x_axis.scaling.orientation = "maxMin"  # first row on top, as in the table
    chart.y_axis.crosses = "max"  # so the value axis sits at the bottom
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.x_axis.tickLblSkip = 1  # every category labelled: Excel skips some when crowded
    chart.x_axis.tickMarkSkip = 1
    chart.x_axis.txPr = _text(12)
    chart.y_axis.txPr = _text(11)
    chart.y_axis.majorGridlines = None
    chart.dataLabels = DataLabelList(  # every flag explicit: LibreOffice reads absent as on
        showVal=True,
        showCatName=False,
        showSerName=False,
        showLegendKey=False,
        showPercent=False,
        showBubbleSize=False,
    )
    chart.dataLabels.txPr = _text(11, bold=True)
    if len(spec.value_cols) < 2:
        chart.legend = None
    else:
        chart.legend.position = "b"
    return chart


def title_of(chart: ChartBase) -> str | None:
    """The plain text of a chart's title, if it has one."""
    title = chart.title
    if title is None:
        return None
    if isinstance(title, str):
        return title
    rich = title.tx.rich if title.tx is not None else None
    if rich is None:
        return None
    return "".join(run.t or "" for p in rich.p for run in (p.r or []))


def _charts(ws: Worksheet) -> list[ChartBase]:
    charts: list[ChartBase] = ws._charts  # type: ignore[attr-defined]
    return charts


def forget_drawn(ws: Worksheet, title: str) -> None:
    """Remove the charts titled ``title`` that openpyxl read back from ``ws``."""
    charts = _charts(ws)
    charts[:] = [c for c in charts if title_of(c) != title]


def _placed(
    wb: Workbook, tabs: dict[str, Worksheet]
) -> tuple[dict[str, list[ChartSpec]], list[str]]:
    """The kept chart specs by sheet title, and notes on what cannot be kept as it was:
    charts people made, charts whose tab is gone."""
    kept, notes = kept_charts(wb)
    ours: dict[str, list[ChartSpec]] = {}
    for tab_key, spec in kept:
        ws = tabs.get(tab_key)
        if ws is None:
            notes.append(f"chart {spec.title!r}: its tab {tab_key!r} is gone; not drawn")
            continue
        ours.setdefault(ws.title, []).append(spec)
    for ws in wb.worksheets:
        titles = {s.title for s in ours.get(ws.title, [])}
        for chart in _charts(ws):
            if title_of(chart) not in titles:
                notes.append(
                    f"tab {ws.title!r}: chart {title_of(chart) or '(untitled)'!r} was not made "
                    "by sheets_sync; openpyxl keeps its data but may lose its formatting"
                )
    return ours, notes


def chart_notes(wb: Workbook, tabs: dict[str, Worksheet]) -> list[str]:
    """What :func:`draw_all` would note, without drawing anything."""
    return _placed(wb, tabs)[1]


def draw_all(wb: Workbook, tabs: dict[str, Worksheet]) -> list[str]:
    """Re-draw every kept chart on its tab (``tabs`` maps key to sheet); returns
    :func:`chart_notes`."""
    ours, notes = _placed(wb, tabs)
    for ws in wb.worksheets:
        specs = ours.get(ws.title, [])
        titles = {s.title for s in specs}
        charts = _charts(ws)
        charts[:] = [c for c in charts if title_of(c) not in titles]
        for spec in specs:
            ws.add_chart(build(ws, spec), a1(*spec.anchor))
    return notes
