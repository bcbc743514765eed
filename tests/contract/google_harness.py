"""The contract harness for the Google backend: the real adapter over the Google fake.

The backend talks HTTP (gspread, google-auth, requests) to :class:`tests.fake_google.FakeGoogle`
on ``responses``; the inspector reads the fake's stored spreadsheet (what Google would show a
person), and the person edits it the way the Sheets UI does (the fake's ``person_*`` helpers:
Google itself moves row metadata and rewrites references when a person inserts rows or renames
a tab). Every request the adapter makes is checked against Google's discovery documents; the
test fails on any violation or on anything the fake does not model.

One fake serves all the harnesses of a test, so two workbooks live in one Drive, as they would.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from sheets_sync.backends.base import WorkbookBackend
from sheets_sync.backends.google.adapter import GoogleSheetsBackend
from sheets_sync.backends.google.auth import load_credentials
from sheets_sync.backends.google.fake import a1
from sheets_sync.backends.google.fake.fake import FakeGoogle
from sheets_sync.backends.google.fake.grid import Sheet, find_sheet, iter_cells
from sheets_sync.backends.google.fake.oauth import generate_private_key_pem, service_account_info
from sheets_sync.model import CellRange
from tests.contract.conftest import ChartView, DropdownView, Harness

URL_PREFIX = "https://docs.google.com/spreadsheets/d/"
_FAKE = pytest.StashKey[tuple[FakeGoogle, str, Path]]()


@functools.cache
def _private_key() -> str:
    return generate_private_key_pem()


def _fake_for(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[FakeGoogle, str, Path]:
    """The test's fake (started once per test), a shared-drive folder, and the key file."""
    stash: pytest.Stash = request.node.stash
    if _FAKE not in stash:
        fake = FakeGoogle().start()
        info = service_account_info(_private_key())
        fake.register_service_account(info)
        key_file = tmp_path / "service-account.json"
        key_file.write_text(json.dumps(info), encoding="utf-8")
        folder = fake.add_folder("Workshops", parent=fake.add_shared_drive())
        stash[_FAKE] = (fake, folder, key_file)

        def finish() -> None:
            fake.stop()
            problems = [
                f"{v.api_method} {v.where} {v.field}: {v.message}" for v in fake.schema_violations
            ]
            problems += [f"not modelled by the fake: {kind}" for kind in fake.unimplemented]
            if problems:
                pytest.fail(
                    "Google fake saw invalid or unmodelled requests:\n  " + "\n  ".join(problems)
                )

        request.addfinalizer(finish)
    return stash[_FAKE]


def _rgb(colour: dict[str, Any]) -> str:
    return "#" + "".join(
        f"{round(float(colour.get(k, 0)) * 255):02X}" for k in ("red", "green", "blue")
    )


def _bounds(grid_range: dict[str, Any]) -> tuple[int, float, int, float]:
    """Half-open ``(r0, r1, c0, c1)`` with open sides as infinity (the grid may grow)."""
    inf = float("inf")
    return (
        int(grid_range.get("startRowIndex", 0)),
        float(grid_range.get("endRowIndex", inf)),
        int(grid_range.get("startColumnIndex", 0)),
        float(grid_range.get("endColumnIndex", inf)),
    )


def _inside(row: int, col: int, grid_range: dict[str, Any]) -> bool:
    r0, r1, c0, c1 = _bounds(grid_range)
    return r0 <= row < r1 and c0 <= col < c1


class GoogleProtection:
    """Google's rule: a cell is protected if a protected range covers it and none of that
    range's unprotected ranges does (warning-only ranges count: they stop a person with a
    warning)."""

    def __init__(self, sheet: Sheet) -> None:
        self.ranges: list[dict[str, Any]] = list(sheet.get("protectedRanges", []))

    @property
    def protected(self) -> bool:
        return bool(self.ranges)

    def locked(self, row: int, col: int) -> bool:
        return any(
            _inside(row, col, p.get("range", {}))
            and not any(_inside(row, col, hole) for hole in p.get("unprotectedRanges", []))
            for p in self.ranges
        )


class GoogleInspector:
    """Reads the fake's stored spreadsheet for every question."""

    def __init__(self, fake: FakeGoogle, spreadsheet_id: Callable[[], str]) -> None:
        self.fake = fake
        self.spreadsheet_id = spreadsheet_id

    def _sheet(self, title: str) -> Sheet:
        sheet = find_sheet(self.fake.spreadsheet(self.spreadsheet_id()), title=title)
        assert sheet is not None, f"no tab {title!r}"
        return sheet

    def dropdowns(self, title: str) -> list[DropdownView]:
        groups: dict[str, list[tuple[int, int]]] = {}
        rules: dict[str, dict[str, Any]] = {}
        for r, c, cell in iter_cells(self._sheet(title)):
            rule = cell.get("dataValidation")
            if rule and (rule.get("condition") or {}).get("type") == "ONE_OF_RANGE":
                key = repr(sorted(rule.items()))
                groups.setdefault(key, []).append((r, c))
                rules[key] = rule
        views = []
        for key, cells in groups.items():
            rows = [r for r, _ in cells]
            cols = [c for _, c in cells]
            where = CellRange(min(rows), min(cols), max(rows), max(cols))
            assert len(cells) == (max(rows) - min(rows) + 1) * (max(cols) - min(cols) + 1)
            formula = str(rules[key]["condition"]["values"][0]["userEnteredValue"])
            ref = a1.parse(formula.lstrip("="))
            source = CellRange(
                ref.start_row or 0,
                ref.start_col or 0,
                None if ref.end_row is None else ref.end_row - 1,
                None if ref.end_col is None else ref.end_col - 1,
            )
            views.append(
                DropdownView(where, str(ref.sheet), source, bool(rules[key].get("strict")))
            )
        return views

    def protections(self, title: str) -> GoogleProtection:
        return GoogleProtection(self._sheet(title))

    def is_formula(self, title: str, cell: tuple[int, int]) -> bool:
        for r, c, data in iter_cells(self._sheet(title)):
            if (r, c) == cell:
                return "formulaValue" in (data.get("userEnteredValue") or {})
        return False

    def frozen(self, title: str) -> tuple[int, int]:
        grid = self._sheet(title)["properties"].get("gridProperties", {})
        return int(grid.get("frozenRowCount", 0)), int(grid.get("frozenColumnCount", 0))

    def charts(self, title: str) -> list[ChartView]:
        views = []
        for chart in self._sheet(title).get("charts", []):
            spec = chart.get("spec", {})
            basic = spec.get("basicChart", {})
            anchor = chart.get("position", {}).get("overlayPosition", {}).get("anchorCell", {})
            views.append(
                ChartView(
                    str(spec.get("title", "")),
                    basic.get("chartType") == "BAR",
                    len(basic.get("series", [])),
                    (int(anchor.get("rowIndex", 0)), int(anchor.get("columnIndex", 0))),
                )
            )
        return views

    def tab_color(self, title: str) -> str | None:
        props = self._sheet(title)["properties"]
        colour = (props.get("tabColorStyle") or {}).get("rgbColor") or props.get("tabColor")
        return _rgb(colour) if colour else None

    def _dimensions(self, title: str, key: str) -> list[dict[str, Any]]:
        data = self._sheet(title).get("data") or [{}]
        entries: list[dict[str, Any]] = data[0].get(key, [])
        return entries

    def row_height_px(self, title: str, row: int) -> float:
        rows = self._dimensions(title, "rowMetadata")
        return float(rows[row].get("pixelSize", 21)) if row < len(rows) else 21.0

    def hidden_cols(self, title: str) -> set[int]:
        columns = self._dimensions(title, "columnMetadata")
        return {i for i, c in enumerate(columns) if c.get("hiddenByUser")}

    def merges(self, title: str) -> set[CellRange]:
        return {
            CellRange(
                m["startRowIndex"],
                m["startColumnIndex"],
                m["endRowIndex"] - 1,
                m["endColumnIndex"] - 1,
            )
            for m in self._sheet(title).get("merges", [])
        }


class GooglePerson:
    """Edits as a person in the Sheets UI (the fake's person helpers)."""

    def __init__(self, fake: FakeGoogle, spreadsheet_id: Callable[[], str]) -> None:
        self.fake = fake
        self.spreadsheet_id = spreadsheet_id

    def rename_tab(self, old: str, new: str) -> None:
        self.fake.person_renames_sheet(self.spreadsheet_id(), old, new)

    def insert_rows(self, title: str, before: int, count: int) -> None:
        self.fake.person_inserts_rows(self.spreadsheet_id(), title, before + 1, count)

    def delete_rows(self, title: str, first: int, count: int) -> None:
        self.fake.person_deletes_rows(self.spreadsheet_id(), title, first + 1, count)

    def add_tab(self, title: str) -> None:
        # The fake has no person_adds_sheet helper; this is what it would do.
        self.fake._person_batch(
            self.spreadsheet_id(), [{"addSheet": {"properties": {"title": title}}}]
        )

    def type(self, title: str, cell: tuple[int, int], text: str) -> None:
        self.fake.person_sets(self.spreadsheet_id(), title, a1.cell_name(*cell), text)


def google_harness(request: pytest.FixtureRequest, folder: Path, n: int) -> Harness:
    """A harness on a not yet created workbook for workshop ``contract-<n>``."""
    fake, drive_folder, key_file = _fake_for(request, folder.parent)
    credentials = load_credentials(key_file, env={})
    workshop_id = f"contract-{n}"

    def backend(spreadsheet_id: str | None, state_file: Path | None) -> GoogleSheetsBackend:
        return GoogleSheetsBackend(
            credentials,
            spreadsheet_id=spreadsheet_id,
            title=f"Contract workbook {n}",
            folder_id=drive_folder,
            workshop_id=workshop_id,
            state_file=state_file,
            sleep=fake.sleep,
            clock=fake.clock,
        )

    main = backend(None, folder / "state.json")

    def at(location: str) -> WorkbookBackend:
        if location.startswith(URL_PREFIX):
            return backend(location[len(URL_PREFIX) :].split("/")[0], None)
        return backend(None, folder / "state.json")

    def spreadsheet_id() -> str:
        assert main.spreadsheet_id is not None, "the workbook has not been created"
        return main.spreadsheet_id

    return Harness(
        backend=main,
        inspect=GoogleInspector(fake, spreadsheet_id),
        person=GooglePerson(fake, spreadsheet_id),
        at=at,
    )
