"""A whole workshop on .xlsx, people editing the file between commands, every command re-run
twice in a different order: nothing a person typed changes and no tab is duplicated."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from sheets_sync.backends.xlsx.adapter import XlsxBackend
from sheets_sync.config import load_config
from sheets_sync.core.principles import BY_CODE
from sheets_sync.tabs.consensus import CONSENSUS_LAYOUT
from sheets_sync.tabs.gap import gap_layout
from sheets_sync.tabs.table import table_layout
from sheets_sync.tabs.templates import load_templates
from sheets_sync.workshop.demo import ENTRIES, FIXES
from sheets_sync.workshop.facade import Workshop
from tests.conftest import FIXED_NOW, write_config

T = load_templates()
FIRST = table_layout(T).first_entry + 1
GAP_FIRST = gap_layout(T).first_row + 1
AGREED = CONSENSUS_LAYOUT.agreed + 2


def person_cells(xlsx: Path) -> dict[tuple[str, str], object]:
    """Every cell a person owns: table entries, the Agreed block, gap columns A-F."""
    wb = openpyxl.load_workbook(xlsx)
    out: dict[tuple[str, str], object] = {}
    for ws in wb.worksheets:
        if ws.title.startswith("Table"):
            rng = ws.iter_rows(min_row=FIRST, max_row=FIRST + 16, max_col=3)
        elif ws.title == "Consensus":
            rng = ws.iter_rows(min_row=AGREED, max_row=AGREED + 4, min_col=2, max_col=2)
        elif ws.title.startswith("Gap"):
            rng = ws.iter_rows(min_row=GAP_FIRST, max_row=ws.max_row, max_col=6)
        else:
            continue
        for row in rng:
            for cell in row:
                out[(ws.title, cell.coordinate)] = cell.value
    return out


def test_lifecycle(tmp_path: Path) -> None:
    cfg = load_config(write_config(tmp_path))
    assert cfg.workbook is not None
    xlsx = cfg.workbook
    ws = Workshop(cfg, XlsxBackend(xlsx), clock=lambda: FIXED_NOW)
    ws.provision()

    wb = openpyxl.load_workbook(xlsx)
    for n, rows in ENTRIES.items():
        sheet = wb[f"Table {n}"]
        for i, (rank, principle, why) in enumerate(rows):
            sheet.cell(FIRST + i, 1).value = rank  # type: ignore[assignment]
            sheet.cell(FIRST + i, 2).value = principle
            sheet.cell(FIRST + i, 3).value = why
    for rank, text in FIXES[4]:
        wb["Table 4"].cell(FIRST + rank - 1, 2).value = text
    wb.save(xlsx)

    ws.validate()
    ws.sync()
    wb = openpyxl.load_workbook(xlsx)
    charts = wb["Consensus"]._charts
    assert len(charts) == 1
    assert charts[0].type == "bar"
    five = ["MESO-3", "MICRO-1", "MACRO-2", "MICRO-2", "MACRO-1"]
    for i, code in enumerate(five):
        wb["Consensus"].cell(AGREED + i, 2).value = BY_CODE[code].label
    wb.save(xlsx)
    ws.gap()

    wb = openpyxl.load_workbook(xlsx)
    gap1 = wb["Gap 1 - MESO-3"]
    gap1.cell(GAP_FIRST, 2).value = "CAMHS triage uses the groups"
    gap1.cell(GAP_FIRST + 1, 4).value = "=not a formula, a note"
    gap1.cell(GAP_FIRST + 1, 4).data_type = "s"  # typed with Excel's leading apostrophe
    gap1.cell(GAP_FIRST + 60, 6).value = "A row far below the pre-made ones"
    wb["Table 2"].cell(FIRST + 6, 3).value = "Extra thought after the sync"
    wb.save(xlsx)
    before = person_cells(xlsx)
    titles = openpyxl.load_workbook(xlsx).sheetnames

    for _ in range(2):
        ws.gap()
        ws.sync()
        ws.provision()
        ws.validate()
        ws.status()

    after = person_cells(xlsx)
    assert after == before
    assert len(openpyxl.load_workbook(xlsx)["Consensus"]._charts) == 1
    assert openpyxl.load_workbook(xlsx).sheetnames == titles
    assert len(titles) == len(set(titles))
    assert after[("Gap 1 - MESO-3", f"D{GAP_FIRST + 1}")] == "=not a formula, a note"
    cell = openpyxl.load_workbook(xlsx)["Gap 1 - MESO-3"].cell(GAP_FIRST + 1, 4)
    assert cell.data_type == "s"


@pytest.mark.parametrize("entry", ["=SUM(1,2)", "+44 20 7946 0000", "-5 points", "@team"])
def test_formula_looking_text_stays_text(tmp_path: Path, entry: str) -> None:
    cfg = load_config(write_config(tmp_path))
    assert cfg.workbook is not None
    ws = Workshop(cfg, XlsxBackend(cfg.workbook), clock=lambda: FIXED_NOW)
    ws.provision()
    wb = openpyxl.load_workbook(cfg.workbook)
    wb["Table 1"].cell(FIRST, 2).value = "MESO-3"
    wb["Table 1"].cell(FIRST, 3).value = entry
    wb["Table 1"].cell(FIRST, 3).data_type = "s"
    wb.save(cfg.workbook)
    ws.sync()
    cell = openpyxl.load_workbook(cfg.workbook)["Table 1"].cell(FIRST, 3)
    assert cell.value == entry
    assert cell.data_type == "s"
