"""What Graph does wrong, and what the Microsoft adapter does about it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sheets_sync.backends.microsoft.fake import FakeGraph
from sheets_sync.backends.microsoft.fake.accounting import RecordedRequest
from sheets_sync.config import load_config
from sheets_sync.errors import ApiError
from sheets_sync.tabs.consensus import CONSENSUS_LAYOUT
from sheets_sync.workshop.facade import Workshop
from tests.backends.microsoft.signed_in import FOLDER
from tests.backends.microsoft.workshops import (
    FIRST,
    backend_for,
    item_id,
    microsoft_workshop,
    tables_type,
    write_config,
)
from tests.conftest import FIXED_NOW


def applied(fake: FakeGraph, operation: str) -> list[tuple[str, str]]:
    """(path, body) of every sub-request of ``operation`` that Graph applied."""
    return [
        (s.path, json.dumps(s.body, sort_keys=True))
        for r in fake.requests
        for s in r.sub_requests
        if s.operation == operation and s.outcome == "ok"
    ]


@pytest.fixture
def synced_once(graph_fake: FakeGraph, tmp_path: Path) -> Workshop:
    ws = microsoft_workshop(tmp_path, graph_fake, tables=4)
    ws.provision()
    tables_type(graph_fake, item_id(ws), 4)
    return ws


def test_a_throttled_batch_waits_and_writes_nothing_twice(
    synced_once: Workshop, graph_fake: FakeGraph
) -> None:
    graph_fake.reset_counts()
    started = graph_fake.clock.now
    graph_fake.fail_next(3, 429, retry_after=7, inside_batch=True)
    result = synced_once.sync()
    assert result.consensus is not None and result.consensus.suggested
    assert graph_fake.clock.now - started >= 7
    writes = applied(graph_fake, "workbook.range.patch")
    assert writes and len(writes) == len(set(writes))
    protects = [s for s in applied(graph_fake, "workbook.protection.protect")]
    assert len(protects) == len(applied(graph_fake, "workbook.protection.unprotect"))


@pytest.mark.parametrize("status", [503, 504])
def test_a_failing_envelope_is_sent_again(
    status: int, synced_once: Workshop, graph_fake: FakeGraph
) -> None:
    graph_fake.fail_next(2, status, operation="batch")
    assert synced_once.status().checks


def test_a_workbook_not_open_yet_is_waited_for(graph_fake: FakeGraph, tmp_path: Path) -> None:
    ws = microsoft_workshop(tmp_path, graph_fake, tables=2)
    graph_fake.fail_with("GenericFileOpenError", n=2, operation="workbook.", inside_batch=True)
    ws.provision()
    assert [t.title for t in ws.backend.read()][:2] == ["About", "Table 1"]


def test_a_lost_upload_answer_makes_no_second_file(graph_fake: FakeGraph, tmp_path: Path) -> None:
    ws = microsoft_workshop(tmp_path, graph_fake, tables=2)
    graph_fake.lose_answer_next("drive.item.content.put")
    ws.provision()
    who = next(u for u in graph_fake.world.users.values() if not u.external)
    folder = graph_fake.find(graph_fake.drive_of(who), FOLDER)
    assert folder is not None
    files = [i for i in graph_fake.world.items.values() if i.parent_id == folder.id]
    assert len(files) == 1
    state = json.loads(ws.config.state_file.read_text(encoding="utf-8"))
    assert state["item_id"] == files[0].id


def test_an_expired_token_is_refreshed_silently(
    synced_once: Workshop, graph_fake: FakeGraph
) -> None:
    graph_fake.expire_tokens()
    assert synced_once.status().checks
    answered = [s.status for r in graph_fake.requests for s in r.sub_requests]
    assert 401 in answered and answered[-1] == 200


def test_edits_between_the_syncs_read_and_write_survive(
    synced_once: Workshop, graph_fake: FakeGraph
) -> None:
    item = item_id(synced_once)
    agreed = f"B{CONSENSUS_LAYOUT.agreed + 2}"
    seen: list[str] = []

    def person(record: RecordedRequest) -> None:
        if record.operation == "workbook.range.patch" and not seen:
            seen.append(record.path)
            graph_fake.person_sets(item, "Table 2", f"C{FIRST + 6}", "typed during the sync")
            graph_fake.person_sets(item, "Consensus", agreed, "MESO-3")

    graph_fake.before_each_request(person)
    result = synced_once.sync()
    graph_fake.remove_hook(person)
    assert result.writes > 0 and result.consensus is not None
    assert seen
    snap = synced_once.backend.read()
    table = snap.titled("Table 2")
    consensus = snap.titled("Consensus")
    assert table is not None and consensus is not None
    assert table.value(FIRST + 5, 2) == "typed during the sync"
    assert consensus.value(CONSENSUS_LAYOUT.agreed + 1, 1) == "MESO-3"
    suggested = result.consensus.suggested[0]
    assert any(suggested in str(v) for v in consensus.cells.values())


def test_a_refusal_is_one_line_naming_the_step(
    synced_once: Workshop, graph_fake: FakeGraph
) -> None:
    graph_fake.fail_always(400, operation="workbook.range.patch", inside_batch=True)
    with pytest.raises(ApiError) as err:
        synced_once.sync(force=True)
    graph_fake.heal()
    message = str(err.value)
    assert "\n" not in message and "Microsoft Graph answered 400" in message
    assert "step " in message and "range(address=" in message
    assert "Bearer" not in message


def test_sharing_refused_by_the_tenant_is_one_line_and_the_workbook_is_kept(
    graph_fake: FakeGraph, tmp_path: Path
) -> None:
    path = write_config(tmp_path, graph_fake, tables=1)
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "name = 'Table 1'\n", "name = 'Table 1'\neditors = ['partner@charity.org.uk']\n"
        ),
        encoding="utf-8",
    )
    graph_fake.add_guest("partner@charity.org.uk")
    cfg = load_config(path)
    ws = Workshop(cfg, backend_for(cfg, graph_fake, tmp_path / "t.json"), clock=lambda: FIXED_NOW)
    with pytest.raises(
        ApiError, match=r"refused to share it with .*partner@charity\.org\.uk \(notallowed"
    ) as err:
        ws.provision()
    assert "\n" not in str(err.value)
    assert json.loads(cfg.state_file.read_text(encoding="utf-8"))["item_id"]
    graph_fake.reset_counts()
    assert ws.provision().created is False
    assert graph_fake.count("drive.item.content.put") == 0
