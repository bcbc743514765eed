"""The offline round trip on the Google fake: request budgets, a crash in the middle of a push,
mirroring twice, and refusing to mirror over unpushed edits."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import IO

import pytest
from openpyxl.workbook.workbook import Workbook

from sheets_sync.backends.google.fake.fake import FakeGoogle
from sheets_sync.backends.xlsx.adapter import XlsxBackend
from sheets_sync.backends.xlsx.disk import save_workbook
from sheets_sync.errors import BackendError, UnpushedEdits
from sheets_sync.offline.local import BASE_KEY, view_local
from sheets_sync.offline.sync import OfflineSync
from tests.conftest import FIXED_NOW
from tests.offline_worlds import GAP, World, google_world

WRITES = ("sheets.spreadsheets.batchUpdate", "sheets.spreadsheets.values.")


def writes(fake: FakeGoogle) -> int:
    return sum(fake.count(p) for p in WRITES)


@pytest.fixture
def world(tmp_path: Path, google_fake: FakeGoogle, service_account_file: Path) -> World:
    return google_world(tmp_path, google_fake, service_account_file)


def test_mirror_reads_twice_and_stores_the_snapshot(world: World, google_fake: FakeGoogle) -> None:
    world.do_online([("set", GAP, "B5", "typed online")])
    google_fake.reset_counts()
    result = world.sync.mirror()
    assert google_fake.count() <= 2 and writes(google_fake) == 0
    assert result.action == "created" and result.version is not None
    local = world.local.read()
    assert [t.title for t in local][-1] == "_sheets_sync_base"
    base = local.get(BASE_KEY)
    assert base is not None and base.hidden
    view = view_local(local)
    assert view.stored is not None
    assert view.stored.meta.spreadsheet_id == world.sid
    assert view.stored.meta.taken_at == FIXED_NOW
    assert view.stored.meta.drive_version == result.version
    gap = view.stored.snapshot.titled(GAP)
    assert gap is not None and gap.value(4, 1) == "typed online"
    assert world.sync.pending() == []


def test_mirror_twice_changes_nothing_the_second_time(
    world: World, google_fake: FakeGoogle
) -> None:
    world.sync.mirror()
    before = world.local.path.read_bytes()
    google_fake.reset_counts()
    assert world.sync.mirror().action == "unchanged"
    assert google_fake.count() <= 2
    assert world.local.path.read_bytes() == before
    world.do_online([("set", GAP, "C5", "changed online")])
    again = world.sync.mirror()
    assert again.action == "replaced" and again.backup is not None
    assert Path(again.backup).read_bytes() == before
    gap = world.local.read().titled(GAP)
    assert gap is not None and gap.value(4, 2) == "changed online"


def test_mirror_refuses_to_drop_unpushed_edits_or_merges_them(
    world: World, google_fake: FakeGoogle
) -> None:
    world.sync.mirror()
    world.do_local([("set", GAP, "B5", "not pushed yet")])
    before = world.local.path.read_bytes()
    with pytest.raises(UnpushedEdits, match=r"1 change\(s\) not pushed.*B5"):
        world.sync.mirror()
    assert world.local.path.read_bytes() == before
    result = world.sync.mirror(merge=True)
    assert result.action == "merged" and result.push is not None and result.push.clean
    assert world.online_value(GAP, "B5") == "not pushed yet"
    assert world.sync.pending() == []


def crash_on_save(n: int) -> Callable[[Workbook, IO[bytes]], None]:
    """A writer whose ``n``-th save dies half-way (the disk fills up)."""
    calls = [0]

    def writer(wb: Workbook, stream: IO[bytes]) -> None:
        calls[0] += 1
        if calls[0] == n:
            stream.write(b"PK\x03\x04 half a workbook")
            raise OSError(28, "No space left on device")
        save_workbook(wb, stream)

    return writer


@pytest.mark.parametrize(
    "save", [1, 2], ids=["crash before the online write", "crash after the online write"]
)
def test_a_crash_in_the_middle_of_push_then_a_rerun(
    world: World, google_fake: FakeGoogle, save: int
) -> None:
    world.sync.mirror()
    world.do_local([("set", GAP, "B5", "edited offline"), ("set", GAP, "B46", "new row offline")])
    world.do_online([("set", GAP, "D6", "edited online")])
    before = world.local.path.read_bytes()
    crashing = OfflineSync(
        world.online,
        XlsxBackend(world.local.path, writer=crash_on_save(save)),
        look=world.look,
        clock=lambda: FIXED_NOW,
    )
    with pytest.raises(BackendError, match="No space left"):
        crashing.push()
    if save == 1:
        assert world.local.path.read_bytes() == before  # the interrupted save left the old file
    assert world.online_value(GAP, "B5") == ("edited offline" if save == 2 else None)

    google_fake.reset_counts()
    result = world.sync.push()
    assert result.clean and writes(google_fake) <= 2
    local = world.local.read()
    gap = local.titled(GAP)
    assert gap is not None
    assert (gap.value(4, 1), gap.value(5, 3)) == ("edited offline", "edited online")
    assert world.online_value(GAP, "B5") == "edited offline"
    online_rows = [world.online_value(GAP, f"B{r}") for r in range(5, 60)]
    local_rows = [gap.value(r, 1) for r in range(4, 59)]
    assert online_rows.count("new row offline") == 1
    assert local_rows.count("new row offline") == 1
    google_fake.reset_counts()
    again = world.sync.push()
    assert (again.online_cells, again.local_cells, writes(google_fake)) == (0, 0, 0)
