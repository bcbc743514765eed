"""The contract harness for the xlsx backend: an inspector and a person over openpyxl.

The :class:`XlsxPerson` stands in for someone editing the file in Excel. openpyxl by itself
does not do what Excel does around an edit, so the person also does, by hand and independently
of the adapter's code, the part of Excel's behaviour the contract depends on:

* renaming a tab rewrites every reference to it in defined names, cell formulas and data
  validations (Excel and LibreOffice do this for all three);
* inserting rows moves the cells below (openpyxl's ``insert_rows``) and shifts the row numbers
  of defined names and validation ranges on that tab (Excel shifts them; a reference that
  already ends at the last row stays there).

What it does not emulate: Excel's habit of moving cross-tab dropdowns into its extension list,
row formats copied into inserted rows, and everything else Excel does on save. The
LibreOffice tests in ``tests/test_xlsx_backend.py`` make the same edits in a real spreadsheet
program to check this emulation.
"""

from __future__ import annotations

import re
import warnings
from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.cell.cell import Cell
from openpyxl.utils.cell import range_boundaries
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from sheets_sync.backends.base import WorkbookBackend
from sheets_sync.backends.xlsx.adapter import XlsxBackend
from sheets_sync.model import CellRange, parse_a1
from tests.contract.conftest import ChartView, DropdownView, Harness

LAST_ROW = 1_048_576


def load(path: Path) -> Workbook:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return openpyxl.load_workbook(path)


def sheet(wb: Workbook, title: str) -> Worksheet:
    ws = wb[title]
    assert isinstance(ws, Worksheet)
    return ws


def _split(ref: str) -> tuple[str, str]:
    title, _, area = ref.lstrip("=").rpartition("!")
    if title.startswith("'"):
        title = title[1:-1].replace("''", "'")
    return title, area


def _cell_range(area: str) -> CellRange:
    min_col, min_row, max_col, max_row = range_boundaries(area.replace("$", ""))
    assert min_col is not None and min_row is not None
    return CellRange(
        min_row - 1,
        min_col - 1,
        None if max_row is None else max_row - 1,
        None if max_col is None else max_col - 1,
    )


class XlsxProtection:
    """Excel's rule: on a protected sheet a cell is locked unless its format says otherwise;
    a cell not written takes its row's format, else its column's."""

    def __init__(self, ws: Worksheet) -> None:
        self.ws = ws

    @property
    def protected(self) -> bool:
        return bool(self.ws.protection.sheet)

    def locked(self, row: int, col: int) -> bool:
        if not self.protected:
            return False
        cell = self.ws._cells.get((row + 1, col + 1))
        if cell is not None:
            return bool(cell.protection.locked)
        dim: Any = self.ws.row_dimensions.get(row + 1)
        if dim is None or not dim.has_style:
            dim = None
            for key, cd in self.ws.column_dimensions.items():
                low = cd.min or openpyxl.utils.column_index_from_string(key)
                if low <= col + 1 <= (cd.max or low) and cd.has_style:
                    dim = cd
        return True if dim is None else bool(dim.protection.locked)


class XlsxInspector:
    """Reads the file afresh with openpyxl for every question."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def _ws(self, title: str) -> Worksheet:
        return sheet(load(self.path), title)

    def dropdowns(self, title: str) -> list[DropdownView]:
        views = []
        for dv in self._ws(title).data_validations.dataValidation:
            if dv.type != "list" or not dv.formula1:
                continue
            source_title, area = _split(dv.formula1)
            strict = bool(dv.showErrorMessage) and dv.errorStyle in (None, "stop")
            for where in dv.sqref.ranges:
                views.append(
                    DropdownView(_cell_range(where.coord), source_title, _cell_range(area), strict)
                )
        return views

    def protections(self, title: str) -> XlsxProtection:
        return XlsxProtection(self._ws(title))

    def is_formula(self, title: str, cell: tuple[int, int]) -> bool:
        found = self._ws(title)._cells.get((cell[0] + 1, cell[1] + 1))
        return found is not None and found.data_type == "f"

    def frozen(self, title: str) -> tuple[int, int]:
        pane = self._ws(title).freeze_panes
        return (0, 0) if pane is None else parse_a1(pane)

    def charts(self, title: str) -> list[ChartView]:
        views = []
        for chart in self._ws(title)._charts:
            text = ""
            if chart.title is not None and chart.title.tx is not None:
                text = "".join(r.t for p in chart.title.tx.rich.p for r in (p.r or []))
            start = chart.anchor._from
            views.append(
                ChartView(text, chart.type == "bar", len(chart.series), (start.row, start.col))
            )
        return views

    def tab_color(self, title: str) -> str | None:
        colour = self._ws(title).sheet_properties.tabColor
        return None if colour is None or colour.rgb is None else "#" + str(colour.rgb)[-6:]

    def row_height_px(self, title: str, row: int) -> float:
        height = self._ws(title).row_dimensions[row + 1].height
        return (15.0 if height is None else float(height)) * 4 / 3

    def hidden_cols(self, title: str) -> set[int]:
        ws = self._ws(title)
        return {
            openpyxl.utils.column_index_from_string(key) - 1
            for key, dim in ws.column_dimensions.items()
            if dim.hidden
        }

    def merges(self, title: str) -> set[CellRange]:
        return {
            CellRange(m.min_row - 1, m.min_col - 1, m.max_row - 1, m.max_col - 1)
            for m in self._ws(title).merged_cells.ranges
        }


def _shift_rows(area: str, before: int, count: int) -> str:
    """Excel's row shift for an insertion of ``count`` rows above 1-based row ``before``, or
    for a deletion of ``-count`` rows from ``before`` on (rows below move up)."""

    def sub(m: re.Match[str]) -> str:
        n = int(m.group(2))
        if count < 0:
            return m.group(1) + str(n + count if n >= before - count else n)
        return m.group(1) + str(min(n + count, LAST_ROW) if n >= before else n)

    return re.sub(r"(\$?[A-Z]{0,3}\$?)(\d+)", sub, area)


def _rename(text: str, old: str, new: str) -> str:
    quoted_new = "'" + new.replace("'", "''") + "'"
    pattern = r"(?:'" + re.escape(old.replace("'", "''")) + r"'|(?<![\w.])" + re.escape(old) + ")!"
    return re.sub(pattern, lambda _: quoted_new + "!", text, flags=re.IGNORECASE)


class XlsxPerson:
    """Edits the file as a person in Excel would (see the module docstring)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def rename_tab(self, old: str, new: str) -> None:
        wb = load(self.path)
        for dn in wb.defined_names.values():
            dn.attr_text = _rename(dn.attr_text, old, new)
        for ws in wb.worksheets:
            for cell in ws._cells.values():
                if isinstance(cell, Cell) and cell.data_type == "f":
                    cell.value = _rename(str(cell.value), old, new)
            for dv in ws.data_validations.dataValidation:
                if dv.formula1:
                    dv.formula1 = _rename(dv.formula1, old, new)
        sheet(wb, old).title = new
        wb.save(self.path)

    def insert_rows(self, title: str, before: int, count: int) -> None:
        wb = load(self.path)
        ws = sheet(wb, title)
        ws.insert_rows(before + 1, count)
        for dn in wb.defined_names.values():
            ref_title, area = _split(dn.attr_text)
            if ref_title == title:
                dn.attr_text = dn.attr_text[: -len(area)] + _shift_rows(area, before + 1, count)
        for dv in ws.data_validations.dataValidation:
            dv.sqref = openpyxl.worksheet.cell_range.MultiCellRange(
                _shift_rows(str(dv.sqref), before + 1, count)
            )
        wb.save(self.path)

    def delete_rows(self, title: str, first: int, count: int) -> None:
        wb = load(self.path)
        ws = sheet(wb, title)
        ws.delete_rows(first + 1, count)
        for dn in wb.defined_names.values():
            ref_title, area = _split(dn.attr_text)
            if ref_title == title:
                dn.attr_text = dn.attr_text[: -len(area)] + _shift_rows(area, first + 1, -count)
        wb.save(self.path)

    def add_tab(self, title: str) -> None:
        wb = load(self.path)
        wb.create_sheet(title)
        wb.save(self.path)

    def type(self, title: str, cell: tuple[int, int], text: str) -> None:
        wb = load(self.path)
        sheet(wb, title).cell(row=cell[0] + 1, column=cell[1] + 1).value = text
        wb.save(self.path)


def xlsx_harness(path: Path, *, clock: Any = datetime.now) -> Harness:
    """A harness on the (not yet existing) file ``path``."""

    def at(location: str) -> WorkbookBackend:
        return XlsxBackend(Path(location), clock=clock)

    return Harness(
        backend=at(str(path)),
        inspect=XlsxInspector(path),
        person=XlsxPerson(path),
        at=at,
    )
