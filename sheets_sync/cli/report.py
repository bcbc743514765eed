"""``sheets-sync report``: the workshop written up as one printable HTML page (and a PDF).

The command reads the workbook once, renders the page with :mod:`sheets_sync.report.page`
and, with ``--pdf``, prints it through a headless Chromium (:mod:`sheets_sync.report.pdf`).
The HTML is written first, so a missing browser still leaves the page to print by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import click
from rich.console import Console

from sheets_sync.cli.app import cli, config_option, emit, json_option, workshop_for
from sheets_sync.files import write_text_atomically
from sheets_sync.report.data import read_report
from sheets_sync.report.page import render_html
from sheets_sync.report.pdf import print_pdf


@dataclass(frozen=True)
class ReportResult:
    """Where the report went and what it holds."""

    html: str
    pdf: str | None
    tables: int
    valid_tables: int
    gap_analyses: int
    gap_rows: int


def _show(console: Console, r: ReportResult) -> None:
    console.print(
        f"Wrote {r.html}: {r.valid_tables} of {r.tables} tables valid, "
        f"{r.gap_analyses} gap analyses with {r.gap_rows} rows filled"
    )
    if r.pdf:
        console.print(f"Printed {r.pdf}")


@cli.command()
@config_option
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    default=Path("report.html"),
    show_default=True,
    help="Where to write the HTML report.",
)
@click.option(
    "--pdf",
    is_flag=True,
    help="Also print it to a PDF beside the HTML (needs Debian's chromium).",
)
@json_option
def report(config_path: Path, output: Path, pdf: bool, as_json: bool) -> None:
    """Write the workshop report: one self-contained, printable HTML page.

    It holds the workshop details, each table's top five, the consensus with its chart and
    agreement, the agreed five, every gap analysis, the quick wins, training needs and
    recommendations gathered, and the next steps. Reads only.
    Example: sheets-sync report -c config/camden.toml -o report.html --pdf
    """
    ws = workshop_for(config_path)
    data = read_report(ws)
    write_text_atomically(output, render_html(data))
    pdf_path = print_pdf(output, output.with_suffix(".pdf")) if pdf else None
    current = [g for g in data.gaps if g.status != "superseded"]
    result = ReportResult(
        html=str(output),
        pdf=str(pdf_path) if pdf_path else None,
        tables=len(data.tables),
        valid_tables=sum(t.state == "valid" for t in data.tables),
        gap_analyses=len(current),
        gap_rows=sum(len(g.rows) for g in current),
    )
    emit(as_json, result, _show)
