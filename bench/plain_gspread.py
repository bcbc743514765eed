"""Baseline (a): the workshop as a quick, competent gspread script would write it.

Each command opens the spreadsheet and lists its worksheets, then works tab by tab:
``add_worksheet`` + ``update`` per tab to provision, ``get_all_values`` per tab to read,
``update_cell`` per status entry, one ``update`` per group of Consensus cells. 429s are
retried by :class:`~bench.patient_client.PatientHTTPClient`.
"""

from __future__ import annotations

import gspread

from bench import content
from bench.script import GspreadScript
from bench.world import FACILITATOR
from sheets_sync.core.validate import TableCheck


class PlainGspread(GspreadScript):
    name = "plain gspread"

    def _new_tab(self, sh: gspread.Spreadsheet, title: str, grid: content.Grid) -> None:
        ws = sh.add_worksheet(title, rows=max(100, len(grid)), cols=26)
        ws.update(grid, "A1", raw=False)

    def provision(self) -> None:
        sh = self.gc.create(f"{self.cfg.title}: {self.cfg.locality}", folder_id=self.world.folder)
        self.spreadsheet_id = sh.id
        (first_title, first_grid), *others = content.provision_tabs(self.cfg, self.t)
        first = sh.sheet1
        first.update_title(first_title)
        first.update(first_grid, "A1", raw=False)
        for title, grid in others:
            self._new_tab(sh, title, grid)
        sh.share(FACILITATOR, perm_type="user", role="writer", notify=False)

    def type_entries(self) -> None:
        _, tabs = self._open_tabs()
        row = content.first_entry_row(self.t) + 1
        for n, title in enumerate(content.table_titles(self.cfg, self.t), start=1):
            tabs[title].update(content.entries(n), f"A{row}", raw=False)

    def _check_and_write(self, tabs: dict[str, gspread.Worksheet]) -> list[TableCheck]:
        titles = content.table_titles(self.cfg, self.t)
        read = [content.tab_from_rows(None, t, tabs[t].get_all_values()) for t in titles]
        checks, writes = content.check_tables(self.cfg, self.t, read)
        for title, blocks in zip(titles, writes, strict=True):
            for block in blocks:
                for row, col, value in block.cells():
                    tabs[title].update_cell(row + 1, col + 1, value)
        return checks

    def validate(self) -> None:
        _, tabs = self._open_tabs()
        self._check_and_write(tabs)

    def sync(self) -> None:
        _, tabs = self._open_tabs()
        checks = self._check_and_write(tabs)
        consensus = tabs[content.consensus_title(self.t)]
        for block in content.consensus_blocks(self.cfg, self.t, checks):
            values = [["" if v is None else v for v in line] for line in block.values]
            consensus.update(values, gspread.utils.rowcol_to_a1(block.row + 1, block.col + 1))

    def gap(self) -> None:
        sh, tabs = self._open_tabs()
        title = content.consensus_title(self.t)
        read = content.tab_from_rows(None, title, tabs[title].get_all_values())
        for gap_title, grid in content.gap_tabs(self.cfg, self.t, read):
            self._new_tab(sh, gap_title, grid)

    def status(self) -> None:
        _, tabs = self._open_tabs()
        read = {title: ws.get_all_values() for title, ws in tabs.items()}
        titles = content.table_titles(self.cfg, self.t)
        content.check_tables(
            self.cfg, self.t, [content.tab_from_rows(None, t, read[t]) for t in titles]
        )
