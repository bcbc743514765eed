"""The workshop's commands as sheets_sync runs them, whichever backend a world holds.

Each command is a fresh :class:`~sheets_sync.workshop.facade.Workshop`, as the CLI runs it.
Tables type in the browser, so their entries go in with the fake's ``person_sets``, which
costs no request: the tool never writes them.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

from bench import content
from sheets_sync.config import WorkshopConfig
from sheets_sync.model import a1
from sheets_sync.tabs.templates import Templates
from sheets_sync.workshop.facade import Workshop


class ToolCommands(ABC):
    """The commands; a subclass gives ``_workshop`` and records the workbook's id in
    ``provision``. ``world.fake.person_sets(id, tab, cell, value)`` types as a person."""

    world: Any
    cfg: WorkshopConfig
    t: Templates
    spreadsheet_id: str

    @abstractmethod
    def _workshop(self) -> Workshop:
        """A fresh workshop on this world's backend."""

    def type_entries(self) -> None:
        top = content.first_entry_row(self.t)
        for n, title in enumerate(content.table_titles(self.cfg, self.t), start=1):
            for i, line in enumerate(content.entries(n)):
                for j, value in enumerate(line):
                    self.world.fake.person_sets(self.spreadsheet_id, title, a1(top + i, j), value)

    def validate(self) -> None:
        self._workshop().validate()

    def sync(self) -> None:
        self._workshop().sync()

    def gap(self) -> None:
        self._workshop().gap()

    def status(self) -> None:
        self._workshop().status()
