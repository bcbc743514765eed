"""Spare gap tabs: uploaded very hidden and tagged, claimed by `gap` in three sub-requests
each and one claims record, never seen by a read; a sixth gap tab, or a form that changed,
is built through Graph as before, and an untagged spare (older uploads) is claimed with its
tags."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from sheets_sync.backends.microsoft.adapter import MicrosoftBackend
from sheets_sync.backends.microsoft.fake import FakeGraph
from sheets_sync.backends.microsoft.read import parse_layout, readable
from sheets_sync.backends.microsoft.spares import (
    CLAIMS_PREFIX,
    SPARE_PREFIX,
    TEXT_LIMIT,
    claimed_keys,
    claims_name,
    claims_number,
    claims_values,
    form_of,
    record_subs,
    spare_for,
)
from sheets_sync.backends.xlsx.names import row_ref, tab_name
from sheets_sync.core.principles import BY_CODE
from sheets_sync.tabs.consensus import CONSENSUS_LAYOUT
from sheets_sync.tabs.keys import gap_key
from sheets_sync.workshop import Workshop
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
    assert graph_fake.count("batch") == 2  # the read, then one write
    write = [r for r in graph_fake.requests if r.operation == "batch"][-1]
    assert len(write.sub_requests) == 17, "the claims record, 3 per tab, the state tab"
    assert graph_fake.count("workbook.names.add", batched=True) == 1
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


def claimed(tmp_path: Path, graph_fake: FakeGraph) -> tuple[Workshop, str]:
    """A workshop at two tables whose gap claimed the five spares."""
    ws = microsoft_workshop(tmp_path, graph_fake, 2)
    ws.provision()
    item = item_id(ws)
    tables_type(graph_fake, item, 2)
    ws.sync()
    agree(graph_fake, item, AGREED)
    ws.gap()
    return ws, item


def test_a_claimed_tab_keeps_its_key_and_anchor_through_a_persons_edits(
    graph_fake: FakeGraph, tmp_path: Path
) -> None:
    ws, item = claimed(tmp_path, graph_fake)
    book = graph_fake.workbook(item)
    assert not [n for n in book.defined_names if n.startswith("_ss_tab_gap")], "keys: a record"
    gap = next(t for t in ws.backend.read() if t.key == gap_key(AGREED[0]))
    header = gap.anchors["rows"]
    graph_fake.person_renames_sheet(item, gap.title, "Our first gap")
    anchor = next(
        d
        for n, d in book.defined_names.items()
        if n.startswith("_ss_anchor_") and "Our first gap" in str(d.attr_text)
    )
    anchor.attr_text = row_ref("Our first gap", header + 2)  # as Excel does on 2 rows above
    graph_fake.person_inserts_rows(item, "Our first gap", 1, 2)
    moved = next(t for t in ws.backend.read() if t.key == gap_key(AGREED[0]))
    assert moved.title == "Our first gap" and moved.anchors == {"rows": header + 2}
    assert len(ws.status().gaps) == 5
    graph_fake.reset_counts()
    assert [t.status for t in ws.gap().tabs] == ["kept"] * 5
    assert graph_fake.count("batch") == 1, "nothing to write"


def test_a_spare_uploaded_untagged_is_claimed_with_its_tags(
    graph_fake: FakeGraph, tmp_path: Path
) -> None:
    """Workbooks uploaded before the spares were tagged: each claim adds the tab's tags."""
    ws = microsoft_workshop(tmp_path, graph_fake, 2)
    ws.provision()
    item = item_id(ws)
    book = graph_fake.workbook(item)
    for name in [n for n in book.defined_names if "spare" in n]:
        del book.defined_names[name]
    tables_type(graph_fake, item, 2)
    ws.sync()
    agree(graph_fake, item, AGREED)
    graph_fake.reset_counts()
    made = ws.gap()
    assert [t.status for t in made.tabs] == ["created"] * 5
    assert graph_fake.count("workbook.worksheets.add", batched=True) == 0
    assert graph_fake.count("workbook.names.add", batched=True) == 10, "a key, an anchor each"
    assert graph_fake.count("batch") == 3, "the read, then 26 sub-requests in two writes"
    assert {t.key for t in ws.backend.read()} >= {gap_key(c) for c in AGREED}


def test_a_spare_renamed_in_no_batch_stays_a_spare_whatever_its_record_says() -> None:
    """The claims record goes first in the batch; if the batch stopped before the rename,
    the spare is still a spare (never read, claimable), and a later record overrides."""
    key = "spare0a1b2c3dn1"
    sheets = {"value": [{"id": "{1}", "name": f"{SPARE_PREFIX}0a1b2c3d_1", "position": 0}]}
    names = {
        "value": [
            {"name": tab_name(key), "value": f"='{SPARE_PREFIX}0a1b2c3d_1'!$1:$1048576"},
            {"name": claims_name(1, "a"), "value": f'="{claims_values([(key, "gap:A")])[0]}"'},
        ]
    }
    layout = parse_layout(sheets, names)
    assert layout.sheets[0].key == key and not readable(layout)
    sheets["value"][0]["name"] = "Gap 1"
    names["value"][0]["value"] = "='Gap 1'!$1:$1048576"
    names["value"].append({"name": claims_name(2, "b"), "value": f'="{key}=gapx3ab"'})
    layout = parse_layout(sheets, names)
    assert [(s.key, s.tag) for s in readable(layout)] == [("gap:b", key)]


def test_claims_records_pack_within_excels_text_limit_and_read_back() -> None:
    claims = [(f"spare0a1b2c3dn{n}", f"gap:PRINCIPLE-{n} {'x' * 40}") for n in range(1, 6)]
    values = claims_values(claims)
    assert len(values) > 1 and all(len(v) <= TEXT_LIMIT for v in values)
    names = {claims_name(n, v): f'="{v}"' for n, v in enumerate(values, 1)}
    names[claims_name(9, "")] = '="spare0a1b2c3dn1=gapx3az bad=x9 =x"'
    assert claimed_keys(names) == {**dict(claims), "spare0a1b2c3dn1": "gap:z"}
    unnumbered = {f"{CLAIMS_PREFIX}x_0a1b2c3d", f"{CLAIMS_PREFIX}1", "other"}
    assert claimed_keys(dict.fromkeys(unnumbered, '="a=b"')) == {}


def test_a_replayed_claims_record_is_itself_and_another_is_not() -> None:
    names: dict[str, str] = {}
    first = record_subs("/wb", names, [("spare0a1b2c3dn1", "gap:A")])
    again = record_subs("/wb", {}, [("spare0a1b2c3dn1", "gap:A")])
    other = record_subs("/wb", {}, [("spare0a1b2c3dn1", "gap:B")])
    assert first == again and first[0].body != other[0].body
    assert claims_number(str(first[0].body["name"])) == 1 and len(names) == 1
    assert record_subs("/wb", names, [("s", "k")])[0].body["name"].startswith(CLAIMS_PREFIX + "2_")
