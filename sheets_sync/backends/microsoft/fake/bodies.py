"""Checking JSON request bodies (and ``$select``) against Graph's metadata.

A PATCH/POST body must be an object whose members are properties (or navigation
properties, for deep inserts) of the entity type the path reached, or, for an action, the
action's parameters.  Values are checked recursively: ``Edm.Boolean`` must be a JSON
boolean, integers integral numbers, ``Edm.String`` strings, enums one of their members,
complex types objects, ``Collection(...)`` arrays; ``microsoft.graph.Json`` (workbook
``values``/``formulas``/``numberFormat``) takes anything.  ``null`` is accepted for any
member.  Instance annotations (``@odata.type``, ``@microsoft.graph.conflictBehavior``) are
allowed everywhere; an ``@odata.type`` naming a derived type switches to it.

The fake is stricter than Graph on one point: ``driveItem`` is an OData *open* type, so
Graph would keep unknown members as dynamic properties; the fake refuses them, because an
unknown member there is a typo, not something a tool means to store.
"""

from __future__ import annotations

from typing import Any

from . import csdl
from .errors import GraphError, SchemaError, unknown_property

_INTEGERS = ("Edm.Int16", "Edm.Int32", "Edm.Int64", "Edm.Byte", "Edm.SByte")
_NUMBERS = ("Edm.Double", "Edm.Single", "Edm.Decimal")
_TEXT = ("Edm.String", "Edm.DateTimeOffset", "Edm.Date", "Edm.Guid", "Edm.Duration", "Edm.Binary")
JSON_TYPE = csdl.NAMESPACE + ".Json"

#: OData system query options Graph accepts on GETs (the fake models ``$select`` only).
QUERY_OPTIONS = frozenset(
    ("$select", "$expand", "$filter", "$top", "$skip", "$orderby", "$count", "$search", "$format")
)


def check_members(
    metadata: csdl.Metadata, members: dict[str, str], body: dict[str, Any], owner: str
) -> None:
    """Check an action body against its parameters (``owner`` names it in messages)."""
    for name, value in body.items():
        if "@" in name:
            continue
        if name not in members:
            raise SchemaError("body", name, unknown_property(name, owner))
        check_value(metadata, members[name], value, name)


def check_entity(metadata: csdl.Metadata, type_name: str, body: Any, where: str = "") -> None:
    """Check an entity or complex value against ``type_name``."""
    if not isinstance(body, dict):
        raise _invalid(where or "body", type_name, body)
    declared = body.get("@odata.type")
    if isinstance(declared, str) and declared.lstrip("#") in metadata.types:
        type_name = declared.lstrip("#")
    members = {**metadata.properties(type_name), **metadata.navigation(type_name)}
    for name, value in body.items():
        if "@" in name:
            continue
        path = f"{where}.{name}" if where else name
        if name not in members:
            raise SchemaError("body", path, unknown_property(name, type_name))
        check_value(metadata, members[name], value, path)


def check_value(metadata: csdl.Metadata, type_name: str, value: Any, where: str) -> None:
    """Check one member's value against its declared type."""
    if value is None or type_name == JSON_TYPE or type_name in ("Edm.Untyped", "Edm.Stream"):
        return
    if csdl.is_collection(type_name):
        if not isinstance(value, list):
            raise _invalid(where, type_name, value)
        for index, item in enumerate(value):
            check_value(metadata, csdl.element(type_name), item, f"{where}[{index}]")
        return
    if type_name in metadata.types:
        check_entity(metadata, type_name, value, where)
        return
    if type_name in metadata.enums:
        if not isinstance(value, str) or not all(
            part.strip() in metadata.enums[type_name] for part in value.split(",")
        ):
            raise _invalid(where, type_name, value)
        return
    if not _scalar_ok(type_name, value):
        raise _invalid(where, type_name, value)


def _scalar_ok(type_name: str, value: Any) -> bool:
    if type_name == "Edm.Boolean":
        return isinstance(value, bool)
    if type_name in _INTEGERS:
        return isinstance(value, int) and not isinstance(value, bool)
    if type_name in _NUMBERS:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if type_name in _TEXT:
        return isinstance(value, str)
    return True


def _invalid(where: str, type_name: str, value: Any) -> SchemaError:
    return SchemaError(
        "body",
        where,
        GraphError(
            400,
            "BadRequest",
            f"Cannot convert the literal '{value}' to the expected type '{type_name}'"
            f" (at '{where}').",
        ),
    )


def check_query(
    metadata: csdl.Metadata, type_name: str, query: dict[str, list[str]], extra: frozenset[str]
) -> list[str] | None:
    """Check query options; return the ``$select``ed properties (``None``: all).  ``extra``
    names non-OData parameters this request may carry."""
    selected: list[str] | None = None
    for name, values in query.items():
        if name in extra:
            continue
        if name not in QUERY_OPTIONS:
            raise SchemaError(
                "query",
                name,
                GraphError(
                    400,
                    "BadRequest",
                    f"The query parameter '{name}' is not supported.",
                ),
            )
        if name == "$select":
            selected = [p.strip() for p in ",".join(values).split(",") if p.strip()]
            known = {
                **metadata.properties(csdl.element(type_name)),
                **metadata.navigation(csdl.element(type_name)),
            }
            for prop in selected:
                if prop not in known:
                    raise SchemaError(
                        "query",
                        f"$select={prop}",
                        GraphError(
                            400,
                            "BadRequest",
                            f"Could not find a property named '{prop}' on type "
                            f"'{csdl.element(type_name)}'.",
                        ),
                    )
    return selected


def project(value: Any, selected: list[str] | None) -> Any:
    """Apply ``$select`` to an entity (or to each entity of ``{"value": [...]}``)."""
    if selected is None or not isinstance(value, dict):
        return value
    if isinstance(value.get("value"), list) and "id" not in value:
        return {**value, "value": [project(item, selected) for item in value["value"]]}
    keep = set(selected) | {"id"}
    return {k: v for k, v in value.items() if k in keep or k.startswith("@")}
