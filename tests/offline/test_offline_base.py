"""The local file's own parts, pure: the stored base, placeholders for over-long text, tabs
people made, and the gap-tab history folder."""

from __future__ import annotations

from pathlib import Path

from sheets_sync.model import AddTab, Tab, WorkbookSnapshot, WriteRange
from sheets_sync.offline.codec import SnapshotMeta, StoredSnapshot
from sheets_sync.offline.history import History
from sheets_sync.offline.local import (
    BASE_KEY,
    base_changes,
    base_tab,
    fit_for_local,
    placeholder,
    view_local,
)
from tests.conftest import FIXED_NOW

LONG = "x" * 40_000
META = SnapshotMeta("sheet-id", FIXED_NOW, "7")


def stored(*tabs: Tab) -> StoredSnapshot:
    return StoredSnapshot(META, WorkbookSnapshot(list(tabs), "7"))


def as_read(add: AddTab, *others: Tab) -> WorkbookSnapshot:
    return WorkbookSnapshot([*others, Tab(add.spec.key, add.spec.title, dict(add.cells))])


def test_a_long_text_is_a_placeholder_locally_and_whole_for_the_merge() -> None:
    gap = Tab("gap:MESO-3", "Gap", {(4, 1): LONG, (4, 2): "short"})
    [change], kept = fit_for_local([WriteRange("gap:MESO-3", 4, 1, ((LONG, "short"),))], {})
    assert isinstance(change, WriteRange)
    assert change.values == ((placeholder(LONG), "short"),)
    assert [(k.cell, k.length) for k in kept] == [("B5", 40_000)]
    assert len(placeholder(LONG)) < 32_767 and "40,000 characters" in placeholder(LONG)
    local = Tab("gap:MESO-3", "Gap", {(9, 1): placeholder(LONG), (4, 2): "short"})
    view = view_local(as_read(base_tab(stored(gap)), local))
    tab = view.snapshot.get("gap:MESO-3")
    assert tab is not None and tab.value(9, 1) == LONG  # found by its hash, wherever it moved
    assert view.snapshot.get(BASE_KEY) is None


def test_tabs_people_made_have_no_key_for_the_merge() -> None:
    made = Tab("person:3", "Notes", {(0, 0): "ours"})
    view = view_local(as_read(base_tab(stored()), made))
    assert [(t.key, t.title) for t in view.snapshot] == [(None, "Notes")]
    assert view.person == {"Notes": "person:3"}


def test_a_shorter_base_clears_the_rows_of_the_longer_one() -> None:
    big = base_tab(stored(Tab("gap:X", "Gap", {(0, 0): LONG})))
    rows = max(r for r, _ in big.cells) + 1
    small = stored(Tab("gap:X", "Gap", {(0, 0): "short now"}))
    [write] = base_changes(small, rows)
    assert isinstance(write, WriteRange) and len(write.values) == rows
    grid = {(r, c): v for r, row in enumerate(write.values) for c, v in enumerate(row)}
    view = view_local(WorkbookSnapshot([Tab(BASE_KEY, "_sheets_sync_base", grid)]))
    assert view.stored is not None
    assert view.stored.snapshot.tabs[0].value(0, 0) == "short now"
    assert view.stored.meta == META


def test_history_keeps_only_gap_tabs_and_only_changes(tmp_path: Path) -> None:
    history = History(tmp_path / "history" / "camden")
    table = Tab("table:1", "Table 1", {(5, 1): "MESO-3"})
    gap = Tab("gap:MESO-3", "Gap 1", {(4, 1): "first"})
    assert history.record(stored(table, gap), "mirror") is not None
    assert history.record(stored(Tab("table:1", "Table 1", {}), gap), "push") is None
    later = StoredSnapshot(
        SnapshotMeta("sheet-id", FIXED_NOW.replace(hour=11), "8"),
        WorkbookSnapshot([Tab("gap:MESO-3", "Gap 1", {(4, 1): "second"})]),
    )
    assert history.record(later, "push") is not None
    first, second = history.entries()
    assert (first.event, second.event) == ("mirror", "push")
    assert first.taken_at == "2026-12-03 10:30:00"
    assert history.load(first).snapshot.keys() == ["gap:MESO-3"]
    [change] = history.changes(history.pick("1"), history.pick("-1"))
    assert (change.cell, change.old, change.new) == ("B5", "first", "second")
