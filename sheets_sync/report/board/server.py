"""Serving the live board on 127.0.0.1 while the sync loop runs (standard library HTTP server).

:func:`run_board` starts a :class:`~http.server.ThreadingHTTPServer` in a thread, runs
:func:`~sheets_sync.workshop.watch.watch` in the caller's thread (so Ctrl-C reaches it and it
returns cleanly), then shuts the server down and joins its thread. Routes:

* ``GET /`` the self-contained page; ``GET /board.json`` the document, with a strong ETag
  (``If-None-Match`` gets 304) and ``Cache-Control: no-cache``;
* ``POST /reveal`` with JSON ``{"revealed": true|false}`` sets the reveal switch for every
  screen. Only ``application/json`` from the board's own origin is accepted (a page on another
  site cannot flip it), and every request must name ``127.0.0.1``/``localhost`` as its Host.
"""

from __future__ import annotations

import hashlib
import json
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Final

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from sheets_sync.errors import BoardError
from sheets_sync.report.board.state import BoardState, board_document
from sheets_sync.workshop.facade import SyncResult, Workshop
from sheets_sync.workshop.watch import CycleSummary, sync_cycle, watch

HOST: Final = "127.0.0.1"
_ENV: Final = Environment(
    loader=FileSystemLoader(Path(__file__).with_name("templates")),
    autoescape=select_autoescape(default=True, default_for_string=True),
    undefined=StrictUndefined,
)


POLL: Final = 2.0
"""Seconds between the page's polls of ``/board.json`` (most are answered 304)."""


def board_page(title: str, poll: float = POLL) -> bytes:
    """The page: markup, CSS and script inline, nothing fetched but ``/board.json``, which it
    polls every ``poll`` seconds (backing off to 30 while the board cannot be reached)."""
    template = _ENV.get_template("board.html.j2")
    return template.render(title=title, poll_ms=round(poll * 1000)).encode("utf-8")


class LiveBoard:
    """The board's state shared between the sync loop and the request threads."""

    def __init__(self, state: BoardState, clock: Callable[[], float] = time.monotonic) -> None:
        self._state = state
        self._clock = clock
        self._lock = threading.Lock()

    @property
    def state(self) -> BoardState:
        with self._lock:
            return self._state

    def record(self, summary: CycleSummary, result: SyncResult | None) -> None:
        with self._lock:
            self._state = self._state.after(summary, result, self._clock())

    def reveal(self, revealed: bool) -> None:
        with self._lock:
            self._state = replace(self._state, revealed=revealed)

    def document(self) -> tuple[bytes, str]:
        """The document as JSON bytes and its ETag (a hash of those bytes)."""
        with self._lock:
            doc = board_document(self._state, self._clock())
        body = json.dumps(doc, ensure_ascii=False, sort_keys=True).encode("utf-8")
        return body, '"' + hashlib.sha256(body).hexdigest()[:20] + '"'


def _handler(board: LiveBoard, page: bytes) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "sheets-sync-board"

        def log_message(self, format: str, *args: object) -> None:
            pass

        def _send(self, code: int, body: bytes, kind: str, etag: str | None = None) -> None:
            self.send_response(code)
            self.send_header("Content-Type", kind)
            self.send_header("Cache-Control", "no-cache")
            self.send_header(
                "Content-Security-Policy",
                "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
                "connect-src 'self'",
            )
            if etag:
                self.send_header("ETag", etag)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD" and code != HTTPStatus.NOT_MODIFIED:
                self.wfile.write(body)

        def _host_ok(self) -> bool:
            host = (self.headers.get("Host") or "").rsplit(":", 1)[0]
            if host in (HOST, "localhost"):
                return True
            self._send(403, b"only 127.0.0.1 or localhost", "text/plain")
            return False

        def do_GET(self) -> None:
            if not self._host_ok():
                return
            if self.path in ("/", "/index.html"):
                self._send(200, page, "text/html; charset=utf-8")
            elif self.path == "/board.json":
                body, etag = board.document()
                asked = self.headers.get("If-None-Match", "").split(",")
                tags = [t.strip().removeprefix("W/") for t in asked]
                code = HTTPStatus.NOT_MODIFIED if etag in tags else HTTPStatus.OK
                self._send(code, body, "application/json", etag)
            else:
                self._send(404, b"not found: try /", "text/plain")

        def do_POST(self) -> None:
            if not self._host_ok():
                return
            origin = self.headers.get("Origin")
            own = f"http://{self.headers.get('Host')}"
            kind = (self.headers.get("Content-Type") or "").split(";")[0].strip()
            if self.path != "/reveal":
                self._send(404, b"not found", "text/plain")
                return
            if (origin is not None and origin != own) or kind != "application/json":
                self._send(403, b"only the board's own page may reveal", "text/plain")
                return
            try:
                length = min(int(self.headers.get("Content-Length") or 0), 1024)
                revealed = json.loads(self.rfile.read(length))["revealed"]
            except (ValueError, KeyError, TypeError):
                revealed = None
            if not isinstance(revealed, bool):
                self._send(400, b'send {"revealed": true} or {"revealed": false}', "text/plain")
                return
            board.reveal(revealed)
            body, etag = board.document()
            self._send(200, body, "application/json", etag)

    return Handler


def _start_deaf_to_ctrl_c(thread: threading.Thread) -> None:
    """Start ``thread`` with SIGINT blocked (a new thread inherits its creator's signal mask),
    where threads have signal masks (POSIX); on Windows Python wakes the main thread itself."""
    if not hasattr(signal, "pthread_sigmask"):
        thread.start()
        return
    before = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        thread.start()
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


class BoardServer:
    """The HTTP server in its own thread; ``with BoardServer(...) as s: s.url``.

    Ctrl-C always reaches the sync loop's thread: the server's threads block SIGINT (else the
    kernel may hand it to a thread waiting on a socket, and the loop sleeps on until its next
    cycle). Its request threads are daemons: leaving the ``with`` does not wait for a screen's
    open connection."""

    def __init__(self, board: LiveBoard, page: bytes, port: int) -> None:
        try:
            self.httpd = ThreadingHTTPServer((HOST, port), _handler(board, page))
        except OSError as exc:
            raise BoardError(
                f"cannot serve the board on {HOST}:{port} ({exc.strerror or exc}); another "
                "board may be running: stop it or pick another port with --port"
            ) from exc
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, name="board", daemon=True)

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.httpd.server_address[1]}/"

    def __enter__(self) -> BoardServer:
        _start_deaf_to_ctrl_c(self.thread)
        return self

    def __exit__(self, *_: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join()


def run_board(
    workshop: Workshop,
    every: float,
    *,
    port: int,
    hidden: bool = False,
    cycles: int | None = None,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
    on_ready: Callable[[str], None],
    on_cycle: Callable[[CycleSummary], None],
    force: bool = False,
    poll: float = POLL,
) -> list[CycleSummary]:
    """Serve the board and sync every ``every`` seconds until ``cycles`` or Ctrl-C.

    ``on_ready`` gets the URL once the server listens; the loop's pacing, request budget and
    error handling are :func:`~sheets_sync.workshop.watch.watch`'s; the page polls every
    ``poll`` seconds (see :func:`board_page`). Raises
    :class:`~sheets_sync.errors.BoardError` when the port cannot be had.
    """
    board = LiveBoard(BoardState(workshop.config.title, every, revealed=not hidden), clock)

    def step(workshop: Workshop, cycle: int, elapsed: float, *, force: bool) -> CycleSummary:
        summary, result = sync_cycle(workshop, cycle, elapsed, force=force)
        board.record(summary, result)
        return summary

    with BoardServer(board, board_page(workshop.config.title, poll), port) as server:
        on_ready(server.url)
        return watch(
            workshop,
            every,
            cycles=cycles,
            sleep=sleep,
            clock=clock,
            on_cycle=on_cycle,
            force=force,
            step=step,
        )
