"""``FakeGraph``: Microsoft Graph v1.0 (drives, workbooks, ``$batch``) and Entra's login
endpoints, in-process, on ``responses``, so real msal and real requests run against it.

See :mod:`.dispatch` for the pipeline of one request and the package README for what is
modelled.  Everything a test arranges (users, sites, files, faults, people's edits) is a
method here; nothing reaches the network.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, urlsplit

import openpyxl
import requests
import responses

from . import (  # noqa: F401 (handlers)
    batch,
    drive,
    sharing,
    workbook_autofit,
    workbook_charts,
    workbook_ranges,
    workbook_sheets,
)
from .accounting import RecordedRequest
from .clock import SimulatedClock
from .control import ControlMixin
from .credentials import AppRegistration, Certificate, new_secret
from .dispatch import Dispatcher, Reply
from .errors import GraphError, SchemaViolation
from .faults import FaultPlan
from .login_metadata import LOGIN_HOST
from .oauth import Entra, OAuthError
from .people import PersonEditsMixin
from .state import Item, Site, User, World

GRAPH_HOST = "graph.microsoft.com"
Answer = tuple[int, dict[str, str], bytes | str] | Exception
_ANY = re.compile(
    r"https://(graph\.microsoft\.com|login\.microsoftonline\.com|"
    + re.escape(drive.DOWNLOAD_HOST)
    + r")/.*"
)
_REDACT = ("client_secret", "client_assertion", "refresh_token", "device_code")


class FakeGraph(ControlMixin, Dispatcher, PersonEditsMixin):
    """A fake tenant: one directory, its users' OneDrives, SharePoint sites, apps."""

    def __init__(
        self,
        *,
        tenant_domain: str = "sampleton.nhs.uk",
        latency: float = 0.05,
        clock: SimulatedClock | None = None,
        seed: int = 0,
    ) -> None:
        self.clock = clock or SimulatedClock()
        self.latency = latency
        self.world = World(self.clock, seed)
        self.tenant_id = self.world.new_guid()
        self.tenant_domain = tenant_domain
        self.world.tenant_domains = {tenant_domain.lower(), "sampleton.onmicrosoft.com"}
        self.entra = Entra(
            self.clock, self.tenant_id, "sampleton.onmicrosoft.com", self.world.users
        )
        self.requests: list[RecordedRequest] = []
        self.schema_violations: list[SchemaViolation] = []
        self.unimplemented: list[str] = []
        self._faults = FaultPlan()
        self._hooks: list[Callable[[RecordedRequest], None]] = []
        self._mock: responses.RequestsMock | None = None
        self._own_mock = False

    # -- lifecycle ---------------------------------------------------------------------

    @property
    def authority(self) -> str:
        """The msal authority URL of the fake tenant."""
        return f"https://{LOGIN_HOST}/{self.tenant_id}"

    def install(self, mock: responses.RequestsMock) -> None:
        """Serve every request to Graph, login and download hosts on ``mock``."""
        for method in ("GET", "POST", "PUT", "PATCH", "DELETE"):
            mock.add_callback(method, _ANY, callback=self._callback)
        self._mock = mock

    def start(self) -> FakeGraph:
        """Start an own ``RequestsMock`` (see also the context manager)."""
        self._mock = responses.RequestsMock(assert_all_requests_are_fired=False)
        self._mock.start()
        self._own_mock = True
        self.install(self._mock)
        return self

    def stop(self) -> None:
        """Stop the mock started by :meth:`start`."""
        if self._own_mock and self._mock is not None:
            self._mock.stop()
            self._mock.reset()
            self._own_mock = False

    def __enter__(self) -> FakeGraph:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- identities --------------------------------------------------------------------

    def add_user(self, email: str, display_name: str | None = None) -> User:
        """A tenant member with a OneDrive."""
        return self.world.add_user(email, display_name or email.partition("@")[0].title())

    def add_guest(self, email: str) -> User:
        """An external person (a guest of the tenant): invites need external sharing."""
        return self.world.add_user(email, email, external=True)

    def register_public_app(
        self, display_name: str = "sheets-sync", delegated: tuple[str, ...] = ("Files.ReadWrite",)
    ) -> AppRegistration:
        """A public client (device code sign-in) with consented delegated scopes."""
        app = AppRegistration(
            self.world.new_guid(),
            display_name,
            public=True,
            delegated_permissions=frozenset(delegated),
        )
        self.entra.apps[app.client_id] = app
        return app

    def register_confidential_app(
        self,
        display_name: str = "sheets-sync-automation",
        *,
        secret: bool = True,
        certificate: Certificate | None = None,
        application_permissions: tuple[str, ...] = ("Files.ReadWrite.All",),
    ) -> AppRegistration:
        """A confidential client (client credentials) with a secret and/or a certificate
        and admin-consented application permissions (``Sites.Selected`` too: see
        :meth:`grant_site`)."""
        app = AppRegistration(
            self.world.new_guid(),
            display_name,
            client_secret=new_secret() if secret else None,
            certificate=certificate,
            application_permissions=frozenset(application_permissions),
        )
        self.entra.apps[app.client_id] = app
        return app

    def grant_site(self, app: AppRegistration, site: Site) -> None:
        """Grant a ``Sites.Selected`` app access to one site (what an admin does)."""
        app.selected_sites.add(site.id)

    def approve_device_code(self, user_code: str | None = None, user: User | None = None) -> None:
        """Play the person who signs in at microsoft.com/devicelogin (default: the latest
        pending code, as the first registered member)."""
        self.entra.decide_device_code(user_code, user or self._first_member(), approve=True)

    def decline_device_code(self, user_code: str | None = None) -> None:
        """Play the person who declines the sign-in."""
        self.entra.decide_device_code(user_code, self._first_member(), approve=False)

    def approve_device_codes_automatically(self, user: User | None) -> None:
        """Approve every device code as it is issued, as ``user`` (``None``: stop)."""
        self.entra.auto_approve_user = user

    def expire_tokens(self) -> None:
        """Make every issued access token expired (as if an hour had passed for them)."""
        for principal in self.entra.tokens.values():
            principal.expires_at = min(principal.expires_at, self.clock.now)

    def _first_member(self) -> User:
        return next(u for u in self.world.users.values() if not u.external)

    # -- storage -----------------------------------------------------------------------

    def add_site(self, hostname: str, path: str, display_name: str | None = None) -> Site:
        """A SharePoint site ``https://{hostname}{path}`` with its document library."""
        owner = self._first_member().email
        return self.world.add_site(hostname, path, display_name or path.rpartition("/")[2], owner)

    def drive_of(self, who: User | Site) -> str:
        """The drive id of a user's OneDrive or a site's library."""
        if isinstance(who, Site):
            return who.drive_id
        assert who.drive_id is not None
        return who.drive_id

    def add_folder(self, drive_id: str, path: str) -> Item:
        """Create the folders of ``path`` (``Workshops/2026``) in a drive; the last one."""
        current = self.world.items[self.world.drives[drive_id].root_id]
        for name in (p for p in path.split("/") if p):
            found = self.world.child(current.id, name)
            if found is None:
                now = self.clock.iso()
                owner = self.world.drives[drive_id].owner
                found = Item(
                    self.world.new_item_id(),
                    name,
                    drive_id,
                    current.id,
                    True,
                    now,
                    now,
                    owner,
                    owner,
                )
                self.world.items[found.id] = found
            current = found
        return current

    def find(self, drive_id: str, path: str) -> Item | None:
        """The item at ``path`` in a drive, or ``None``."""
        return self.world.walk(self.world.drives[drive_id].root_id, path)

    def item(self, item_id: str) -> Item:
        """A stored item by id (live state)."""
        return self.world.items[item_id]

    def workbook(self, item_id: str) -> openpyxl.Workbook:
        """The live openpyxl workbook of an item (dropdowns, protection, names...)."""
        item = self.item(item_id)
        if item.workbook is None or item.workbook.book is None:
            raise ValueError(f"{item.name} has no workbook that opens")
        return item.workbook.book

    def download(self, item_id: str) -> bytes:
        """The item's bytes as a download would return them."""
        return drive.current_bytes(self.item(item_id))

    @property
    def sent_invitations(self) -> list[tuple[str, str, str]]:
        """(email, item id, message) of every sharing e-mail sent."""
        return self.world.sent_invitations

    @property
    def allow_external_sharing(self) -> bool:
        """Tenant policy: may items be shared with people outside it (default no)."""
        return self.world.allow_external_sharing

    @allow_external_sharing.setter
    def allow_external_sharing(self, value: bool) -> None:
        self.world.allow_external_sharing = value

    @property
    def allow_anonymous_links(self) -> bool:
        """Tenant policy: may invites skip sign-in (default no)."""
        return self.world.allow_anonymous_links

    @allow_anonymous_links.setter
    def allow_anonymous_links(self, value: bool) -> None:
        self.world.allow_anonymous_links = value

    # -- the responses callback --------------------------------------------------------

    def _callback(self, request: requests.PreparedRequest) -> Answer:
        url = urlsplit(str(request.url))
        method = str(request.method).upper()
        raw = (
            request.body.encode("utf-8") if isinstance(request.body, str) else (request.body or b"")
        )
        headers = {k.lower(): str(v) for k, v in request.headers.items()}
        query = parse_qs(url.query, keep_blank_values=True)
        if url.netloc == LOGIN_HOST:
            return self._login(method, url.path, query, bytes(raw), str(request.url))
        if url.netloc == drive.DOWNLOAD_HOST:
            return self._serve_download(query)
        if not url.path.startswith("/v1.0/"):
            self.unimplemented.append(f"{method} {url.path}")
            return (
                501,
                {"Content-Type": "application/json"},
                json.dumps(
                    {"error": {"code": "notImplemented", "message": "The fake serves v1.0 only."}}
                ),
            )
        path = url.path[len("/v1.0") :]
        if path == "/$batch" and method == "POST":
            reply, record = self._batch(headers, bytes(raw))
        else:
            reply, record = self.serve(method, path, query, headers, bytes(raw))
        self.requests.append(record)
        if reply.failure is not None:
            return reply.failure
        body = (
            reply.body
            if isinstance(reply.body, bytes)
            else (b"" if reply.body is None else json.dumps(reply.body).encode("utf-8"))
        )
        return reply.status, reply.headers, body

    def _batch(self, headers: dict[str, str], raw: bytes) -> tuple[Reply, RecordedRequest]:
        record = RecordedRequest("batch", "POST", "/$batch", {}, None, self.clock.now)
        self.clock.advance(self.latency)
        fault = self._faults.take("batch", "before", False)
        try:
            if fault is not None:
                record.outcome = "injected" if fault.kind == "error" else "timeout"
                return self._fault_reply(fault, record), record
            envelope = json.loads(raw or b"null")
            answer = batch.run(self, envelope, headers, record)
        except (GraphError, ValueError) as error:
            failure = (
                error
                if isinstance(error, GraphError)
                else GraphError(400, "BadRequest", "Invalid batch payload format.")
            )
            record.status, record.outcome = failure.status, "error"
            return Reply(
                failure.status,
                {"Content-Type": "application/json", **failure.headers},
                failure.body(self.clock.iso()),
            ), record
        record.status = 200
        return Reply(200, {"Content-Type": "application/json"}, answer), record

    def _serve_download(self, query: dict[str, list[str]]) -> Answer:
        unique = (query.get("UniqueId") or [""])[0]
        item = next((i for i in self.world.items.values() if i.guid == unique), None)
        if item is None:
            return 404, {}, b""
        return 200, {"Content-Type": "application/octet-stream"}, drive.current_bytes(item)

    def _login(
        self, method: str, path: str, query: dict[str, list[str]], raw: bytes, url: str
    ) -> Answer:
        form = {k: v[0] for k, v in parse_qs(raw.decode("utf-8"), keep_blank_values=True).items()}
        operation = (
            "login.discovery"
            if path.endswith("/discovery/instance")
            else "login.openid"
            if path.endswith("openid-configuration")
            else "login.devicecode"
            if path.endswith("/devicecode")
            else "login.token"
        )
        record = RecordedRequest(
            operation,
            method,
            path,
            query,
            {k: "<redacted>" if k in _REDACT else v for k, v in form.items()},
            self.clock.now,
        )
        self.requests.append(record)
        tenant = path.strip("/").split("/")[0]
        try:
            if operation == "login.discovery":
                endpoint = (query.get("authorization_endpoint") or [""])[0]
                body: Any = self.entra.instance_discovery(endpoint)
            elif not self.entra.knows_tenant(tenant):
                raise OAuthError("invalid_tenant", 90002, f"Tenant '{tenant}' not found.")
            elif operation == "login.openid":
                body = self.entra.openid_configuration(tenant)
            elif operation == "login.devicecode":
                body = self.entra.start_device_flow(form)
            else:
                body = self.entra.token(url.split("?")[0], form)
            status = 200
        except OAuthError as error:
            status, body = error.status, error.body(self.clock.iso())
        record.status, record.outcome = status, "ok" if status == 200 else "error"
        return status, {"Content-Type": "application/json; charset=utf-8"}, json.dumps(body)
