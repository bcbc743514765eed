"""People insert and delete rows inside a table's entry block: the sync reads the entries where
they are and lays its own cells beside them, on xlsx (Excel's edits as the harness makes them,
and LibreOffice's own) and on Google (the fake's person edits); typing in a tool cell is still
refused."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from sheets_sync.backends.google.factory import open_google_backend
from sheets_sync.backends.google.fake.fake import FakeGoogle
from sheets_sync.backends.xlsx.adapter import XlsxBackend
from sheets_sync.config import load_config
from sheets_sync.errors import ToolCellEdited
from sheets_sync.tabs.keys import table_key
from sheets_sync.tabs.table import CHECK, STATUS, table_layout
from sheets_sync.workshop import demo
from sheets_sync.workshop.facade import Workshop
from tests.conftest import FIXED_NOW, write_config
from tests.contract.conftest import Person
from tests.contract.google_harness import GooglePerson
from tests.contract.libreoffice import libreoffice_person
from tests.contract.xlsx_harness import XlsxPerson

TABLE = "Table 1"


@dataclass
class Room:
    ws: Workshop
    person: Person


def _xlsx_room(tmp_path: Path, _fake: FakeGoogle, _key: Path) -> Room:
    cfg = load_config(write_config(tmp_path, tables=2))
    assert cfg.workbook is not None
    ws = Workshop(cfg, XlsxBackend(cfg.workbook, clock=lambda: FIXED_NOW), clock=lambda: FIXED_NOW)
    ws.provision()
    return Room(ws, XlsxPerson(cfg.workbook))


def _google_room(tmp_path: Path, fake: FakeGoogle, key: Path) -> Room:
    folder = fake.add_folder("Workshops", parent=fake.add_shared_drive())
    path = write_config(tmp_path, tables=2, backend="google")
    path.write_text(
        path.read_text().replace(
            "[google]\n", f"[google]\ncredentials = '{key}'\nfolder_id = '{folder}'\n"
        )
    )
    cfg = load_config(path)
    ws = Workshop(cfg, open_google_backend(cfg), clock=lambda: FIXED_NOW)
    ws.provision()
    backend = ws.backend
    sid = backend.spreadsheet_id  # type: ignore[attr-defined]
    return Room(ws, GooglePerson(fake, lambda: sid))


def _libreoffice_room(tmp_path: Path, fake: FakeGoogle, key: Path) -> Room:
    made = _xlsx_room(tmp_path, fake, key)
    path = Path(made.ws.backend.location())
    return Room(made.ws, libreoffice_person(path, tmp_path / "lo-profile"))


ROOMS: dict[str, Callable[[Path, FakeGoogle, Path], Room]] = {
    "xlsx": _xlsx_room,
    "google": _google_room,
    "libreoffice": _libreoffice_room,
}


def _room(name: str, tmp_path: Path, fake: FakeGoogle, key: Path) -> Room:
    made = ROOMS[name](tmp_path, fake, key)
    demo._fill(made.ws, 1, demo.ENTRIES[1])
    made.ws.sync()
    return made


@pytest.fixture(
    params=[
        pytest.param(name, marks=[pytest.mark.libreoffice] if name == "libreoffice" else [])
        for name in sorted(ROOMS)
    ]
)
def room(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    google_fake: FakeGoogle,
    service_account_file: Path,
) -> Room:
    return _room(request.param, tmp_path, google_fake, service_account_file)


@pytest.fixture(params=["xlsx", "google"])
def deleting_room(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    google_fake: FakeGoogle,
    service_account_file: Path,
) -> Room:
    """Where a person may delete a row holding the tool's locked cells: Excel and LibreOffice
    refuse that on a protected sheet (LibreOffice headless hangs on its refusal), Google lets
    an editor of the protected range do it; the harness's Excel stand-in does what a
    facilitator with the sheet unprotected would."""
    return _room(request.param, tmp_path, google_fake, service_account_file)


def _cell(room: Room, row: int, col: int) -> object:
    tab = room.ws.backend.read().get(table_key(1))
    assert tab is not None
    return tab.value(row, col)


def test_a_row_inserted_inside_the_entries_is_read_where_it_is(room: Room) -> None:
    first = table_layout(room.ws.templates).first_entry
    room.person.insert_rows(TABLE, before=first + 2, count=1)
    room.person.type(TABLE, (first + 2, 0), "6")
    room.person.type(TABLE, (first + 2, 1), "MICRO-7")
    result = room.ws.sync()
    check = result.checks[0]
    assert check.state == "valid"
    assert check.ranking == ("MESO-3", "MICRO-1", "MACRO-2", "MICRO-4", "MESO-5", "MICRO-7")
    assert str(_cell(room, first + 2, CHECK)).startswith("✓ MICRO-7")
    assert str(_cell(room, first + 3, CHECK)).startswith("✓ MACRO-2")
    assert str(_cell(room, first, STATUS)).startswith("Valid: 6 priorities")
    lines = table_layout(room.ws.templates).status_lines
    assert _cell(room, first + lines, STATUS) is None, "no status line left below the area"
    assert room.ws.sync().writes == 0


def test_a_row_deleted_inside_the_entries_is_fine(deleting_room: Room) -> None:
    room = deleting_room
    first = table_layout(room.ws.templates).first_entry
    room.person.delete_rows(TABLE, first=first + 1, count=1)
    result = room.ws.sync()
    check = result.checks[0]
    assert check.state == "invalid"  # four priorities left of five
    assert str(_cell(room, first + 1, CHECK)) == "✗ rank 2 is missing before this one"
    assert str(_cell(room, first, STATUS)).startswith("Invalid: ")
    assert room.ws.sync().writes == 0


def test_typing_in_a_tool_cell_after_an_insert_is_still_refused(room: Room) -> None:
    first = table_layout(room.ws.templates).first_entry
    room.person.insert_rows(TABLE, before=first + 1, count=2)
    room.person.type(TABLE, (first + 4, CHECK), "my note")
    with pytest.raises(ToolCellEdited, match="my note"):
        room.ws.sync()
    assert _cell(room, first + 4, CHECK) == "my note"
