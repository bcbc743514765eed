"""The live board as the room sees it: the real server on a real socket, polled by the page's own
script in headless Chromium at 1280x720 and 1920x1080, over four sync cycles on an injected
clock while the tables change (hidden, revealed, a table fixing its mistakes, a failed sync,
stale, live again with the agreed five).

After each cycle the DOM is checked on both screens (17 bars in points order, the top five
marked, ties as ties, how many tables are in, freshness), axe-core finds no WCAG 2.2 AA
violation, all 17 bars lie inside the 1280x720 viewport, and a screenshot of each screen is
kept under ``$SHEETS_SYNC_ARTEFACTS/board`` (see :func:`tests.browser.artefacts`).
"""

from __future__ import annotations

import json
import re
import urllib.request
from datetime import timedelta
from pathlib import Path
from typing import Any, Final

import pytest
from playwright.sync_api import Browser, Page

from sheets_sync.core.principles import BY_CODE
from sheets_sync.model import WriteRange
from sheets_sync.report.board.server import run_board
from sheets_sync.report.board.state import STALE_AFTER
from sheets_sync.tabs.consensus import CONSENSUS_LAYOUT
from sheets_sync.tabs.keys import CONSENSUS, table_key
from sheets_sync.tabs.table import table_layout
from sheets_sync.workshop import demo
from sheets_sync.workshop.watch import CycleSummary
from tests.browser import artefacts, axe_violations, open_page, screenshot
from tests.conftest import FIXED_NOW
from tests.report.board.test_server import flaky_workshop
from tests.workshop.test_watch import FakeTime

pytestmark = pytest.mark.browser

SIZES: Final = ((1280, 720), (1920, 1080))
EVERY: Final = 30.0
CODE: Final = re.compile(r"\bM(?:ACRO|ESO|ICRO)-\d\b")
AGREED: Final = ("MESO-3", "MICRO-1", "MACRO-2", "MICRO-2", "MESO-5")

SETTLED: Final = """([cycle, state]) => {
  const s = document.getElementById('status');
  return s.dataset.cycle === cycle && s.dataset.state === state;
}"""

BARS: Final = """() => [...document.querySelectorAll('#bars li')].map((li) => {
  const box = li.getBoundingClientRect(), code = li.querySelector('.code');
  const words = document.createRange();
  words.selectNodeContents(code.firstChild);
  return {
    code: li.dataset.code, label: code.firstChild.textContent,
    position: li.querySelector('.pos').textContent, value: li.querySelector('.value').textContent,
    top: li.classList.contains('top'), tie_in: li.classList.contains('tie-in'),
    box: [box.left, box.top, box.right, box.bottom], lines: words.getClientRects().length,
    size: parseFloat(getComputedStyle(li).fontSize),
  };
})"""

BOX: Final = """(id) => { const r = document.getElementById(id).getBoundingClientRect();
  return [r.left, r.top, r.right, r.bottom]; }"""


def raw_document(url: str) -> str:
    with urllib.request.urlopen(url + "board.json", timeout=5) as res:
        return str(res.read().decode("utf-8"))


def document(url: str) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(raw_document(url))
    return doc


def inside(box: list[float], width: int, height: int) -> bool:
    left, top, right, bottom = box
    return left >= 0 and top >= 0 and right <= width and bottom <= height


class Room:
    """The two screens (laptop 1280x720, projector 1920x1080) watching one board."""

    def __init__(self, browser: Browser) -> None:
        self.browser = browser
        self.pages: list[Page] = []
        self.url = ""
        self.folder = artefacts("board")

    def open(self, url: str) -> None:
        self.url = url
        self.pages = [open_page(self.browser, url, width=w, height=h) for w, h in SIZES]

    def close(self) -> None:
        for page in self.pages:
            page.context.close()

    def settle(self, cycle: int, state: str) -> None:
        for page in self.pages:
            page.wait_for_function(SETTLED, arg=[str(cycle), state], timeout=10_000)

    def keep(self, name: str) -> None:
        """A screenshot of each screen as the room sees it, and no axe-core violation."""
        for page, (w, h) in zip(self.pages, SIZES, strict=True):
            screenshot(page, self.folder / f"{name}-{w}x{h}.png", full_page=False)
        assert axe_violations(self.pages[0]) == []

    def text(self, selector: str) -> str:
        return str(self.pages[0].locator(selector).text_content() or "")

    def check_bars(self, doc: dict[str, Any]) -> list[dict[str, Any]]:
        """Both screens show the document's 17 bars in points order, the top five starred and
        coloured, ties as ties, the labels on one line, in large type, all above the fold;
        and the freshness line and the tables-in count above the fold too."""
        consensus = doc["consensus"]
        expected = consensus["bars"]
        for page, (w, h) in zip(self.pages, SIZES, strict=True):
            page.wait_for_function(
                "(n) => document.querySelectorAll('#bars li').length === n", arg=len(expected)
            )
            rows: list[dict[str, Any]] = page.evaluate(BARS)
            assert len(rows) == 17
            assert [r["code"] for r in rows] == [b["code"] for b in expected]
            points = [int(r["value"].split()[0]) for r in rows]
            assert points == sorted(points, reverse=True), points
            assert [r["code"] for r in rows if r["top"]] == consensus["suggested"]
            for row, bar in zip(rows, expected, strict=True):
                assert row["label"] == ("★ " if bar["top"] else "") + bar["code"]
                assert row["position"] == bar["position"]
                assert row["position"].startswith("=") == bool(bar["tied_with"])
                assert row["tie_in"] == bar["tie_in"]
                assert row["lines"] == 1, row  # "★ MESO-3" never wraps
                assert inside(row["box"], w, h), (w, row)
                assert row["size"] >= (22 if w == 1280 else 33), row
            for part in ("status", "tables-line"):
                assert inside(page.evaluate(BOX, part), w, h), part
        return rows


def test_four_cycles_in_chromium_hidden_revealed_failed_stale_agreed(
    browser: Browser, tmp_path: Path
) -> None:
    time = FakeTime()
    start = time.now
    ws, backend = flaky_workshop(
        tmp_path, clock=lambda: FIXED_NOW + timedelta(seconds=time.now - start)
    )
    room = Room(browser)
    entry = table_layout(ws.templates).first_entry

    def opened(url: str) -> None:
        room.open(url)
        for page in room.pages:
            page.wait_for_function("() => document.getElementById('status').dataset.cycle")
        assert room.text("#status").startswith("Waiting for the first sync")

    def hidden_then_revealed() -> None:
        room.settle(1, "live")
        raw = raw_document(room.url)
        assert not CODE.search(raw) and "points" not in raw  # nothing gives the ranking away
        board = room.pages[0].locator("#board").text_content() or ""
        assert not CODE.search(board) and "points" not in board
        assert room.pages[0].locator("#hidden-note").is_visible()
        assert room.text("#tables-line") == (
            "4 of 6 tables valid; Table 4 still has 3 problems, Table 5 still has 3 problems"
        )
        room.keep("1-hidden")
        room.pages[0].get_by_role("button", name="Reveal scores").click()
        doc = document(room.url)
        assert doc["revealed"]
        rows = room.check_bars(doc)  # the projector follows the laptop's reveal
        ties = {r["code"]: r["position"] for r in rows if r["tie_in"]}
        assert ties == {"MACRO-1": "=5", "MESO-2": "=5"}  # the room decides the fifth
        assert sum(r["top"] for r in rows) == 4
        assert not room.pages[0].locator("#bars-flag").is_visible()
        room.keep("1-revealed-tie")
        ws.backend.apply(
            [
                WriteRange(table_key(n), entry + rank - 1, 1, ((text,),))
                for n, fixes in demo.FIXES.items()
                for rank, text in fixes
            ]
        )

    def table_four_in() -> None:
        room.settle(2, "live")
        assert room.text("#tables-line") == "5 of 6 tables valid; Table 5 still has 3 problems"
        doc = document(room.url)
        room.check_bars(doc)
        assert doc["consensus"]["bars"][0]["label"] == "23 points"  # Table 4's 5 for MESO-3
        room.keep("2-table-4-in")
        backend.fail_reads = {backend.reads + 1}

    def failed_then_stale() -> None:
        room.settle(3, "failed")
        status = room.text("#status")
        assert "failed" in status and "503" in status and "Not current" in status
        flag = room.pages[0].locator("#bars-flag")
        assert flag.is_visible() and (flag.text_content() or "").startswith("Not current")
        room.check_bars(document(room.url))  # the last good bars, flagged
        room.keep("3-failed")
        time.now += STALE_AFTER * EVERY + 1  # the next sync is late: the clock alone says stale
        room.settle(3, "stale")
        assert room.text("#status").startswith("Stale: no successful sync since")
        assert flag.is_visible()
        room.keep("3-stale")
        top = CONSENSUS_LAYOUT.agreed + 1
        ws.backend.apply(
            [WriteRange(CONSENSUS, top, 1, tuple((BY_CODE[c].label,) for c in AGREED))]
        )

    def live_and_agreed() -> None:
        room.settle(4, "live")
        assert not room.pages[0].locator("#bars-flag").is_visible()
        banner = room.pages[0].locator("#agreed")
        assert banner.is_visible()
        agreed = room.pages[0].locator("#agreed-list strong").all_text_contents()
        assert tuple(agreed) == AGREED
        room.check_bars(document(room.url))
        room.keep("4-live-agreed")

    checks = iter([hidden_then_revealed, table_four_in, failed_then_stale, live_and_agreed])

    def on_cycle(summary: CycleSummary) -> None:
        next(checks)()

    try:
        done = run_board(
            ws,
            EVERY,
            port=0,
            hidden=True,
            cycles=4,
            sleep=time.sleep,
            clock=time.clock,
            on_ready=opened,
            on_cycle=on_cycle,
            poll=0.1,
        )
    finally:
        room.close()
    assert [s.error is None for s in done] == [True, True, False, True]
    assert {p.name for p in room.folder.glob("[1-4]-*.png")} >= {
        f"{n}-{w}x{h}.png"
        for n in ("1-hidden", "1-revealed-tie", "2-table-4-in", "3-failed", "3-stale")
        for w, h in SIZES
    }
