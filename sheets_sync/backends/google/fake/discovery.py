"""Google's discovery documents, loaded from google-api-python-client's cache.

A discovery document lists every method of an API (id, HTTP verb, path template,
parameters, request/response schema, scopes) and every JSON schema.  The fake routes each
intercepted request to the method whose verb and path match, so that a request the real API
would not understand is caught instead of answered.
"""

from __future__ import annotations

import functools
import importlib.resources
import json
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

_DOCUMENTS = ("discovery_cache", "documents")

#: The APIs the fake serves: short name -> discovery file name.
API_FILES = {"sheets": "sheets.v4.json", "drive": "drive.v3.json"}

#: Hostnames each API is served from.
API_SERVICES = {"sheets": "sheets.googleapis.com", "drive": "drive.googleapis.com"}


@dataclass(frozen=True)
class ApiMethod:
    """One REST method of a discovery document.

    ``id`` is the discovery id (``sheets.spreadsheets.batchUpdate``); ``parameters`` the
    method's own parameters (path and query); ``request_ref``/``response_ref`` the schema
    names of the JSON bodies; ``scopes`` the OAuth scopes of which one is required.
    """

    id: str
    api: str
    http_method: str
    path_template: str
    path_regex: re.Pattern[str]
    literal_length: int
    parameters: dict[str, dict[str, Any]]
    request_ref: str | None
    response_ref: str | None
    scopes: tuple[str, ...]
    is_upload: bool = False


@dataclass(frozen=True)
class Route:
    """A request matched to a method, with its path parameters decoded."""

    method: ApiMethod
    path_params: dict[str, str]


class DiscoveryDoc:
    """One API's discovery document: its methods (for routing) and schemas (for checking)."""

    def __init__(self, api: str, raw: dict[str, Any]) -> None:
        self.api = api
        self.raw = raw
        self.schemas: dict[str, dict[str, Any]] = raw["schemas"]
        self.global_parameters: dict[str, dict[str, Any]] = raw.get("parameters", {})
        self.root_url: str = raw["rootUrl"]
        self.service_path: str = raw.get("servicePath", "")
        self.methods: list[ApiMethod] = []
        self._collect(raw)

    def _collect(self, resource: dict[str, Any]) -> None:
        for spec in resource.get("methods", {}).values():
            template = "/" + self.service_path + spec.get("flatPath", spec["path"])
            self.methods.append(self._method(spec, template, is_upload=False))
            upload = spec.get("mediaUpload", {}).get("protocols", {}).get("simple")
            if upload:
                self.methods.append(self._method(spec, upload["path"], is_upload=True))
        for child in resource.get("resources", {}).values():
            self._collect(child)

    def _method(self, spec: dict[str, Any], template: str, is_upload: bool) -> ApiMethod:
        regex, literal = _template_regex(template)
        return ApiMethod(
            id=spec["id"],
            api=self.api,
            http_method=spec["httpMethod"],
            path_template=template,
            path_regex=regex,
            literal_length=literal,
            parameters=spec.get("parameters", {}),
            request_ref=(spec.get("request") or {}).get("$ref"),
            response_ref=(spec.get("response") or {}).get("$ref"),
            scopes=tuple(spec.get("scopes", ())),
            is_upload=is_upload,
        )

    def schema(self, name: str) -> dict[str, Any]:
        """The schema called ``name`` (a ``$ref`` target)."""
        return self.schemas[name]

    def method(self, method_id: str) -> ApiMethod:
        """The (non-upload) method with this discovery id."""
        for candidate in self.methods:
            if candidate.id == method_id and not candidate.is_upload:
                return candidate
        raise KeyError(method_id)

    def route(self, http_method: str, raw_path: str) -> Route | None:
        """The method serving ``http_method`` on the still percent-encoded ``raw_path``.

        When several templates match (``files/trash`` and ``files/{fileId}``), the one with
        more literal characters wins, as in Google's router.
        """
        best: tuple[int, ApiMethod, re.Match[str]] | None = None
        for candidate in self.methods:
            if candidate.http_method != http_method:
                continue
            match = candidate.path_regex.fullmatch(raw_path)
            if match and (best is None or candidate.literal_length > best[0]):
                best = (candidate.literal_length, candidate, match)
        if best is None:
            return None
        _, chosen, match = best
        params = {name: unquote(value) for name, value in match.groupdict().items()}
        return Route(chosen, params)

    def path_exists(self, raw_path: str) -> bool:
        """Whether any method (with any verb) serves this path."""
        return any(m.path_regex.fullmatch(raw_path) for m in self.methods)


def _template_regex(template: str) -> tuple[re.Pattern[str], int]:
    """A regex for a flat path template, and how many literal characters it has.

    ``{range}`` may contain slashes and colons (a sheet title can), every other parameter is
    one path segment without a colon (``{spreadsheetId}:batchUpdate``).
    """
    parts: list[str] = []
    literal = 0
    for piece in re.split(r"(\{[^}]+\})", template):
        if piece.startswith("{") and piece.endswith("}"):
            name = piece[1:-1].lstrip("+")
            pattern = ".+" if name == "range" else "[^/:]+"
            parts.append(f"(?P<{name}>{pattern})")
        else:
            parts.append(re.escape(piece))
            literal += len(piece)
    return re.compile("".join(parts)), literal


@functools.cache
def load(api: str) -> DiscoveryDoc:
    """The discovery document for ``"sheets"`` or ``"drive"`` (parsed once per process)."""
    package = importlib.resources.files("googleapiclient")
    path = package.joinpath(*_DOCUMENTS, API_FILES[api])
    return DiscoveryDoc(api, json.loads(path.read_text(encoding="utf-8")))
