"""The ``sheets-sync`` entry point: registers every command module, turns errors into one line.

Every :class:`~sheets_sync.errors.SheetsSyncError` becomes one line on stderr and its exit
code; ``--json`` on every command prints machine-readable results instead.
"""

from __future__ import annotations

import click

from sheets_sync.cli import live, offline, report, workshop
from sheets_sync.cli.app import cli
from sheets_sync.errors import SheetsSyncError

COMMAND_MODULES = (workshop, live, offline, report)


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
