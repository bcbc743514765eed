"""Two workbooks for the offline round trip tests: an online one (the Google fake, or an .xlsx
standing in for it) with a provisioned workshop and one gap tab, and a local mirror path.

People's edits are plain tuples so scenarios can be tables of data:

* ``("set", title, "B5", value)``: type a value (online through the fake's UI helper, so
  ``=…`` would become a formula there; offline exactly as given);
* ``("insert", title, before_row)``, ``("sort", title, first, last, "B")``,
  ``("rename", old, new)``, ``("delete", title)``: online only, Google only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sheets_sync.backends.base import WorkbookBackend
from sheets_sync.backends.google.adapter import GoogleSheetsBackend
from sheets_sync.backends.google.factory import open_google_backend
from sheets_sync.backends.google.fake.fake import FakeGoogle
from sheets_sync.backends.google.fake.grid import get_cell
from sheets_sync.backends.xlsx.adapter import XlsxBackend
from sheets_sync.config import WorkshopConfig, load_config
from sheets_sync.core.principles import BY_CODE
from sheets_sync.model import CellValue, Formula, WorkbookSnapshot, WriteRange, parse_a1
from sheets_sync.offline.look import WorkshopLook
from sheets_sync.offline.sync import OfflineSync
from sheets_sync.tabs.gap import gap_tab
from sheets_sync.workshop.facade import Workshop
from tests.conftest import FIXED_NOW

GAP = "Gap 1 - MESO-3"
GAP_KEY = "gap:MESO-3"
Action = tuple[Any, ...]


def write_workshop_config(tmp_path: Path, *, google_folder: str | None, key: Path | None) -> Path:
    path = tmp_path / "w.toml"
    backend = (
        f"[backend]\nkind = 'google'\npath = 'mirror.xlsx'\n[google]\ncredentials = '{key}'\n"
        f"folder_id = '{google_folder}'\n"
        if google_folder
        else "[backend]\nkind = 'xlsx'\npath = 'local.xlsx'\n"
    )
    path.write_text(
        "[workshop]\nlocality = 'Sampleton'\ndate = 2026-12-03\n"
        + backend
        + "[[tables]]\nname = 'Table 1'\n",
        encoding="utf-8",
    )
    return path


@dataclass
class World:
    """The online workbook, the local mirror path, and how people edit each."""

    config: WorkshopConfig
    online: WorkbookBackend
    local: XlsxBackend
    fake: FakeGoogle | None = None
    sync: OfflineSync = field(init=False)

    def forget(self) -> None:
        """Read the online file again at the next :meth:`online_value`."""
        self._seen = None

    def __post_init__(self) -> None:
        self._seen: WorkbookSnapshot | None = None
        ws = Workshop(self.config, self.online, clock=lambda: FIXED_NOW)
        ws.provision()
        self.online.apply([gap_tab(ws.templates, 1, BY_CODE["MESO-3"], GAP, {})])
        self.look = WorkshopLook(self.config, ws.templates)
        self.sync = OfflineSync(self.online, self.local, look=self.look, clock=lambda: FIXED_NOW)

    @property
    def sid(self) -> str:
        assert isinstance(self.online, GoogleSheetsBackend) and self.online.spreadsheet_id
        return self.online.spreadsheet_id

    def do_online(self, actions: Sequence[Action]) -> None:
        for action in actions:
            kind, *args = action
            if self.fake is None:
                assert kind == "set", f"{kind} needs the Google fake"
                _type(self.online, *args)
            elif kind == "set":
                self.fake.person_sets(self.sid, *args)
            elif kind == "insert":
                self.fake.person_inserts_rows(self.sid, *args)
            elif kind == "sort":
                title, first, last, col = args
                self.fake.person_sorts_rows(self.sid, title, first, last, by_column=col)
            elif kind == "rename":
                self.fake.person_renames_sheet(self.sid, *args)
            elif kind == "delete":
                self.fake.person_deletes_sheet(self.sid, *args)
            else:
                raise AssertionError(kind)

    def online_value(self, title: str, cell: str) -> CellValue:
        """A cell as stored online: text as ``str``, a formula as :class:`Formula`, a number
        as its text. On Google this looks at one sheet of the fake, not a whole read."""
        if self.fake is None:
            if self._seen is None:
                self._seen = self.online.read()
            return value(self._seen, title, cell)
        _, sheet = self.fake._sheet(self.sid, title)
        stored = (get_cell(sheet, *parse_a1(cell)) or {}).get("userEnteredValue") or {}
        if "formulaValue" in stored:
            return Formula(stored["formulaValue"])
        if "stringValue" in stored:
            return str(stored["stringValue"])
        return None if not stored else str(next(iter(stored.values())))

    def online_titles(self) -> list[str]:
        if self.fake is None:
            return [t.title for t in self.online.read()]
        return [s["properties"]["title"] for s in self.fake.spreadsheet(self.sid)["sheets"]]

    def do_local(self, actions: Sequence[Action]) -> None:
        for kind, *args in actions:
            assert kind == "set"
            _type(self.local, *args)


def _type(backend: WorkbookBackend, title: str, cell: str, value: CellValue) -> None:
    tab = backend.read().titled(title)
    assert tab is not None and tab.key is not None, title
    row, col = parse_a1(cell)
    backend.apply([WriteRange(tab.key, row, col, ((value,),))])


def value(snap: WorkbookSnapshot, title: str, cell: str) -> CellValue:
    tab = snap.titled(title)
    assert tab is not None, f"no tab {title!r} in {[t.title for t in snap]}"
    return tab.value(*parse_a1(cell))


def google_world(tmp_path: Path, fake: FakeGoogle, key: Path) -> World:
    folder = fake.add_folder("Workshops", parent=fake.add_shared_drive())
    config = load_config(write_workshop_config(tmp_path, google_folder=folder, key=key))
    assert config.workbook is not None
    return World(config, open_google_backend(config), XlsxBackend(config.workbook), fake)


def xlsx_world(tmp_path: Path) -> World:
    config = load_config(write_workshop_config(tmp_path, google_folder=None, key=None))
    assert config.workbook is not None
    return World(config, XlsxBackend(tmp_path / "online.xlsx"), XlsxBackend(config.workbook))
