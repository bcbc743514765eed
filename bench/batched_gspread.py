"""Baseline (c): the workshop as a careful gspread user would script it, batching every call.

Each command opens the spreadsheet once (``open_by_key``, which reads its metadata), reads
every range it needs in one ``values_batch_get`` and writes in one ``values_batch_update`` (and,
to add tabs, one ``batch_update``). This is the fair yardstick: a script written this way sends
a handful of requests per command, as sheets_sync does.

What it skips, and sheets_sync does: formatting, dropdowns, protection, the hidden state tab
and the chart (values only, so its counts are a lower bound); it checks nothing before writing
(a person's edit in a cell it writes is overwritten), has no offline copy, no merge and no
conflicts, and finds no workbook it made before (a second ``provision`` makes a second one).
"""

from __future__ import annotations

from typing import Any

import gspread
from gspread.utils import absolute_range_name, rowcol_to_a1

from bench import content
from bench.script import GspreadScript
from bench.world import FACILITATOR
from sheets_sync.core.validate import TableCheck
from sheets_sync.model import Tab, a1


def _value_range(title: str, row: int, col: int, grid: content.Grid) -> dict[str, Any]:
    values = [["" if v is None else v for v in line] for line in grid]
    return {"range": absolute_range_name(title, rowcol_to_a1(row + 1, col + 1)), "values": values}


class BatchedGspread(GspreadScript):
    name = "batched gspread"

    def _write(self, sh: gspread.Spreadsheet, ranges: list[dict[str, Any]]) -> None:
        if ranges:
            sh.values_batch_update({"valueInputOption": "USER_ENTERED", "data": ranges})

    def _add_tabs(self, sh: gspread.Spreadsheet, tabs: list[tuple[str, content.Grid]]) -> None:
        """Every new tab in one ``batch_update``, their values in one ``values_batch_update``."""
        sh.batch_update(
            {
                "requests": [
                    {"addSheet": {"properties": {"title": title, "gridProperties": _grid(grid)}}}
                    for title, grid in tabs
                ]
            }
        )
        self._write(sh, [_value_range(title, 0, 0, grid) for title, grid in tabs])

    def provision(self) -> None:
        sh = self.gc.create(f"{self.cfg.title}: {self.cfg.locality}", folder_id=self.world.folder)
        self.spreadsheet_id = sh.id
        tabs = content.provision_tabs(self.cfg, self.t)
        sh.batch_update(
            {
                "requests": [
                    {
                        "updateSheetProperties": {
                            "properties": {"sheetId": sh.sheet1.id, "title": tabs[0][0]},
                            "fields": "title",
                        }
                    },
                    *(
                        {"addSheet": {"properties": {"title": t, "gridProperties": _grid(g)}}}
                        for t, g in tabs[1:]
                    ),
                ]
            }
        )
        self._write(sh, [_value_range(t, 0, 0, g) for t, g in tabs])
        sh.share(FACILITATOR, perm_type="user", role="writer", notify=False)

    def type_entries(self) -> None:
        top = content.first_entry_row(self.t)
        for n, title in enumerate(content.table_titles(self.cfg, self.t), start=1):
            for i, line in enumerate(content.entries(n)):
                for j, value in enumerate(line):
                    self.world.fake.person_sets(self.spreadsheet_id, title, a1(top + i, j), value)

    def _read(self, sh: gspread.Spreadsheet, titles: list[str]) -> list[Tab]:
        answer = sh.values_batch_get([absolute_range_name(t) for t in titles])
        return [
            content.tab_from_rows(None, title, vr.get("values", []))
            for title, vr in zip(titles, answer["valueRanges"], strict=True)
        ]

    def _checked(self, sh: gspread.Spreadsheet) -> tuple[list[TableCheck], list[dict[str, Any]]]:
        titles = content.table_titles(self.cfg, self.t)
        checks, writes = content.check_tables(self.cfg, self.t, self._read(sh, titles))
        ranges = [
            _value_range(title, b.row, b.col, b.values)
            for title, blocks in zip(titles, writes, strict=True)
            for b in blocks
        ]
        return checks, ranges

    def validate(self) -> None:
        sh = self._open()
        self._write(sh, self._checked(sh)[1])

    def sync(self) -> None:
        sh = self._open()
        checks, ranges = self._checked(sh)
        title = content.consensus_title(self.t)
        ranges += [
            _value_range(title, b.row, b.col, b.values)
            for b in content.consensus_blocks(self.cfg, self.t, checks)
        ]
        self._write(sh, ranges)

    def gap(self) -> None:
        sh = self._open()
        (consensus,) = self._read(sh, [content.consensus_title(self.t)])
        self._add_tabs(sh, content.gap_tabs(self.cfg, self.t, consensus))

    def status(self) -> None:
        sh = self._open()
        titles = content.table_titles(self.cfg, self.t)
        content.check_tables(self.cfg, self.t, self._read(sh, titles))


def _grid(grid: content.Grid) -> dict[str, int]:
    return {"rowCount": max(100, len(grid)), "columnCount": 26}
