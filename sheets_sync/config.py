"""The workshop config: one TOML file per workshop, written by ``sheets-sync init``.

:func:`load_config` reads and checks it; every problem becomes a :class:`ConfigError` naming
the file, the key and what to write instead. Relative paths are relative to the config file.
:func:`render_config` writes a new, commented one that :func:`load_config` accepts.
"""

from __future__ import annotations

import difflib
import json
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

from sheets_sync.backends.microsoft.settings import (
    MICROSOFT_KEYS,
    MicrosoftConfig,
    microsoft_config_lines,
    parse_microsoft,
)
from sheets_sync.core.principles import BY_CODE, PRINCIPLES
from sheets_sync.core.rules import DEFAULT_TIE_BREAK, METHODS, TIE_BREAKS
from sheets_sync.errors import ConfigError

BackendKind = Literal["xlsx", "google", "microsoft"]
BACKENDS: tuple[str, ...] = ("xlsx", "google", "microsoft")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class TableConfig:
    """One table of the room: its name (the tab title) and who may edit its tab."""

    name: str
    editors: tuple[str, ...] = ()


@dataclass(frozen=True)
class GoogleConfig:
    """Where the Google workbook lives and how to reach it."""

    credentials: Path | None = None
    folder_id: str | None = None
    spreadsheet_id: str | None = None
    notify: bool = False
    rate_limit_wait: float = 90.0


@dataclass(frozen=True)
class WorkshopConfig:
    """Everything the tool needs to know about one workshop."""

    path: Path
    title: str
    locality: str
    date: date | None
    tables: tuple[TableConfig, ...]
    facilitators: tuple[str, ...] = ()
    scores: Mapping[str, int] = field(default_factory=dict)
    backend: BackendKind = "xlsx"
    workbook: Path | None = None
    google: GoogleConfig = field(default_factory=GoogleConfig)
    microsoft: MicrosoftConfig = field(default_factory=MicrosoftConfig)
    method: str = "borda"
    tie_break: tuple[str, ...] = DEFAULT_TIE_BREAK
    minimum: int = 5
    templates: Path | None = None

    @property
    def workshop_id(self) -> str:
        """A stable id for this workshop (locality, date and title), used to tag the workbook."""
        raw = f"{self.locality}-{self.date or 'undated'}-{self.title}".lower()
        return re.sub(r"[^a-z0-9]+", "-", raw).strip("-")[:80]

    @property
    def state_file(self) -> Path:
        """Where the online workbook's ids are recorded, beside the config."""
        return self.path.with_name(self.path.stem + ".state.json")


def _fail(path: Path, key: str, problem: str) -> ConfigError:
    return ConfigError(f"{path}: {key}: {problem}")


_KEYS: dict[str, tuple[str, ...]] = {
    "workshop": ("title", "locality", "date", "facilitators"),
    "backend": ("kind", "path"),
    "google": ("credentials", "folder_id", "spreadsheet_id", "notify", "rate_limit_wait"),
    "microsoft": MICROSOFT_KEYS,
    "consensus": ("method", "tie_break", "minimum"),
    "tables": ("name", "editors"),
}
_TOP: tuple[str, ...] = (*_KEYS, "scores", "templates")


def _belongs(key: str, section: str) -> str | None:
    """Where ``key`` belongs when it is another section's key (TOML puts a key in the last
    table opened, so a line below the wrong heading lands there), else ``None``."""
    home = next((s for s, keys in _KEYS.items() if key in keys and s != section), None)
    if home is None:
        return None
    block = "[[tables]] block" if home == "tables" else f"[{home}] section"
    return f"it belongs in a {block}; move the line there"


def _check_keys(
    path: Path, section: str, raw: Mapping[str, Any], allowed: Sequence[str], shown: str = ""
) -> None:
    """Refuse the first key of ``raw`` that is not in ``allowed``, naming the nearest one
    (``[workshop] titel: unknown key; did you mean title?``) or where it belongs."""
    for k in raw:
        if k in allowed:
            continue
        if close := difflib.get_close_matches(k, allowed, n=1, cutoff=0.6):
            hint = f"did you mean {close[0]}?"
        else:
            hint = _belongs(k, section) or f"allowed: {', '.join(allowed)}"
        where = shown or (f"[{section}]" if section else "")
        value = raw[k]
        block = isinstance(value, dict) or (
            isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)
        )
        kind = "unknown section" if block else "unknown key"
        raise _fail(path, f"{where} {k}".strip(), f"{kind}; {hint}")


def _table(path: Path, raw: Any, i: int) -> TableConfig:
    where = f"tables[{i}]"
    if isinstance(raw, str):
        raw = {"name": raw}
    if not isinstance(raw, dict):
        raise _fail(path, where, 'write a table as { name = "Table 1" }')
    _check_keys(path, "tables", raw, _KEYS["tables"], f"[[tables]] {i + 1}")
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        raise _fail(path, f"{where}.name", 'each table needs a name, e.g. name = "Table 1"')
    if len(name) > 31 or any(ch in name for ch in "[]:*?/\\"):
        raise _fail(
            path,
            f"{where}.name",
            f"{name!r} cannot be a tab name (at most 31 characters, none of []:*?/\\)",
        )
    editors = _emails(path, f"{where}.editors", raw.get("editors", []))
    return TableConfig(name=name.strip(), editors=editors)


def _emails(path: Path, key: str, raw: Any) -> tuple[str, ...]:
    if not isinstance(raw, list) or not all(isinstance(e, str) for e in raw):
        raise _fail(path, key, 'write a list of email addresses, e.g. ["a@nhs.net"]')
    for email in raw:
        if not _EMAIL.match(email):
            raise _fail(path, key, f"{email!r} is not an email address")
    return tuple(raw)


def _scores(path: Path, raw: Any) -> dict[str, int]:
    if not isinstance(raw, dict):
        raise _fail(path, "scores", 'write scores as "MESO-3" = 2, one per principle')
    scores: dict[str, int] = {}
    for code, value in raw.items():
        canonical = re.sub(r"\s+|_", "-", code.strip().upper())
        if canonical not in BY_CODE:
            raise _fail(
                path,
                f"scores.{code}",
                _belongs(code, "scores")
                or "not a principle code; use MACRO-1..5, MESO-1..5, MICRO-1..7",
            )
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 4:
            raise _fail(
                path,
                f"scores.{code}",
                f"{value!r} is not a score; use a whole number "
                "from 1 (some way to go) to 4 (very THRIVE-like)",
            )
        scores[canonical] = value
    return scores


def _section(path: Path, data: dict[str, Any], name: str) -> dict[str, Any]:
    value = data.get(name, {})
    if not isinstance(value, dict):
        raise _fail(path, name, f"[{name}] must be a table")
    _check_keys(path, name, value, _KEYS[name])
    return value


def parse_config(path: Path, data: dict[str, Any]) -> WorkshopConfig:
    """Build a :class:`WorkshopConfig` from parsed TOML, checking every key."""
    _check_keys(path, "", data, _TOP)
    ws = _section(path, data, "workshop")
    locality = ws.get("locality")
    if not isinstance(locality, str) or not locality.strip():
        raise _fail(path, "workshop.locality", 'missing; e.g. locality = "Camden"')
    title = ws.get("title", "Prioritising Improvement and Gap Analysis")
    if not isinstance(title, str):
        raise _fail(path, "workshop.title", "must be text")
    when = ws.get("date")
    if isinstance(when, str):
        try:
            when = date.fromisoformat(when)
        except ValueError:
            raise _fail(
                path, "workshop.date", f"{when!r} is not a date; write 2026-12-03"
            ) from None
    if when is not None and not isinstance(when, date):
        raise _fail(path, "workshop.date", "write a date like 2026-12-03")
    facilitators = _emails(path, "workshop.facilitators", ws.get("facilitators", []))

    raw_tables = data.get("tables")
    if not isinstance(raw_tables, list) or not raw_tables:
        raise _fail(path, "tables", 'list the tables, e.g. [[tables]] name = "Table 1"')
    tables = tuple(_table(path, t, i) for i, t in enumerate(raw_tables))
    names = [t.name.casefold() for t in tables]
    dup = next((t.name for t in tables if names.count(t.name.casefold()) > 1), None)
    if dup:
        raise _fail(path, "tables", f"two tables are called {dup!r}; give each a unique name")
    reserved = {"about", "consensus"}
    clash = next(
        (
            t.name
            for t in tables
            if t.name.casefold() in reserved or t.name.casefold().startswith("_sheets_sync")
        ),
        None,
    )
    if clash or any(n.startswith("gap ") for n in names):
        raise _fail(
            path, "tables", f"{clash or 'Gap …'!r} is a name the tool uses for its own tabs"
        )

    be = _section(path, data, "backend")
    kind = be.get("kind", "xlsx")
    if kind not in BACKENDS:
        raise _fail(
            path, "backend.kind", f'{kind!r} is not a backend; use "xlsx", "google" or "microsoft"'
        )
    workbook_raw = be.get("path")
    workbook: Path | None = None
    if workbook_raw is not None:
        if not isinstance(workbook_raw, str) or not workbook_raw.endswith(".xlsx"):
            raise _fail(
                path, "backend.path", 'write a file name ending in .xlsx, e.g. "camden.xlsx"'
            )
        workbook = (path.parent / Path(workbook_raw).expanduser()).resolve()
    elif kind == "xlsx":
        workbook = path.with_suffix(".xlsx").resolve()

    g = _section(path, data, "google")
    creds = g.get("credentials")
    wait = g.get("rate_limit_wait", 90)
    if isinstance(wait, bool) or not isinstance(wait, int | float) or not 10 <= wait <= 600:
        raise _fail(path, "google.rate_limit_wait", "seconds from 10 to 600 (normally 90)")
    google = GoogleConfig(
        credentials=(path.parent / Path(creds).expanduser()).resolve() if creds else None,
        folder_id=g.get("folder_id") or None,
        spreadsheet_id=g.get("spreadsheet_id") or None,
        notify=bool(g.get("notify", False)),
        rate_limit_wait=float(wait),
    )
    microsoft = parse_microsoft(
        path, _section(path, data, "microsoft"), required=kind == "microsoft"
    )
    cons = _section(path, data, "consensus")
    method = cons.get("method", "borda")
    if method not in METHODS:
        raise _fail(
            path, "consensus.method", f"{method!r} is not a method; use one of {', '.join(METHODS)}"
        )
    tie_break = cons.get("tie_break", list(DEFAULT_TIE_BREAK))
    if not isinstance(tie_break, list) or any(c not in TIE_BREAKS for c in tie_break):
        raise _fail(path, "consensus.tie_break", f"use a list drawn from {list(TIE_BREAKS)}")
    minimum = cons.get("minimum", 5)
    if isinstance(minimum, bool) or not isinstance(minimum, int) or not 1 <= minimum <= 17:
        raise _fail(path, "consensus.minimum", "a whole number from 1 to 17 (normally 5)")
    templates = data.get("templates")
    return WorkshopConfig(
        path=path,
        title=title.strip(),
        locality=locality.strip(),
        date=when,
        tables=tables,
        facilitators=facilitators,
        scores=_scores(path, data.get("scores", {})),
        backend=kind,
        workbook=workbook,
        google=google,
        microsoft=microsoft,
        method=method,
        tie_break=tuple(tie_break),
        minimum=minimum,
        templates=(path.parent / templates).resolve() if isinstance(templates, str) else None,
    )


def load_config(path: Path) -> WorkshopConfig:
    """Read and check the workshop config at ``path``."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(
            f"{path}: no such config; create one with `sheets-sync init --locality NAME -o {path}`"
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the config ({exc.__class__.__name__})") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    return parse_config(path.resolve(), data)


# --------------------------------------------------------------------------- init


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def render_config(
    *,
    locality: str,
    tables: int | Sequence[str],
    title: str = "Prioritising Improvement and Gap Analysis",
    when: date | None = None,
    backend: str = "xlsx",
    workbook: str | None = None,
    facilitators: Sequence[str] = (),
    scores: Mapping[str, int] | None = None,
    editors: Mapping[str, Sequence[str]] | None = None,
) -> str:
    """A complete, commented TOML config that :func:`sheets_sync.config.load_config` accepts."""
    names = (
        [f"Table {i}" for i in range(1, tables + 1)] if isinstance(tables, int) else list(tables)
    )
    slug = "".join(ch if ch.isalnum() else "-" for ch in locality.lower()).strip("-") or "workshop"
    lines = [
        "# sheets_sync workshop config: one file per workshop.",
        "# Edit it, then run: sheets-sync provision -c THIS_FILE",
        "",
        "[workshop]",
        f"title = {_q(title)}",
        f"locality = {_q(locality)}",
        f"date = {(when or date.today()).isoformat()}",
        "# Facilitators get edit access to the whole workbook (Google backend).",
        f"facilitators = {json.dumps(list(facilitators))}",
        "",
        "[backend]",
        '# "xlsx" keeps the workbook in a local file; "google" in a shared Google Sheet;',
        '# "microsoft" in a shared Excel workbook in OneDrive, SharePoint or Teams.',
        f"kind = {_q(backend)}",
        "# The .xlsx file (relative to this config). For Google it is the offline mirror.",
        f"path = {_q(workbook or slug + '.xlsx')}",
        "",
        "[google]",
        "# Service-account key file (or set GOOGLE_APPLICATION_CREDENTIALS, or run",
        "# `sheets-sync login` once to use your own Google account instead).",
        '# credentials = "~/keys/sheets-sync-service-account.json"',
        "# Drive folder to create the workbook in: a shared-drive folder for a service account.",
        '# folder_id = "0AbCdEfGhIjKlMnOp"',
        "# Send Google's 'shared with you' emails to facilitators and table editors.",
        "notify = false",
        "# How long to keep retrying when Google's per-minute quota is used up (seconds).",
        "rate_limit_wait = 90",
        "",
        *microsoft_config_lines(backend),
        "[consensus]",
        '# How table rankings are combined: "borda" (rank 1 = 5 points … rank 5 = 1),',
        '# "schulze" or "copeland" (pairwise), or "tables" (how many tables chose it).',
        'method = "borda"',
        "# Ties are broken in this order: more tables choosing it, better best rank,",
        "# lower assessment score (more room to improve). A tie that survives stays a tie.",
        'tie_break = ["tables", "best_rank", "score"]',
        "# How many priorities each table must rank.",
        "minimum = 5",
        "",
        "# One [[tables]] block per table; the name becomes the tab's title.",
        "# editors: who may type in that table's tab (Google); empty = anyone with the link.",
    ]
    for name in names:
        emails = list((editors or {}).get(name, ()))
        lines += ["[[tables]]", f"name = {_q(name)}", f"editors = {json.dumps(emails)}", ""]
    lines += [
        "# THRIVE Assessment Tool scores, 1 (some way to go) to 4 (very THRIVE-like).",
        "# Scores below 3 are marked as room to improve. Leave out what you have not scored.",
        "[scores]",
    ]
    for p in PRINCIPLES:
        score = (scores or {}).get(p.code)
        prefix = "" if score is not None else "# "
        lines.append(f'{prefix}"{p.code}" = {score if score is not None else 2}')
    return "\n".join(lines) + "\n"
