"""The live board meets WCAG 2.2 AA at 1280x720: axe-core in Debian's Chromium finds no
violation with the scores revealed, hidden, or after a failed sync; the top five are marked
with ★ as well as colour. Screenshots are kept in the test's folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser

from sheets_sync.report.board.server import BoardServer, LiveBoard, board_page
from sheets_sync.report.board.state import BoardState
from sheets_sync.workshop.watch import sync_cycle
from tests.browser import axe_violations, open_page, screenshot
from tests.report.board.test_server import flaky_workshop

pytestmark = pytest.mark.browser

DRAWN = "() => document.getElementById('status').dataset.state !== 'starting'"


@pytest.mark.parametrize("state", ["revealed", "hidden", "failed"])
def test_the_board_has_no_wcag_violations(browser: Browser, tmp_path: Path, state: str) -> None:
    ws, backend = flaky_workshop(tmp_path)
    board = LiveBoard(BoardState("Sampleton", 30, revealed=state != "hidden"))
    board.record(*sync_cycle(ws, 1, 0.0, force=True))
    if state == "failed":
        backend.fail_reads = {backend.reads + 1}
        board.record(*sync_cycle(ws, 2, 30.0, force=False))
    with BoardServer(board, board_page("Sampleton"), 0) as server:
        page = open_page(browser, server.url, width=1280, height=720)
        page.wait_for_function(DRAWN)
        status = page.locator("#status")
        assert status.get_attribute("data-state") == ("failed" if state == "failed" else "live")
        assert page.locator("#hidden-note").is_visible() == (state == "hidden")
        assert axe_violations(page) == []
        if state != "hidden":
            rows = page.eval_on_selector_all(
                "#bars li", "ls => ls.map(l => [l.classList.contains('top'), l.textContent])"
            )
            assert len(rows) == 17 and any(top for top, _ in rows)
            assert all(top == ("★" in text) for top, text in rows), rows
        screenshot(page, tmp_path / f"board-{state}.png")
        page.context.close()
