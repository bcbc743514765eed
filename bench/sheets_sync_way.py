"""sheets_sync itself: each command a fresh :class:`~sheets_sync.workshop.facade.Workshop`,
as the CLI runs it, with the backend's sleep and clock wired to the fake's simulated time.

Tables type in the browser, so their entries are put in with the fake's ``person_sets``, which
costs no request: the tool never writes them.
"""

from __future__ import annotations

import random

from google.auth.credentials import Credentials

from bench import content
from bench.tool_way import ToolCommands
from bench.world import World
from sheets_sync.backends.google.adapter import GoogleSheetsBackend
from sheets_sync.backends.google.auth import load_credentials
from sheets_sync.backends.google.factory import share_targets
from sheets_sync.backends.google.fake.fake import FakeGoogle
from sheets_sync.config import WorkshopConfig
from sheets_sync.tabs.templates import load_templates
from sheets_sync.workshop.facade import Workshop


def backend_for(
    cfg: WorkshopConfig, credentials: Credentials, fake: FakeGoogle
) -> GoogleSheetsBackend:
    """The workshop's Google backend, its sleep and clock the fake's simulated time."""
    return GoogleSheetsBackend(
        credentials,
        spreadsheet_id=cfg.google.spreadsheet_id,
        title=f"{cfg.title}: {cfg.locality}",
        folder_id=cfg.google.folder_id,
        workshop_id=cfg.workshop_id,
        state_file=cfg.state_file,
        share_with=share_targets(cfg),
        notify=cfg.google.notify,
        sleep=fake.sleep,
        clock=fake.clock.monotonic,
        rand=random.Random(0).random,
    )


class SheetsSync(ToolCommands):
    name = "sheets_sync"

    def __init__(self, world: World) -> None:
        self.world = world
        self.cfg = world.config
        self.t = load_templates(self.cfg.templates)
        self.spreadsheet_id = ""
        # Loaded once: parsing the key costs real time, not requests (the CLI loads it per run).
        self.credentials = load_credentials(self.cfg.google.credentials)

    def _workshop(self) -> Workshop:
        backend = backend_for(self.cfg, self.credentials, self.world.fake)
        return Workshop(self.cfg, backend, self.t, clock=lambda: content.NOW)

    def provision(self) -> None:
        ws = self._workshop()
        ws.provision()
        assert isinstance(ws.backend, GoogleSheetsBackend) and ws.backend.spreadsheet_id
        self.spreadsheet_id = ws.backend.spreadsheet_id
