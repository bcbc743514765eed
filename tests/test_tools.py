"""The tests that need a system tool run in CI: `.ci/run` installs it, and there a missing
one fails the test instead of skipping it."""

from __future__ import annotations

import sys

import pytest

from tests.tools import REPO, require, require_file, require_module


def test_ci_installs_what_the_libreoffice_and_browser_tests_need() -> None:
    run = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    install = next(line for line in run.splitlines() if "apt-get install" in line).split()
    assert {"chromium", "libreoffice-calc-nogui", "python3-uno", "poppler-utils"} <= set(install)


@pytest.mark.parametrize("ci", ["true", "1"])
def test_a_missing_bridge_fails_in_ci(monkeypatch: pytest.MonkeyPatch, ci: str) -> None:
    monkeypatch.setenv("CI", ci)
    with pytest.raises(pytest.fail.Exception, match="python3-uno"):
        require_module(sys.executable, "no_such_bridge_module", "python3-uno")
    with pytest.raises(pytest.fail.Exception, match="no-such-office"):
        require("no-such-office")
    with pytest.raises(pytest.fail.Exception, match="make axe"):
        require_file(REPO / "no-such-axe.js", "make axe")


def test_a_missing_bridge_skips_on_a_developers_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="python3-uno"):
        require_module(sys.executable, "no_such_bridge_module", "python3-uno")


def test_a_present_module_is_found() -> None:
    assert require_module(sys.executable, "json", "python3") == sys.executable


def test_a_present_file_is_found() -> None:
    assert require_file(REPO / "Makefile", "git checkout") == REPO / "Makefile"
