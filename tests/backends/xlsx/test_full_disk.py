"""A full disk (or any writer failing midway) costs one line and nothing else: no traceback
from the half-written zip archive afterwards, no temporary file, and the previous workbook
as it was."""

from __future__ import annotations

import errno
import gc
import sys
from pathlib import Path
from typing import IO, Any

import pytest
from openpyxl.workbook.workbook import Workbook

from sheets_sync.backends.xlsx.adapter import XlsxBackend
from sheets_sync.backends.xlsx.disk import save_workbook
from sheets_sync.cli import main
from sheets_sync.errors import BackendError
from sheets_sync.model import WriteRange
from tests.contract import workbooks


class FullDisk:
    """A file that takes ``room`` bytes, then answers every write as a full disk does."""

    def __init__(self, fh: IO[bytes], room: int) -> None:
        self.fh, self.room = fh, room

    def write(self, data: bytes) -> int:
        if len(data) > self.room:
            raise OSError(errno.ENOSPC, "No space left on device")
        self.room -= len(data)
        return self.fh.write(data)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.fh, name)


@pytest.fixture
def unraisable(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What Python would print as 'Exception ignored in …' (it is collected instead)."""
    seen: list[str] = []
    monkeypatch.setattr(
        sys, "unraisablehook", lambda u: seen.append(f"{u.object!r}: {u.exc_value!r}")
    )
    return seen


@pytest.mark.parametrize("fraction", [0.0, 0.1, 0.5, 0.95])
def test_a_full_disk_is_one_line_and_the_old_file_survives(
    tmp_path: Path, unraisable: list[str], fraction: float
) -> None:
    path = tmp_path / "w.xlsx"
    XlsxBackend(path).create(workbooks.workshop())
    before = path.read_bytes()
    room = int(len(before) * fraction)  # the disk fills up this far into the save

    def full(wb: Workbook, fh: IO[bytes]) -> None:
        save_workbook(wb, FullDisk(fh, room))  # type: ignore[arg-type]

    with pytest.raises(BackendError) as caught:
        XlsxBackend(path, writer=full).apply([WriteRange("table_1", 1, 0, (("x",),))])
    gc.collect()
    message = str(caught.value)
    assert message == f"cannot write {path}: No space left on device; nothing was changed"
    assert unraisable == []
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["w.xlsx"]


def test_the_cli_says_one_line_on_a_full_disk(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
    unraisable: list[str],
) -> None:
    config = tmp_path / "w.toml"
    assert main(["init", "--locality", "Sampleton", "--tables", "2", "-o", str(config)]) == 0
    assert main(["provision", "-c", str(config)]) == 0
    capfd.readouterr()
    real_save = Workbook.save

    def save_on_a_full_disk(self: Workbook, stream: Any) -> None:
        real_save(self, FullDisk(stream, 2_000))

    monkeypatch.setattr(Workbook, "save", save_on_a_full_disk)
    code = main(["sync", "-c", str(config)])
    gc.collect()
    _, err = capfd.readouterr()
    assert code == 2
    book = tmp_path / "sampleton.xlsx"
    assert err == f"error: cannot write {book}: No space left on device; nothing was changed\n"
    assert unraisable == []
