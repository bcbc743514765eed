"""Per-table editing on Google: who may edit each range of a table's tab, read back from the
fake's protected ranges and decided by the fake's own protection rules."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from sheets_sync.backends.google.adapter import GoogleSheetsBackend
from sheets_sync.backends.google.factory import open_google_backend
from sheets_sync.backends.google.fake import protection
from sheets_sync.backends.google.fake.errors import ApiError
from sheets_sync.backends.google.fake.fake import FakeGoogle
from sheets_sync.config import load_config
from sheets_sync.model import parse_a1
from sheets_sync.tabs.table import table_layout
from sheets_sync.tabs.templates import load_templates
from sheets_sync.workshop.demo import ENTRIES
from sheets_sync.workshop.facade import Workshop
from tests.conftest import FIXED_NOW

LEAD = "lead@sampleton.gov.uk"
TABLE_1 = "one@nhs.net"
TABLE_2 = "two@school.org.uk"
STRANGER = "someone@example.org"
FIRST = table_layout(load_templates()).first_entry + 1  # 1-based row of rank 1


@pytest.fixture
def provisioned(
    tmp_path: Path, google_fake: FakeGoogle, service_account_file: Path
) -> tuple[Workshop, str, str]:
    folder = google_fake.add_folder("Workshops", parent=google_fake.add_shared_drive())
    path = tmp_path / "w.toml"
    path.write_text(
        "[workshop]\nlocality = 'Sampleton'\ndate = 2026-12-03\n"
        f"facilitators = ['{LEAD}']\n"
        f"[backend]\nkind = 'google'\n[google]\ncredentials = '{service_account_file}'\n"
        f"folder_id = '{folder}'\n"
        f"[[tables]]\nname = 'Table 1'\neditors = ['{TABLE_1}']\n"
        f"[[tables]]\nname = 'Table 2'\neditors = ['{TABLE_2}']\n"
        "[[tables]]\nname = 'Table 3'\n",
        encoding="utf-8",
    )
    cfg = load_config(path)
    ws = Workshop(cfg, open_google_backend(cfg), clock=lambda: FIXED_NOW)
    ws.provision()
    backend = ws.backend
    assert isinstance(backend, GoogleSheetsBackend) and backend.spreadsheet_id is not None
    robot = json.loads(service_account_file.read_text())["client_email"]
    return ws, backend.spreadsheet_id, robot


def _sheet(fake: FakeGoogle, sid: str, title: str) -> dict[str, Any]:
    return next(s for s in fake.spreadsheet(sid)["sheets"] if s["properties"]["title"] == title)


def may_edit(fake: FakeGoogle, sid: str, title: str, cell: str, who: str) -> bool:
    row, col = parse_a1(cell)
    try:
        protection.check_writable(
            _sheet(fake, sid, title), (row, row + 1, col, col + 1), who, fake.world.owners(sid)
        )
    except ApiError:
        return False
    return True


def warned(fake: FakeGoogle, sid: str, title: str, cell: str) -> bool:
    """Whether Sheets shows its 'you are editing a protected cell' warning on ``cell``."""
    sheet = _sheet(fake, sid, title)
    row, col = parse_a1(cell)
    for p in sheet.get("protectedRanges", []):
        if not p.get("warningOnly"):
            continue
        area = protection.range_bounds(sheet, p["range"])
        holes = [protection.range_bounds(sheet, h) for h in p.get("unprotectedRanges", [])]
        inside = area[0] <= row < area[1] and area[2] <= col < area[3]
        if inside and not any(h[0] <= row < h[1] and h[2] <= col < h[3] for h in holes):
            return True
    return False


def test_a_tables_entries_are_for_its_editors_and_the_facilitators(
    google_fake: FakeGoogle, provisioned: tuple[Workshop, str, str]
) -> None:
    _, sid, robot = provisioned
    entry = f"B{FIRST}"
    who = {w: may_edit(google_fake, sid, "Table 1", entry, w) for w in (TABLE_1, LEAD, robot)}
    assert who == {TABLE_1: True, LEAD: True, robot: True}
    assert not may_edit(google_fake, sid, "Table 1", entry, TABLE_2)
    assert not may_edit(google_fake, sid, "Table 1", entry, STRANGER)
    assert may_edit(google_fake, sid, "Table 2", entry, TABLE_2)
    assert not may_edit(google_fake, sid, "Table 2", entry, TABLE_1)
    assert not warned(google_fake, sid, "Table 1", entry)


def test_the_tools_cells_are_the_tools_and_facilitators_are_warned(
    google_fake: FakeGoogle, provisioned: tuple[Workshop, str, str]
) -> None:
    _, sid, robot = provisioned
    for title in ("Table 1", "Table 3"):
        for cell in (f"E{FIRST}", f"G{FIRST}", "A1"):
            assert may_edit(google_fake, sid, title, cell, robot), (title, cell)
            assert may_edit(google_fake, sid, title, cell, LEAD), (title, cell)
            assert warned(google_fake, sid, title, cell), (title, cell)
            for person in (TABLE_1, TABLE_2, STRANGER):
                assert not may_edit(google_fake, sid, title, cell, person), (title, cell, person)


def test_a_table_without_editors_is_open_to_anyone_with_the_link(
    google_fake: FakeGoogle, provisioned: tuple[Workshop, str, str]
) -> None:
    _, sid, _ = provisioned
    for person in (TABLE_1, TABLE_2, STRANGER):
        assert may_edit(google_fake, sid, "Table 3", f"B{FIRST}", person)


def test_the_sync_still_writes_its_cells(
    google_fake: FakeGoogle, provisioned: tuple[Workshop, str, str]
) -> None:
    ws, sid, _ = provisioned
    for i, (rank, principle, why) in enumerate(ENTRIES[1]):
        for col, value in zip("ABC", (rank, principle, why), strict=True):
            google_fake.person_sets(sid, "Table 1", f"{col}{FIRST + i}", value)
    result = ws.sync()
    assert result.checks[0].state == "valid" and result.writes > 0
    assert str(google_fake.values(sid, "Table 1")[FIRST - 1][6]).startswith("Valid: ")
