"""The ``sheets-sync`` entry point: names every command to the lazy group, turns errors into
one line.

:data:`COMMANDS` is the registry: each command's module is imported only when that command
runs, so ``sheets-sync --help`` imports none of the library and ``sheets-sync sync`` on an
.xlsx workbook never loads pandas or the Google libraries (``tests/cli/test_imports.py``).

Every :class:`~sheets_sync.errors.SheetsSyncError` becomes one line on stderr and its exit
code; ``--json`` on every command prints machine-readable results instead.
"""

from __future__ import annotations

import click

from sheets_sync.cli.app import LazyCommand, cli
from sheets_sync.errors import SheetsSyncError

_WORKSHOP = "sheets_sync.cli.workshop"
_OFFLINE = "sheets_sync.cli.offline"

COMMANDS = {
    "login": LazyCommand(
        _WORKSHOP,
        "Sign in with your own Google or Microsoft account; the token is stored privately (0600).",
    ),
    "init": LazyCommand(
        _WORKSHOP, "Write a commented workshop config to edit before provisioning."
    ),
    "provision": LazyCommand(
        _WORKSHOP, "Create the workbook: About, one tab per table, Consensus."
    ),
    "validate": LazyCommand(
        _WORKSHOP, "Check every table's entries and write each table's status in its own tab."
    ),
    "sync": LazyCommand(
        _WORKSHOP,
        "Validate every table and write the Consensus tab (never what a person typed in the "
        "Agreed block).",
    ),
    "gap": LazyCommand(
        _WORKSHOP, "Create one gap-analysis tab per agreed priority (re-running changes nothing)."
    ),
    "status": LazyCommand(_WORKSHOP, "Print a one-screen summary of the workshop (reads only)."),
    "demo": LazyCommand(
        _WORKSHOP, "Run a whole workshop on sample data, offline, and say where the workbook is."
    ),
    "mirror": LazyCommand(
        _OFFLINE, "Copy the whole online workbook to a local .xlsx to work offline."
    ),
    "push": LazyCommand(
        _OFFLINE,
        "Merge offline edits into the online workbook, cell by cell; exit 3 on conflicts.",
    ),
    "export-tables": LazyCommand(
        _OFFLINE,
        "Write one small .xlsx per table (its tab, the principles, the dropdown) for a venue "
        "without wifi; bring them back with `sheets-sync collect`.",
    ),
    "collect": LazyCommand(
        _OFFLINE,
        "Merge table files from `export-tables` back into the workbook, checking each table.",
    ),
    "history": LazyCommand(
        _OFFLINE, "Dated snapshots of the gap tabs, kept at every mirror and push."
    ),
    "report": LazyCommand(
        "sheets_sync.cli.report",
        "Write the workshop report: one self-contained, printable HTML page.",
    ),
    "board": LazyCommand(
        "sheets_sync.cli.live",
        "Serve a live board for the projector on 127.0.0.1 while syncing every SECONDS.",
    ),
    "rollup": LazyCommand(
        "sheets_sync.cli.live",
        "Combine several workshops' agreed priorities and gap analyses into one .xlsx.",
    ),
}
cli.register(COMMANDS)


def main(argv: list[str] | None = None) -> int:
    """Entry point: run the CLI, turning the package's errors into one line and an exit code."""
    try:
        cli.main(args=argv, prog_name="sheets-sync", standalone_mode=False)
    except SheetsSyncError as exc:
        click.echo(f"error: {exc}", err=True)
        return exc.exit_code
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        return 130
    except click.ClickException as exc:
        click.echo(f"error: {_click_message(exc)}", err=True)
        return exc.exit_code
    except SystemExit as exc:
        return int(exc.code or 0) if not isinstance(exc.code, str) else 1
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        return 130
    except OSError as exc:
        click.echo(f"error: {exc.strerror or exc} ({exc.filename or 'file system'})", err=True)
        return 2
    return 0


def _click_message(exc: click.ClickException) -> str:
    """Click's own complaint (a bad option, a missing argument) in our one-line style, with
    where to read the command's options instead of click's usage block."""
    message = " ".join(exc.format_message().split())
    ctx = getattr(exc, "ctx", None)
    if isinstance(exc, click.UsageError) and ctx is not None:
        end = "" if message.endswith((".", "?", "!")) else "."
        message += f"{end} See `{ctx.command_path} --help`."
    return message
