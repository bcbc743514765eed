"""A workshop on Microsoft 365 over the Graph fake: its config, sign-in and tables typing."""

from __future__ import annotations

from pathlib import Path

from sheets_sync.backends.microsoft.adapter import MicrosoftBackend
from sheets_sync.backends.microsoft.factory import open_microsoft_backend
from sheets_sync.backends.microsoft.fake import FakeGraph
from sheets_sync.config import WorkshopConfig, load_config
from sheets_sync.tabs.table import table_layout
from sheets_sync.tabs.templates import load_templates
from sheets_sync.workshop.demo import ENTRIES
from sheets_sync.workshop.facade import Workshop
from tests.backends.microsoft.signed_in import FOLDER, folder_of, sign_in
from tests.conftest import FIXED_NOW

FIRST = table_layout(load_templates()).first_entry + 1


def write_config(tmp_path: Path, fake: FakeGraph, tables: int) -> Path:
    """A Microsoft workshop config for the fake tenant, and its folder in the OneDrive."""
    folder_of(fake)
    app = next(a for a in fake.entra.apps.values() if a.public)
    path = tmp_path / "w.toml"
    names = "".join(f"[[tables]]\nname = 'Table {i}'\n" for i in range(1, tables + 1))
    path.write_text(
        "[workshop]\nlocality = 'Sampleton'\ndate = 2026-12-03\n"
        "facilitators = ['facilitator@sampleton.nhs.uk']\n"
        "[backend]\nkind = 'microsoft'\npath = 'w-offline.xlsx'\n"
        f"[microsoft]\ntenant = '{fake.tenant_id}'\nclient_id = '{app.client_id}'\n"
        f"folder = '{FOLDER}'\n" + names,
        encoding="utf-8",
    )
    return path


def backend_for(config: WorkshopConfig, fake: FakeGraph, cache: Path) -> MicrosoftBackend:
    """The factory's backend, signed in, with the fake's clock for its waits."""
    built = open_microsoft_backend(config)
    tokens = sign_in(fake, cache)
    built.http.tokens = tokens
    built.http.sleep = fake.sleep
    built.http.clock = fake.clock.monotonic
    return built


def microsoft_workshop(tmp_path: Path, fake: FakeGraph, tables: int) -> Workshop:
    cfg = load_config(write_config(tmp_path, fake, tables))
    backend = backend_for(cfg, fake, tmp_path / "token.json")
    return Workshop(cfg, backend, clock=lambda: FIXED_NOW)


def item_id(ws: Workshop) -> str:
    assert isinstance(ws.backend, MicrosoftBackend) and ws.backend.item is not None
    return ws.backend.item.id


def tables_type(fake: FakeGraph, item: str, tables: int) -> None:
    """Every table types entries in Excel Online (no requests); tables past the demo's six
    repeat them."""
    for n in range(1, tables + 1):
        rows = ENTRIES[(n - 1) % len(ENTRIES) + 1]
        for i, (rank, principle, why) in enumerate(rows):
            for col, value in zip("ABC", (rank, principle, why), strict=True):
                fake.person_sets(item, f"Table {n}", f"{col}{FIRST + i}", value)
