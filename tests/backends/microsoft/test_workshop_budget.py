"""HTTP requests per workshop operation on Microsoft 365, at 4, 8 and 16 tables.

A request is one HTTP call to Graph (a ``$batch`` of up to 20 sub-requests is one; sign-in
is not counted). What the issue asked and what Graph allows differ in two places, and the
numbers below are what the adapter sends, pinned so a change shows:

* Excel's sheet protection stops the API as it stops a person, so every protected tab a
  write touches costs ``unprotect``, the write and ``protect``: a sync writes each table's
  tab, Consensus, About and the state tab, three sub-requests each, 21 already at 4 tables.
* A gap tab is built sub-request by sub-request (Graph v1.0 has no sheet copy): the sheet,
  two tags, its values, widths, hidden column, styles, locks and protection, about 17 each.

Reads cost ``ceil((tabs + 3) / 20)``: the cTag, the worksheets and the names, then one
``usedRange`` per tab.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from sheets_sync.backends.microsoft.fake import FakeGraph
from sheets_sync.backends.xlsx.adapter import XlsxBackend
from sheets_sync.model import WriteRange
from sheets_sync.offline.look import WorkshopLook
from sheets_sync.offline.sync import OfflineSync
from sheets_sync.tabs.keys import table_key
from tests.backends.microsoft.workshops import FIRST, item_id, microsoft_workshop, tables_type

#: tables -> requests per operation: provision (with the one-time folder lookup), sync,
#: idle sync, gap, status, mirror, push of one offline edit.
MEASURED = {
    4: {"provision": 4, "sync": 3, "idle": 1, "gap": 6, "status": 1, "mirror": 2, "push": 3},
    8: {"provision": 4, "sync": 3, "idle": 1, "gap": 6, "status": 1, "mirror": 2, "push": 3},
    16: {"provision": 4, "sync": 5, "idle": 2, "gap": 7, "status": 2, "mirror": 3, "push": 4},
}


def reads(tabs: int) -> int:
    return math.ceil((tabs + 3) / 20)


@pytest.mark.parametrize("tables", sorted(MEASURED))
def test_requests_per_operation(tables: int, graph_fake: FakeGraph, tmp_path: Path) -> None:
    ws = microsoft_workshop(tmp_path, graph_fake, tables)
    counts: dict[str, int] = {}

    def run(name: str, step: object) -> None:
        graph_fake.reset_counts()
        assert callable(step)
        step()
        counts[name] = graph_fake.count()

    run("provision", ws.provision)
    tables_type(graph_fake, item_id(ws), tables)
    run("sync", ws.sync)
    run("idle", ws.sync)
    run("gap", lambda: ws.gap(accept_suggested=True))
    run("status", ws.status)
    local = XlsxBackend(tmp_path / "offline.xlsx")
    offline = OfflineSync(ws.backend, local, look=WorkshopLook(ws.config, ws.templates))
    run("mirror", offline.mirror)
    local.apply([WriteRange(table_key(1), FIRST + 5, 2, (("added offline",),))])
    run("push", offline.push)

    tabs = tables + 4
    assert counts["status"] == reads(tabs + 5)
    assert counts["idle"] == reads(tabs)
    assert counts == MEASURED[tables]
