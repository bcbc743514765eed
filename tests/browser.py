"""Test helpers that drive Debian's Chromium through playwright and check pages with axe-core.

Playwright's wheel ships its own driver, so nothing is downloaded at run time; it launches the
system browser (``/usr/bin/chromium``, Debian's package), never a browser build of its own
(do not run ``playwright install``). axe-core is the npm package pinned in the Makefile and
installed under ``.ci/node`` by ``make axe`` (``make test`` and ``.ci/run`` run it). A missing
browser or axe-core skips the test on a developer's machine and fails it in CI
(:mod:`tests.tools`).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Final

from playwright.sync_api import Browser, Page, sync_playwright

from tests.tools import REPO, require, require_file

AXE: Final = REPO / ".ci" / "node" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_22_AA: Final = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa")
"""The axe rule tags for WCAG 2.2 level A and AA (2.0 and 2.1 rules included)."""

ARTEFACTS_ENV: Final = "SHEETS_SYNC_ARTEFACTS"
"""The environment variable naming where tests keep screenshots (default ``test-artefacts/``)."""

FLAGS: Final = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
)
"""No sandbox (root in containers), no GPU, and no network chatter of the browser's own."""

_RUN_AXE: Final = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.map(n => n.target.join(" ")),
  }));
}"""


@contextmanager
def chromium() -> Iterator[Browser]:
    """A headless playwright ``Browser`` on Debian's chromium, closed on exit.

    Skips the calling test (fails it in CI) when ``chromium`` is not on PATH.
    """
    executable = require("chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, args=list(FLAGS), headless=True
        )
        try:
            yield browser
        finally:
            browser.close()


def open_page(browser: Browser, url: str, *, width: int = 1280, height: int = 720) -> Page:
    """A new page (in its own context, so no state is shared) at ``width`` x ``height`` CSS
    pixels, with ``url`` loaded. The caller closes it with ``page.context.close()``."""
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(url, wait_until="load")
    return page


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """axe-core's WCAG 2.2 A and AA violations on ``page`` as it is now, each with its rule
    ``id``, ``impact``, ``help`` and the CSS ``targets`` of the failing nodes; ``[]`` when the
    page passes. Skips (fails in CI) when axe-core is not installed under ``.ci/node``."""
    require_file(AXE, "make axe")
    page.add_script_tag(path=str(AXE))
    violations: list[dict[str, Any]] = page.evaluate(_RUN_AXE, list(WCAG_22_AA))
    return violations


def screenshot(page: Page, path: Path, *, full_page: bool = True) -> Path:
    """``page`` as a PNG at ``path`` (the whole page, or only the viewport, what a projector
    shows, when ``full_page`` is false); returns ``path``."""
    page.screenshot(path=str(path), full_page=full_page)
    return path


def artefacts(name: str) -> Path:
    """The folder ``name`` under ``$SHEETS_SYNC_ARTEFACTS`` (default ``test-artefacts/`` at the
    repository's root, git-ignored), created if need be: screenshots kept after the run."""
    folder = Path(os.environ.get(ARTEFACTS_ENV) or REPO / "test-artefacts") / name
    folder.mkdir(parents=True, exist_ok=True)
    return folder
