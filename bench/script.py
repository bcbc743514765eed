"""What every gspread baseline script holds: its world, the workshop's templates and a client.

A script made its spreadsheet in ``provision`` and keeps its id; each command then opens it
again, as a separate run of the script would.
"""

from __future__ import annotations

import gspread

from bench.patient_client import patient_client
from bench.world import World
from sheets_sync.tabs.templates import load_templates


class GspreadScript:
    """A baseline's common state; subclasses give ``name`` and the workshop's commands."""

    name = "gspread script"

    def __init__(self, world: World) -> None:
        self.world = world
        self.cfg = world.config
        self.t = load_templates(self.cfg.templates)
        self.gc = patient_client(world.account, world.fake.sleep)
        self.spreadsheet_id = ""

    def _open(self) -> gspread.Spreadsheet:
        """The spreadsheet (``open_by_key`` reads its metadata: one request)."""
        return self.gc.open_by_key(self.spreadsheet_id)

    def _open_tabs(self) -> tuple[gspread.Spreadsheet, dict[str, gspread.Worksheet]]:
        """The spreadsheet and its worksheets by title (two requests)."""
        sh = self._open()
        return sh, {ws.title: ws for ws in sh.worksheets()}
