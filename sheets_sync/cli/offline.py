"""The offline commands: ``mirror``, ``push``, ``export-tables``, ``collect`` and ``history``.

Which copies they work between (documented in the README, "Offline and back"):

* **online** — the workshop's Google workbook when ``backend.kind = "google"``; or, with
  ``--online PATH``, an .xlsx that stands in for it (a shared file on a network drive, or the
  facilitator's master copy), so the whole offline path works without Google;
* **local** — ``--local PATH``, else the config's ``backend.path`` (for a Google workshop, its
  offline mirror), else ``<config stem>-offline.xlsx`` beside the config.

A workshop whose ``backend.kind`` is ``"xlsx"`` has no online copy: name one with ``--online``.
Conflicts end ``push`` and ``collect`` with exit code 3 after the report
(:class:`~sheets_sync.errors.MergeConflict`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, Literal, TypeVar

import click
from rich.console import Console
from rich.markup import escape

from sheets_sync.backends import open_backend
from sheets_sync.backends.base import WorkbookBackend
from sheets_sync.backends.xlsx.adapter import XlsxBackend
from sheets_sync.cli.app import cli, config_option, emit, json_option
from sheets_sync.config import WorkshopConfig, load_config
from sheets_sync.core.validate import TableCheck, validate_table
from sheets_sync.errors import ConfigError, MergeConflict
from sheets_sync.merge.workbook import CellChange, Conflict
from sheets_sync.model import Tab
from sheets_sync.offline.codec import StoredSnapshot
from sheets_sync.offline.history import History, HistoryEntry, history_folder
from sheets_sync.offline.look import WorkshopLook
from sheets_sync.offline.sync import MirrorResult, OfflineSync, PushResult
from sheets_sync.offline.tables import CollectResult, ExportedTable, collect, export_tables
from sheets_sync.tabs.table import read_entries, table_layout
from sheets_sync.tabs.templates import load_templates

F = TypeVar("F", bound=Callable[..., Any])
PREFER = click.Choice(["local", "online"])


def online_option(f: F) -> F:
    return click.option(
        "--online",
        "online_path",
        type=click.Path(dir_okay=False, path_type=Path),
        help="An .xlsx standing in for the online workbook (default: the config's Google one).",
    )(f)


def local_option(f: F) -> F:
    return click.option(
        "--local",
        "local_path",
        type=click.Path(dir_okay=False, path_type=Path),
        help="The local mirror (default: backend.path, else <config>-offline.xlsx).",
    )(f)


def prefer_option(f: F) -> F:
    return click.option(
        "--prefer",
        type=PREFER,
        default=None,
        help="Settle every conflict in favour of this side (otherwise they are reported).",
    )(f)


def _online(config: WorkshopConfig, online_path: Path | None) -> WorkbookBackend:
    if online_path is not None:
        if online_path.suffix.lower() != ".xlsx":
            raise ConfigError(f"--online {online_path}: name an .xlsx file")
        return XlsxBackend(online_path)
    if config.backend != "google":
        raise ConfigError(
            f'{config.path}: backend.kind is "xlsx", so there is no online workbook: name the '
            ".xlsx that stands in for it with --online PATH"
        )
    return open_backend(config)


def _local_path(config: WorkshopConfig, local_path: Path | None) -> Path:
    if local_path is not None:
        return local_path
    if config.workbook is not None:
        return config.workbook
    return config.path.with_name(f"{config.path.stem}-offline.xlsx")


def offline_sync(
    config_path: Path, online_path: Path | None, local_path: Path | None
) -> OfflineSync:
    """The two copies a command works between, with the workshop's look and its history."""
    config = load_config(config_path)
    online = _online(config, online_path)
    local = _local_path(config, local_path)
    if online_path is not None and online_path.resolve() == local.resolve():
        raise ConfigError(f"--online and the local mirror are the same file ({local})")
    history = History(history_folder(config.path))

    def keep(stored: StoredSnapshot, event: str) -> None:
        history.record(stored, event)

    return OfflineSync(
        online,
        XlsxBackend(local),
        look=WorkshopLook(config, load_templates(config.templates)),
        on_base=keep,
    )


# --------------------------------------------------------------------------- rendering


def _conflicts(console: Console, conflicts: tuple[Conflict, ...], what: str) -> None:
    if conflicts:
        console.print(f"[red]{len(conflicts)} {what}:[/]")
        for c in conflicts:
            console.print("  " + escape(c.line()))


def show_push(console: Console, r: PushResult) -> None:
    console.print(
        f"Pushed {escape(r.local)} to {escape(r.online)}: {r.online_cells} cell(s) written "
        f"online, {r.local_cells} pulled into the local file"
        + ("; snapshot renewed" if r.renewed else "; nothing to do")
    )
    for line in (*r.notes, *(k.line() for k in r.kept_online), *r.warnings):
        console.print("  " + escape(line))
    _conflicts(console, r.resolved, "conflict(s) settled by --prefer")
    _conflicts(console, r.conflicts, "conflict(s): nothing was written for these cells")


def show_mirror(console: Console, r: MirrorResult) -> None:
    if r.push is not None:
        console.print("The local file had unpushed edits, so they were merged (--merge):")
        show_push(console, r.push)
        return
    verb = {"created": "Mirrored", "replaced": "Mirrored again", "unchanged": "Already current:"}
    console.print(
        f"{verb.get(r.action, r.action)} {escape(r.online)} → {escape(r.local)}: "
        f"{len(r.tabs)} tab(s), Drive version {r.version or 'unknown'}"
    )
    if r.backup:
        console.print(f"  the previous file is kept as {escape(r.backup)}")
    for line in (*(k.line() for k in r.kept_online), *r.warnings):
        console.print("  " + escape(line))


def _exit_on_conflicts(conflicts: tuple[Conflict, ...]) -> None:
    if conflicts:
        raise MergeConflict(
            f"{len(conflicts)} cell(s) were changed on both sides (listed above): make the two "
            "sides agree and push again, or push with --prefer local|online"
        )


# --------------------------------------------------------------------------- commands


@cli.command()
@config_option
@online_option
@local_option
@click.option("--merge", is_flag=True, help="If the local file has unpushed edits, push them.")
@json_option
def mirror(
    config_path: Path,
    online_path: Path | None,
    local_path: Path | None,
    merge: bool,
    as_json: bool,
) -> None:
    """Copy the whole online workbook to a local .xlsx to work offline.

    Refuses to replace a local file with unpushed edits unless --merge.
    Example: sheets-sync mirror -c config/camden.toml
    """
    result = offline_sync(config_path, online_path, local_path).mirror(merge=merge)
    emit(as_json, result, show_mirror)
    if result.push is not None:
        _exit_on_conflicts(result.push.conflicts)


@cli.command()
@config_option
@online_option
@local_option
@prefer_option
@json_option
def push(
    config_path: Path,
    online_path: Path | None,
    local_path: Path | None,
    prefer: str | None,
    as_json: bool,
) -> None:
    """Merge offline edits into the online workbook, cell by cell; exit 3 on conflicts.

    Example: sheets-sync push -c config/camden.toml --prefer local
    """
    sync = offline_sync(config_path, online_path, local_path)
    result = sync.push(prefer=_prefer(prefer))
    emit(as_json, result, show_push)
    _exit_on_conflicts(result.conflicts)


@cli.command("export-tables")
@config_option
@online_option
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder for the files (default: <config>-tables beside the config).",
)
@click.option("--force", is_flag=True, help="Replace existing files (each is backed up first).")
@json_option
def export_tables_command(
    config_path: Path, online_path: Path | None, out_dir: Path | None, force: bool, as_json: bool
) -> None:
    """Write one small .xlsx per table (its tab, the principles, the dropdown) for a venue
    without wifi; bring them back with `sheets-sync collect`.

    Example: sheets-sync export-tables -c config/camden.toml --out tables/
    """
    config = load_config(config_path)
    online = _online(config, online_path)
    out = out_dir or config.path.with_name(f"{config.path.stem}-tables")
    look = WorkshopLook(config, load_templates(config.templates))
    done = export_tables(online, online.origin(), out, look=look, clock=_now, replace_files=force)
    emit(as_json, done, _show_exported)


def _show_exported(console: Console, done: list[ExportedTable]) -> None:
    for e in done:
        console.print(f"{escape(e.title)}: {escape(e.path)}")
    console.print(f"{len(done)} table file(s) written; collect them with `sheets-sync collect`")


@cli.command("collect")
@config_option
@online_option
@prefer_option
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@json_option
def collect_command(
    config_path: Path,
    online_path: Path | None,
    prefer: str | None,
    files: tuple[Path, ...],
    as_json: bool,
) -> None:
    """Merge table files from `export-tables` back into the workbook, checking each table.

    Exit 3 when conflicts remain. Example: sheets-sync collect -c config/camden.toml tables/*.xlsx
    """
    config = load_config(config_path)
    online = _online(config, online_path)
    templates = load_templates(config.templates)
    lay = table_layout(templates)
    names = {f"table:{n}": t.name for n, t in enumerate(config.tables, start=1)}

    def check(key: str, tab: Tab) -> TableCheck:
        return validate_table(names.get(key, tab.title), read_entries(tab, lay), config.minimum)

    result = collect(
        online,
        online.origin(),
        files,
        look=WorkshopLook(config, templates),
        clock=_now,
        prefer=_prefer(prefer),
        check=check,
    )
    emit(as_json, result, _show_collected)
    _exit_on_conflicts(result.conflicts)


def _show_collected(console: Console, r: CollectResult) -> None:
    for f in r.files:
        console.print(
            f"{escape(f.path)}: {f.online_cells} cell(s) to the workbook, "
            f"{f.local_cells} back into the file"
        )
        for c in f.checks:
            console.print(f"  {escape(c.table)}: {escape(c.summary())}")
        for note in f.notes:
            console.print("  " + escape(note))
        _conflicts(console, f.conflicts, "conflict(s): nothing was written for these cells")
    console.print(f"{r.online_cells} cell(s) written to {escape(r.online)} in one request")


@cli.group()
def history() -> None:
    """Dated snapshots of the gap tabs, kept at every mirror and push."""


@history.command("list")
@config_option
@json_option
def history_list(config_path: Path, as_json: bool) -> None:
    """List the kept snapshots, oldest first. Example: sheets-sync history list"""
    entries = History(history_folder(load_config(config_path).path)).entries()
    emit(as_json, [_entry(e) for e in entries], _show_entries)


def _entry(e: HistoryEntry) -> dict[str, Any]:
    return {"number": e.number, "taken_at": e.taken_at, "event": e.event, "file": str(e.path)}


def _show_entries(console: Console, entries: list[dict[str, Any]]) -> None:
    if not entries:
        console.print("No history yet: it is kept at every mirror and push.")
    for e in entries:
        console.print(f"{e['number']:>3}  {e['taken_at']}  {e['event']:<7} {escape(e['file'])}")


@history.command("diff")
@config_option
@click.argument("old", default="-2")
@click.argument("new", default="-1")
@json_option
def history_diff(config_path: Path, old: str, new: str, as_json: bool) -> None:
    """What changed in the gap tabs between two snapshots (numbers from `history list`,
    negative from the newest, or file names; default: the last two).

    Example: sheets-sync history diff 1 -1
    """
    h = History(history_folder(load_config(config_path).path))
    a, b = h.pick(old), h.pick(new)
    changes = h.changes(a, b)
    emit(
        as_json,
        {"old": a.name, "new": b.name, "changes": changes},
        lambda c, r: _show_changes(c, r["old"], r["new"], r["changes"]),
    )


def _show_changes(console: Console, old: str, new: str, changes: list[CellChange]) -> None:
    console.print(f"{escape(old)} → {escape(new)}: {len(changes)} change(s)")
    for ch in changes:
        console.print("  " + escape(ch.line()))


def _now() -> datetime:
    return datetime.now().astimezone()


def _prefer(value: str | None) -> Literal["local", "online"] | None:
    return "local" if value == "local" else "online" if value == "online" else None
