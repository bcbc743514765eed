"""Printing the HTML report to PDF through a headless Chromium (Debian's ``chromium``).

The browser is an optional, outside tool: :func:`find_chromium` looks for it and
:func:`print_pdf` runs it once, in a throw-away profile, with no network features, sandbox
or GPU (it must work as root in a container and in CI), and with a time limit. A missing
browser is :class:`BrowserNotFound`; a browser that fails, hangs or writes nothing is
:class:`PdfError`; both are :class:`~sheets_sync.errors.SheetsSyncError`, so the CLI shows
one line and exits non-zero.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Final

from sheets_sync.errors import BrowserNotFound, PdfError, ReportError
from sheets_sync.files import publish

BROWSERS: Final[tuple[str, ...]] = ("chromium", "chromium-browser", "google-chrome")
"""Names looked up on PATH, in this order (Debian's package installs ``chromium``)."""

INSTALL_HINT: Final = "install Debian's chromium: apt-get install chromium"
TIMEOUT: Final = 60.0

HEADLESS_FLAGS: Final[tuple[str, ...]] = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--hide-scrollbars",
    "--mute-audio",
)
"""What every headless run needs: no sandbox (root in containers), no GPU, no network chatter."""


def find_chromium(chromium: str | os.PathLike[str] | None = None) -> str:
    """The browser to run: ``chromium`` if given (a path or a name on PATH), else the first of
    :data:`BROWSERS` on PATH. Raises :class:`BrowserNotFound` with how to install one."""
    candidates = [os.fspath(chromium)] if chromium is not None else list(BROWSERS)
    for name in candidates:
        found = shutil.which(name)
        if found:
            return found
    wanted = candidates[0] if chromium is not None else " or ".join(BROWSERS)
    raise BrowserNotFound(f"cannot print the PDF: no {wanted} found; {INSTALL_HINT}")


def run_headless(
    chromium: str, args: Sequence[str], *, timeout: float = TIMEOUT
) -> subprocess.CompletedProcess[str]:
    """Run ``chromium`` headless with ``args`` in a fresh profile that is deleted afterwards.

    The browser runs in its own process group; when it outlives ``timeout`` seconds the whole
    group (the browser and its helper processes) is killed and :class:`PdfError` raised.
    """
    with tempfile.TemporaryDirectory(prefix="sheets-sync-chromium-") as profile:
        command = [chromium, *HEADLESS_FLAGS, f"--user-data-dir={profile}", *args]
        proc = subprocess.Popen(  # noqa: S603 (a browser found on PATH, fixed flags, no shell)
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            text=True,
            start_new_session=True,
        )
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            raise PdfError(
                f"{chromium} did not finish within {timeout:g} seconds; try again, or open the "
                "HTML report in a browser and print it from there"
            ) from None
        return subprocess.CompletedProcess(command, proc.returncode, out, err)


def print_pdf(
    html_path: Path,
    pdf_path: Path,
    chromium: str | os.PathLike[str] | None = None,
    *,
    timeout: float = TIMEOUT,
) -> Path:
    """Print ``html_path`` to ``pdf_path`` (A4, as its print CSS says) and return ``pdf_path``.

    The page is loaded from disk; it needs nothing from the network. Raises
    :class:`BrowserNotFound` when there is no browser, :class:`PdfError` when it fails, times
    out or writes no PDF. An existing ``pdf_path`` is replaced only by a good new one.
    """
    browser = find_chromium(chromium)
    html_path, pdf_path = Path(html_path).resolve(), Path(pdf_path).resolve()
    if not html_path.is_file():
        raise ReportError(f"no HTML report at {html_path}")
    pdf_path.parent.mkdir(parents=True, exist_ok=True)
    partial = pdf_path.with_name(pdf_path.name + ".partial")
    partial.unlink(missing_ok=True)
    result = run_headless(
        browser,
        [
            "--no-pdf-header-footer",
            "--run-all-compositor-stages-before-draw",
            f"--print-to-pdf={partial}",
            html_path.as_uri(),
        ],
        timeout=timeout,
    )
    if not partial.is_file() or partial.stat().st_size == 0:
        partial.unlink(missing_ok=True)
        tail = " ".join(result.stderr.strip().splitlines()[-2:])[:300]
        raise PdfError(
            f"{browser} wrote no PDF (exit code {result.returncode})"
            + (f": {tail}" if tail else "")
        )
    publish(partial, pdf_path)
    return pdf_path
