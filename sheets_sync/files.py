"""The one way sheets_sync writes a file: all at once, or not at all.

Every file the tool writes (workbooks, the report and its PDF, history snapshots, the
Google state file, sign-in tokens) goes through :func:`write_atomically`: the bytes go to a
temporary file beside the target, are flushed to disk, and the temporary file is renamed over
the target, then the folder itself is flushed. A crash, a full disk or a failing writer leaves
the previous file as it was and no temporary file behind. ``private`` files are created
readable by the owner only (``0600``, in a ``0700`` folder) before any byte is written.

Errors are the operating system's own (:class:`OSError`); callers turn them into the
package's errors, with the words that fit what they were writing.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from collections.abc import Callable
from pathlib import Path
from typing import IO


def write_atomically(
    path: Path,
    write: Callable[[IO[bytes]], None],
    *,
    private: bool = False,
    exclusive: bool = False,
    check: Callable[[], None] | None = None,
) -> None:
    """Write ``path`` with ``write(fh)`` so that it is either the old file or the whole new one.

    ``private``: mode ``0600`` in a ``0700`` folder; otherwise an existing file keeps its
    mode. ``exclusive``: fail with :class:`FileExistsError` if ``path`` exists (checked
    atomically where the file system has hard links). ``check()`` runs after the bytes are on
    disk and just before the rename; whatever it raises stops the write.
    """
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True, mode=0o700 if private else 0o777)
    if private:
        os.chmod(folder, 0o700)
    tmp = folder / f".{path.name}.{secrets.token_hex(6)}.tmp"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(tmp, flags, 0o600 if private else 0o666)
        with os.fdopen(fd, "wb") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        if check is not None:
            check()
        if not private:
            with contextlib.suppress(FileNotFoundError):
                os.chmod(tmp, stat.S_IMODE(os.stat(path).st_mode))
        _rename(tmp, path, exclusive=exclusive)
        _fsync_dir(folder)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def write_text_atomically(path: Path, text: str, *, private: bool = False) -> None:
    """:func:`write_atomically` for UTF-8 text."""
    data = text.encode("utf-8")

    def write(fh: IO[bytes]) -> None:
        fh.write(data)

    write_atomically(path, write, private=private)


def publish(made: Path, path: Path) -> None:
    """Move ``made`` (a finished file some other program wrote beside ``path``) over ``path``,
    flushed to disk first, so ``path`` is never half written."""
    fd = os.open(made, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(made, path)
    _fsync_dir(path.parent)


def _rename(tmp: Path, path: Path, *, exclusive: bool) -> None:
    if not exclusive:
        os.replace(tmp, path)
        return
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise
    except OSError:  # file systems without hard links: best effort
        if path.exists():
            raise FileExistsError(path) from None
        os.replace(tmp, path)


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
