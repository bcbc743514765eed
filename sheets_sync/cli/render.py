"""Turning command results into JSON-ready data and rich terminal output."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from sheets_sync.core.principles import BY_CODE
from sheets_sync.core.validate import TableCheck
from sheets_sync.merge.workbook import CellChange, Conflict
from sheets_sync.offline.sync import MirrorResult, PushResult
from sheets_sync.offline.tables import CollectResult, ExportedTable
from sheets_sync.workshop.facade import GapResult, ProvisionResult, StatusResult, SyncResult
from sheets_sync.workshop.watch import CycleSummary


def to_data(obj: Any) -> Any:
    """Dataclasses, mappings and tuples as plain JSON-ready values (properties included)."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        out = {f.name: to_data(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
        for name in dir(type(obj)):
            if isinstance(getattr(type(obj), name, None), property) and not name.startswith("_"):
                out[name] = to_data(getattr(obj, name))
        return out
    if isinstance(obj, Mapping):
        return {str(k): to_data(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [to_data(v) for v in obj]
    if isinstance(obj, datetime | date):
        return obj.isoformat()
    return obj


STATE_STYLE = {"valid": "green", "invalid": "red", "empty": "yellow", "missing": "red"}


def checks_table(checks: tuple[TableCheck, ...]) -> Table:
    table = Table(title="Tables", show_lines=False)
    table.add_column("Table")
    table.add_column("State")
    table.add_column("Top five")
    table.add_column("Problems and corrections")
    for c in checks:
        lines = [("✗ " if f.is_error else "✓ ") + f.line() for f in c.findings]
        table.add_row(
            c.table,
            f"[{STATE_STYLE[c.state]}]{c.state}[/]",
            ", ".join(c.ranking[:5]),
            "\n".join(lines) or "-",
        )
    return table


def show_provision(console: Console, r: ProvisionResult) -> None:
    if r.created:
        console.print(f"Created the workbook at {r.location} with tabs: {', '.join(r.added)}")
        if r.backup:
            console.print(f"The previous workbook was kept as {r.backup}")
    elif r.added:
        console.print(f"Added missing tabs to {r.location}: {', '.join(r.added)}")
    else:
        console.print(f"The workbook at {r.location} already has every tab; nothing to do.")


def show_sync(console: Console, r: SyncResult) -> None:
    console.print(checks_table(r.checks))
    for note in r.notes:
        console.print(f"[yellow]{note}[/]")
    if r.consensus is not None:
        c = r.consensus
        console.print(
            "Suggested top five: "
            + (
                "; ".join(f"{i}. {BY_CODE[code].label}" for i, code in enumerate(c.suggested, 1))
                or "none yet"
            )
        )
        for note in c.tie_notes:
            console.print(f"  {note}")
        if c.agreement.w is not None:
            console.print(f"  Agreement: W = {c.agreement.w:.2f} ({c.agreement.reading})")
    if r.writes:
        console.print(f"Wrote {r.writes} change(s) to {r.location}")
    else:
        console.print(f"Nothing to write: everything is current in {r.location}")


def show_gap(console: Console, r: GapResult) -> None:
    for note in r.notes:
        console.print(f"  note: {note}")
    table = Table(title="Gap tabs")
    for col in ("Priority", "Tab", "Status", "Rows filled"):
        table.add_column(col)
    for g in r.tabs:
        table.add_row(str(g.priority or "-"), g.title, g.status, str(g.rows_filled))
    console.print(table)
    console.print(
        f"{r.writes} change(s) written to {r.location}"
        if r.writes
        else f"Nothing to change in {r.location}"
    )


def show_status(console: Console, r: StatusResult) -> None:
    console.print(f"Workbook: {r.location}")
    if r.missing_tabs:
        console.print(f"[red]Missing tabs: {', '.join(r.missing_tabs)}[/] (run provision)")
    counts = {s: sum(1 for c in r.checks if c.state == s) for s in STATE_STYLE}
    console.print(
        f"Tables: {counts['valid']} valid, {counts['invalid']} invalid, {counts['empty']} empty"
        + (f", {counts['missing']} missing" if counts["missing"] else "")
    )
    for c in r.checks:
        console.print(f"  {c.table}: {c.summary()}")
    console.print("Suggested five: " + (", ".join(r.suggested) or "none yet"))
    if r.agreed is not None:
        codes = ", ".join(code or "?" for code in r.agreed.codes)
        console.print(f"Agreed five: {codes} ({r.agreed.state})")
        for problem in r.agreed.problems:
            console.print(f"  [red]{problem}[/]")
    for g in r.gaps:
        console.print(f"  {g.title}: {g.status}, {g.rows_filled} row(s) filled")


# --------------------------------------------------------------------------- offline


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
    version = f", Drive version {r.version or 'unknown'}" if r.online_kind == "google" else ""
    console.print(
        f"{verb.get(r.action, r.action)} {escape(r.online)} → {escape(r.local)}: "
        f"{len(r.tabs)} tab(s){version}"
    )
    if r.backup:
        console.print(f"  the previous file is kept as {escape(r.backup)}")
    for line in (*(k.line() for k in r.kept_online), *r.warnings):
        console.print("  " + escape(line))


def show_exported(console: Console, done: list[ExportedTable]) -> None:
    for e in done:
        console.print(f"{escape(e.title)}: {escape(e.path)}")
    console.print(f"{len(done)} table file(s) written; collect them with `sheets-sync collect`")


def show_collected(console: Console, r: CollectResult) -> None:
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
    how = " in one request" if r.online_kind == "google" else ""
    console.print(f"{r.online_cells} cell(s) written to {escape(r.online)}{how}")


def show_entries(console: Console, entries: list[dict[str, Any]]) -> None:
    if not entries:
        console.print("No history yet: it is kept at every mirror and push.")
    for e in entries:
        console.print(f"{e['number']:>3}  {e['taken_at']}  {e['event']:<7} {escape(e['file'])}")


def show_changes(console: Console, old: str, new: str, changes: list[CellChange]) -> None:
    console.print(f"{escape(old)} → {escape(new)}: {len(changes)} change(s)")
    for ch in changes:
        console.print("  " + escape(ch.line()))


def board_ready(url: str, every: float, hidden: bool) -> str:
    """The board's first line: where to open it and how it runs."""
    scores = "scores hidden until revealed on the page" if hidden else "scores shown"
    return (
        f"Board at {url} (open it on the projector): one sync every {every:g} seconds, "
        f"{scores}; Ctrl-C stops."
    )


def board_stopped(done: Sequence[CycleSummary]) -> str:
    """The board's last line, once the cycles end or Ctrl-C stops it."""
    written = sum(s.writes for s in done)
    return f"Board closed after {len(done)} cycle(s); {written} change(s) written in all."
