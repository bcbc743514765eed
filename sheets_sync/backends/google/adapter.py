"""The Google Sheets adapter of the backend port, costing a handful of HTTP requests.

Requests per operation, when the spreadsheet id is known (from the config or the state file):

* :meth:`~GoogleSheetsBackend.read`: one ``spreadsheets.get`` with a field mask;
* :meth:`~GoogleSheetsBackend.apply`: one ``spreadsheets.batchUpdate`` for the whole list, plus
  one small ``spreadsheets.get`` of the tab layout only if this object has not read or written
  the workbook before (or if what it saw is out of date: a tab it addresses has gone);
* :meth:`~GoogleSheetsBackend.create`: Drive ``files.list`` (find a workbook an earlier run made)
  and ``files.create``, then two Sheets requests (a ``get`` and one ``batchUpdate`` adding every
  tab), then one Drive ``permissions.create`` per person to share with;
* :meth:`~GoogleSheetsBackend.exists`: one request.

There is exactly one workbook per workshop: the file carries the Drive app property
``sheets_sync_workshop`` = workshop id, :meth:`create` looks for it before making one (so a create
whose answer was lost is found, not repeated), and the id is recorded in the state file. Retries,
timeouts and credentials are :mod:`sheets_sync.backends.google.http_client`'s; this module maps what
Google says to the package's errors, naming the spreadsheet and the account but never a secret.
"""

from __future__ import annotations

import contextlib
import copy
import random
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import gspread
import requests
from google.auth.credentials import Credentials
from gspread.urls import SPREADSHEET_BATCH_UPDATE_URL, SPREADSHEET_URL

from sheets_sync.backends.base import WorkbookBackend
from sheets_sync.backends.google.auth import account_label
from sheets_sync.backends.google.batch import Plan, plan, retire
from sheets_sync.backends.google.drive import DriveFiles, spreadsheet_url
from sheets_sync.backends.google.http_client import GoogleHTTPClient
from sheets_sync.backends.google.origin import GoogleOrigin
from sheets_sync.backends.google.read import (
    LAYOUT_FIELDS,
    READ_FIELDS,
    Layout,
    new_spreadsheet_layout,
    parse_spreadsheet,
)
from sheets_sync.backends.google.retry import RATE_LIMIT_REASONS, RetryPolicy
from sheets_sync.backends.state_file import read_state, write_state
from sheets_sync.errors import (
    ApiError,
    ConfigError,
    MissingTab,
    UncertainOutcome,
    WorkbookExists,
    WorkbookNotFound,
)
from sheets_sync.model import Change, WorkbookSnapshot

SHARE_ROLES = ("reader", "commenter", "writer")


class GoogleSheetsBackend(WorkbookBackend):
    """A workshop workbook in Google Sheets. See the module docstring for the request budget.

    ``spreadsheet_id`` pins an existing spreadsheet (which :meth:`create` then fills, so a
    facilitator may create an empty sheet in their own Drive and share it with a service
    account); otherwise the id comes from ``state_file`` or a Drive search by ``workshop_id``.
    ``folder_id`` is the Drive folder new workbooks go in (a shared-drive folder when using a
    service account, which has no storage of its own). ``share_with`` lists ``(email, role)``
    pairs given access when the workbook is created, with ``notify`` deciding whether Google
    emails them. ``http_session``, ``sleep``, ``clock`` and ``rand`` replace the outside world
    in tests.
    """

    name = "google"

    def __init__(
        self,
        credentials: Credentials,
        *,
        spreadsheet_id: str | None = None,
        title: str,
        folder_id: str | None = None,
        workshop_id: str,
        state_file: Path | None = None,
        http_session: requests.Session | None = None,
        retry: RetryPolicy = RetryPolicy(),  # noqa: B008 - frozen, so sharing it is safe
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        rand: Callable[[], float] = random.random,
        share_with: Sequence[tuple[str, str]] = (),
        notify: bool = False,
    ) -> None:
        for email, role in share_with:
            if role not in SHARE_ROLES:
                raise ConfigError(
                    f"cannot share with {email} as {role!r}: use one of {', '.join(SHARE_ROLES)}"
                )
        self.http = GoogleHTTPClient(
            credentials, http_session, policy=retry, sleep=sleep, clock=clock, rand=rand
        )
        self.account = account_label(credentials)
        self.drive = DriveFiles(
            self.http,
            account=self.account,
            workshop_id=workshop_id,
            title=title,
            folder_id=folder_id,
        )
        self.title = title
        self.folder_id = folder_id
        self.workshop_id = workshop_id
        self.state_file = state_file
        self.share_with = tuple(share_with)
        self.notify = notify
        self._pinned = spreadsheet_id
        self._id: str | None = spreadsheet_id or self._recorded_id()
        self._layout: Layout | None = None
        self._ids = random.Random()
        # exists() just searched Drive and found nothing: create() need not search again.
        self._searched_in_vain = False

    # ----------------------------------------------------------------------- the port

    @property
    def spreadsheet_id(self) -> str | None:
        """The workbook's id, once known (pinned, recorded, found or created)."""
        return self._id

    @property
    def requests_made(self) -> int:
        """Every HTTP request sent so far (retries and token refreshes included), for the
        live board's quota line."""
        return int(self.http.requests_made)

    def gspread_client(self) -> gspread.Client:
        """A gspread client sharing this backend's credentials, timeouts and retries, for
        anything beyond the port (exports, ad-hoc scripts)."""
        client = gspread.Client(self.http.auth)
        client.http_client = self.http
        return client

    def origin(self) -> GoogleOrigin:
        """The spreadsheet id, and Drive's version of the file (one Drive request each time)."""
        return GoogleOrigin(self)

    def location(self) -> str:
        if self._id is None:
            return f"Google Sheets workbook for workshop {self.workshop_id!r} (not created yet)"
        return spreadsheet_url(self._id)

    def exists(self) -> bool:
        if self._id is None:
            found = self.drive.find()
            if found is not None:
                self._remember(found)
            self._searched_in_vain = found is None
            return found is not None
        try:
            self._sheets("GET", self._id, "finding", params={"fields": "spreadsheetId"})
        except WorkbookNotFound:
            return False
        return True

    def read(self) -> WorkbookSnapshot:
        sid = self._require_id()
        body = self._sheets("GET", sid, "reading", params={"fields": READ_FIELDS})
        snapshot, self._layout = parse_spreadsheet(body)
        return snapshot

    def apply(self, changes: Sequence[Change]) -> None:
        if not changes:
            return
        sid = self._require_id()
        cached = self._layout is not None
        while True:
            if self._layout is None:
                self._layout = self._read_layout(sid)
            layout = copy.deepcopy(self._layout)
            try:
                batch = plan(changes, layout, self._id_source(layout))
                self._batch(sid, batch, f"writing {len(changes)} change(s) to")
            except (MissingTab, ApiError) as exc:
                # What this object last saw may be stale (a tab deleted or added since):
                # look again once before believing the refusal.
                refused = isinstance(exc, MissingTab) or (
                    exc.status == 400 and not isinstance(exc, UncertainOutcome)
                )
                if not (cached and refused):
                    raise
                cached = False
                self._layout = None
                continue
            self._layout = layout
            return

    def create(self, changes: Sequence[Change], *, replace: bool = False) -> str | None:
        backup: str | None = None
        existing = self._existing_for_create()
        if existing is None:
            sid = self.drive.create()
            self._remember(sid)
            old = new_spreadsheet_layout()
        else:
            sid, snapshot, old = existing
            in_use = [t.title for t in snapshot if t.key is not None or t.cells]
            if in_use and not replace:
                raise WorkbookExists(
                    f"the workbook {spreadsheet_url(sid)} already holds tabs "
                    f"({', '.join(in_use[:3])}{', …' if len(in_use) > 3 else ''}): use it, or "
                    "provision with --force to back it up and start again"
                )
            if in_use:
                backup = self.drive.backup(sid)
            self._remember(sid)
        layout = Layout()
        taken = old.ids()
        batch = plan(changes, layout, self._id_source(layout, taken))
        renames, deletes = retire(old.sheets)
        batch.requests = renames + batch.requests + deletes
        self._batch(sid, batch, "setting up the tabs of")
        self._layout = layout
        self.share(self.share_with)
        return backup

    def share(self, targets: Sequence[tuple[str, str]]) -> None:
        """Give each ``(email, role)`` access to the workbook: one request per person."""
        self.drive.share(self._require_id(), targets, notify=self.notify)

    # ----------------------------------------------------------------------- Sheets

    def _existing_for_create(self) -> tuple[str, WorkbookSnapshot, Layout] | None:
        """The workbook :meth:`create` would fill or refuse to replace: the pinned one (which
        must exist), else the recorded one, else one found in Drive."""
        if self._pinned is not None:
            return self._pinned, *self._read_whole(self._pinned)
        recorded = self._recorded_id()
        if recorded is not None:
            with contextlib.suppress(WorkbookNotFound):
                return recorded, *self._read_whole(recorded)
        searched_in_vain, self._searched_in_vain = self._searched_in_vain, False
        found = None if searched_in_vain else self.drive.find()
        if found is not None and found != recorded:
            with contextlib.suppress(WorkbookNotFound):
                return found, *self._read_whole(found)
        return None

    def _read_layout(self, sid: str) -> Layout:
        return parse_spreadsheet(
            self._sheets("GET", sid, "reading", params={"fields": LAYOUT_FIELDS})
        )[1]

    def _read_whole(self, sid: str) -> tuple[WorkbookSnapshot, Layout]:
        return parse_spreadsheet(
            self._sheets("GET", sid, "reading", params={"fields": READ_FIELDS})
        )

    def _batch(self, sid: str, batch: Plan, doing: str) -> None:
        url = SPREADSHEET_BATCH_UPDATE_URL % sid
        try:
            with self._mapped(sid, doing):
                self.http.call(
                    "POST",
                    url,
                    what=f"{doing} spreadsheet {sid}",
                    json={"requests": batch.requests, "includeSpreadsheetInResponse": False},
                )
        except UncertainOutcome:
            created = batch.new_sheet_ids + batch.new_chart_ids
            if not created:
                raise
            if not set(created) <= self._read_layout(sid).ids():
                raise

    def _sheets(self, method: str, sid: str, doing: str, **kwargs: Any) -> dict[str, Any]:
        with self._mapped(sid, doing):
            return self.http.call(
                method, SPREADSHEET_URL % sid, what=f"{doing} spreadsheet {sid}", **kwargs
            )

    @contextlib.contextmanager
    def _mapped(self, sid: str, doing: str) -> Iterator[None]:
        """Turn "not found" and "not allowed" into errors that name the sheet and account."""
        try:
            yield
        except UncertainOutcome:
            raise
        except ApiError as exc:
            if exc.status == 404:
                raise WorkbookNotFound(
                    f"spreadsheet {sid} was not found, or {self.account} cannot see it: check "
                    f"google.spreadsheet_id and share the spreadsheet with {self.account} as Editor"
                ) from None
            if exc.status == 403 and exc.reason not in RATE_LIMIT_REASONS:
                raise ApiError(
                    f"{self.account} has no permission for {doing} spreadsheet {sid}: share it "
                    f"with {self.account} as Editor",
                    exc.status,
                    exc.reason,
                ) from None
            raise

    def _id_source(self, layout: Layout, taken: Iterable[int] = ()) -> Callable[[], int]:
        used = layout.ids() | set(taken) | (self._layout.ids() if self._layout else set())

        def new_id() -> int:
            candidate = self._ids.randint(1, 2**31 - 2)
            while candidate in used:
                candidate = candidate % (2**31 - 2) + 1
            used.add(candidate)
            return candidate

        return new_id

    # ----------------------------------------------------------------------- state file

    def _require_id(self) -> str:
        if self._id is None:
            found = self.drive.find()
            if found is None:
                raise WorkbookNotFound(
                    f"there is no Google workbook for workshop {self.workshop_id!r} yet: "
                    "run `sheets-sync provision` to create it"
                )
            self._remember(found)
        assert self._id is not None
        return self._id

    def _recorded_id(self) -> str | None:
        state = self._read_state()
        recorded = state.get("spreadsheet_id")
        if state.get("workshop_id") not in (None, self.workshop_id):
            return None
        return recorded if isinstance(recorded, str) and recorded else None

    def _remember(self, sid: str) -> None:
        self._id = sid
        if self.state_file is None:
            return
        state = self._read_state()
        state.update(
            {"workshop_id": self.workshop_id, "spreadsheet_id": sid, "url": spreadsheet_url(sid)}
        )
        write_state(self.state_file, state)

    def _read_state(self) -> dict[str, Any]:
        return read_state(self.state_file, found_again="in Drive")
