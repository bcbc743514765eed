"""The Microsoft 365 adapter of the backend port: an Excel workbook in OneDrive or SharePoint.

Requests per operation (HTTP requests; one ``$batch`` carries up to 20 sub-requests):

* :meth:`~MicrosoftBackend.read`: one batch of the item's cTag, the worksheets, the names and
  each tab's ``usedRange`` (:mod:`.read`), so ``ceil((tabs + 3) / 20)`` batches; one more small
  batch only for tabs it did not know of (a tab a person added);
* :meth:`~MicrosoftBackend.apply`: one sequential batch per 20 sub-requests (:mod:`.write`),
  plus one small batch for the layout when this object has neither read nor written the
  workbook before, plus one placing and titling the charts drawn, once Graph named them
  (:mod:`.charts`; the workshop's chart comes with the upload instead);
* :meth:`~MicrosoftBackend.create`: the upload, then one batch sharing the workbook and
  reading its layout; a one-time folder lookup before (recorded in the state file);
* :meth:`~MicrosoftBackend.exists`: one request.

The workbook is one drive item whose drive and item ids are recorded in the state file with
the worksheet ids, so a read needs no lookup first. Graph's batches are not transactions: the
changes are checked against the layout before anything is sent (a missing tab, a bad title),
and a sub-request that fails for good after others succeeded is reported naming its step.
"""

from __future__ import annotations

import contextlib
import copy
import logging
import random
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import requests

from sheets_sync.backends.base import WorkbookBackend
from sheets_sync.backends.google.retry import RetryPolicy
from sheets_sync.backends.state_file import read_state, write_state
from sheets_sync.errors import MissingTab, WorkbookExists, WorkbookNotFound
from sheets_sync.model import CellValue, Change, TabSpec, WorkbookSnapshot

from .build import workbook_bytes
from .drive import DriveFolder, Item, file_name
from .http import GONE, GraphHTTP, Sub, TokenSource
from .origin import MicrosoftOrigin
from .read import (
    Layout,
    layout_subs,
    parse_layout,
    range_sub,
    readable,
    snapshot_of,
    unknown_sheets,
)
from .write import Planner, lifted

log = logging.getLogger("sheets_sync.backends.microsoft")

__all__ = ["MicrosoftBackend"]


class MicrosoftBackend(WorkbookBackend):
    """A workshop workbook in Excel Online. See the module docstring for the request budget.

    ``folder`` is a folder path in the user's OneDrive or, with ``site``
    (``host:/sites/name``), in that site's document library. ``item_id`` pins an existing
    workbook (with ``drive_id``). ``share_with`` lists the addresses given edit access when the
    workbook is made; ``notify`` has Microsoft email them. ``http_session``, ``sleep``,
    ``clock`` and ``rand`` replace the outside world in tests; ``now`` names backups.
    ``spares`` are forms of tabs a later command will add: the upload carries a blank copy of
    each, which that command renames instead of building the tab through Graph (:mod:`.spares`);
    ``spare_fills`` are the values a spare may be claimed with, and the upload gives the
    spares' rows the height the tallest of them needs (Graph cannot size them later without a
    request). ``autofit`` are the keys of tabs whose rows Excel sizes to their wrapped text
    after each write to them (one sub-request, at the end of the batch).
    """

    name = "microsoft"

    def __init__(
        self,
        tokens: TokenSource,
        *,
        title: str,
        workshop_id: str,
        folder: str = "",
        site: str | None = None,
        drive_id: str | None = None,
        item_id: str | None = None,
        state_file: Path | None = None,
        share_with: Sequence[str] = (),
        notify: bool = False,
        http_session: requests.Session | None = None,
        retry: RetryPolicy = RetryPolicy(),  # noqa: B008 - frozen, so sharing it is safe
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        rand: Callable[[], float] = random.random,
        now: Callable[[], datetime] = datetime.now,
        spares: Sequence[TabSpec] = (),
        spare_fills: Sequence[Mapping[tuple[int, int], CellValue]] = (),
        autofit: Sequence[str] = (),
    ) -> None:
        self.http = GraphHTTP(
            tokens, http_session, policy=retry, sleep=sleep, clock=clock, rand=rand
        )
        self.drive = DriveFolder(self.http, folder=folder, site=site)
        self.title = title
        self.file_name = file_name(title)
        self.workshop_id = workshop_id
        self.state_file = state_file
        self.share_with = tuple(share_with)
        self.notify = notify
        self.now = now
        self.spares = tuple(spares)
        self.spare_fills = tuple(spare_fills)
        self.autofit = frozenset(autofit)
        #: What the last :meth:`create` or :meth:`apply` could not keep, one line each.
        self.lost_features: list[str] = []
        self._pinned = item_id is not None
        self._item: Item | None = None
        self._layout: Layout | None = None
        self._sheet_ids: list[str] = []
        #: The cells that held something at the last read, by worksheet id.
        self._filled: dict[str, set[tuple[int, int]]] = {}
        #: The name Excel gave each chart the tool drew, by ``tab key/chart key``.
        self._charts: dict[str, str] = {}
        # exists() just looked for the file and found nothing: create() need not look again.
        self._searched_in_vain = False
        state = self._read_state()
        self.drive.drive_id = _text(state, "drive_id")
        self.drive.folder_id = _text(state, "folder_id")
        recorded = _text(state, "item_id")
        if item_id is not None:
            pinned_drive = drive_id or self.drive.drive_id or ""
            self._item = Item(pinned_drive, item_id, self.file_name, "", None)
        elif recorded is not None and self.drive.drive_id is not None:
            url = _text(state, "url") or ""
            self._item = Item(self.drive.drive_id, recorded, self.file_name, url, None)
            ids = state.get("worksheets")
            if isinstance(ids, list):
                self._sheet_ids = [i for i in ids if isinstance(i, str)]
            charts = state.get("charts")
            if isinstance(charts, dict):
                self._charts = {k: v for k, v in charts.items() if isinstance(v, str)}

    # ----------------------------------------------------------------------- the port

    @property
    def item(self) -> Item | None:
        """The workbook's drive item, once known (pinned, recorded, found or made)."""
        return self._item

    @property
    def requests_made(self) -> int:
        """Every HTTP request sent to Graph so far, for the live board's quota line."""
        return self.http.requests_made

    def origin(self) -> MicrosoftOrigin:
        """The drive item id, and its cTag as the version (one request each time)."""
        return MicrosoftOrigin(self)

    def location(self) -> str:
        if self._item is not None and self._item.web_url:
            return self._item.web_url
        if self._item is not None:
            return f"Excel workbook {self._item.id} in {self.drive.where()}"
        return f"Excel workbook {self.file_name} in {self.drive.where()} (not created yet)"

    def exists(self) -> bool:
        if self._item is not None:
            try:
                self._remember(self.drive.item(self._item.drive_id, self._item.id))
            except WorkbookNotFound:
                return False
            return True
        found = self.drive.find(self.file_name, self.workshop_id)
        if found is not None:
            self._remember(found)
        self._searched_in_vain = found is None
        return found is not None

    def read(self) -> WorkbookSnapshot:
        item = self._require_item()
        known = list(self._sheet_ids)
        subs = layout_subs(item.drive_id, item.id)
        subs += [self._range(item, sid) for sid in known]
        answers = self._batch(subs, "reading", sequential=False)
        if not answers[0]:
            raise self._gone(item)
        layout = parse_layout(answers[1], answers[2])
        ranges = {sid: answers[3 + n] for n, sid in enumerate(known)}
        missing = unknown_sheets(layout, known)
        if missing:
            subs = [self._range(item, sid) for sid in missing]
            ranges.update(zip(missing, self._batch(subs, "reading", sequential=False), strict=True))
        self._keep(layout)
        ctag = answers[0].get("cTag")
        snapshot = snapshot_of(layout, ranges, ctag if isinstance(ctag, str) else None)
        by_title = {s.title: s.id for s in layout.sheets}
        self._filled = {by_title[t.title]: set(t.cells) for t in snapshot if t.title in by_title}
        return snapshot

    def apply(self, changes: Sequence[Change]) -> None:
        if not changes:
            return
        item = self._require_item()
        cached = self._layout is not None
        while True:
            layout = self._layout if self._layout is not None else self._read_layout(item)
            working = _copy(layout)
            try:
                planner = Planner(
                    working, item.drive_id, item.id, self._charts, self._filled, self.autofit
                )
                plan = planner.add(*changes)
            except MissingTab:
                if not cached:
                    raise
                cached = False
                self._layout = None
                continue
            break
        answers = self._batch(plan.subs, f"writing {len(changes)} change(s) to", sequential=True)
        parts: list[Sub] = []
        for slot, draw in plan.charts.items():
            name = answers[plan.subs.index(draw.add)].get("name")
            if isinstance(name, str):
                self._charts[slot] = name
                subs = draw.parts(name)
                parts += lifted(draw.ref, subs) if draw.protected else subs
        if plan.charts:
            self._remember(item)
        if parts:
            self._batch(parts, "placing and titling the charts of", sequential=True)
        added = iter(plan.add_index)
        for sheet in working.sheets:
            if not sheet.id:
                new_id = answers[next(added)].get("id")
                sheet.id = new_id if isinstance(new_id, str) else ""
        if any(not s.id for s in working.sheets):
            self._layout = None
        else:
            self._keep(working)
        self._report(plan.lost)

    def create(self, changes: Sequence[Change], *, replace: bool = False) -> str | None:
        existing = self._existing()
        backup: str | None = None
        if existing is not None and not replace:
            raise WorkbookExists(
                f"the workbook {existing.web_url or existing.name} already exists in "
                f"{self.drive.where()}: use it, or provision with --force to back it up and "
                "start again"
            )
        if existing is not None:
            stamp = self.now().strftime("%Y-%m-%d %H%M%S")
            renamed = self.drive.rename(existing, f"{self.file_name[:-5]} (backup {stamp}).xlsx")
            backup = renamed.web_url or renamed.id
        nonce = uuid.uuid4().hex[:16]
        content, lost = workbook_bytes(
            changes,
            title=self.title,
            tag=f"{self.workshop_id} {nonce}",
            spares=self.spares,
            spare_fills=self.spare_fills,
        )
        item = self.drive.upload(self.file_name, content, workshop_id=self.workshop_id, nonce=nonce)
        self._sheet_ids = []
        self._layout = None
        self._remember(item)
        subs = layout_subs(item.drive_id, item.id)[1:]
        if self.share_with:
            subs.append(self.drive.invite_sub(item, self.share_with, notify=self.notify))
        answers = self._batch(subs, "sharing and opening", sequential=False)
        self._keep(parse_layout(answers[0], answers[1]))
        self._report(lost)
        if self.share_with:
            self.drive.check_invite(item, self.share_with, answers[2])
        return backup

    # ----------------------------------------------------------------------- helpers

    def _range(self, item: Item, sheet_id: str) -> Sub:
        sub = range_sub(item.drive_id, item.id, sheet_id)
        return Sub(sub.method, sub.url, done_if=GONE)

    def _batch(self, subs: list[Sub], doing: str, *, sequential: bool) -> list[dict[str, Any]]:
        item = self._item
        what = f"{doing} {(item.web_url or item.name) if item else self.file_name}"
        return self.http.batch(subs, what=what, sequential=sequential)

    def _read_layout(self, item: Item) -> Layout:
        answers = self._batch(layout_subs(item.drive_id, item.id)[1:], "reading", sequential=False)
        if not answers[0]:
            raise self._gone(item)
        layout = parse_layout(answers[0], answers[1])
        self._keep(layout)
        return layout

    def _keep(self, layout: Layout) -> None:
        self._layout = layout
        ids = [s.id for s in readable(layout)]
        if ids != self._sheet_ids:
            self._sheet_ids = ids
            if self._item is not None:
                self._remember(self._item)

    def _existing(self) -> Item | None:
        if self._item is not None:
            with contextlib.suppress(WorkbookNotFound):
                return self.drive.item(self._item.drive_id, self._item.id)
            if self._pinned:
                raise self._gone(self._item)
        searched_in_vain, self._searched_in_vain = self._searched_in_vain, False
        return None if searched_in_vain else self.drive.find(self.file_name, self.workshop_id)

    def _require_item(self) -> Item:
        if self._item is None:
            found = self.drive.find(self.file_name, self.workshop_id)
            if found is None:
                raise WorkbookNotFound(
                    f"there is no workbook {self.file_name} for workshop {self.workshop_id!r} in "
                    f"{self.drive.where()} yet: run `sheets-sync provision` to make it"
                )
            self._remember(found)
        assert self._item is not None
        return self._item

    def _gone(self, item: Item) -> WorkbookNotFound:
        return WorkbookNotFound(
            f"the workbook {item.web_url or item.id} is gone from {self.drive.where()}, or this "
            "account cannot see it: run `sheets-sync provision` to make it again"
        )

    def _report(self, lost: list[str]) -> None:
        self.lost_features = list(lost)
        for line in lost:
            log.warning("%s: not kept: %s", self.location(), line)

    # ----------------------------------------------------------------------- state file

    def _remember(self, item: Item) -> None:
        self._item = item
        if self.state_file is None or self._pinned:
            return
        state = self._read_state()
        state.update(
            {
                "workshop_id": self.workshop_id,
                "drive_id": item.drive_id,
                "folder_id": self.drive.folder_id,
                "item_id": item.id,
                "url": item.web_url,
                "worksheets": self._sheet_ids,
                "charts": self._charts,
            }
        )
        write_state(self.state_file, state)

    def _read_state(self) -> dict[str, Any]:
        state = read_state(self.state_file, found_again="by its name")
        if state.get("workshop_id") not in (None, self.workshop_id):
            return {}
        return state


def _copy(layout: Layout) -> Layout:
    return copy.deepcopy(layout)


def _text(state: dict[str, Any], key: str) -> str | None:
    value = state.get(key)
    return value if isinstance(value, str) and value else None
