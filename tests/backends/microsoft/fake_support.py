"""Shared helpers for the Graph fake's own tests: a signed-in session and an uploaded book."""

from __future__ import annotations

import io
from typing import Any

import msal
import openpyxl
import requests

from sheets_sync.backends.microsoft.fake import FakeGraph

GRAPH = "https://graph.microsoft.com/v1.0"


def signed_in(app: msal.ConfidentialClientApplication) -> requests.Session:
    """A requests session carrying an app-only token from real msal."""
    result = app.acquire_token_for_client(scopes=["https://graph.microsoft.com/.default"])
    assert "access_token" in result, result
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {result['access_token']}"
    return session


def xlsx_bytes(rows: list[list[Any]] | None = None, title: str = "Table 1") -> bytes:
    """A small workbook built locally with openpyxl, as the xlsx adapter would."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    for row in rows or [["Rank", "Principle"], [1, "MACRO-1"]]:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(
    session: requests.Session,
    fake: FakeGraph,
    name: str = "Sampleton.xlsx",
    content: bytes | None = None,
) -> dict[str, Any]:
    """Upload a workbook to the facilitator's OneDrive root with conflictBehavior fail."""
    user = fake.world.users["facilitator@sampleton.nhs.uk"]
    root = fake.world.drives[fake.drive_of(user)].root_id
    answer = session.put(
        f"{GRAPH}/users/{user.id}/drive/items/{root}:/{name}:/content",
        params={"@microsoft.graph.conflictBehavior": "fail"},
        data=content if content is not None else xlsx_bytes(),
    )
    assert answer.status_code == 201, answer.text
    body: dict[str, Any] = answer.json()
    return body
