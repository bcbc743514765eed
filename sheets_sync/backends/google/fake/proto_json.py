"""Proto3 JSON as Google's parser applies it: paths, type names and acceptable scalars.

The rules :class:`~.schema.SchemaChecker` checks against: the ``oneof`` groups the discovery
format cannot express (:data:`ONEOFS`), Google's camelCase and snake_case paths of a JSON
element (:func:`camel_path`, :func:`snake_path`), the proto type names used in error
messages, whether a JSON scalar (or a query parameter's text) is acceptable for a field's
type, format and enum, and the shortened JSON quoted in messages.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

Path = tuple[str | int, ...]

_INT_TEXT = re.compile(r"-?\d+")
_NUMBER_TEXT = re.compile(r"-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?")
_INT_RANGES = {
    "int32": (-(2**31), 2**31 - 1),
    "uint32": (0, 2**32 - 1),
    "int64": (-(2**63), 2**63 - 1),
    "uint64": (0, 2**64 - 1),
}

#: Protobuf ``oneof`` groups the discovery format cannot express: schema -> (group, fields).
#: ``None`` means every property of the schema belongs to the group.
ONEOFS: dict[str, dict[str, tuple[str, tuple[str, ...] | None]]] = {
    "sheets": {
        "Request": ("kind", None),
        "ExtendedValue": (
            "value",
            ("numberValue", "stringValue", "boolValue", "formulaValue", "errorValue"),
        ),
        "UpdateCellsRequest": ("area", ("start", "range")),
        "DataFilter": ("filter", ("developerMetadataLookup", "a1Range", "gridRange")),
        "DeveloperMetadataLocation": ("location", ("spreadsheet", "sheetId", "dimensionRange")),
        "EmbeddedObjectPosition": ("location", ("sheetId", "overlayPosition", "newSheet")),
    },
    "drive": {},
}

#: Proto package used in Google's type names inside error messages.
_PACKAGES = {"sheets": "google.apps.sheets.v4", "drive": "google.apps.drive.v3"}


def camel_path(path: Path) -> str:
    """``("requests", 0, "addSheet")`` -> ``requests[0].addSheet`` (Google's JSON path)."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += ("." if text else "") + part
    return text


def snake_path(path: Path) -> str:
    """``("requests", 0, "addSheet")`` -> ``requests[0].add_sheet`` (Google's proto path)."""
    return camel_path(tuple(_snake(p) if isinstance(p, str) else p for p in path))


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _pascal(name: str) -> str:
    return name[:1].upper() + name[1:]


def _scalar_type_name(node: dict[str, Any]) -> str:
    kind, fmt = node.get("type"), node.get("format")
    if kind == "integer" or fmt in _INT_RANGES:
        return f"TYPE_{(fmt or 'int32').upper()}"
    if kind == "number":
        return "TYPE_FLOAT" if fmt == "float" else "TYPE_DOUBLE"
    if kind == "boolean":
        return "TYPE_BOOL"
    if kind == "object":
        return "TYPE_MESSAGE"
    return "TYPE_STRING"


def _scalar_ok(node: dict[str, Any], value: Any) -> bool:
    kind, fmt = node.get("type"), node.get("format")
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "integer" or (kind == "string" and fmt in _INT_RANGES):
        return _integer_ok(value, fmt or "int32")
    if kind == "number":
        if isinstance(value, bool):
            return False
        if isinstance(value, int | float):
            return True
        return isinstance(value, str) and (
            bool(_NUMBER_TEXT.fullmatch(value)) or value in ("NaN", "Infinity", "-Infinity")
        )
    if kind == "string":
        if not isinstance(value, str):
            return False
        enum = node.get("enum")
        return enum is None or value in enum
    return True


def _integer_ok(value: Any, fmt: str) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, float):
        if not math.isfinite(value) or not value.is_integer():
            return False
        value = int(value)
    if isinstance(value, str):
        if not _INT_TEXT.fullmatch(value):
            return False
        value = int(value)
    if not isinstance(value, int):
        return False
    low, high = _INT_RANGES.get(fmt, _INT_RANGES["int32"])
    return low <= value <= high


def _query_value_problem(spec: dict[str, Any], value: str) -> str | None:
    """``None`` if ``value`` is acceptable text for the parameter, else the type to blame."""
    kind = spec.get("type")
    if kind == "boolean":
        return None if value.lower() in ("true", "false") else "TYPE_BOOL"
    if kind == "integer":
        ok = _INT_TEXT.fullmatch(value) and _integer_ok(value, spec.get("format", "int32"))
        return None if ok else _scalar_type_name(spec)
    if kind == "number":
        return None if _NUMBER_TEXT.fullmatch(value) else "TYPE_DOUBLE"
    enum = spec.get("enum")
    if enum is not None and value not in enum:
        return "enum"
    return None


def _short_json(value: Any) -> str:
    text = json.dumps(value)
    return text if len(text) <= 80 else text[:77] + "..."
