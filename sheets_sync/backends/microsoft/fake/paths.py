"""Walking a Graph URL through the metadata: which segments exist, with what type.

A path such as ``/me/drive/root:/Workshops/Sampleton.xlsx:/workbook/worksheets/Table 1/
range(address='A1:C3')`` becomes a list of :class:`Step` s, each with the type it reaches:
``me`` (singleton, ``user``) -> ``drive`` (navigation) -> ``root`` -> ``:/path:`` (path-based
addressing, docs only: not in the CSDL) -> ``workbook`` -> ``worksheets`` -> key ->
``range`` (bound function, overload chosen by parameter names, values typed).

Segments must be a navigation property, a structural property (``content``), or an
action/function bound to the type reached (or a base type); after a collection, anything
else is a key.  Actions end the path.  Everything else is OData's 400 ``Resource not found
for the segment 'x'.``, raised as :class:`~.errors.SchemaError`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

from . import csdl
from .errors import GraphError, SchemaError, unknown_segment

_IDENTIFIER = re.compile(r"[A-Za-z_$][\w.]*")


@dataclass(frozen=True)
class Step:
    """One resolved segment: ``kind`` is ``root``, ``nav``, ``key``, ``path``, ``property``,
    ``function`` or ``action``; ``name`` the segment (for ``key``/``path`` the key or path
    text); ``type`` the type reached; ``args`` a function's typed parameters."""

    kind: str
    name: str
    type: str
    args: dict[str, Any] = field(default_factory=dict)


def tokenize(path: str) -> list[tuple[str, str]]:
    """Split a raw (still percent-encoded) path into ``("seg", text)`` and ``("path",
    text)`` tokens; ``/`` and ``:`` inside parentheses or quotes do not split."""
    tokens: list[tuple[str, str]] = []
    text = path.strip("/")
    current, depth, quoted, index = "", 0, False, 0
    while index < len(text):
        char = text[index]
        if quoted:
            current += char
            quoted = char != "'" or text[index + 1 : index + 2] == "'"
            if char == "'" and text[index + 1 : index + 2] == "'":
                current += "'"
                index += 1
        elif char == "'":
            quoted, current = True, current + char
        elif char in "()":
            depth += 1 if char == "(" else -1
            current += char
        elif char == "/" and depth == 0:
            if current:
                tokens.append(("seg", current))
            current = ""
        elif char == ":" and depth == 0:
            if current:
                tokens.append(("seg", current))
            end = text.find(":", index + 1)
            stop = len(text) if end < 0 else end
            tokens.append(("path", unquote(text[index + 1 : stop]).strip("/")))
            current, index = "", stop
        else:
            current += char
        index += 1
    if current:
        tokens.append(("seg", current))
    return tokens


def split_segment(segment: str) -> tuple[str, str | None]:
    """``range(address='A1')`` -> (``range``, ``address='A1'``); ``root`` -> (``root``, None)."""
    decoded = unquote(segment)
    if decoded.endswith(")") and "(" in decoded:
        name, _, rest = decoded.partition("(")
        return name, rest[:-1]
    return decoded, None


def parse_args(text: str) -> tuple[dict[str, str], str | None]:
    """Function arguments ``a='x',b=true`` -> ({a: "'x'", b: "true"}, None); a bare key
    ``'Sheet1'`` -> ({}, "Sheet1")."""
    parts: list[str] = []
    current, quoted = "", False
    for char in text:
        if char == "'":
            quoted = not quoted
        if char == "," and not quoted:
            parts.append(current)
            current = ""
        else:
            current += char
    if current.strip():
        parts.append(current)
    named: dict[str, str] = {}
    for part in parts:
        name, equals, value = part.partition("=")
        if not equals or not _IDENTIFIER.fullmatch(name.strip()):
            if len(parts) == 1:
                return {}, _literal_text(part.strip())
            raise GraphError(400, "BadRequest", f"Invalid function argument '{part}'.")
        named[name.strip()] = value.strip()
    return named, None


def _literal_text(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] == "'":
        return value[1:-1].replace("''", "'")
    return value


def _typed(value: str, type_name: str, name: str) -> Any:
    if type_name == "Edm.String":
        if len(value) >= 2 and value[0] == value[-1] == "'":
            return value[1:-1].replace("''", "'")
    elif type_name == "Edm.Boolean" and value in ("true", "false"):
        return value == "true"
    elif type_name in ("Edm.Int32", "Edm.Int64") and re.fullmatch(r"-?\d+", value):
        return int(value)
    elif type_name == "Edm.Double" and re.fullmatch(r"-?\d+(\.\d+)?", value):
        return float(value)
    elif type_name not in ("Edm.String", "Edm.Boolean", "Edm.Int32", "Edm.Int64", "Edm.Double"):
        return value
    raise SchemaError(
        "path",
        name,
        GraphError(
            400,
            "BadRequest",
            f"The parameter '{name}' with value '{value}' is not a valid {type_name}.",
        ),
    )


def resolve(metadata: csdl.Metadata, raw_path: str) -> list[Step]:
    """The steps of ``raw_path`` (after ``/v1.0``), or :class:`SchemaError`."""
    steps: list[Step] = []
    for kind, text in tokenize(raw_path):
        if kind == "path":
            steps.append(_path_step(steps, text))
            continue
        name, arg_text = split_segment(text)
        steps.extend(_segment_steps(metadata, steps, name, arg_text, text))
    if not steps:
        raise SchemaError("path", "/", unknown_segment(""))
    return steps


def _path_step(steps: list[Step], text: str) -> Step:
    previous = steps[-1] if steps else None
    if (
        previous is None
        or csdl.is_collection(previous.type)
        or previous.kind
        in (
            "function",
            "action",
            "property",
        )
    ):
        raise SchemaError("path", text, unknown_segment(":" + text))
    if csdl.short(previous.type) not in ("driveItem", "site"):
        raise SchemaError("path", text, unknown_segment(":" + text))
    return Step("path", text, previous.type)


def _segment_steps(
    metadata: csdl.Metadata,
    steps: list[Step],
    name: str,
    arg_text: str | None,
    raw: str,
) -> list[Step]:
    name = name.removeprefix(csdl.NAMESPACE + ".")
    if not steps:
        if name not in metadata.roots or arg_text is not None:
            raise SchemaError("path", name, unknown_segment(raw))
        return [Step("root", name, metadata.roots[name])]
    previous = steps[-1]
    if previous.kind in ("action", "property"):
        raise SchemaError("path", name, unknown_segment(raw))
    current = previous.type
    operations = metadata.bound(name, current)
    if operations:
        return [_operation_step(operations, name, arg_text)]
    if csdl.is_collection(current):
        if arg_text is not None:
            raise SchemaError("path", name, unknown_segment(raw))
        return [Step("key", name, csdl.element(current))]
    navigation = metadata.navigation(current)
    if name in navigation:
        nav = Step("nav", name, navigation[name])
        if arg_text is None:
            return [nav]
        named, key = parse_args(arg_text)
        if key is None or named or not csdl.is_collection(nav.type):
            raise SchemaError("path", name, unknown_segment(raw))
        return [nav, Step("key", key, csdl.element(nav.type))]
    properties = metadata.properties(current)
    if name in properties and arg_text is None:
        return [Step("property", name, properties[name])]
    raise SchemaError("path", name, unknown_segment(raw))


def _operation_step(operations: list[csdl.Operation], name: str, arg_text: str | None) -> Step:
    named, key = ({}, None) if arg_text is None else parse_args(arg_text)
    if key is not None:
        raise SchemaError("path", name, unknown_segment(f"{name}({arg_text})"))
    for operation in operations:
        if operation.kind == "action":
            if arg_text is not None:
                raise SchemaError("path", name, unknown_segment(f"{name}({arg_text})"))
            return Step("action", name, operation.returns or "Edm.Untyped")
        if set(operation.parameters) == set(named):
            args = {k: _typed(v, operation.parameters[k], k) for k, v in named.items()}
            return Step("function", name, operation.returns or "Edm.Untyped", args)
    wanted = ", ".join(sorted(named)) or "none"
    raise SchemaError(
        "path",
        name,
        GraphError(
            400,
            "BadRequest",
            f"The function '{csdl.NAMESPACE}.{name}' has no overload with the parameters "
            f"({wanted}).",
        ),
    )


def action_parameters(metadata: csdl.Metadata, steps: list[Step]) -> dict[str, str] | None:
    """The body parameters of the action that ends ``steps`` (``None`` if it is not one)."""
    if len(steps) < 2 or steps[-1].kind != "action":
        return None
    for operation in metadata.bound(steps[-1].name, steps[-2].type):
        if operation.kind == "action":
            return operation.parameters
    return None


def shape(steps: list[Step]) -> str:
    """A request's shape with ids and the way the drive was reached folded away:
    ``DRIVE/ITEM/workbook/worksheets/{}/range()`` (used to pick a handler)."""
    parts: list[str] = []
    for step in steps:
        if step.kind == "key":
            parts.append("{}")
        elif step.kind == "path":
            parts.append(":path:")
        elif step.kind == "function":
            parts.append(step.name + "()")
        else:
            parts.append(step.name)
    text = re.sub(r"^sites/\{\}/:path:", "sites/{}", "/".join(parts))
    for prefix in ("me/drive", "users/{}/drive", "groups/{}/drive", "sites/{}/drive", "drives/{}"):
        if text == prefix or text.startswith(prefix + "/"):
            text = "DRIVE" + text[len(prefix) :]
            break
    text = re.sub(r"^sites/\{\}", "SITE", text)
    text = re.sub(r"^DRIVE/(root|items/\{\})(/:path:)?", "DRIVE/ITEM", text)
    return text
