"""The workshop report: what the HTML page holds, read back from the page itself.

The workshop is the demo's, run over the in-memory backend: six tables (one still invalid),
a sync, an agreed five, five gap tabs and rows typed into them, some by someone who typed
``<script>``. The browser's view of the same page is in ``test_report_browser.py``.
"""

from __future__ import annotations

import re
import stat
from dataclasses import replace
from html import unescape
from pathlib import Path

import pytest

from sheets_sync.cli import main
from sheets_sync.core.principles import BY_CODE
from sheets_sync.errors import BrowserNotFound, PdfError
from sheets_sync.model import WriteRange
from sheets_sync.report.data import NEXT_STEPS, ReportData, gather_text, read_report
from sheets_sync.report.page import render_html, source_name
from sheets_sync.report.pdf import print_pdf
from sheets_sync.tabs.consensus import CONSENSUS_LAYOUT
from sheets_sync.tabs.gap import gap_layout
from sheets_sync.tabs.keys import CONSENSUS, gap_key, table_key
from sheets_sync.tabs.table import table_layout
from sheets_sync.workshop import demo
from sheets_sync.workshop.facade import Workshop
from tests.conftest import write_config
from tests.tools import FIXTURES, SEEDS

SCRIPT = "<script>alert('gap')</script>"
SEED_GUIDE = SEEDS / "workshop-guide.txt"
GUIDE = SEED_GUIDE if SEED_GUIDE.is_file() else FIXTURES / "workshop-guide.txt"


def run_like_demo(ws: Workshop) -> list[str]:
    """The demo's workshop on ``ws``; returns the agreed five."""
    for n, rows in demo.ENTRIES.items():
        demo._fill(ws, n, rows)
    first_entry = table_layout(ws.templates).first_entry
    for n, fixes in demo.FIXES.items():
        ws.backend.apply(
            [WriteRange(table_key(n), first_entry + rank - 1, 1, ((t,),)) for rank, t in fixes]
        )
    consensus = ws.sync().consensus
    assert consensus is not None
    agreed = list(consensus.suggested)
    agreed += [t.code for t in consensus.tallies if t.code not in agreed][: 5 - len(agreed)]
    top = CONSENSUS_LAYOUT.agreed + 1
    ws.backend.apply(
        [WriteRange(CONSENSUS, top, 1, tuple((BY_CODE[code].label,) for code in agreed))]
    )
    ws.gap()
    first = gap_layout(ws.templates).first_row
    rows = (
        *demo.GAP_ROWS,
        ("Nothing yet", SCRIPT, "No single front door", "thrive AWARENESS for all partners.", ""),
    )
    ws.backend.apply([WriteRange(gap_key(agreed[0]), first, 1, rows)])
    ws.backend.apply(
        [WriteRange(gap_key(agreed[1]), first + 3, 4, (("THRIVE awareness for all partners",),))]
    )
    return agreed


@pytest.fixture
def report(memory_workshop: Workshop) -> tuple[ReportData, str, list[str]]:
    agreed = run_like_demo(memory_workshop)
    data = read_report(memory_workshop)
    return data, render_html(data), agreed


def section(page: str, name: str) -> str:
    match = re.search(rf'<section id="{name}".*?</section>', page, re.S)
    assert match, name
    return match.group(0)


def text_of(fragment: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def test_each_valid_tables_top_five_in_its_card_and_the_flipchart(
    report: tuple[ReportData, str, list[str]], memory_workshop: Workshop
) -> None:
    data, page, _ = report
    tables = section(page, "tables")
    cards = dict(re.findall(r'<div class="card"><h3>(.*?)</h3>(.*?)</div>', tables, re.S))
    flipchart = re.search(r'<table class="small flipchart">.*?</table>', tables, re.S)
    assert flipchart
    flip_rows = [text_of(r).split() for r in re.findall(r"<tr>.*?</tr>", flipchart.group(0))]
    checks = {c.table: c for c in memory_workshop.status().checks}
    valid = [name for name, c in checks.items() if c.state == "valid"]
    assert flip_rows[0] == ["Rank", *(w for name in valid for w in name.split())]
    for name, check in checks.items():
        card = text_of(cards[name])
        if check.state != "valid":
            assert "Not in the consensus" in card
            assert all(f.message in card for f in check.errors)
            continue
        shown = re.findall(r"[A-Z]+-\d", card)
        assert shown == list(check.ranking[:5]), name
        col = valid.index(name) + 1
        assert [row[col] for row in flip_rows[1:]] == list(check.ranking[:5])
    assert "Waiting lists are long for evidence-based therapies" in text_of(cards["Table 1"])
    assert len(data.tables) == 6


def test_consensus_has_the_chart_agreement_and_all_17_principles(
    report: tuple[ReportData, str, list[str]],
) -> None:
    data, page, _ = report
    consensus = section(page, "consensus")
    agreement = data.consensus.agreement
    assert agreement.w is not None
    assert f"Kendall’s W = <strong>{agreement.w:.2f}</strong>" in consensus
    assert agreement.reading in consensus
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", consensus.split("All 17 principles")[1])
    assert len(rows) == 1 + 17
    for row, tally in zip(rows[1:], data.consensus.tallies, strict=True):
        assert tally.code in row and str(tally.points) in row
    suggested = re.search(r"<ol>(.*?)</ol>", consensus, re.S)
    assert suggested
    assert re.findall(r"[A-Z]+-\d", text_of(suggested.group(1))) == list(data.consensus.suggested)


def test_the_chart_has_one_bar_per_principle_with_points(
    report: tuple[ReportData, str, list[str]],
) -> None:
    data, page, _ = report
    svg = re.search(r"<svg .*?</svg>", page, re.S)
    assert svg
    chart = svg.group(0)
    assert 'role="img"' in chart
    assert '<title id="chart-title">Points per principle</title>' in chart
    bars = re.findall(
        r'<title>([^<]*)</title><rect class="bar" data-code="([^"]+)" '
        r'data-points="(\d+)"[^>]*width="([\d.]+)"',
        chart,
    )
    with_points = {t.code: t.points for t in data.consensus.tallies if t.points > 0}
    assert {code: int(points) for _, code, points, _ in bars} == with_points
    assert len(bars) == len(with_points)
    for title, code, points, width in bars:
        assert title.startswith(f"{code}: {points} point") and float(width) > 0
    for tally in data.consensus.tallies:  # every principle is labelled, even with no bar
        assert f">{tally.code}</text>" in chart


def test_agreed_five_and_every_gap_analysis_with_its_six_columns(
    report: tuple[ReportData, str, list[str]],
) -> None:
    data, page, agreed = report
    items = re.findall(r"<li>(.*?)</li>", section(page, "agreed"))
    assert [re.findall(r"[A-Z]+-\d", text_of(i))[0] for i in items] == agreed
    assert "Agreed by the room" in section(page, "agreed")
    gaps = section(page, "gaps")
    blocks = re.findall(r'<div class="gap-analysis" data-code="([^"]+)">(.*?)</div>', gaps, re.S)
    assert [code for code, _ in blocks] == agreed
    first = dict(blocks)[agreed[0]]
    headers = [unescape(h) for h in re.findall(r"<th(?: [^>]*)?>(.*?)</th>", first)]
    assert headers == list(data.gap_headers) and len(headers) == 6
    body = re.findall(r"<tr>(.*?)</tr>", first)[1:]
    rows = [re.findall(r"<td>(.*?)</td>", r) for r in body]
    assert len(rows) == 3 and all(len(r) == 6 for r in rows)
    assert unescape(rows[0][0]) == BY_CODE[agreed[0]].label
    for typed, shown in zip(demo.GAP_ROWS, rows, strict=False):
        assert [unescape(c) for c in shown[1:]] == list(typed)
    assert "Nothing written here yet." in dict(blocks)[agreed[2]]


def test_what_people_typed_is_escaped(report: tuple[ReportData, str, list[str]]) -> None:
    _, page, _ = report
    assert "<script" not in page
    assert "&lt;script&gt;alert(&#39;gap&#39;)&lt;/script&gt;" in page


def test_quick_wins_training_and_recommendations_are_gathered(
    report: tuple[ReportData, str, list[str]],
) -> None:
    data, page, agreed = report
    assert [g.text for g in data.quick_wins] == ["Quick win: add the group to every referral"]
    training = {g.text: g.codes for g in data.training}
    assert training == {
        "THRIVE awareness for all partners": (agreed[0], agreed[1]),
        "Needs-based groups for GPs": (agreed[0],),
    }
    assert [g.text for g in data.recommendations] == [row[4] for row in demo.GAP_ROWS]
    gathered = text_of(section(page, "gathered"))
    assert f"THRIVE awareness for all partners ({agreed[0]}, {agreed[1]})" in gathered


def test_gather_text_keeps_the_first_spelling_once() -> None:
    got = gather_text([("A", " Quick  win "), ("B", "quick win."), ("A", ""), ("C", "Other")])
    assert [(g.text, g.codes) for g in got] == [("Quick win", ("A", "B")), ("Other", ("C",))]


def test_page_is_self_contained_and_printable(report: tuple[ReportData, str, list[str]]) -> None:
    _, page, _ = report
    for outside in ("<link", "src=", "@import", "url(", 'href="http'):
        assert outside not in page
    assert "@page { size: A4" in page
    assert "break-inside: avoid" in page and "overflow-wrap: anywhere" in page
    steps = text_of(section(page, "next-steps"))
    assert all(" ".join(step.split()) in steps for step in NEXT_STEPS)


def test_next_steps_are_the_guides_words() -> None:
    guide = " ".join(GUIDE.read_text(encoding="utf-8").split())
    assert NEXT_STEPS[0] in guide and NEXT_STEPS[2] in guide
    assert "Staff will be invited to a redesign workshop." in guide


def test_a_workshop_not_yet_run_still_has_a_report(memory_workshop: Workshop) -> None:
    page = render_html(read_report(memory_workshop))
    assert "No table has a valid top five yet." in page
    assert "No gap tabs yet" in page
    assert "No valid tables yet" in page
    assert '<rect class="bar"' not in page


def write_browser(path: Path, body: str) -> Path:
    path.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


def test_print_pdf_runs_the_browser_headless(tmp_path: Path) -> None:
    html = tmp_path / "report.html"
    html.write_text("<p>hi</p>", encoding="utf-8")
    args = tmp_path / "args.txt"
    browser = write_browser(
        tmp_path / "chromium",
        f'printf "%s\\n" "$@" > {args}\n'
        'for a in "$@"; do case "$a" in --print-to-pdf=*) printf "%%PDF-1.4" > "${a#*=}";; '
        "esac; done",
    )
    pdf = print_pdf(html, tmp_path / "out" / "report.pdf", browser)
    assert pdf.read_bytes() == b"%PDF-1.4"
    used = args.read_text(encoding="utf-8").split()
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        assert flag in used
    assert any(a.startswith("--user-data-dir=") for a in used)
    assert used[-1] == html.resolve().as_uri()
    assert not list(tmp_path.glob("out/*.partial"))


def test_print_pdf_says_when_the_browser_fails_or_hangs(tmp_path: Path) -> None:
    html = tmp_path / "report.html"
    html.write_text("<p>hi</p>", encoding="utf-8")
    silent = write_browser(tmp_path / "silent", "echo 'no display' >&2; exit 1")
    with pytest.raises(PdfError, match=re.escape("wrote no PDF (exit code 1): no display")):
        print_pdf(html, tmp_path / "r.pdf", silent)
    hung = write_browser(tmp_path / "hung", "sleep 30")
    with pytest.raises(PdfError, match=re.escape("did not finish within 0.5 seconds")):
        print_pdf(html, tmp_path / "r.pdf", hung, timeout=0.5)
    assert not (tmp_path / "r.pdf").exists()


def test_cli_report_writes_the_page_and_explains_a_missing_browser(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    config = str(write_config(tmp_path))
    out = tmp_path / "r" / "report.html"
    assert main(["provision", "-c", config]) == 0
    assert main(["report", "-c", config, "-o", str(out)]) == 0
    assert f"Wrote {out}: 0 of 6 tables valid, 0 gap analyses" in capsys.readouterr().out
    assert "Sampleton" in out.read_text(encoding="utf-8")
    out.unlink()
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert main(["report", "-c", config, "-o", str(out), "--pdf"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: cannot print the PDF: no chromium")
    assert "apt-get install chromium" in err
    assert out.is_file() and not out.with_suffix(".pdf").exists()
    with pytest.raises(BrowserNotFound):
        print_pdf(out, out.with_suffix(".pdf"))


def test_the_report_names_the_workbook_never_its_local_path() -> None:
    assert source_name("/home/facilitator/private/Sampleton workshop.xlsx") == (
        "Sampleton workshop.xlsx"
    )
    assert source_name(r"C:\Users\lead\Sampleton.xlsx".replace("\\", "/")) == "Sampleton.xlsx"
    url = "https://docs.google.com/spreadsheets/d/abc/edit"
    assert source_name(url) == url


def test_the_page_shows_no_local_path(
    report: tuple[ReportData, str, list[str]], tmp_path: Path
) -> None:
    data, _, _ = report
    local = replace(data, location=str(tmp_path / "secret-folder" / "sampleton.xlsx"))
    page = render_html(local)
    assert "secret-folder" not in page
    assert page.count("sampleton.xlsx") == 2  # header and footer
