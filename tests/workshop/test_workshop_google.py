"""The whole workshop on Google Sheets, over the fake, within the request budget."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sheets_sync.backends.google.adapter import GoogleSheetsBackend
from sheets_sync.backends.google.factory import open_google_backend
from sheets_sync.backends.google.fake.fake import FakeGoogle, RecordedRequest
from sheets_sync.cli import main
from sheets_sync.config import load_config
from sheets_sync.core.principles import BY_CODE
from sheets_sync.tabs.consensus import CONSENSUS_LAYOUT
from sheets_sync.tabs.table import table_layout
from sheets_sync.tabs.templates import load_templates
from sheets_sync.workshop.demo import ENTRIES
from sheets_sync.workshop.facade import Workshop
from tests.conftest import FIXED_NOW

FIRST = table_layout(load_templates()).first_entry + 1


def google_workshop(tmp_path: Path, fake: FakeGoogle, key_file: Path, tables: int) -> Workshop:
    folder = fake.add_folder("Workshops", parent=fake.add_shared_drive())
    path = tmp_path / "w.toml"
    names = "".join(f"[[tables]]\nname = 'Table {i}'\n" for i in range(1, tables + 1))
    path.write_text(
        "[workshop]\nlocality = 'Sampleton'\ndate = 2026-12-03\n"
        "facilitators = ['lead@sampleton.gov.uk']\n"
        f"[backend]\nkind = 'google'\n[google]\ncredentials = '{key_file}'\n"
        f"folder_id = '{folder}'\n" + names,
        encoding="utf-8",
    )
    cfg = load_config(path)
    return Workshop(cfg, open_google_backend(cfg), clock=lambda: FIXED_NOW)


def provisioned(ws: Workshop) -> str:
    """Provision ``ws`` on Google and return the new spreadsheet's id."""
    ws.provision()
    backend = ws.backend
    assert isinstance(backend, GoogleSheetsBackend)
    assert backend.spreadsheet_id is not None
    return backend.spreadsheet_id


def tables_type(fake: FakeGoogle, sid: str) -> None:
    """Every table types the demo's entries in the Sheets UI (no requests counted)."""
    for n, rows in ENTRIES.items():
        for i, (rank, principle, why) in enumerate(rows):
            for col, value in zip("ABC", (rank, principle, why), strict=True):
                fake.person_sets(sid, f"Table {n}", f"{col}{FIRST + i}", value)


def test_workshop_on_google_in_few_requests(
    tmp_path: Path, google_fake: FakeGoogle, service_account_file: Path
) -> None:
    ws = google_workshop(tmp_path, google_fake, service_account_file, tables=6)
    google_fake.reset_counts()
    ws.provision()
    sent = [r.api_method for r in google_fake.requests if r.api_method != "oauth2.token"]
    assert sent == [
        "drive.files.list",
        "drive.files.create",
        "sheets.spreadsheets.batchUpdate",
        "drive.permissions.create",  # one per person: here the one facilitator
    ]
    setup = next(r for r in google_fake.requests if r.api_method.endswith("batchUpdate"))
    assert [next(iter(r)) for r in setup.body["requests"]].count("addChart") == 1
    backend = ws.backend
    assert isinstance(backend, GoogleSheetsBackend)
    sid = backend.spreadsheet_id
    assert sid is not None
    tables_type(google_fake, sid)

    google_fake.reset_counts()
    result = ws.sync()
    assert google_fake.count("sheets.") <= 3
    assert google_fake.count() <= 3
    batch = [r for r in google_fake.requests if r.api_method.endswith("batchUpdate")]
    assert len(batch) == 1
    kinds = [next(iter(request)) for request in batch[0].body["requests"]]
    assert kinds.count("addChart") == 0, "the chart came with the tabs"
    consensus = next(
        s for s in google_fake.spreadsheet(sid)["sheets"] if s["properties"]["title"] == "Consensus"
    )
    assert len(consensus.get("charts", [])) == 1
    assert result.consensus is not None
    assert result.consensus.suggested[0] == "MESO-3"
    assert google_fake.values(sid, "Table 4")[FIRST - 1][6].startswith("Invalid: ")
    google_fake.reset_counts()
    assert ws.sync().writes == 0
    assert google_fake.count() == 1

    agreed = CONSENSUS_LAYOUT.agreed + 2
    for i, code in enumerate(["MESO-3", "MICRO-1", "MACRO-2", "MICRO-2", "MACRO-1"]):
        google_fake.person_sets(sid, "Consensus", f"B{agreed + i}", BY_CODE[code].label)
    google_fake.reset_counts()
    gap = ws.gap()
    assert google_fake.count() <= 2
    assert gap.tabs[0].title == "Gap 1 - MESO-3"
    google_fake.reset_counts()
    status = ws.status()
    assert google_fake.count() == 1
    assert len(status.gaps) == 5
    assert google_fake.values(sid, "Consensus")[agreed - 1][1] == BY_CODE["MESO-3"].label


def test_a_table_sees_its_problem_in_its_own_tab_on_google(
    tmp_path: Path, google_fake: FakeGoogle, service_account_file: Path
) -> None:
    ws = google_workshop(tmp_path, google_fake, service_account_file, tables=1)
    sid = provisioned(ws)
    google_fake.person_sets(sid, "Table 1", f"B{FIRST}", "MACRO 6")
    ws.sync()
    check = google_fake.values(sid, "Table 1")[FIRST - 1][4]
    assert check.startswith("✗")
    assert "MACRO-6" in check


def test_edits_between_the_syncs_read_and_write_survive(
    tmp_path: Path, google_fake: FakeGoogle, service_account_file: Path
) -> None:
    ws = google_workshop(tmp_path, google_fake, service_account_file, tables=6)
    sid = provisioned(ws)
    tables_type(google_fake, sid)
    agreed = f"B{CONSENSUS_LAYOUT.agreed + 2}"
    late_label = BY_CODE["MICRO-6"].label

    def person_types_during_the_sync(record: RecordedRequest) -> None:
        if record.api_method == "sheets.spreadsheets.batchUpdate":
            google_fake.person_sets(sid, "Table 1", f"C{FIRST}", "Changed our minds on why")
            google_fake.person_sets(sid, "Consensus", agreed, late_label)

    google_fake.before_each_request(person_types_during_the_sync)
    first = ws.sync()
    google_fake.remove_hook(person_types_during_the_sync)
    assert first.writes > 0
    assert google_fake.values(sid, "Table 1")[FIRST - 1][2] == "Changed our minds on why"
    assert google_fake.values(sid, "Consensus")[CONSENSUS_LAYOUT.agreed + 1][1] == late_label
    ws.sync()
    assert google_fake.values(sid, "Consensus")[CONSENSUS_LAYOUT.agreed + 1][1] == late_label


def test_report_reads_the_google_workbook_once(
    tmp_path: Path, google_fake: FakeGoogle, service_account_file: Path
) -> None:
    ws = google_workshop(tmp_path, google_fake, service_account_file, tables=6)
    sid = provisioned(ws)
    tables_type(google_fake, sid)
    ws.sync()
    google_fake.reset_counts()
    out = tmp_path / "report.html"
    assert main(["report", "-c", str(ws.config.path), "-o", str(out)]) == 0
    assert out.exists()
    sent = [r for r in google_fake.requests if not r.api_method.startswith("oauth2.")]
    assert [r.api_method for r in sent] == ["sheets.spreadsheets.get"]
    assert sent[0].query.get("fields") != ["spreadsheetId"]


def test_report_on_a_missing_google_workbook_is_one_line(
    tmp_path: Path,
    google_fake: FakeGoogle,
    service_account_file: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    ws = google_workshop(tmp_path, google_fake, service_account_file, tables=3)
    assert main(["report", "-c", str(ws.config.path), "-o", str(tmp_path / "r.html")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: there is no Google workbook") and err.count("\n") == 1
    assert "sheets-sync provision" in err


def test_a_deleted_table_tab_on_google_is_left_out_and_put_back_in_order(
    tmp_path: Path, google_fake: FakeGoogle, service_account_file: Path
) -> None:
    ws = google_workshop(tmp_path, google_fake, service_account_file, tables=6)
    sid = provisioned(ws)
    order = [s["properties"]["title"] for s in google_fake.spreadsheet(sid)["sheets"]]
    tables_type(google_fake, sid)
    google_fake.person_deletes_sheet(sid, "Table 4")
    result = ws.sync()
    assert [c.state for c in result.checks][2:5] == ["valid", "missing", "invalid"]
    assert result.consensus is not None and result.consensus.suggested[0] == "MESO-3"
    flip = CONSENSUS_LAYOUT.flipchart + 1 + CONSENSUS_LAYOUT.size + 1
    line = google_fake.values(sid, "Consensus")[flip][0]
    assert "Left out: Table 4, its tab is missing; `sheets-sync provision` puts it back" in line
    assert ws.provision().added == ("Table 4",)
    assert [s["properties"]["title"] for s in google_fake.spreadsheet(sid)["sheets"]] == order


def _sheet(fake: FakeGoogle, sid: str, prefix: str) -> dict[str, Any]:
    return next(
        s
        for s in fake.spreadsheet(sid)["sheets"]
        if str(s["properties"]["title"]).startswith(prefix)
    )


def test_google_layout_facts_after_provision_sync_and_gap(
    tmp_path: Path, google_fake: FakeGoogle, service_account_file: Path
) -> None:
    """What people see on Google: row heights from Google's own sizing of wrapped text, the
    gap tabs' row ids hidden, merged lines, and the chart's 17 labels sorted by points."""
    ws = google_workshop(tmp_path, google_fake, service_account_file, tables=6)
    sid = provisioned(ws)
    tables_type(google_fake, sid)
    ws.sync()
    for i, code in enumerate(["MESO-3", "MICRO-1", "MACRO-2", "MICRO-2", "MACRO-1"]):
        google_fake.person_sets(sid, "Consensus", f"B{CONSENSUS_LAYOUT.agreed + 2 + i}", code)
    ws.gap()
    gap = _sheet(google_fake, sid, "Gap 1")
    columns = gap["data"][0]["columnMetadata"]
    assert columns[6].get("hiddenByUser") is True
    assert not any(c.get("hiddenByUser") for c in columns[:6])
    rows = gap["data"][0]["rowMetadata"]
    header = table_layout(load_templates()).header_row  # gap and table share row 4
    ideal = len(BY_CODE["MESO-3"].label) * 6.5 / (columns[0]["pixelSize"] - 6)
    assert rows[header + 1]["pixelSize"] >= 17 * int(ideal + 1)
    assert rows[header]["pixelSize"] < 100  # the hidden id header takes no room
    consensus = _sheet(google_fake, sid, "Consensus")
    heights = [r.get("pixelSize", 21) for r in consensus["data"][0]["rowMetadata"]]
    lay = CONSENSUS_LAYOUT
    assert heights[lay.agreed + 1] >= 30  # 18 pt, large on a projector
    merges = {(m["startRowIndex"], m["startColumnIndex"]) for m in consensus.get("merges", [])}
    assert (lay.agreed + 1, 1) in merges and (lay.legend, 0) in merges
    (chart,) = consensus["charts"]
    basic = chart["spec"]["basicChart"]
    domain = basic["domains"][0]["domain"]["sourceRange"]["sources"][0]
    assert domain["endRowIndex"] - domain["startRowIndex"] == 17
    assert all(axis["format"]["fontSize"] >= 12 for axis in basic["axis"])
    snapshot = ws.backend.read()
    tab = snapshot.get("consensus")
    assert tab is not None
    points = [tab.value(r, 1) for r in range(domain["startRowIndex"], domain["endRowIndex"])]
    assert points == sorted(points, reverse=True)  # type: ignore[type-var]
