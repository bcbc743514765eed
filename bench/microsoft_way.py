"""sheets_sync on Microsoft 365: the same workshop as on Google, over the in-process Graph fake.

Each command is a fresh :class:`~sheets_sync.workshop.facade.Workshop` on the factory's
backend, as the CLI runs it, signed in once by device code (real msal against the fake's
Entra) with the backend's sleep and clock on the fake's simulated time. Graph's fake answers in
50 ms a request and models no quota (Graph's limits are not published per minute), so the
numbers are requests and sub-requests: one ``$batch`` is one request of up to 20.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from bench import content
from bench.tool_way import ToolCommands
from sheets_sync.backends.microsoft.adapter import MicrosoftBackend
from sheets_sync.backends.microsoft.auth import MicrosoftSignIn, UserTokens, login
from sheets_sync.backends.microsoft.factory import open_microsoft_backend
from sheets_sync.backends.microsoft.fake import FakeGraph
from sheets_sync.config import WorkshopConfig, load_config
from sheets_sync.tabs.templates import load_templates
from sheets_sync.workshop.demo import SCORES
from sheets_sync.workshop.facade import Workshop

FACILITATOR = "lead@sampleton.nhs.uk"
FOLDER = "Workshops"
#: Simulated time the room spends between two commands, as on Google.
BETWEEN_OPERATIONS = 60.0


@dataclass(frozen=True)
class GraphMeasurement:
    """What one operation cost on Graph: HTTP requests (a batch is one), the sub-requests
    inside batches, 429 answers among either, simulated seconds."""

    operation: str
    requests: int
    sub_requests: int
    rate_limited: int
    seconds: float

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "seconds": round(self.seconds, 2)}


class GraphWorld:
    """A fake tenant with the facilitator signed in, a OneDrive folder and a workshop config."""

    def __init__(self, workdir: Path, tables: int) -> None:
        self.fake = FakeGraph()
        who = self.fake.add_user(FACILITATOR, "Lead Facilitator")
        app = self.fake.register_public_app()
        self.fake.add_folder(self.fake.drive_of(who), FOLDER)
        workdir.mkdir(parents=True, exist_ok=True)
        self.config = self._write_config(workdir / "workshop.toml", tables, app.client_id)
        self.sign_in = MicrosoftSignIn(tenant=self.fake.tenant_id, client_id=app.client_id)
        self.cache = workdir / "microsoft-token.json"
        self.tokens: UserTokens | None = None

    def _write_config(self, path: Path, tables: int, client_id: str) -> WorkshopConfig:
        names = "".join(f"[[tables]]\nname = 'Table {i}'\n" for i in range(1, tables + 1))
        scores = "".join(f"'{code}' = {score}\n" for code, score in SCORES.items())
        path.write_text(
            "[workshop]\nlocality = 'Sampleton'\ndate = 2026-12-03\n"
            f"facilitators = ['{FACILITATOR}']\n"
            f"[backend]\nkind = 'microsoft'\npath = '{path.parent / 'offline.xlsx'}'\n"
            f"[microsoft]\ntenant = '{self.fake.tenant_id}'\nclient_id = '{client_id}'\n"
            f"folder = '{FOLDER}'\n{names}[scores]\n{scores}",
            encoding="utf-8",
        )
        return load_config(path)

    def __enter__(self) -> GraphWorld:
        # What Graph v1.0 cannot keep on a gap tab is logged as a warning per tab; the
        # bench counts requests, so it keeps its output to its tables.
        logging.getLogger("sheets_sync.backends.microsoft").setLevel(logging.ERROR)
        self.fake.start()
        who = next(u for u in self.fake.world.users.values() if not u.external)
        self.fake.approve_device_codes_automatically(who)
        login(self.sign_in, tell=lambda _line: None, cache_file=self.cache)
        self.fake.approve_device_codes_automatically(None)
        self.tokens = UserTokens(self.sign_in, cache_file=self.cache)
        return self

    def __exit__(self, *exc: object) -> None:
        self.fake.stop()

    def backend(self) -> MicrosoftBackend:
        """The factory's backend, signed in, waiting on the fake's clock."""
        built = open_microsoft_backend(self.config)
        assert self.tokens is not None
        built.http.tokens = self.tokens
        built.http.sleep = self.fake.sleep
        built.http.clock = self.fake.clock.monotonic
        return built

    def measure(self, operation: str, run: Callable[[], object]) -> GraphMeasurement:
        """Run one operation after the room's pause and count what it cost."""
        self.fake.sleep(BETWEEN_OPERATIONS)
        first, started = len(self.fake.requests), self.fake.clock.now
        run()
        sent = [r for r in self.fake.requests[first:] if not r.is_login]
        subs = [s for r in sent for s in r.sub_requests]
        return GraphMeasurement(
            operation,
            requests=len(sent),
            sub_requests=len(subs),
            rate_limited=sum(1 for r in (*sent, *subs) if r.status == 429),
            seconds=self.fake.clock.now - started,
        )

    def check_faithful(self) -> None:
        """Refuse results from requests the fake found invalid or does not model."""
        problems = [
            f"{v.operation} {v.where} {v.field}: {v.message}" for v in self.fake.schema_violations
        ]
        problems += [f"not modelled by the fake: {what}" for what in self.fake.unimplemented]
        if problems:
            raise RuntimeError("the Graph fake saw invalid requests:\n  " + "\n  ".join(problems))


class SheetsSyncMicrosoft(ToolCommands):
    """The workshop's commands on Microsoft 365, as :class:`bench.sheets_sync_way.SheetsSync`
    runs them on Google."""

    name = "sheets_sync on Microsoft 365"

    def __init__(self, world: GraphWorld) -> None:
        self.world = world
        self.cfg = world.config
        self.t = load_templates(self.cfg.templates)
        self.spreadsheet_id = ""

    def _workshop(self) -> Workshop:
        return Workshop(self.cfg, self.world.backend(), self.t, clock=lambda: content.NOW)

    def provision(self) -> None:
        ws = self._workshop()
        ws.provision()
        assert isinstance(ws.backend, MicrosoftBackend) and ws.backend.item is not None
        self.spreadsheet_id = ws.backend.item.id
