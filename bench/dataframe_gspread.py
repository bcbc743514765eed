"""Baseline (b): the workshop with gspread-dataframe, one frame per tab or cell group.

Each command opens the spreadsheet and lists its worksheets; tabs are read with
``get_as_dataframe`` and written with ``set_with_dataframe`` (new tabs: ``add_worksheet``
first). A table's tool columns (score, check, status) are one frame per tab; each group of
Consensus cells is one frame.
"""

from __future__ import annotations

import gspread
import pandas as pd
from gspread_dataframe import get_as_dataframe, set_with_dataframe

from bench import content
from bench.script import GspreadScript
from bench.world import FACILITATOR
from sheets_sync.core.validate import TableCheck
from sheets_sync.tabs.table import SCORE, STATUS


def _frame(grid: content.Grid) -> pd.DataFrame:
    return pd.DataFrame([["" if v is None else v for v in line] for line in grid])


def _read(ws: gspread.Worksheet) -> list[list[object]]:
    df = get_as_dataframe(ws, header=None, drop_empty_rows=False, drop_empty_columns=False)
    return df.astype(object).where(df.notna(), None).values.tolist()


def _tool_columns(blocks: list[content.Block]) -> content.Block:
    """The score, check and status blocks of a table tab as one rectangle (D to G)."""
    top = min(b.row for b in blocks)
    bottom = max(b.row + len(b.values) for b in blocks)
    grid: content.Grid = [[None] * (STATUS - SCORE + 1) for _ in range(bottom - top)]
    for b in blocks:
        for i, line in enumerate(b.values):
            for j, v in enumerate(line):
                grid[b.row - top + i][b.col - SCORE + j] = v
    return content.Block(top, SCORE, grid)


class GspreadDataframe(GspreadScript):
    name = "gspread-dataframe"

    @staticmethod
    def _write(ws: gspread.Worksheet, block: content.Block) -> None:
        set_with_dataframe(
            ws,
            _frame(block.values),
            row=block.row + 1,
            col=block.col + 1,
            include_column_header=False,
        )

    def _new_tab(self, sh: gspread.Spreadsheet, title: str, grid: content.Grid) -> None:
        ws = sh.add_worksheet(title, rows=max(100, len(grid)), cols=26)
        self._write(ws, content.Block(0, 0, grid))

    def provision(self) -> None:
        sh = self.gc.create(f"{self.cfg.title}: {self.cfg.locality}", folder_id=self.world.folder)
        self.spreadsheet_id = sh.id
        (first_title, first_grid), *others = content.provision_tabs(self.cfg, self.t)
        first = sh.sheet1
        first.update_title(first_title)
        self._write(first, content.Block(0, 0, first_grid))
        for title, grid in others:
            self._new_tab(sh, title, grid)
        sh.share(FACILITATOR, perm_type="user", role="writer", notify=False)

    def type_entries(self) -> None:
        _, tabs = self._open_tabs()
        row = content.first_entry_row(self.t)
        for n, title in enumerate(content.table_titles(self.cfg, self.t), start=1):
            self._write(tabs[title], content.Block(row, 0, content.entries(n)))

    def _check_and_write(self, tabs: dict[str, gspread.Worksheet]) -> list[TableCheck]:
        titles = content.table_titles(self.cfg, self.t)
        read = [content.tab_from_rows(None, t, _read(tabs[t])) for t in titles]
        checks, writes = content.check_tables(self.cfg, self.t, read)
        for title, blocks in zip(titles, writes, strict=True):
            self._write(tabs[title], _tool_columns(blocks))
        return checks

    def validate(self) -> None:
        _, tabs = self._open_tabs()
        self._check_and_write(tabs)

    def sync(self) -> None:
        _, tabs = self._open_tabs()
        checks = self._check_and_write(tabs)
        consensus = tabs[content.consensus_title(self.t)]
        for block in content.consensus_blocks(self.cfg, self.t, checks):
            self._write(consensus, block)

    def gap(self) -> None:
        sh, tabs = self._open_tabs()
        title = content.consensus_title(self.t)
        read = content.tab_from_rows(None, title, _read(tabs[title]))
        for gap_title, grid in content.gap_tabs(self.cfg, self.t, read):
            self._new_tab(sh, gap_title, grid)

    def status(self) -> None:
        _, tabs = self._open_tabs()
        read = {title: _read(ws) for title, ws in tabs.items()}
        titles = content.table_titles(self.cfg, self.t)
        content.check_tables(
            self.cfg, self.t, [content.tab_from_rows(None, t, read[t]) for t in titles]
        )
