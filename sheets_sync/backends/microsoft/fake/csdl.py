"""Microsoft Graph's own metadata (``v1.0-Prod.csdl``), parsed once per process.

The CSDL lists every entity and complex type (properties, navigation properties, base
types), every enum, the entity sets and singletons a URL starts from (``me``, ``drives``,
``sites``), and every bound action and function with its binding type and parameters
(``range(address=...)`` bound to ``workbookWorksheet``, ``usedRange(valuesOnly=...)``,
``createSession`` bound to ``workbook``).  :mod:`.paths` walks a request URL through it and
:mod:`.bodies` checks request bodies against it.

Where the file lives: ``$SHEETS_SYNC_GRAPH_CSDL``, else ``shared/graph/v1.0-Prod.csdl``
beside the checkout (``../shared/graph`` from the repository root).
"""

from __future__ import annotations

import functools
import os
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

_EDM = "{http://docs.oasis-open.org/odata/ns/edm}"
NAMESPACE = "microsoft.graph"
CSDL_NAME = "v1.0-Prod.csdl"


@dataclass(frozen=True)
class StructType:
    """An entity or complex type: its own members (see :meth:`Metadata.properties` for
    inherited ones)."""

    name: str
    kind: str
    base: str | None
    open_type: bool
    properties: dict[str, str] = field(default_factory=dict)
    navigation: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Operation:
    """A bound action or function; ``parameters`` exclude the binding parameter."""

    name: str
    kind: str
    binding: str
    parameters: dict[str, str]
    returns: str | None
    composable: bool


def qualify(type_name: str) -> str:
    """``graph.x`` / ``Collection(graph.x)`` -> ``microsoft.graph.x`` / ``Collection(...)``."""
    if type_name.startswith("Collection(") and type_name.endswith(")"):
        return f"Collection({qualify(type_name[11:-1])})"
    if type_name.startswith("graph."):
        return NAMESPACE + type_name[5:]
    return type_name


def element(type_name: str) -> str:
    """The element type of a collection type (the type itself otherwise)."""
    if type_name.startswith("Collection(") and type_name.endswith(")"):
        return type_name[11:-1]
    return type_name


def is_collection(type_name: str) -> bool:
    """Whether ``type_name`` is ``Collection(...)``."""
    return type_name.startswith("Collection(")


def short(type_name: str) -> str:
    """``microsoft.graph.driveItem`` -> ``driveItem`` (for operation names and messages)."""
    return element(type_name).rpartition(".")[2]


class Metadata:
    """Types, enums, roots and bound operations of one CSDL document."""

    def __init__(self, root: ET.Element) -> None:
        self.types: dict[str, StructType] = {}
        self.enums: dict[str, frozenset[str]] = {}
        self.roots: dict[str, str] = {}
        self._bound: dict[tuple[str, str], list[Operation]] = {}
        for schema in root.iter(f"{_EDM}Schema"):
            self._read_schema(schema)

    def _read_schema(self, schema: ET.Element) -> None:
        namespace = schema.get("Namespace", "")
        for node in schema:
            tag = node.tag.removeprefix(_EDM)
            name = f"{namespace}.{node.get('Name')}"
            if tag in ("EntityType", "ComplexType"):
                self.types[name] = self._struct(node, name, tag)
            elif tag == "EnumType":
                members = (m.get("Name", "") for m in node.iter(f"{_EDM}Member"))
                self.enums[name] = frozenset(members)
            elif tag in ("Action", "Function") and node.get("IsBound") == "true":
                self._add_operation(node, tag.lower())
            elif tag == "EntityContainer":
                for root in node:
                    kind = root.tag.removeprefix(_EDM)
                    if kind == "EntitySet":
                        self.roots[root.get("Name", "")] = (
                            f"Collection({qualify(root.get('EntityType', ''))})"
                        )
                    elif kind == "Singleton":
                        self.roots[root.get("Name", "")] = qualify(root.get("Type", ""))

    @staticmethod
    def _struct(node: ET.Element, name: str, tag: str) -> StructType:
        base = node.get("BaseType")
        result = StructType(
            name=name,
            kind="entity" if tag == "EntityType" else "complex",
            base=qualify(base) if base else None,
            open_type=node.get("OpenType") == "true",
        )
        for member in node:
            member_tag = member.tag.removeprefix(_EDM)
            if member_tag == "Property":
                result.properties[member.get("Name", "")] = qualify(member.get("Type", ""))
            elif member_tag == "NavigationProperty":
                result.navigation[member.get("Name", "")] = qualify(member.get("Type", ""))
        return result

    def _add_operation(self, node: ET.Element, kind: str) -> None:
        params = [
            (p.get("Name", ""), qualify(p.get("Type", ""))) for p in node.iter(f"{_EDM}Parameter")
        ]
        if not params:
            return
        returns = node.find(f"{_EDM}ReturnType")
        operation = Operation(
            name=node.get("Name", ""),
            kind=kind,
            binding=params[0][1],
            parameters=dict(params[1:]),
            returns=qualify(returns.get("Type", "")) if returns is not None else None,
            composable=node.get("IsComposable") == "true",
        )
        self._bound.setdefault((operation.name, operation.binding), []).append(operation)

    def lineage(self, type_name: str) -> list[str]:
        """``type_name`` then its base types, nearest first."""
        found: list[str] = []
        current: str | None = type_name
        while current is not None and current in self.types and current not in found:
            found.append(current)
            current = self.types[current].base
        return found

    def properties(self, type_name: str) -> dict[str, str]:
        """Structural properties of a type, inherited ones included."""
        result: dict[str, str] = {}
        for name in reversed(self.lineage(type_name)):
            result.update(self.types[name].properties)
        return result

    def navigation(self, type_name: str) -> dict[str, str]:
        """Navigation properties of a type, inherited ones included."""
        result: dict[str, str] = {}
        for name in reversed(self.lineage(type_name)):
            result.update(self.types[name].navigation)
        return result

    def bound(self, name: str, binding: str) -> list[Operation]:
        """Overloads of ``name`` bound to ``binding`` or to one of its base types (for a
        collection binding, collections of base types)."""
        collection = is_collection(binding)
        found: list[Operation] = []
        for type_name in self.lineage(element(binding)):
            key_type = f"Collection({type_name})" if collection else type_name
            found.extend(self._bound.get((name, key_type), []))
        return found

    def is_open(self, type_name: str) -> bool:
        """Whether the type (or a base) is an OData open type."""
        return any(self.types[t].open_type for t in self.lineage(type_name))


def csdl_path() -> Path:
    """Where the metadata document is (see the module docstring)."""
    configured = os.environ.get("SHEETS_SYNC_GRAPH_CSDL")
    if configured:
        return Path(configured)
    for parent in Path(__file__).resolve().parents:
        candidate = parent / "shared" / "graph" / CSDL_NAME
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(
        f"Graph metadata {CSDL_NAME} not found: set SHEETS_SYNC_GRAPH_CSDL to its path"
    )


@functools.lru_cache(maxsize=2)
def load(path: str | None = None) -> Metadata:
    """The parsed metadata (cached per process: parsing takes about 0.3 s)."""
    source = Path(path) if path else csdl_path()
    return Metadata(ET.parse(source).getroot())
