"""Spare gap tabs: uploaded very hidden, claimed by `gap` in five sub-requests each, never
seen by a read; a sixth gap tab, or a form that changed, is built through Graph as before."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from sheets_sync.backends.microsoft.adapter import MicrosoftBackend
from sheets_sync.backends.microsoft.fake import FakeGraph
from sheets_sync.backends.microsoft.spares import SPARE_PREFIX, form_of, spare_for
from sheets_sync.core.principles import BY_CODE
from sheets_sync.tabs.consensus import CONSENSUS_LAYOUT
from tests.backends.microsoft.workshops import item_id, microsoft_workshop, tables_type

AGREED = ["MESO-3", "MICRO-1", "MACRO-2", "MICRO-2", "MACRO-1"]


def agree(fake: FakeGraph, item: str, codes: list[str]) -> None:
    for i, code in enumerate(codes):
        cell = f"B{CONSENSUS_LAYOUT.agreed + 2 + i}"
        fake.person_sets(item, "Consensus", cell, BY_CODE[code].label)


def test_gap_claims_the_uploaded_spares_and_reads_never_see_them(
    graph_fake: FakeGraph, tmp_path: Path
) -> None:
    ws = microsoft_workshop(tmp_path, graph_fake, 2)
    ws.provision()
    item = item_id(ws)
    book = graph_fake.workbook(item)
    spares = [s for s in book.worksheets if s.title.startswith(SPARE_PREFIX)]
    assert len(spares) == 5
    assert all(s.sheet_state == "veryHidden" and not s.protection.sheet for s in spares)
    assert all(s.freeze_panes == "A5" and s.merged_cells.ranges for s in spares)
    assert all(not t.title.startswith(SPARE_PREFIX) for t in ws.backend.read())

    tables_type(graph_fake, item, 2)
    ws.sync()
    agree(graph_fake, item, AGREED)
    graph_fake.reset_counts()
    made = ws.gap()
    assert len(made.tabs) == 5
    assert graph_fake.count("workbook.worksheets.add", batched=True) == 0
    assert graph_fake.count("workbook.range.format", batched=True) == 0
    assert graph_fake.count("batch") == 3  # the read, then 26 sub-requests in two writes
    assert not [s for s in book.worksheets if s.title.startswith(SPARE_PREFIX)]
    gap = book[made.tabs[0].title]
    assert gap.sheet_state == "visible" and gap.protection.sheet and gap.freeze_panes == "A5"
    assert gap["A1"].value and str(gap["A1"].value).startswith("Gap analysis")
    assert not gap["A6"].protection.locked and gap["A1"].protection.locked
    order = [s.title for s in book.worksheets if s.sheet_state == "visible"]
    assert order[-5:] == [t.title for t in made.tabs]
    assert len(ws.status().gaps) == 5
    assert not ws.backend.lost_features, "a claimed spare keeps what Graph cannot set"

    agree(graph_fake, item, [*AGREED[:4], "MESO-1"])
    graph_fake.reset_counts()
    again = ws.gap()
    assert [t.code for t in again.tabs if t.status == "created"] == ["MESO-1"]
    assert graph_fake.count("workbook.worksheets.add", batched=True) == 1, "no spare left"


def test_a_form_unlike_the_spares_finds_none(graph_fake: FakeGraph, tmp_path: Path) -> None:
    ws = microsoft_workshop(tmp_path, graph_fake, 2)
    backend = ws.backend
    assert isinstance(backend, MicrosoftBackend)
    form = backend.spares[0]
    titles = [f"{SPARE_PREFIX}{form_of(form)}_1", "Table 1"]
    assert spare_for(replace(form, key="gap:X", title="Gap 1"), titles) == titles[0]
    assert spare_for(replace(form, column_widths={0: 10}), titles) is None
