"""The browser helpers themselves: axe-core in Chromium finds what it must and passes what it
should, so a zero-violation assertion elsewhere means something."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser

from tests.browser import axe_violations, open_page, screenshot
from tests.tools import REPO

pytestmark = pytest.mark.browser

GOOD = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Fine</title></head>
<body><main><h1>Fine</h1><p style="color:#595959;background:#fff">Grey enough to read.</p>
</main></body></html>"""
BAD = """<!doctype html><html><head><meta charset="utf-8"></head>
<body><main><h1>Poor</h1><p style="color:#aaaaaa;background:#fff">Too pale to read.</p>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></main></body></html>"""


def page_file(tmp_path: Path, name: str, html: str) -> str:
    path = tmp_path / name
    path.write_text(html, encoding="utf-8")
    return path.as_uri()


def test_a_sound_page_has_no_violations(browser: Browser, tmp_path: Path) -> None:
    page = open_page(browser, page_file(tmp_path, "good.html", GOOD), width=800, height=600)
    assert page.viewport_size == {"width": 800, "height": 600}
    assert axe_violations(page) == []
    png = screenshot(page, tmp_path / "good.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    page.context.close()


def test_a_poor_page_fails_with_rules_and_targets(browser: Browser, tmp_path: Path) -> None:
    page = open_page(browser, page_file(tmp_path, "bad.html", BAD))
    found = {v["id"]: v for v in axe_violations(page)}
    assert {"html-has-lang", "document-title", "image-alt", "color-contrast"} <= set(found)
    assert found["image-alt"]["targets"] == ["img"]
    assert found["color-contrast"]["impact"] == "serious"
    assert found["color-contrast"]["help"]
    page.context.close()


def test_ci_installs_the_pinned_axe_core() -> None:
    make = (REPO / "Makefile").read_text(encoding="utf-8")
    pin = next(line for line in make.splitlines() if line.startswith("AXE_VERSION"))
    assert pin.split(":=")[1].strip().startswith("4.14.")
    assert "make axe" in (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "/.ci/node/" in (REPO / ".gitignore").read_text(encoding="utf-8")
