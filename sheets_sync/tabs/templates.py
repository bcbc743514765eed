"""Tab templates: the wording, headers, widths and colours of every tab, kept as data.

The templates live in ``sheet_templates/*.toml`` so a facilitator can adapt wording without
touching code (point ``templates = "my_templates"`` in the workshop config at a copy). They are
loaded and checked at start-up: a missing key or a value of the wrong type is a
:class:`TemplateError` naming the file and the key.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sheets_sync.errors import TemplateError

#: The keys each template must define, as ``section.key: type``.
REQUIRED: dict[str, dict[str, type | tuple[type, ...]]] = {
    "about": {
        "tab.title": str,
        "tab.tab_color": str,
        "text.heading": str,
        "text.subtitle": str,
        "text.instructions": list,
        "principles.header_row": int,
        "principles.headers": list,
        "principles.widths": list,
        "principles.thrive_like": str,
        "principles.room_to_improve": str,
        "principles.not_scored": str,
        "protection.description": str,
    },
    "table": {
        "tab.title": str,
        "tab.tab_color": str,
        "text.heading": str,
        "text.instructions": str,
        "entries.header_row": int,
        "entries.ranks": int,
        "entries.rank": dict,
        "entries.principle": dict,
        "entries.why": dict,
        "entries.score": dict,
        "entries.check": dict,
        "status.header": str,
        "status.width": int,
        "status.lines": int,
        "protection.description": str,
        "protection.warning": str,
        "protection.entries": str,
    },
    "consensus": {
        "tab.title": str,
        "tab.tab_color": str,
        "text.heading": str,
        "text.note": str,
        "text.agreed_header": str,
        "text.agreed_hint": str,
        "text.suggested_header": str,
        "text.alternatives_header": str,
        "text.aggregate_header": str,
        "text.flipchart_header": str,
        "text.notes_header": str,
        "text.left_out": str,
        "text.chart_header": str,
        "text.chart_title": str,
        "aggregate.headers": list,
        "aggregate.widths": list,
        "aggregate.legend": list,
        "protection.description": str,
    },
    "assessment": {
        "tab.title": str,
        "tab.tab_color": str,
        "text.heading": str,
        "text.instructions": str,
        "scores.header_row": int,
        "scores.headers": list,
        "scores.widths": list,
        "protection.description": str,
    },
    "gap": {
        "tab.title": str,
        "tab.tab_color": str,
        "tab.superseded_color": str,
        "text.heading": str,
        "text.note": str,
        "text.superseded": str,
        "columns.header_row": int,
        "columns.rows": int,
        "columns.headers": list,
        "columns.widths": list,
        "columns.id_header": str,
        "columns.id_width": int,
        "protection.description": str,
    },
}

_PACKAGE = Path(__file__).resolve().parents[1]

#: The shipped templates: ``sheet_templates/`` in a checkout, ``_templates`` in a wheel.
DEFAULT_DIR = next(
    (p for p in (_PACKAGE.parent / "sheet_templates", _PACKAGE / "_templates") if p.is_dir()),
    _PACKAGE.parent / "sheet_templates",
)


@dataclass(frozen=True)
class Template:
    """One tab template: its name, source file and checked data."""

    name: str
    source: Path
    data: dict[str, Any]

    def get(self, dotted: str) -> Any:
        node: Any = self.data
        for part in dotted.split("."):
            node = node[part]
        return node

    def text(self, dotted: str, **values: object) -> str:
        """A wording with ``{placeholders}`` filled in; unknown placeholders are an error."""
        raw = self.get(dotted)
        try:
            return str(raw).format(**values)
        except (KeyError, IndexError) as exc:
            raise TemplateError(
                f"{self.source}: {dotted}: unknown placeholder {exc}; "
                f"available: {', '.join('{' + k + '}' for k in values)}"
            ) from None


@dataclass(frozen=True)
class Templates:
    """All tab templates."""

    about: Template
    table: Template
    consensus: Template
    assessment: Template
    gap: Template


def _check(name: str, source: Path, data: dict[str, Any]) -> None:
    for dotted, kind in REQUIRED[name].items():
        node: Any = data
        for part in dotted.split("."):
            if not isinstance(node, dict) or part not in node:
                raise TemplateError(
                    f"{source}: missing {dotted}; copy it from the shipped template"
                )
            node = node[part]
        if isinstance(node, bool) or not isinstance(node, kind):
            expected = (
                kind.__name__ if isinstance(kind, type) else "/".join(k.__name__ for k in kind)
            )
            raise TemplateError(f"{source}: {dotted} should be {expected}, not {node!r}")
    for dotted in [k for k in REQUIRED[name] if k.endswith("widths")]:
        if not all(isinstance(w, int) and 2 <= w <= 255 for w in data_get(data, dotted)):
            raise TemplateError(f"{source}: {dotted}: widths are whole numbers of characters")


def data_get(data: dict[str, Any], dotted: str) -> Any:
    node: Any = data
    for part in dotted.split("."):
        node = node[part]
    return node


def load_templates(directory: Path | None = None) -> Templates:
    """Load and check every template named in :data:`REQUIRED` from ``directory``."""
    directory = directory or DEFAULT_DIR
    loaded: dict[str, Template] = {}
    for name in REQUIRED:
        source = directory / f"{name}.toml"
        try:
            data = tomllib.loads(source.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise TemplateError(
                f"{source}: template missing; copy it from sheet_templates/"
            ) from None
        except tomllib.TOMLDecodeError as exc:
            raise TemplateError(f"{source}: not valid TOML: {exc}") from None
        _check(name, source, data)
        loaded[name] = Template(name, source, data)
    about, table, consensus, assessment, gap = (loaded[n] for n in REQUIRED)
    if len(gap.get("columns.headers")) != 6 or len(gap.get("columns.widths")) != 6:
        raise TemplateError(f"{gap.source}: columns.headers and widths need the six gap columns")
    if not len(consensus.get("aggregate.headers")) == len(consensus.get("aggregate.widths")) == 10:
        raise TemplateError(
            f"{consensus.source}: aggregate.headers and widths need the ten aggregate columns"
        )
    if not 5 <= table.get("entries.ranks") <= 17:
        raise TemplateError(f"{table.source}: entries.ranks must be from 5 to 17")
    if len(assessment.get("scores.headers")) != 4 or len(assessment.get("scores.widths")) != 4:
        raise TemplateError(f"{assessment.source}: scores.headers and widths need four columns")
    return Templates(about=about, table=table, consensus=consensus, assessment=assessment, gap=gap)
