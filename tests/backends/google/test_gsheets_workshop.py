"""A whole workshop on Google Sheets (the fake): what each command costs in HTTP requests.

People type into the spreadsheet through the fake's person helpers (as in the Sheets UI,
so ``1`` becomes a number and ``=…`` a formula); the facilitator's commands run the real
workshop logic over the real adapter.
"""

from __future__ import annotations

from pathlib import Path

from sheets_sync.backends.google.adapter import GoogleSheetsBackend
from sheets_sync.backends.google.auth import load_credentials
from sheets_sync.backends.google.factory import share_targets
from sheets_sync.backends.google.fake.fake import FakeGoogle
from sheets_sync.config import load_config
from sheets_sync.core.principles import BY_CODE
from sheets_sync.model import a1
from sheets_sync.tabs.consensus import CONSENSUS_LAYOUT
from sheets_sync.tabs.keys import CONSENSUS
from sheets_sync.tabs.table import table_layout
from sheets_sync.workshop import demo
from sheets_sync.workshop.facade import Workshop
from tests.conftest import FIXED_NOW, write_config

pytest_plugins = ["sheets_sync.backends.google.fake.plugin"]


def test_a_workshop_costs_a_handful_of_requests(
    google_fake: FakeGoogle, service_account_file: Path, tmp_path: Path
) -> None:
    config = load_config(write_config(tmp_path, tables=6))
    folder = google_fake.add_folder("Workshops", parent=google_fake.add_shared_drive())
    backend = GoogleSheetsBackend(
        load_credentials(service_account_file, env={}),
        title=config.title,
        folder_id=folder,
        workshop_id=config.workshop_id,
        state_file=config.state_file,
        sleep=google_fake.sleep,
        clock=google_fake.clock,
        share_with=share_targets(config),
    )
    workshop = Workshop(config, backend, clock=lambda: FIXED_NOW)

    google_fake.reset_counts()
    workshop.provision()
    assert google_fake.count("sheets.") <= 3
    assert google_fake.count("drive.files.") == 2
    assert google_fake.count("drive.permissions.create") == len(share_targets(config))

    sid = str(backend.spreadsheet_id)
    lay = table_layout(workshop.templates)
    for n, rows in demo.ENTRIES.items():
        title = config.tables[n - 1].name
        for i, (rank, principle, why) in enumerate(rows):
            row = lay.first_entry + i
            for col, value in enumerate((rank, principle, why)):
                google_fake.person_sets(sid, title, a1(row, col), str(value))

    google_fake.reset_counts()
    first = workshop.sync()
    assert first.writes > 0
    assert google_fake.count() == 2  # one read of every tab, one write
    assert google_fake.count("sheets.spreadsheets.batchUpdate") == 1

    google_fake.reset_counts()
    assert workshop.sync().writes == 0
    assert google_fake.count() == 1  # nothing changed: read only

    consensus = backend.read().get(CONSENSUS)
    assert consensus is not None
    for i, code in enumerate(["MICRO-7", "MESO-1", "MACRO-3", "MICRO-6", "MESO-4"]):
        cell = a1(CONSENSUS_LAYOUT.agreed + 1 + i, 1)
        google_fake.person_sets(sid, consensus.title, cell, BY_CODE[code].label)

    google_fake.reset_counts()
    result = workshop.gap()
    assert result.agreed == ("MICRO-7", "MESO-1", "MACRO-3", "MICRO-6", "MESO-4")
    assert google_fake.count() == 2
    assert sum(1 for tab in backend.read() if tab.key and tab.key.startswith("gap")) == 5
    assert google_fake.schema_violations == []
