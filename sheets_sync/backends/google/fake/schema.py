"""Checking query parameters and JSON bodies against a discovery document.

Google parses request JSON into protocol buffers; anything that does not map onto a field
is refused with ``400 INVALID_ARGUMENT`` and a message such as::

    Invalid JSON payload received. Unknown name "foo" at 'requests[0].addSheet': Cannot find field.
    Invalid value at 'requests[0].add_sheet.properties.index' (TYPE_INT32), "x"

The checker reproduces those messages.  It follows proto3 JSON rules where Google does:
``null`` means "not set"; 32/64-bit integers may be numbers or decimal strings; doubles may be
numbers or numeric strings; booleans must be JSON booleans; enums must be one of the listed
names (the numeric form Google also accepts is refused here: nobody should write it).
Field names must be the camelCase JSON names (Google also accepts the snake_case proto names;
the fake refuses them to keep handlers simple).  Those proto3 JSON rules (paths, type names,
acceptable scalars, ``oneof`` groups) are in :mod:`~.proto_json`.

Drive v3 differs: it *ignores* unknown body fields and unknown query parameters rather than
refusing them (the classic v2-habit bug ``{"title": ...}`` silently creates "Untitled").
Such findings are still reported, with ``rejected=False``, so a test can fail on them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sheets_sync.backends.google.fake.discovery import ApiMethod, DiscoveryDoc
from sheets_sync.backends.google.fake.proto_json import (
    _NUMBER_TEXT,
    _PACKAGES,
    ONEOFS,
    Path,
    _pascal,
    _query_value_problem,
    _scalar_ok,
    _scalar_type_name,
    _short_json,
    _snake,
    camel_path,
    snake_path,
)


@dataclass(frozen=True)
class SchemaViolation:
    """A request that does not match the API's published shape.

    ``where`` is ``"route"``, ``"query"``, ``"body"``, ``"fields"`` or ``"mask"``;
    ``field`` the camelCase path of the offending element; ``message`` Google's wording;
    ``rejected`` whether the real API refuses the request (Sheets) or silently ignores the
    problem (Drive's unknown names).
    """

    api_method: str
    where: str
    field: str
    message: str
    rejected: bool = True


class SchemaChecker:
    """Validates requests for one API against its discovery document."""

    def __init__(self, doc: DiscoveryDoc) -> None:
        self.doc = doc
        self.package = _PACKAGES[doc.api]

    # -- query parameters ------------------------------------------------------------

    def check_query(self, method: ApiMethod, query: dict[str, list[str]]) -> list[SchemaViolation]:
        """Violations among the query parameters (unknown, repeated, wrong type, bad enum)."""
        found: list[SchemaViolation] = []
        lenient = self.doc.api == "drive"
        for name, values in query.items():
            spec = method.parameters.get(name) or self.doc.global_parameters.get(name)
            if spec is None or spec.get("location") == "path":
                found.append(
                    SchemaViolation(
                        method.id,
                        "query",
                        name,
                        f'Invalid JSON payload received. Unknown name "{name}": Cannot bind '
                        f"query parameter. Field '{name}' could not be found in request "
                        "message.",
                        rejected=not lenient,
                    )
                )
                continue
            if len(values) > 1 and not spec.get("repeated"):
                found.append(
                    SchemaViolation(
                        method.id,
                        "query",
                        name,
                        f"Invalid JSON payload received. Duplicate value for non-repeated query "
                        f'parameter "{name}".',
                    )
                )
            for value in values:
                problem = _query_value_problem(spec, value)
                if problem is not None:
                    type_name = (
                        problem
                        if problem.startswith("TYPE_")
                        else (f"type.googleapis.com/{self.package}.{_pascal(name)}")
                    )
                    found.append(
                        SchemaViolation(
                            method.id,
                            "query",
                            name,
                            f"Invalid value at '{_snake(name)}' ({type_name}), {json.dumps(value)}",
                        )
                    )
        return found

    # -- bodies ----------------------------------------------------------------------

    def check_body(self, method: ApiMethod, body: Any) -> list[SchemaViolation]:
        """Violations in a JSON body, checked recursively against the method's request schema."""
        if method.request_ref is None or body is None:
            return []
        found: list[SchemaViolation] = []
        self._check({"$ref": method.request_ref}, body, (), method.id, found)
        return found

    def normalize(self, method: ApiMethod, body: Any) -> Any:
        """The body as Google's parser sees it: numeric strings in integer/number fields
        become numbers and (for Sheets) ``null`` members are dropped.  Call after checking."""
        if method.request_ref is None or body is None:
            return body
        return self._normalize({"$ref": method.request_ref}, body)

    def _normalize(self, node: dict[str, Any], value: Any) -> Any:
        while "$ref" in node:
            node = self.doc.schema(node["$ref"])
        kind = node.get("type")
        if isinstance(value, dict) and kind == "object":
            properties: dict[str, Any] = node.get("properties", {})
            extra = node.get("additionalProperties")
            out = {}
            for key, item in value.items():
                if item is None and self.doc.api == "sheets":
                    continue
                child = properties.get(key) or (extra if isinstance(extra, dict) else None)
                out[key] = item if child is None else self._normalize(child, item)
            return out
        if isinstance(value, list) and kind == "array":
            return [self._normalize(node["items"], item) for item in value]
        if kind == "integer" and isinstance(value, str | float) and not isinstance(value, bool):
            try:
                return int(float(value)) if isinstance(value, float) else int(value)
            except ValueError:
                return value
        if kind == "number" and isinstance(value, str) and _NUMBER_TEXT.fullmatch(value):
            return float(value)
        return value

    def check_value(
        self, schema_name: str, value: Any, path: Path, method_id: str
    ) -> list[SchemaViolation]:
        """Violations of ``value`` against the named schema (used for nested payloads)."""
        found: list[SchemaViolation] = []
        self._check({"$ref": schema_name}, value, path, method_id, found)
        return found

    def _check(
        self,
        node: dict[str, Any],
        value: Any,
        path: Path,
        method_id: str,
        found: list[SchemaViolation],
    ) -> None:
        if value is None:
            return
        ref = node.get("$ref")
        if ref is not None:
            self._check_message(ref, value, path, method_id, found)
            return
        kind = node.get("type")
        if kind == "any":
            return
        if kind == "array":
            if not isinstance(value, list):
                self._invalid(node, value, path, method_id, found)
                return
            for index, item in enumerate(value):
                self._check(node["items"], item, (*path, index), method_id, found)
            return
        if kind == "object":
            self._check_inline_object(node, value, path, method_id, found)
            return
        if isinstance(value, list):
            self._not_repeating(path, method_id, found)
            return
        if not _scalar_ok(node, value):
            self._invalid(node, value, path, method_id, found)

    def _check_message(
        self, ref: str, value: Any, path: Path, method_id: str, found: list[SchemaViolation]
    ) -> None:
        if isinstance(value, list):
            self._not_repeating(path, method_id, found)
            return
        if not isinstance(value, dict):
            self._invalid({"$ref": ref}, value, path, method_id, found)
            return
        schema = self.doc.schema(ref)
        properties: dict[str, Any] = schema.get("properties", {})
        for key, item in value.items():
            if key not in properties:
                self._unknown(key, path, method_id, found)
                continue
            self._check(properties[key], item, (*path, key), method_id, found)
        self._check_oneof(ref, value, path, method_id, found)

    def _check_inline_object(
        self,
        node: dict[str, Any],
        value: Any,
        path: Path,
        method_id: str,
        found: list[SchemaViolation],
    ) -> None:
        if not isinstance(value, dict):
            self._invalid(node, value, path, method_id, found)
            return
        properties: dict[str, Any] = node.get("properties", {})
        extra = node.get("additionalProperties")
        for key, item in value.items():
            if key in properties:
                self._check(properties[key], item, (*path, key), method_id, found)
            elif isinstance(extra, dict):
                self._check(extra, item, (*path, key), method_id, found)
            else:
                self._unknown(key, path, method_id, found)

    def _check_oneof(
        self,
        ref: str,
        value: dict[str, Any],
        path: Path,
        method_id: str,
        found: list[SchemaViolation],
    ) -> None:
        group = ONEOFS.get(self.doc.api, {}).get(ref)
        if group is None:
            return
        group_name, members = group
        present = [
            k for k, v in value.items() if v is not None and (members is None or k in members)
        ]
        for extra in present[1:]:
            found.append(
                SchemaViolation(
                    method_id,
                    "body",
                    camel_path((*path, extra)),
                    f"Invalid value at '{snake_path(path)}' (oneof), oneof field "
                    f"'{group_name}' is already set. Cannot set '{extra}'",
                )
            )

    def _unknown(self, key: str, path: Path, method_id: str, found: list[SchemaViolation]) -> None:
        where = f" at '{camel_path(path)}'" if path else ""
        found.append(
            SchemaViolation(
                method_id,
                "body",
                camel_path((*path, key)),
                f'Invalid JSON payload received. Unknown name "{key}"{where}: Cannot find field.',
                rejected=self.doc.api != "drive",
            )
        )

    def _not_repeating(self, path: Path, method_id: str, found: list[SchemaViolation]) -> None:
        parent, name = path[:-1], path[-1] if path else ""
        where = f" at '{camel_path(parent)}'" if parent else ""
        found.append(
            SchemaViolation(
                method_id,
                "body",
                camel_path(path),
                f'Invalid JSON payload received. Unknown name "{name}"{where}: '
                "Proto field is not repeating, cannot start list.",
            )
        )

    def _invalid(
        self,
        node: dict[str, Any],
        value: Any,
        path: Path,
        method_id: str,
        found: list[SchemaViolation],
    ) -> None:
        found.append(
            SchemaViolation(
                method_id,
                "body",
                camel_path(path),
                f"Invalid value at '{snake_path(path)}' ({self._type_name(node, path)}), "
                f"{_short_json(value)}",
            )
        )

    def _type_name(self, node: dict[str, Any], path: Path) -> str:
        if "$ref" in node:
            return f"type.googleapis.com/{self.package}.{node['$ref']}"
        if node.get("type") == "array":
            return self._type_name(node.get("items", {}), path)
        if "enum" in node:
            last = next((p for p in reversed(path) if isinstance(p, str)), "Enum")
            return f"type.googleapis.com/{self.package}.{_pascal(last)}"
        return _scalar_type_name(node)
