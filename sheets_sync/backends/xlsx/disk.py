"""Reading and writing the .xlsx file: one load, an atomic save, backups.

* :func:`read_file` reads the bytes once and notes the file's identity, so that a save can
  refuse to replace a file someone else saved in the meantime.
* :func:`load` turns the bytes into an openpyxl workbook, restores the dropdowns openpyxl
  would drop (see :mod:`._xlsx_parts`) and reports what else it cannot keep. Anything openpyxl
  or zipfile raises becomes one :class:`~sheets_sync.errors.WorkbookCorrupt` line; openpyxl's
  warnings are captured, not shown.
* :func:`write_atomically` writes a temporary file beside the target, fsyncs it and moves it
  into place with ``os.replace`` (or a hard link when the target must not exist yet), so a
  crash leaves the old file or the new one, never half of one, and no temporary file behind.
  A writer that fails midway (a full disk) gives one line: the zip archive it left open is
  abandoned, so Python does not print a traceback when it later collects it.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import logging
import os
import shutil
import warnings
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO
from pathlib import Path
from typing import IO

from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from sheets_sync import files
from sheets_sync.backends.xlsx.parts import scan
from sheets_sync.errors import BackendError, WorkbookCorrupt, WorkbookExists, WorkbookNotFound

log = logging.getLogger("sheets_sync.backends.xlsx.adapter")

#: Writes a workbook to a binary stream; injectable so tests can make a save fail midway.
Writer = Callable[[Workbook, IO[bytes]], None]

_REPORTED_BY_SCAN = ("extension is not supported", "DrawingML support is incomplete")


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off for a while, as it was afterwards.

    Loading, changing or saving a workbook makes hundreds of thousands of small objects that
    live as long as the workbook, and the collector walks them all again and again for nothing
    (``make bench`` measures what this saves). Nothing is lost: cycles made meanwhile are
    collected at the collector's next run.
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def save_workbook(wb: Workbook, stream: IO[bytes]) -> None:
    """The default :data:`Writer`: openpyxl's own."""
    wb.save(stream)


@dataclass(frozen=True)
class FileState:
    """What identifies one version of a file on disk."""

    inode: int
    size: int
    mtime_ns: int

    @classmethod
    def of(cls, st: os.stat_result) -> FileState:
        return cls(st.st_ino, st.st_size, st.st_mtime_ns)


def _oneline(err: BaseException) -> str:
    text = " ".join(str(err).split()) or type(err).__name__
    return text if len(text) <= 200 else text[:197] + "..."


def read_file(path: Path) -> tuple[bytes, FileState]:
    """The file's bytes and identity; ``WorkbookNotFound`` if there is no file."""
    try:
        with path.open("rb") as fh:
            return fh.read(), FileState.of(os.fstat(fh.fileno()))
    except FileNotFoundError:
        raise WorkbookNotFound(
            f"no workbook at {path}; run `sheets-sync provision` to create it"
        ) from None
    except IsADirectoryError:
        raise WorkbookCorrupt(f"{path} is a folder, not an .xlsx file") from None
    except OSError as err:
        raise BackendError(f"cannot read {path}: {err.strerror or _oneline(err)}") from None


def load(path: Path, data: bytes) -> tuple[Workbook, list[str]]:
    """The workbook in ``data`` and the features a save of it would lose."""
    try:
        found = scan(data)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            wb = load_workbook(BytesIO(data), rich_text=False, data_only=False, keep_links=True)
    except zipfile.BadZipFile:
        raise WorkbookCorrupt(f"{path} is not an .xlsx workbook (not a zip archive)") from None
    except Exception as err:  # openpyxl raises anything from KeyError to TypeError
        raise WorkbookCorrupt(
            f"{path} cannot be read as an .xlsx workbook: {_oneline(err)}"
        ) from None
    lost = list(found.lost)
    for w in caught:
        message = str(w.message)
        if any(known in message for known in _REPORTED_BY_SCAN):
            continue
        log.debug("openpyxl: %s", message)
        if any(word in message.lower() for word in ("lost", "remov", "drop", "discard")):
            lost.append(f"openpyxl: {message}")
    for title, validations in found.validations.items():
        ws = wb[title] if title in wb.sheetnames else None
        if not isinstance(ws, Worksheet):
            continue
        present = {str(dv.sqref) for dv in ws.data_validations.dataValidation}
        for dv in validations:
            if str(dv.sqref) not in present:
                ws.add_data_validation(dv)
    return wb, lost


def warn_if_open(path: Path) -> None:
    """Log a warning when Excel or LibreOffice seems to have the file open."""
    for lock in (path.with_name("~$" + path.name), path.with_name(f".~lock.{path.name}#")):
        if lock.exists():
            log.warning(
                "%s looks open in Excel or LibreOffice (%s exists): close it without saving, "
                "or its next save there will undo these changes",
                path,
                lock.name,
            )


def backup_path(path: Path, now: datetime) -> Path:
    """``<stem>.backup-YYYYmmdd-HHMMSS.xlsx`` beside ``path``; ``-2``, ``-3``… if taken."""
    base = f"{path.stem}.backup-{now:%Y%m%d-%H%M%S}"
    candidate = path.with_name(base + path.suffix)
    n = 2
    while candidate.exists():
        candidate = path.with_name(f"{base}-{n}{path.suffix}")
        n += 1
    return candidate


def back_up(path: Path, now: datetime) -> Path:
    """Copy ``path`` to :func:`backup_path` and return where it went."""
    target = backup_path(path, now)
    try:
        shutil.copy2(path, target)
    except OSError as err:
        raise BackendError(
            f"cannot back up {path} to {target}: {err.strerror or _oneline(err)}"
        ) from None
    return target


def write_atomically(
    path: Path,
    wb: Workbook,
    writer: Writer,
    *,
    expect: FileState | None = None,
    exclusive: bool = False,
) -> str:
    """Save ``wb`` to ``path`` all at once; return the SHA-256 of the bytes written.

    ``expect``: the identity the file had when it was read; if it changed since, nothing is
    written and ``BackendError`` says so. ``exclusive``: the file must not exist
    (``WorkbookExists`` otherwise, checked atomically where the file system allows).
    """

    def unchanged() -> None:
        try:
            current: FileState | None = FileState.of(os.stat(path))
        except FileNotFoundError:
            current = None
        if expect is not None and current != expect:
            raise BackendError(
                f"{path} changed on disk while the tool was working; nothing was written. "
                "Run the command again."
            )

    digest = hashlib.sha256()

    def write(fh: IO[bytes]) -> None:
        # In memory first: zipfile seeks back over what it wrote, so the hash is of the whole.
        buffer = BytesIO()
        try:
            writer(wb, buffer)
        except BaseException as err:
            _abandon_archives(err)
            raise
        data = buffer.getvalue()
        digest.update(data)
        fh.write(data)

    try:
        files.write_atomically(path, write, exclusive=exclusive, check=unchanged)
    except FileExistsError:
        raise WorkbookExists(
            f"{path} already exists; use --force to replace it (the old file is kept as a backup)"
        ) from None
    except (WorkbookExists, BackendError):
        raise
    except OSError as err:
        hint = " (is it open in Excel?)" if isinstance(err, PermissionError) else ""
        raise BackendError(
            f"cannot write {path}: {err.strerror or _oneline(err)}{hint}; nothing was changed"
        ) from None
    except Exception as err:
        raise BackendError(f"cannot write {path}: {_oneline(err)}; nothing was changed") from err
    return digest.hexdigest()


def _abandon_archives(err: BaseException) -> None:
    """Mark closed every zip archive the failed save left open (found in the frames of
    ``err`` and the errors it arose from). Left alone, ``ZipFile.__del__`` would later try to
    finish the archive on the temporary file, already closed and deleted, and Python would
    print that failure as a traceback after the tool's own one line."""
    seen: set[int] = set()
    current: BaseException | None = err
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        tb = current.__traceback__
        while tb is not None:
            for value in tb.tb_frame.f_locals.values():
                for candidate in (value, getattr(value, "_archive", None)):
                    if isinstance(candidate, zipfile.ZipFile):
                        candidate.fp = None
            tb = tb.tb_next
        current = current.__context__
