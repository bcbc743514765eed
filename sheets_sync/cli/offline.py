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

from pathlib import Path
from typing import Any, Literal

import click

from sheets_sync.cli import render
from sheets_sync.cli.app import cli, config_option, emit, json_option
from sheets_sync.config import load_config
from sheets_sync.errors import MergeConflict
from sheets_sync.merge.workbook import Conflict
from sheets_sync.model import local_now
from sheets_sync.offline.copies import offline_sync, online_copy
from sheets_sync.offline.history import History, HistoryEntry, history_folder
from sheets_sync.offline.look import WorkshopLook
from sheets_sync.offline.tables import collect, export_tables
from sheets_sync.tabs.table import table_checker
from sheets_sync.tabs.templates import load_templates

_XLSX = click.Path(dir_okay=False, path_type=Path)
online_option = click.option(
    "--online",
    "online_path",
    type=_XLSX,
    help="An .xlsx standing in for the online workbook (default: the config's Google one).",
)
local_option = click.option(
    "--local",
    "local_path",
    type=_XLSX,
    help="The local mirror (default: backend.path, else <config>-offline.xlsx).",
)
prefer_option = click.option(
    "--prefer",
    type=click.Choice(["local", "online"]),
    default=None,
    help="Settle every conflict in favour of this side (otherwise they are reported).",
)


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
    emit(as_json, result, render.show_mirror)
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
    emit(as_json, result, render.show_push)
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
    online = online_copy(config, online_path)
    out = out_dir or config.path.with_name(f"{config.path.stem}-tables")
    look = WorkshopLook(config, load_templates(config.templates))
    done = export_tables(
        online, online.origin(), out, look=look, clock=local_now, replace_files=force
    )
    emit(as_json, done, render.show_exported)


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
    online = online_copy(config, online_path)
    templates = load_templates(config.templates)
    result = collect(
        online,
        online.origin(),
        files,
        look=WorkshopLook(config, templates),
        clock=local_now,
        prefer=_prefer(prefer),
        check=table_checker(config, templates),
    )
    emit(as_json, result, render.show_collected)
    _exit_on_conflicts(result.conflicts)


@cli.group()
def history() -> None:
    """Dated snapshots of the gap tabs, kept at every mirror and push."""


@history.command("list")
@config_option
@json_option
def history_list(config_path: Path, as_json: bool) -> None:
    """List the kept snapshots, oldest first. Example: sheets-sync history list"""
    entries = History(history_folder(load_config(config_path).path)).entries()
    emit(as_json, [_entry(e) for e in entries], render.show_entries)


def _entry(e: HistoryEntry) -> dict[str, Any]:
    return {"number": e.number, "taken_at": e.taken_at, "event": e.event, "file": str(e.path)}


# A negative number (``-1``: the newest) is a snapshot, not an option.
@history.command("diff", context_settings={"ignore_unknown_options": True})
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
        lambda c, r: render.show_changes(c, r["old"], r["new"], r["changes"]),
    )


def _prefer(value: str | None) -> Literal["local", "online"] | None:
    return "local" if value == "local" else "online" if value == "online" else None
