"""The contract harness for the Microsoft backend: the real adapter over the Graph fake.

The backend talks HTTP (msal, requests) to :class:`FakeGraph` on ``responses``; the inspector
reads the fake's live openpyxl workbook (what Excel Online holds) with the xlsx harness's
rules; the person edits it as Excel does. Excel rewrites defined names when a person inserts
rows, and the fake's ``person_*`` helpers do not (they do on a rename), so the person here does
that part by hand, as the xlsx harness's person does. Every request is checked against
Graph's CSDL by the fake; its fixture fails the test on any violation.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl.worksheet.worksheet import Worksheet

from sheets_sync.backends.base import WorkbookBackend
from sheets_sync.backends.microsoft.auth import UserTokens
from sheets_sync.backends.microsoft.fake import FakeGraph, drive
from sheets_sync.model import a1, parse_a1
from tests.backends.microsoft.signed_in import backend, folder_of, sign_in
from tests.contract.conftest import ChartView, Harness
from tests.contract.xlsx_harness import XlsxInspector, _shift_rows, _split, sheet

_SIGNED_IN = pytest.StashKey[UserTokens]()


class MicrosoftInspector(XlsxInspector):
    """The xlsx inspector's questions, asked of the fake's live workbook."""

    def __init__(self, fake: FakeGraph, item_id: object) -> None:
        self.fake = fake
        self.item_id = item_id

    def _ws(self, title: str) -> Worksheet:
        assert callable(self.item_id)
        return sheet(self.fake.workbook(self.item_id()), title)

    def charts(self, title: str) -> list[ChartView]:
        """As the xlsx inspector, but a chart the fake drew is anchored by a cell name
        until the workbook is saved."""
        views = []
        for chart in self._ws(title)._charts:
            anchor = chart.anchor
            start = (
                parse_a1(anchor)
                if isinstance(anchor, str)
                else (anchor._from.row, anchor._from.col)
            )
            text = ""
            if chart.title is not None and chart.title.tx is not None:
                text = "".join(r.t for p in chart.title.tx.rich.p for r in (p.r or []))
            views.append(ChartView(text, chart.type == "bar", len(chart.series), start))
        return views


class MicrosoftPerson:
    """Edits as a person in Excel Online (see the module docstring)."""

    def __init__(self, fake: FakeGraph, item_id: object) -> None:
        self.fake = fake
        self.item_id = item_id

    def _id(self) -> str:
        assert callable(self.item_id)
        return str(self.item_id())

    def rename_tab(self, old: str, new: str) -> None:
        self.fake.person_renames_sheet(self._id(), old, new)

    def insert_rows(self, title: str, before: int, count: int) -> None:
        book = self.fake.workbook(self._id())
        for dn in book.defined_names.values():
            ref_title, area = _split(str(dn.attr_text))
            if ref_title == title and area:
                text = str(dn.attr_text)
                dn.attr_text = text[: -len(area)] + _shift_rows(area, before + 1, count)
        self.fake.person_inserts_rows(self._id(), title, before + 1, count)

    def delete_rows(self, title: str, first: int, count: int) -> None:
        book = self.fake.workbook(self._id())
        for dn in book.defined_names.values():
            ref_title, area = _split(str(dn.attr_text))
            if ref_title == title and area:
                text = str(dn.attr_text)
                dn.attr_text = text[: -len(area)] + _shift_rows(area, first + 1, -count)
        self.fake.person_deletes_rows(self._id(), title, first + 1, count)

    def add_tab(self, title: str) -> None:
        book = self.fake.workbook(self._id())
        book.create_sheet(title)
        self.fake.person_sets(self._id(), title, "A1", "")

    def type(self, title: str, cell: tuple[int, int], text: str) -> None:
        self.fake.person_sets(self._id(), title, a1(*cell), "'" + text)


def microsoft_harness(
    request: pytest.FixtureRequest, folder: Path, n: int, fake: FakeGraph
) -> Harness:
    """A harness on a not yet created workbook for workshop ``contract-<n>``."""
    stash = request.node.stash
    if _SIGNED_IN not in stash:
        stash[_SIGNED_IN] = sign_in(fake, folder.parent / "microsoft-token.json")
        folder_of(fake)
    tokens = stash[_SIGNED_IN]
    main = backend(fake, tokens, folder, n)

    def at(location: str) -> WorkbookBackend:
        if location == main.location():
            return backend(fake, tokens, folder, n)
        item = next(i for i in fake.world.items.values() if fake_url(fake, i.id) == location)
        return backend(
            fake, tokens, folder, n, state_file=None, item_id=item.id, drive_id=item.drive_id
        )

    def item_id() -> str:
        assert main.item is not None, "the workbook has not been created"
        return main.item.id

    return Harness(
        backend=main,
        inspect=MicrosoftInspector(fake, item_id),
        person=MicrosoftPerson(fake, item_id),
        at=at,
    )


def fake_url(fake: FakeGraph, item_id: str) -> str:
    """The webUrl the fake gives an item (what the backend reports as its location)."""
    return str(drive.item_json(fake.world, fake.item(item_id)).get("webUrl", ""))
