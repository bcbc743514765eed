"""The click group and what every command module shares: options, the workshop, output.

Command modules import this one and register on :data:`cli`; nothing here imports them
(:mod:`sheets_sync.cli.main` does), so the CLI has no import cycle.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.console import Console

from sheets_sync.backends import open_backend
from sheets_sync.cli import render
from sheets_sync.config import load_config
from sheets_sync.workshop.facade import Workshop

F = TypeVar("F", bound=Callable[..., Any])
DEFAULT_CONFIG = "config/workshop.toml"


def make_console() -> Console:
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
    config = load_config(config_path)
    return Workshop(config, open_backend(config))


def emit(as_json: bool, result: Any, show: Callable[[Console, Any], None]) -> None:
    if as_json:
        click.echo(json.dumps(render.to_data(result), indent=2, ensure_ascii=False))
    else:
        show(make_console(), result)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
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
