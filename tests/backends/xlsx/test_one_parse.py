"""Each command parses the .xlsx once and saves it at most once, counted on the backend.

A fresh :class:`XlsxBackend` per command, as the CLI makes one; the counts are the backend's
own (:attr:`XlsxBackend.loads`, :attr:`XlsxBackend.saves`), never timings.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from sheets_sync.backends.xlsx.adapter import XlsxBackend
from sheets_sync.backends.xlsx.parts import without_cells
from sheets_sync.config import load_config
from sheets_sync.model import WriteRange
from sheets_sync.offline.look import WorkshopLook
from sheets_sync.offline.sync import OfflineSync
from sheets_sync.report.data import read_report
from sheets_sync.tabs.gap import gap_layout
from sheets_sync.tabs.keys import gap_key
from sheets_sync.workshop.demo import run_demo
from sheets_sync.workshop.facade import Workshop
from tests.conftest import FIXED_NOW


@pytest.fixture(scope="module")
def demo_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo")
    run_demo(out, echo=None)
    return out


@pytest.fixture
def demo(demo_once: Path, tmp_path: Path) -> Path:
    shutil.copytree(demo_once, tmp_path / "demo")
    return tmp_path / "demo" / "sampleton.toml"


def workshop(cfg: Path, path: Path | None = None) -> tuple[Workshop, XlsxBackend]:
    config = load_config(cfg)
    assert config.workbook is not None
    backend = XlsxBackend(path or config.workbook)
    return Workshop(config, backend, clock=lambda: FIXED_NOW), backend


@pytest.mark.parametrize(
    ("command", "saves"),
    [
        (lambda ws: ws.validate(force=True), 1),
        (lambda ws: ws.sync(force=True), 1),
        (lambda ws: ws.gap(), 1),
        (lambda ws: ws.status(), 0),
        (read_report, 0),
    ],
    ids=["validate", "sync", "gap", "status", "report"],
)
def test_a_command_loads_once_and_saves_at_most_once(
    demo: Path, command: Callable[[Workshop], object], saves: int
) -> None:
    ws, backend = workshop(demo)
    wb = openpyxl.load_workbook(backend.path)  # a person edits a table, so there is work
    wb["Table 1"]["C6"] = "changed by a person"
    wb.save(backend.path)
    command(ws)
    assert backend.loads == 1
    assert backend.saves <= saves


def test_the_kept_workbook_is_dropped_when_someone_else_saves_the_file(demo: Path) -> None:
    ws, backend = workshop(demo)
    ws.status()
    wb = openpyxl.load_workbook(backend.path)
    wb["Table 1"]["C6"] = "typed meanwhile"
    wb.save(backend.path)
    snap = backend.read()
    assert backend.loads == 2
    tab = snap.titled("Table 1")
    assert tab is not None and tab.text(5, 2) == "typed meanwhile"


def test_a_failed_change_leaves_nothing_half_done_for_the_next_call(demo: Path) -> None:
    _, backend = workshop(demo)
    before = backend.read()
    with pytest.raises(Exception, match="no tab tagged"):
        backend.apply(
            [
                WriteRange("table:1", 10, 2, (("half",),)),
                WriteRange("no-such-tab", 0, 0, (("x",),)),
            ]
        )
    assert backend.read() == before
    assert backend.loads == 2


def test_reads_after_saves_see_what_a_fresh_parse_sees(demo: Path) -> None:
    ws, backend = workshop(demo)
    ws.sync(force=True)
    ws.gap()
    kept = backend.read()
    assert backend.loads == 1
    assert kept == XlsxBackend(backend.path).read()


def mirrored(demo: Path, tmp_path: Path) -> tuple[Path, Path, WorkshopLook]:
    ws, online = workshop(demo)
    local = tmp_path / "local.xlsx"
    look = WorkshopLook(ws.config, ws.templates)
    OfflineSync(online, XlsxBackend(local), look=look, clock=lambda: FIXED_NOW).mirror()
    return online.path, local, look


def push(online: Path, local: Path, look: WorkshopLook) -> tuple[XlsxBackend, XlsxBackend, int]:
    a, b = XlsxBackend(online), XlsxBackend(local)
    done = OfflineSync(a, b, look=look, clock=lambda: FIXED_NOW).push()
    return a, b, done.online_cells


def test_push_with_fifty_edits_loads_and_saves_each_copy_once(demo: Path, tmp_path: Path) -> None:
    online, local, look = mirrored(demo, tmp_path)
    gap = next(t for t in openpyxl.load_workbook(local).worksheets if t.title.startswith("Gap"))
    wb = openpyxl.load_workbook(local)
    first = gap_layout(look.templates).first_row + 1
    for n in range(50):
        wb[gap.title].cell(first + n // 5, 2 + n % 5).value = f"edited offline {n}"
    wb.save(local)
    a, b, written = push(online, local, look)
    assert written == 50
    assert (a.loads, b.loads) == (1, 1)
    assert (a.saves, b.saves) == (1, 1)


def test_push_of_new_gap_rows_saves_the_file_first_for_crash_safety(
    demo: Path, tmp_path: Path
) -> None:
    online, local, look = mirrored(demo, tmp_path)
    ws, _ = workshop(demo, online)
    code = ws.status().agreed
    assert code is not None
    key = gap_key(code.codes[0] or "")
    tab = next(t for t in XlsxBackend(local).read() if t.key == key)
    below = max(row for row, _ in tab.cells) + 1  # past the pre-made rows and their ids
    XlsxBackend(local).apply([WriteRange(key, below, 1, (("a new row offline",),))])
    a, b, written = push(online, local, look)
    assert written == 1
    assert (a.loads, b.loads) == (1, 1)
    assert (a.saves, b.saves) == (1, 2)  # the new row's id, the online write, then the base


def test_mirror_again_loads_each_copy_once_and_saves_the_local_one(
    demo: Path, tmp_path: Path
) -> None:
    online, local, look = mirrored(demo, tmp_path)
    wb = openpyxl.load_workbook(online)
    wb["Table 2"]["C6"] = "typed online since"
    wb.save(online)
    a, b = XlsxBackend(online), XlsxBackend(local)
    assert OfflineSync(a, b, look=look, clock=lambda: FIXED_NOW).mirror().action == "replaced"
    assert (a.loads, b.loads) == (1, 1)
    assert (a.saves, b.saves) == (0, 1)


@pytest.mark.parametrize(
    ("xml", "kept"),
    [
        (
            b"<worksheet><sheetData><row><c><v>1</v></c></row></sheetData><extLst/></worksheet>",
            b"<worksheet><sheetData></sheetData><extLst/></worksheet>",
        ),
        (
            b"<x:worksheet><x:sheetData>\n<x:row/></x:sheetData ><x:drawing/></x:worksheet>",
            b"<x:worksheet><x:sheetData></x:sheetData ><x:drawing/></x:worksheet>",
        ),
        (b"<worksheet><sheetData /><extLst/></worksheet>", None),
        (b"<worksheet><sheetDataX/><picture/></worksheet>", None),
    ],
)
def test_the_scan_parses_a_sheet_without_its_cells(xml: bytes, kept: bytes | None) -> None:
    assert without_cells(xml) == (xml if kept is None else kept)
