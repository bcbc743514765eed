"""The workbook the demo writes opens in LibreOffice, keeps its dropdowns and renders."""

from __future__ import annotations

import subprocess
from pathlib import Path

import openpyxl
import pytest

from sheets_sync.tabs.table import table_layout
from sheets_sync.tabs.templates import load_templates
from sheets_sync.workshop.demo import run_demo
from tests.tools import require


@pytest.fixture(scope="module")
def demo_xlsx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo")
    run_demo(out, echo=None)
    return out / "sampleton.xlsx"


def convert(soffice: str, src: Path, fmt: str, outdir: Path) -> Path:
    profile = outdir / "lo-profile"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            fmt,
            "--outdir",
            str(outdir),
            str(src),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return outdir / f"{src.stem}.{fmt.split(':')[0]}"


@pytest.mark.libreoffice
def test_libreoffice_keeps_dropdowns_and_formulas(demo_xlsx: Path, tmp_path: Path) -> None:
    soffice = require("soffice", "libreoffice")
    copy = tmp_path / "in" / demo_xlsx.name
    copy.parent.mkdir()
    copy.write_bytes(demo_xlsx.read_bytes())
    resaved = convert(soffice, copy, "xlsx", tmp_path)
    wb = openpyxl.load_workbook(resaved)
    assert wb.sheetnames[:2] == ["About", "Table 1"]
    table = wb["Table 1"]
    validations = table.data_validations.dataValidation
    assert any(v.type == "list" and "About" in (v.formula1 or "") for v in validations)
    first = table_layout(load_templates()).first_entry + 1
    assert any(f"B{first}" in v.sqref and f"B{first + 16}" in v.sqref for v in validations)
    gaps = [n for n in wb.sheetnames if n.startswith("Gap ")]
    assert len(gaps) == 5
    values = openpyxl.load_workbook(resaved, data_only=True)
    agreed = [values["Consensus"].cell(r, 2).value for r in range(5, 10)]
    assert all(isinstance(v, str) and ":" in v for v in agreed)


@pytest.mark.libreoffice
def test_workbook_renders_to_pdf(demo_xlsx: Path, tmp_path: Path) -> None:
    soffice = require("soffice", "libreoffice")
    pdf = convert(soffice, demo_xlsx, "pdf", tmp_path)
    assert pdf.stat().st_size > 10_000
    assert pdf.read_bytes().startswith(b"%PDF")
