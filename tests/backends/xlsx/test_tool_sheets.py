"""The tool's own sheets stay very hidden in an .xlsx: after every save the tool makes,
including after a LibreOffice save turned them into plain hidden sheets."""

from __future__ import annotations

from pathlib import Path

import pytest

from sheets_sync.backends.xlsx.adapter import XlsxBackend
from sheets_sync.config import load_config
from sheets_sync.model import AddTab, TabSpec
from sheets_sync.workshop import demo
from sheets_sync.workshop.facade import Workshop
from tests.conftest import FIXED_NOW, write_config
from tests.contract import workbooks
from tests.contract.libreoffice import libreoffice_person
from tests.contract.xlsx_harness import load

TOOL_SHEETS = ("_sheets_sync", "_sheets_sync_state")


def states(path: Path) -> dict[str, str]:
    return {ws.title: ws.sheet_state for ws in load(path).worksheets}


def workshop(tmp_path: Path) -> tuple[Workshop, Path]:
    cfg = load_config(write_config(tmp_path, tables=2))
    assert cfg.workbook is not None
    ws = Workshop(cfg, XlsxBackend(cfg.workbook, clock=lambda: FIXED_NOW), clock=lambda: FIXED_NOW)
    ws.provision()
    demo._fill(ws, 1, demo.ENTRIES[1])
    ws.sync()
    return ws, cfg.workbook


def test_every_tool_sheet_is_very_hidden_after_a_sync(tmp_path: Path) -> None:
    _, path = workshop(tmp_path)
    found = states(path)
    assert {title: found[title] for title in TOOL_SHEETS} == dict.fromkeys(
        TOOL_SHEETS, "veryHidden"
    )
    assert found["Table 1"] == "visible"


def test_a_hidden_tab_people_may_unhide_stays_plain_hidden(tmp_path: Path) -> None:
    path = tmp_path / "w.xlsx"
    backend = XlsxBackend(path)
    snapshot_tab = AddTab(TabSpec(key="base", title="_sheets_sync_base", hidden=True))
    backend.create([workbooks.about(), workbooks.table(hidden=True), snapshot_tab])
    found = states(path)
    assert found["Table 1"] == "hidden"
    assert found["_sheets_sync_base"] == "veryHidden"


@pytest.mark.libreoffice
def test_a_libreoffice_save_is_undone_at_the_next_sync(tmp_path: Path) -> None:
    ws, path = workshop(tmp_path)
    person = libreoffice_person(path, tmp_path / "lo-profile")
    person.type("Table 2", (5, 2), "typed in LibreOffice")
    # LibreOffice 7 and 24 write both back as plain "hidden" here.
    ws.sync()
    found = states(path)
    assert {title: found[title] for title in TOOL_SHEETS} == dict.fromkeys(
        TOOL_SHEETS, "veryHidden"
    )
