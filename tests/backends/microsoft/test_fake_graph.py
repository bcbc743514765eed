"""The Graph fake's drive, workbook, $batch and schema rules, driven with real requests."""

from __future__ import annotations

import msal
import pytest
import requests
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation

from sheets_sync.backends.microsoft.fake import FakeGraph

from .fake_support import GRAPH, signed_in, upload, xlsx_bytes

pytest_plugins = ["sheets_sync.backends.microsoft.fake.plugin"]


@pytest.fixture
def session(msal_confidential_app: msal.ConfidentialClientApplication) -> requests.Session:
    return signed_in(msal_confidential_app)


def _drive(fake: FakeGraph) -> str:
    return fake.drive_of(fake.world.users["facilitator@sampleton.nhs.uk"])


def _book_url(fake: FakeGraph, item_id: str) -> str:
    return f"{GRAPH}/drives/{_drive(fake)}/items/{item_id}/workbook"


def test_unknown_segment_property_and_parameter_are_400_and_violations(
    graph_fake: FakeGraph, session: requests.Session
) -> None:
    item = upload(session, graph_fake)
    sheet = f"{_book_url(graph_fake, item['id'])}/worksheets/Table 1"
    bad_segment = session.get(f"{sheet}/rnge(address='A1')")
    bad_parameter = session.get(f"{sheet}/usedRange(valuesonly=true)")
    bad_property = session.patch(f"{sheet}/range(address='A1')", json={"value": [["x"]]})
    for answer in (bad_segment, bad_parameter, bad_property):
        assert answer.status_code == 400
        assert answer.json()["error"]["code"] == "BadRequest"
    assert "Resource not found for the segment" in bad_segment.json()["error"]["message"]
    assert (
        "does not exist on type 'microsoft.graph.workbookRange'"
        in (bad_property.json()["error"]["message"])
    )
    found = graph_fake.take_violations()
    assert [v.where for v in found] == ["path", "path", "body"]


def test_upload_conflict_fail_and_lost_answer_leaves_the_file(
    graph_fake: FakeGraph, session: requests.Session
) -> None:
    item = upload(session, graph_fake)
    assert item["file"]["mimeType"].endswith("spreadsheetml.sheet")
    root = graph_fake.world.drives[_drive(graph_fake)].root_id
    url = f"{GRAPH}/drives/{_drive(graph_fake)}/items/{root}:/Again.xlsx:/content"
    params = {"@microsoft.graph.conflictBehavior": "fail"}
    graph_fake.lose_answer_next("drive.item.content.put")
    with pytest.raises(requests.exceptions.ConnectionError):
        session.put(url, params=params, data=xlsx_bytes())
    retry = session.put(url, params=params, data=xlsx_bytes())
    assert retry.status_code == 409
    assert retry.json()["error"]["code"] == "nameAlreadyExists"
    found = session.get(
        f"{GRAPH}/drives/{_drive(graph_fake)}/root:/Again.xlsx",
        params={"$select": "id,cTag,description"},
    )
    assert found.status_code == 200
    assert set(found.json()) >= {"id", "cTag"}
    assert graph_fake.find(_drive(graph_fake), "Again.xlsx") is not None


def test_description_tag_and_download(graph_fake: FakeGraph, session: requests.Session) -> None:
    item = upload(session, graph_fake)
    url = f"{GRAPH}/drives/{_drive(graph_fake)}/items/{item['id']}"
    patched = session.patch(url, json={"description": "sheets-sync:abc123"})
    assert patched.json()["description"] == "sheets-sync:abc123"
    assert patched.json()["cTag"] == item["cTag"] and patched.json()["eTag"] != item["eTag"]
    content = session.get(url + "/content")
    assert content.status_code == 200 and content.content[:2] == b"PK"


def test_session_header_flow_and_excel_value_parsing(
    graph_fake: FakeGraph, session: requests.Session
) -> None:
    item = upload(session, graph_fake)
    book = _book_url(graph_fake, item["id"])
    created = session.post(f"{book}/createSession", json={"persistChanges": True})
    assert created.status_code == 201
    headers = {"workbook-session-id": created.json()["id"]}
    cell_range = f"{book}/worksheets/Table 1/range(address='A3:E3')"
    session.patch(
        f"{book}/worksheets/Table 1/range(address='E3')",
        headers=headers,
        json={"numberFormat": [["@"]]},
    )
    answer = session.patch(
        cell_range, headers=headers, json={"values": [["=1+1", "007", "'=x", "-abc", "=2"]]}
    )
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["values"] == [[2, 7, "=x", "#NAME?", "=2"]]
    assert body["formulas"][0][:2] == ["=1+1", 7]
    assert body["valueTypes"][0][0] == "Double"
    used = session.get(f"{book}/worksheets/Table 1/usedRange(valuesOnly=true)", headers=headers)
    assert used.json()["address"] == "'Table 1'!A1:E3"
    assert graph_fake.item(item["id"]).ctag != item["cTag"]
    session.post(f"{book}/closeSession", headers=headers)
    stale = session.get(cell_range, headers=headers)
    assert stale.status_code == 404
    assert stale.json()["error"]["innerError"]["code"] == "invalidSessionReCreatable"


def test_protection_refuses_locked_cells_and_person_edits_bump_ctag(
    graph_fake: FakeGraph, session: requests.Session
) -> None:
    item = upload(session, graph_fake)
    sheet = f"{_book_url(graph_fake, item['id'])}/worksheets/Table 1"
    session.patch(f"{sheet}/range(address='B2')/format/protection", json={"locked": False})
    protected = session.post(
        f"{sheet}/protection/protect", json={"options": {"allowFormatCells": False}}
    )
    assert protected.status_code == 204
    assert session.get(f"{sheet}/protection").json()["protected"] is True
    refused = session.patch(f"{sheet}/range(address='A2')", json={"values": [[5]]})
    assert refused.status_code == 403
    allowed = session.patch(f"{sheet}/range(address='B2')", json={"values": [["MESO-2"]]})
    assert allowed.status_code == 200
    before = graph_fake.item(item["id"]).ctag
    graph_fake.person_sets(item["id"], "Table 1", "C2", "because")
    assert graph_fake.item(item["id"]).ctag != before
    assert graph_fake.values(item["id"], "Table 1")[1] == [1, "MESO-2", "because"]
    assert graph_fake.workbook(item["id"])["Table 1"].protection.sheet is True


def test_batch_rules(graph_fake: FakeGraph, session: requests.Session) -> None:
    item = upload(session, graph_fake)
    base = f"/drives/{_drive(graph_fake)}/items/{item['id']}/workbook/worksheets"
    too_many = [{"id": str(i), "method": "GET", "url": base} for i in range(21)]
    assert session.post(f"{GRAPH}/$batch", json={"requests": too_many}).status_code == 400
    graph_fake.fail_next(
        1, 429, retry_after=3, operation="workbook.worksheets.list", inside_batch=True
    )
    requests_ = [
        {
            "id": "w",
            "method": "PATCH",
            "url": f"{base}/Table 1/range(address='A5')",
            "headers": {"Content-Type": "application/json"},
            "body": {"values": [["x"]]},
        },
        {"id": "bad", "method": "GET", "url": f"{base}/Nope", "dependsOn": ["w"]},
        {"id": "after", "method": "GET", "url": base, "dependsOn": ["bad"]},
        {"id": "list", "method": "GET", "url": base.lstrip("/")},
    ]
    answer = session.post(f"{GRAPH}/$batch", json={"requests": requests_})
    assert answer.status_code == 200
    by_id = {r["id"]: r for r in answer.json()["responses"]}
    assert [r["id"] for r in answer.json()["responses"]] == ["w", "bad", "after", "list"]
    assert by_id["w"]["status"] == 200 and by_id["bad"]["status"] == 404
    assert by_id["after"]["status"] == 424
    assert by_id["list"]["status"] == 429 and by_id["list"]["headers"]["Retry-After"] == "3"
    assert graph_fake.count("batch") == 2
    assert graph_fake.count("workbook.", batched=True) == 3


def test_sharing_policy_refuses_external_invites(
    graph_fake: FakeGraph, session: requests.Session
) -> None:
    item = upload(session, graph_fake)
    graph_fake.add_user("table1@sampleton.nhs.uk")
    url = f"{GRAPH}/drives/{_drive(graph_fake)}/items/{item['id']}/invite"
    body = {
        "recipients": [{"email": "table1@sampleton.nhs.uk"}],
        "roles": ["write"],
        "requireSignIn": True,
        "sendInvitation": False,
    }
    assert session.post(url, json=body).status_code == 200
    body["recipients"] = [{"email": "someone@gmail.com"}]
    refused = session.post(url, json=body)
    assert refused.status_code == 403
    assert refused.json()["error"]["innerError"]["code"] == "notAllowed"
    listed = session.get(f"{GRAPH}/drives/{_drive(graph_fake)}/items/{item['id']}/permissions")
    assert len(listed.json()["value"]) == 2


def test_faults_throttle_and_named_workbook_errors(
    graph_fake: FakeGraph, session: requests.Session
) -> None:
    item = upload(session, graph_fake)
    url = f"{_book_url(graph_fake, item['id'])}/worksheets"
    graph_fake.fail_next(2, 503, retry_after=1, operation="workbook.")
    graph_fake.fail_with("GenericFileOpenError", operation="workbook.")
    assert [session.get(url).status_code for _ in range(3)] == [503, 503, 500]
    assert session.get(url).status_code == 200
    graph_fake.timeout_next()
    with pytest.raises(requests.exceptions.ReadTimeout):
        session.get(url)
    corrupt = upload(session, graph_fake, "Corrupt.xlsx", b"not a zip")
    opened = session.get(f"{_book_url(graph_fake, corrupt['id'])}/worksheets")
    assert opened.json()["error"]["code"] == "GenericFileOpenError"


def test_a_rename_rewrites_names_formulas_and_validations_and_charts_keep_their_parts(
    graph_fake: FakeGraph, session: requests.Session
) -> None:
    rows: list[list[object]] = [["Code", "Pts"], ["MICRO-1", 3], ["MICRO-2", 5]]
    item = upload(session, graph_fake, content=xlsx_bytes(rows))
    book = graph_fake.workbook(item["id"])
    book.defined_names["_ss_tab_table_1"] = DefinedName(
        "_ss_tab_table_1", attr_text="'Table 1'!$1:$1048576"
    )
    other = book.create_sheet("Sums")
    other["A1"] = "=SUM('Table 1'!B2:B3)"
    rule = DataValidation(type="list", formula1="'Table 1'!$A$2:$A$3")
    rule.add("B1")
    other.add_data_validation(rule)
    sheets = f"{_book_url(graph_fake, item['id'])}/worksheets"
    assert session.patch(f"{sheets}/Table 1", json={"name": "Tisch"}).status_code == 200
    assert book.defined_names["_ss_tab_table_1"].attr_text == "Tisch!$1:$1048576"
    assert other["A1"].value == "=SUM(Tisch!B2:B3)" and rule.formula1 == "Tisch!$A$2:$A$3"
    graph_fake.person_renames_sheet(item["id"], "Tisch", "Table one")
    assert other["A1"].value == "=SUM('Table one'!B2:B3)"

    charts = f"{sheets}/Table one/charts"
    added = session.post(
        f"{charts}/add", json={"type": "BarClustered", "sourceData": "A1:B3", "seriesBy": "Columns"}
    ).json()
    chart = f"{charts}/{added['name']}"
    assert session.post(f"{chart}/setPosition", json={"startCell": "D2"}).status_code == 204
    assert session.patch(f"{chart}", json={"width": 300.0}).json()["width"] == 300.0
    titled = session.patch(f"{chart}/title", json={"text": "Points", "visible": True}).json()
    assert titled == {
        "@odata.type": "#microsoft.graph.workbookChartTitle",
        "text": "Points",
        "visible": True,
        "overlay": False,
    }
    placed = session.get(chart).json()
    column = session.get(f"{sheets}/Table one/range(address='A1')/format").json()["columnWidth"]
    assert (placed["left"], placed["top"]) == (3 * column, 15.0)  # D2: three columns, one row
    session.post(f"{sheets}/Table one/protection/protect", json={"options": {}})
    assert session.patch(f"{chart}/title", json={"text": "No"}).status_code == 403


def test_autofit_rows_sizes_rows_to_their_wrapped_text(
    graph_fake: FakeGraph, session: requests.Session
) -> None:
    long = " ".join(["Commissioners keep refining the gap analysis"] * 4)
    content = xlsx_bytes([[long], ["short"], [long], [long]])
    item = upload(session, graph_fake, content=content)
    sheet = f"{_book_url(graph_fake, item['id'])}/worksheets/Table 1"
    session.patch(f"{sheet}/range(address='A:A')/format", json={"columnWidth": 120})
    session.patch(f"{sheet}/range(address='A1:A4')/format", json={"wrapText": True})
    session.patch(f"{sheet}/range(address='2:2')/format", json={"rowHeight": 60})
    book = graph_fake.workbook(item["id"])["Table 1"]
    book.merge_cells("A3:B3")
    fitted = session.post(f"{sheet}/range(address='1:3')/format/autofitRows")
    assert fitted.status_code == 204 and not fitted.content
    heights = [session.get(f"{sheet}/range(address='A{r}')/format").json() for r in (1, 2, 3, 4)]
    assert heights[0]["rowHeight"] >= 5 * 11, "176 characters in 120 points: five lines or more"
    assert heights[1]["rowHeight"] == 15.0, "one line: back to the default height"
    assert heights[2]["rowHeight"] == 15.0, "AutoFit does not wrap merged cells"
    assert heights[3]["rowHeight"] == 15.0, "outside the range: left as it was"
    assert session.post(f"{sheet}/protection/protect", json={}).status_code == 204
    refused = session.post(f"{sheet}/range(address='1:1')/format/autofitRows")
    assert refused.status_code == 403
    session.post(f"{sheet}/protection/unprotect")
    options = {"options": {"allowFormatRows": True}}
    assert session.post(f"{sheet}/protection/protect", json=options).status_code == 204
    assert session.post(f"{sheet}/range(address='4:4')/format/autofitRows").status_code == 204
    assert session.get(f"{sheet}/range(address='A4')/format").json()["rowHeight"] > 50
