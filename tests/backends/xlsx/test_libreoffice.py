"""The workbook the demo writes opens in LibreOffice, keeps its dropdowns and renders."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import openpyxl
import pytest

from sheets_sync.core.principles import CODES, PRINCIPLES
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


def pdf_pages(pdf: Path, tmp_path: Path) -> list[str]:
    """The text of each page, whitespace collapsed (pdftotext, page by page)."""
    pdftotext = require("pdftotext")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    count = int(re.search(r"Pages:\s+(\d+)", info.stdout).group(1))  # type: ignore[union-attr]
    pages = []
    for n in range(1, count + 1):
        out = subprocess.run(
            [pdftotext, "-f", str(n), "-l", str(n), str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        )
        pages.append(" ".join(out.stdout.split()))
    return pages


def in_order(words: list[str], page: list[str]) -> bool:
    """Whether ``words`` occur in ``page`` in order: wrapped cells side by side interleave
    their lines in the extracted text, but a cut-off text loses its last words."""
    found = iter(page)
    return all(any(w == seen for seen in found) for w in words)


@pytest.mark.libreoffice
def test_the_printed_workbook_page_by_page(demo_xlsx: Path, tmp_path: Path) -> None:
    """Rendered by LibreOffice: the Consensus pages name all 17 codes, the About and
    Assessment pages hold every principle's wording whole, and nothing needs a page break
    across the columns (each tab prints one page wide)."""
    soffice = require("soffice", "libreoffice")
    pages = pdf_pages(convert(soffice, demo_xlsx, "pdf", tmp_path), tmp_path)
    consensus = " ".join(p for p in pages if p.startswith("Consensus: Sampleton"))
    assert all(re.search(rf"\b{code}\b", consensus) for code in CODES)
    assert "Agreed top five" in consensus and "Each table's top five" in consensus
    for heading in ("Prioritising Improvement and Gap Analysis", "THRIVE Assessment Tool"):
        words = " ".join(p for p in pages if p.startswith(heading)).split()
        missing = [p.code for p in PRINCIPLES if not in_order(p.text.split(), words)]
        assert not missing, (heading, missing)
    assert in_order(["Macro", "(strategic", "/", "organisational)"], pages[0].split())
    # One page wide: each table tab prints on exactly one page (17 rank rows fit).
    assert sum(p.startswith("Table 1: our THRIVE priorities") for p in pages) == 1
    gaps = [p for p in pages if p.startswith("Gap analysis, priority")]
    assert len(gaps) == 5
    assert not any(re.search(r"\br-[0-9a-f]{6}\b", p) for p in gaps)
