"""HTTP requests per workshop operation on Microsoft 365, at 4, 8 and 16 tables.

A request is one HTTP call to Graph (a ``$batch`` of up to 20 sub-requests is one; sign-in
is not counted). What the issue asked and what Graph allows differ in two places, and the
numbers below are what the adapter sends, pinned so a change shows:

* A sync writes in one batch at every size: the tabs every sync writes (tables, Consensus,
  About, the state tab) are uploaded guarded by validation rather than protected
  (:mod:`sheets_sync.backends.microsoft.build`), so each costs one sub-request; the fullest
  sync at 16 tables is 20 with Consensus's ``autofitRows`` (below). A tab protected in
  Excel costs ``unprotect``, the write and ``protect``.
* A gap is its read and one write, as on Google, though Graph v1.0 has no sheet copy: the
  upload carries five very hidden spare gap tabs, tagged with spare keys and their anchors
  (:mod:`sheets_sync.backends.microsoft.spares`), and ``gap`` claims each in three
  sub-requests (rename and show, values, protect) plus one claims record for all of them
  (Graph v1.0 cannot rename or re-point a defined name, so the tab keys go there): 17 with
  the state tab's record, within the 20 a batch holds. A gap tab with no spare left is
  built as before, about 17 sub-requests.

Reads cost ``ceil((tabs + 3) / 20)``: the cTag, the worksheets and the names, then one
``usedRange`` per tab; the issue asked ``ceil((tabs + 1) / 20)``. The worksheets (ids,
titles, order, visibility) and the names (keys, anchors) are two collections; the workbook
API pages describe no request returning both (``$expand`` on them is not described, and the
fake does not model it, so it is not relied on), and a ``usedRange`` answer names its sheet
but not its id, order or visibility. At the sizes
measured the two formulas give the same batches: 8, 12 and 20 tabs (13, 17 and 25 with the
gap tabs) cost 1, 1 and 2 either way; they differ only at 17 to 19 tabs, or 37 to 39.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from sheets_sync.backends.microsoft.fake import FakeGraph
from sheets_sync.backends.xlsx.adapter import XlsxBackend
from sheets_sync.model import WriteRange, col_letter
from sheets_sync.offline.look import WorkshopLook
from sheets_sync.offline.sync import OfflineSync
from sheets_sync.tabs.assessment import SCORE_COL, header_row
from sheets_sync.tabs.keys import table_key
from tests.backends.microsoft.workshops import FIRST, item_id, microsoft_workshop, tables_type

#: tables -> requests per operation: provision (with the one-time folder lookup), sync,
#: idle sync, gap, status, mirror, push of one offline edit.
MEASURED = {
    4: {"provision": 4, "sync": 2, "idle": 1, "gap": 2, "status": 1, "mirror": 2, "push": 3},
    8: {"provision": 4, "sync": 2, "idle": 1, "gap": 2, "status": 1, "mirror": 2, "push": 3},
    16: {"provision": 4, "sync": 3, "idle": 2, "gap": 3, "status": 2, "mirror": 3, "push": 4},
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


def test_the_fullest_sync_at_16_tables_is_one_write(graph_fake: FakeGraph, tmp_path: Path) -> None:
    """The first sync after every table typed and a person changed a score on the Assessment
    tab writes everything a sync can: 16 tables, Consensus, About and the state tab, one
    sub-request each, and Consensus's ``autofitRows`` last: 20 in one batch, full (the chart
    came with the upload; a workbook provisioned before that draws it here, in a second
    batch). So only Consensus has its rows sized; About's and the tables' wrapped cells keep
    the heights the upload gave them."""
    ws = microsoft_workshop(tmp_path, graph_fake, 16)
    ws.provision()
    item = item_id(ws)
    tables_type(graph_fake, item, 16)
    row = header_row(ws.templates) + 2
    code = graph_fake.values(item, "Assessment")[row - 1][0]
    score = ws.config.scores.get(code, 0) % 4 + 1
    graph_fake.person_sets(item, "Assessment", f"{col_letter(SCORE_COL)}{row}", score)
    graph_fake.reset_counts()
    ws.sync()
    batches = [r for r in graph_fake.requests if r.operation == "batch"]
    writes = [b for b in batches if any(s.http_method != "GET" for s in b.sub_requests)]
    assert len(batches) == reads(16 + 4) + 1
    assert len(writes) == 1 and len(writes[0].sub_requests) == 20
    *values, fit = writes[0].sub_requests
    assert {s.operation for s in values} == {"workbook.range.patch"}
    assert fit.operation == "workbook.range.format.autofitRows"
    sheet = fit.path.split("/range(")[0]
    assert sum(v.path.startswith(f"{sheet}/") for v in values) == 1
