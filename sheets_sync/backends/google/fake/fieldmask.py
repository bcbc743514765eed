"""Field masks: the ``fields=`` partial-response selector and the ``fields`` of updates.

Both use one grammar (Google accepts it in both places)::

    mask  := item ("," item)*
    item  := name (("/" | ".") name)* ["(" mask ")"]
    name  := identifier | "*"

so ``sheets(properties,data.rowData.values(userEnteredValue,formattedValue))``,
``sheets/data/rowData/values/note`` and ``userEnteredFormat.textFormat.bold`` all parse.  A
mask is held as a :data:`FieldTree`: a nested dict where an empty dict means "this field
and everything under it".

Paths through arrays name the array field and continue into its items, as Google's do
(``sheets.properties``, not ``sheets[0].properties``).
"""

from __future__ import annotations

import copy
import re
from typing import Any

from sheets_sync.backends.google.fake.discovery import DiscoveryDoc

FieldTree = dict[str, "FieldTree"]

_TOKEN = re.compile(r"\s*([A-Za-z_][A-Za-z0-9_]*|\*|[,/.()])")


class FieldMaskError(ValueError):
    """A mask that does not parse, or names a field the schema does not have."""


def parse(mask: str) -> FieldTree:
    """Parse ``mask`` into a :data:`FieldTree`; raises :class:`FieldMaskError` if malformed."""
    tokens = _tokenize(mask)
    if not tokens:
        raise FieldMaskError("empty field mask")
    tree, position = _parse_list(tokens, 0)
    if position != len(tokens):
        raise FieldMaskError(f"unexpected {tokens[position]!r} in field mask {mask!r}")
    return tree


def _tokenize(mask: str) -> list[str]:
    tokens: list[str] = []
    position = 0
    text = mask.rstrip()
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            raise FieldMaskError(f"invalid character in field mask {mask!r}")
        tokens.append(match.group(1))
        position = match.end()
    return tokens


def _parse_list(tokens: list[str], position: int) -> tuple[FieldTree, int]:
    tree: FieldTree = {}
    while True:
        item, position = _parse_item(tokens, position)
        merge(tree, item)
        if position < len(tokens) and tokens[position] == ",":
            position += 1
            continue
        return tree, position


def _parse_item(tokens: list[str], position: int) -> tuple[FieldTree, int]:
    names: list[str] = []
    while True:
        if position >= len(tokens) or tokens[position] in ",/.()":
            raise FieldMaskError("expected a field name")
        names.append(tokens[position])
        position += 1
        if position < len(tokens) and tokens[position] in "/.":
            position += 1
            continue
        break
    sub: FieldTree = {}
    if position < len(tokens) and tokens[position] == "(":
        sub, position = _parse_list(tokens, position + 1)
        if position >= len(tokens) or tokens[position] != ")":
            raise FieldMaskError("unbalanced parentheses")
        position += 1
    for name in reversed(names):
        sub = {name: sub}
    return sub, position


def merge(into: FieldTree, other: FieldTree) -> None:
    """Union ``other`` into ``into`` (a whole field absorbs any sub-selection of it)."""
    for name, sub in other.items():
        if name not in into:
            into[name] = sub
        elif not into[name] or not sub:
            into[name] = {}
        else:
            merge(into[name], sub)


def paths(tree: FieldTree, prefix: str = "") -> list[str]:
    """The dotted leaf paths of a tree (``{"a": {"b": {}}}`` -> ``["a.b"]``)."""
    out: list[str] = []
    for name, sub in tree.items():
        path = f"{prefix}.{name}" if prefix else name
        out.extend(paths(sub, path) if sub else [path])
    return out


def invalid_paths(doc: DiscoveryDoc, schema_name: str, tree: FieldTree) -> list[str]:
    """The paths of ``tree`` that do not exist in the named schema (empty if all do)."""
    bad: list[str] = []
    _validate(doc, {"$ref": schema_name}, tree, "", bad)
    return bad


def _resolve(doc: DiscoveryDoc, node: dict[str, Any]) -> dict[str, Any]:
    while True:
        if "$ref" in node:
            node = doc.schema(node["$ref"])
        elif node.get("type") == "array":
            node = node["items"]
        else:
            return node


def _validate(
    doc: DiscoveryDoc, node: dict[str, Any], tree: FieldTree, prefix: str, bad: list[str]
) -> None:
    node = _resolve(doc, node)
    if node.get("type") == "any":
        return
    properties: dict[str, Any] | None = node.get("properties")
    extra = node.get("additionalProperties")
    for name, sub in tree.items():
        path = f"{prefix}.{name}" if prefix else name
        if name == "*":
            continue
        if properties is not None and name in properties:
            _validate(doc, properties[name], sub, path, bad)
        elif isinstance(extra, dict):
            _validate(doc, extra, sub, path, bad)
        else:
            bad.append(path)


def project(value: Any, tree: FieldTree) -> Any:
    """The partial response: ``value`` reduced to the fields selected by ``tree``.

    Objects left empty by the selection are dropped from their parent object, but kept as
    ``{}`` inside arrays, so positions (rows, cells) survive, as in Google's answers.
    """
    if not tree:
        return copy.deepcopy(value)
    if isinstance(value, list):
        return [project(item, tree) for item in value]
    if not isinstance(value, dict):
        return copy.deepcopy(value)
    out: dict[str, Any] = {}
    star = tree.get("*")
    for key, item in value.items():
        if key in tree and star is not None:
            sub = {}
            if tree[key] and star:
                sub = copy.deepcopy(star)
                merge(sub, tree[key])
        elif key in tree:
            sub = tree[key]
        elif star is not None:
            sub = star
        else:
            continue
        projected = project(item, sub)
        if projected == {} and sub and item != {}:
            continue
        out[key] = projected
    return out


def apply_update(target: dict[str, Any], source: dict[str, Any], tree: FieldTree) -> None:
    """Copy the masked fields of ``source`` onto ``target``, as an update request does.

    A masked field absent from ``source`` is cleared on ``target`` (that is how Google's
    updates clear things), and ``*`` replaces the whole object.
    """
    if "*" in tree:
        target.clear()
        target.update(copy.deepcopy({k: v for k, v in source.items() if v is not None}))
        return
    for name, sub in tree.items():
        if not sub:
            if source.get(name) is not None:
                target[name] = copy.deepcopy(source[name])
            else:
                target.pop(name, None)
            continue
        nested_source = source.get(name)
        nested_target = target.get(name)
        if not isinstance(nested_target, dict):
            nested_target = {}
        apply_update(nested_target, nested_source if isinstance(nested_source, dict) else {}, sub)
        if nested_target:
            target[name] = nested_target
        else:
            target.pop(name, None)
