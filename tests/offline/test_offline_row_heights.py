"""The mirrored gap tabs, read from the saved local .xlsx: every row holds its wrapped lines.

Neither Excel nor LibreOffice re-measures a row on opening, nor a row already given a height
when a person types more into it, so the file the tool saves must carry heights that hold the
text: what the mirror copied, and what people typed offline into rows sized for less before
the push saved the file again. Checked with the independent estimate of
:mod:`tests.row_heights`.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest

from sheets_sync.offline.copies import offline_sync
from sheets_sync.workshop.demo import run_demo
from tests.row_heights import short_rows

ENTRY = (
    "Joint triage between CAMHS, the school nursing team and the voluntary sector, so that "
    "nobody is bounced between services while they wait.\nNamed lead in each school.\n"
    "Review in March with the partnership board and the young people's advisory group."
)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo")
    run_demo(out, echo=None)
    return out


def _type(path: Path, rows: range, tag: str) -> None:
    """Long entries typed into the first gap tab as a program that sizes nothing would."""
    wb = openpyxl.load_workbook(path)
    ws = next(t for t in wb.worksheets if t.title.startswith("Gap "))
    for r in rows:
        for c in range(2, 7):
            short = f"{tag} {r}.{c}\nsecond line\nthird line"
            ws.cell(r, c).value = f"{ENTRY} ({tag} {r}.{c})" if (r + c) % 2 else short
    wb.save(path)


def _gap_tabs(path: Path) -> list[openpyxl.worksheet.worksheet.Worksheet]:
    wb = openpyxl.load_workbook(path)
    return [ws for ws in wb.worksheets if ws.title.startswith("Gap ")]


def _assert_rows_hold(path: Path, at_least: int) -> None:
    checked = 0
    for ws in _gap_tabs(path):
        count, short = short_rows(ws)
        assert not short, (path.name, ws.title, short)
        checked += count
    assert checked >= at_least


def test_a_mirrored_gap_tab_holds_long_entries_typed_online(demo: Path, tmp_path: Path) -> None:
    online = tmp_path / "online.xlsx"
    shutil.copy(demo / "sampleton.xlsx", online)
    _type(online, range(7, 12), "online")
    offline_sync(demo / "sampleton.toml", online, tmp_path / "local.xlsx").mirror()
    _assert_rows_hold(tmp_path / "local.xlsx", at_least=25)


def test_a_push_sizes_rows_typed_offline_into_rows_sized_for_less(
    demo: Path, tmp_path: Path
) -> None:
    online, local = tmp_path / "online.xlsx", tmp_path / "local.xlsx"
    shutil.copy(demo / "sampleton.xlsx", online)
    offline_sync(demo / "sampleton.toml", online, local).mirror()
    (gap,) = _gap_tabs(local)[:1]
    assert gap.row_dimensions[5].height is not None  # fitted by the mirror, for less text
    _type(local, range(5, 12), "offline")
    result = offline_sync(demo / "sampleton.toml", online, local).push()
    assert result.online_cells == 35 and result.local_cells == 0
    _assert_rows_hold(local, at_least=35)
    _assert_rows_hold(online, at_least=35)
    typed = _gap_tabs(local)[0]
    assert typed.row_dimensions[12].height is None  # a row with no text keeps the default
