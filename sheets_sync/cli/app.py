"""The click group and what every command module shares: options, the workshop, output.

Command modules import this one and register on :data:`cli`; nothing here imports them
(:mod:`sheets_sync.cli.main` names them to :class:`LazyGroup`), so the CLI has no import
cycle. This module imports only click at load time, so ``sheets-sync --help`` stays as
cheap as click itself; the library is imported by the command that runs.
"""

from __future__ import annotations

import importlib
import json
import logging
import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from rich.console import Console

    from sheets_sync.workshop.facade import Workshop

F = TypeVar("F", bound=Callable[..., Any])
DEFAULT_CONFIG = "config/workshop.toml"


@dataclass(frozen=True)
class LazyCommand:
    """A command known before its module is imported: the module that registers it on
    :data:`cli`, and the summary ``--help`` lists (a test keeps it equal to the first paragraph
    of the command's own help)."""

    module: str
    summary: str


class LazyGroup(click.Group):
    """A click group that imports a command's module only when that command is run or asked for.

    ``--help`` lists the registered summaries without importing anything, so it never pays for
    pandas, openpyxl or the Google libraries a command needs.
    """

    lazy: Mapping[str, LazyCommand] = {}

    def register(self, commands: Mapping[str, LazyCommand]) -> None:
        """Name the commands this group imports on demand."""
        self.lazy = {**self.lazy, **commands}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in self.lazy:
            importlib.import_module(self.lazy[cmd_name].module)
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = []
        for name in self.list_commands(ctx):
            if name in self.lazy:
                rows.append((name, self.lazy[name].summary))
            elif not self.commands[name].hidden:
                rows.append((name, self.commands[name].get_short_help_str()))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


def make_console() -> Console:
    from rich.console import Console

    tty = sys.stdout.isatty()
    return Console(highlight=False, soft_wrap=not tty, width=None if tty else 160)


def config_option(f: F) -> F:
    return click.option(
        "-c",
        "--config",
        "config_path",
        type=click.Path(path_type=Path),
        default=lambda: os.environ.get("SHEETS_SYNC_CONFIG", DEFAULT_CONFIG),
        show_default=f"$SHEETS_SYNC_CONFIG or {DEFAULT_CONFIG}",
        help="The workshop config (TOML) written by `sheets-sync init`.",
    )(f)


def json_option(f: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON instead of tables.")(f)


def force_option(f: F) -> F:
    return click.option(
        "--force",
        is_flag=True,
        help="Overwrite sheets_sync's own cells even if a person typed in them.",
    )(f)


def workshop_for(config_path: Path) -> Workshop:
    from sheets_sync.backends import open_backend
    from sheets_sync.config import load_config
    from sheets_sync.workshop.facade import Workshop

    config = load_config(config_path)
    return Workshop(config, open_backend(config))


def emit(as_json: bool, result: Any, show: Callable[[Console, Any], None]) -> None:
    from sheets_sync.cli import render

    if as_json:
        click.echo(json.dumps(render.to_data(result), indent=2, ensure_ascii=False))
    else:
        show(make_console(), result)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="sheets_sync")
@click.option(
    "-v",
    "--verbose",
    is_flag=True,
    help="Log each step (requests, retries) to stderr; never credentials.",
)
def cli(verbose: bool) -> None:
    """Run the i-THRIVE Prioritising Improvement and Gap Analysis workshop on a workbook.

    Typical order: init, provision, (tables type), validate / sync, agree, gap, status.
    """
    if verbose:
        logging.basicConfig(level=logging.DEBUG, format="%(name)s: %(message)s")
        for noisy in ("urllib3", "google", "openpyxl"):
            logging.getLogger(noisy).setLevel(logging.WARNING)
