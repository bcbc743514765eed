"""One API call as a handler sees it, and the registry of method handlers.

A handler is registered for a discovery method id with :func:`api` and receives a
:class:`Call`: path parameters, query, parsed JSON body, the calling principal and the
world.  It returns the JSON answer (``None`` for an empty 204-style answer) or raises
:class:`~.errors.ApiError`.  Partial responses (``fields=``), faults, auth and accounting
are the dispatcher's business, not the handler's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sheets_sync.backends.google.fake.discovery import ApiMethod, DiscoveryDoc
from sheets_sync.backends.google.fake.errors import ApiError
from sheets_sync.backends.google.fake.fieldmask import FieldTree
from sheets_sync.backends.google.fake.grid import Spreadsheet
from sheets_sync.backends.google.fake.state import Principal, World

ApiHandler = Callable[["Call"], Any]
API_HANDLERS: dict[str, ApiHandler] = {}


def api(method_id: str) -> Callable[[ApiHandler], ApiHandler]:
    """Register the handler of a discovery method id (``sheets.spreadsheets.get``)."""

    def register(function: ApiHandler) -> ApiHandler:
        API_HANDLERS[method_id] = function
        return function

    return register


@dataclass
class Call:
    """A routed, authenticated, schema-checked request."""

    method: ApiMethod
    doc: DiscoveryDoc
    path_params: dict[str, str]
    query: dict[str, list[str]]
    body: Any
    principal: Principal
    world: World
    settings: dict[str, Any] = field(default_factory=dict)
    fields_tree: FieldTree | None = None
    status: int = 200

    def param(self, name: str, default: str | None = None) -> str | None:
        """The (first) value of a query parameter."""
        values = self.query.get(name)
        return values[0] if values else default

    def params(self, name: str) -> list[str]:
        """All values of a repeated query parameter."""
        return list(self.query.get(name, []))

    def flag(self, name: str, default: bool = False) -> bool:
        """A boolean query parameter (Google accepts ``true``/``True``)."""
        value = self.param(name)
        return default if value is None else value.lower() == "true"

    def json_body(self) -> dict[str, Any]:
        """The body as an object (``{}`` when absent)."""
        return self.body if isinstance(self.body, dict) else {}

    def spreadsheet(self) -> Spreadsheet:
        """The spreadsheet named by ``{spreadsheetId}``: 404 if missing, 403 if not shared."""
        spreadsheet_id = self.path_params.get("spreadsheetId", "")
        spreadsheet = self.world.spreadsheets.get(spreadsheet_id)
        if spreadsheet is None:
            raise ApiError(404, "Requested entity was not found.")
        if not self.world.can_access(spreadsheet_id, self.principal.email):
            raise ApiError(403, "The caller does not have permission")
        return spreadsheet
