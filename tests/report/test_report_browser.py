"""The report in a real headless Chromium: it prints, nothing overflows the page, the chart shows.

Needs Debian's ``chromium`` (and ``pdftoppm`` from poppler-utils for the pixel check): skipped
with the reason on a machine without them, a failure in CI, where ``.ci/run`` installs both.

The page is the demo's workshop (see ``test_report.run_like_demo``) plus what people really
type: a long unbroken link and a ``<script>``. Layout is measured by a small script injected
into a test copy of the page only (the report itself has no scripts), at 688 CSS pixels, the
width A4 leaves inside the report's 14 mm side margins; the result comes back in the DOM.
"""

from __future__ import annotations

import json
import re
import subprocess
from html import unescape
from pathlib import Path

import pytest

from sheets_sync.backends.memory import MemoryBackend
from sheets_sync.config import load_config
from sheets_sync.model import WriteRange
from sheets_sync.report.data import ReportData, read_report
from sheets_sync.report.page import SUGGESTED_FILL, render_html
from sheets_sync.report.pdf import print_pdf, run_headless
from sheets_sync.tabs.gap import gap_layout
from sheets_sync.tabs.keys import gap_key
from sheets_sync.workshop.facade import Workshop
from tests.conftest import FIXED_NOW, write_config
from tests.report.test_report import SCRIPT, run_like_demo
from tests.tools import require

pytestmark = pytest.mark.browser

PRINTABLE_WIDTH = 688  # (210 mm - 2 x 14 mm) at 96 CSS px per inch
LONG_LINK = "https://example.org/" + "very-long-path-" * 12 + "end"

MEASURE = """<script>
const width = window.innerWidth;
const tag = e => e.tagName.toLowerCase() + (e.className ? "." + e.className : "");
const outside = [...document.querySelectorAll("body *")]
  .filter(e => e.getBoundingClientRect().right > width + 0.5).map(tag);
const spilling = [...document.querySelectorAll("td, th, p, li, h1, h2, h3")]
  .filter(e => e.scrollWidth > e.clientWidth + 1)
  .map(e => tag(e) + ": " + e.textContent.slice(0, 40));
const bars = [...document.querySelectorAll("svg.chart rect.bar")].map(r => {
  const box = r.getBoundingClientRect();
  return {code: r.dataset.code, width: box.width, height: box.height,
          fill: getComputedStyle(r).fill, visible: getComputedStyle(r).visibility};
});
const svg = document.querySelector("svg.chart").getBoundingClientRect();
const out = document.createElement("pre");
out.id = "measured";
out.textContent = JSON.stringify({
  width, scrollWidth: document.documentElement.scrollWidth, outside, spilling, bars,
  svg: {left: svg.left, right: svg.right, height: svg.height},
});
document.body.append(out);
</script>"""


@pytest.fixture(scope="module")
def chromium() -> str:
    return require("chromium")


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> tuple[ReportData, Path]:
    folder = tmp_path_factory.mktemp("report")
    ws = Workshop(load_config(write_config(folder)), MemoryBackend(), clock=lambda: FIXED_NOW)
    ws.provision()
    agreed = run_like_demo(ws)
    row = gap_layout(ws.templates).first_row + 5
    typed = (LONG_LINK, SCRIPT, LONG_LINK, "Quick win: " + LONG_LINK, "x" * 120)
    ws.backend.apply([WriteRange(gap_key(agreed[1]), row, 1, (typed,))])
    data = read_report(ws)
    html = folder / "report.html"
    html.write_text(render_html(data), encoding="utf-8")
    return data, html


@pytest.fixture(scope="module")
def pdf(chromium: str, report: tuple[ReportData, Path]) -> Path:
    _, html = report
    return print_pdf(html, html.with_suffix(".pdf"), chromium)


def test_the_pdf_has_several_a4_pages(pdf: Path) -> None:
    raw = pdf.read_bytes()
    assert raw.startswith(b"%PDF")
    pages = re.findall(rb"/Type\s*/Page(?![s\w])", raw)
    assert len(pages) > 1
    sizes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", raw)
    assert sizes
    for w, h in sizes:
        assert abs(float(w) - 595.3) < 2 and abs(float(h) - 841.9) < 2  # A4 in points


def test_nothing_overflows_the_page_and_every_bar_is_drawn(
    chromium: str, report: tuple[ReportData, Path]
) -> None:
    data, html = report
    probe = html.with_name("probe.html")
    probe.write_text(
        html.read_text(encoding="utf-8").replace("</body>", MEASURE + "</body>"), encoding="utf-8"
    )
    result = run_headless(
        chromium,
        [
            f"--window-size={PRINTABLE_WIDTH},1100",
            "--virtual-time-budget=3000",
            "--dump-dom",
            probe.as_uri(),
        ],
        timeout=60,
    )
    found = re.search(r'<pre id="measured">(.*?)</pre>', result.stdout, re.S)
    assert found, result.stderr[-500:]
    measured = json.loads(unescape(found.group(1)))
    assert measured["width"] == PRINTABLE_WIDTH
    assert measured["scrollWidth"] <= measured["width"], measured["outside"]
    assert measured["outside"] == []
    assert measured["spilling"] == []
    with_points = [t.code for t in data.consensus.tallies if t.points > 0]
    assert [b["code"] for b in measured["bars"]] == with_points
    for bar in measured["bars"]:
        assert bar["width"] > 0 and bar["height"] > 5 and bar["visible"] == "visible"
        assert bar["fill"] != "none"
    svg = measured["svg"]
    assert svg["left"] >= 0 and svg["right"] <= PRINTABLE_WIDTH and svg["height"] > 200


def read_ppm(path: Path) -> tuple[int, int, bytes]:
    """A binary PPM (P6) as width, height and RGB bytes."""
    raw = path.read_bytes()
    magic, w, h, _maximum, pixels = raw.split(maxsplit=4)
    assert magic == b"P6"
    return int(w), int(h), pixels


def test_the_chart_is_visible_in_the_printed_pdf(pdf: Path) -> None:
    pdftoppm = require("pdftoppm")
    subprocess.run([pdftoppm, "-r", "24", pdf, pdf.with_name("page")], check=True, timeout=60)
    target = tuple(int(SUGGESTED_FILL[i : i + 2], 16) for i in (1, 3, 5))
    orange = 0
    for page in sorted(pdf.parent.glob("page-*.ppm")):
        _, _, pixels = read_ppm(page)
        for i in range(0, len(pixels) - 2, 3):
            if all(abs(pixels[i + k] - target[k]) < 24 for k in range(3)):
                orange += 1
    assert orange > 300  # five long orange bars; a legend swatch alone is a few pixels


def test_a_screenshot_of_the_page(chromium: str, report: tuple[ReportData, Path]) -> None:
    _, html = report
    png = html.with_name("screenshot.png")
    run_headless(
        chromium, ["--window-size=794,1123", f"--screenshot={png}", html.as_uri()], timeout=60
    )
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert png.stat().st_size > 20_000


def test_no_heading_ends_a_printed_page(pdf: Path, report: tuple[ReportData, Path]) -> None:
    """A priority's heading is printed on the page where its text starts, and no column
    header breaks inside a word ("Assessme nt")."""
    pdftotext = require("pdftotext")
    text = subprocess.run(
        [pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = [p for p in text.split("\f") if p.strip()]
    assert len(pages) >= 3
    headings = ("Priority ", "Superseded: ", "All 17 principles", "Suggested top five")
    for n, page in enumerate(pages, 1):
        last = [line.strip() for line in page.splitlines() if line.strip()][-1]
        assert not last.startswith(headings), (n, last)
    words = " ".join(text.split())
    for header in report[0].aggregate_headers:
        assert all(w in words for w in header.split()), header  # "Assessme nt" breaks a word
