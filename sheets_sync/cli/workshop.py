"""The workshop commands, in the order a facilitator runs them: login, init, provision,
validate, sync, gap, status, and the sample ``demo``."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

import click

from sheets_sync.cli import render
from sheets_sync.cli.app import (
    cli,
    config_option,
    emit,
    force_option,
    json_option,
    make_console,
    workshop_for,
)
from sheets_sync.config import load_config, render_config
from sheets_sync.errors import ConfigError


@cli.command()
@click.option(
    "--client-secrets",
    type=click.Path(path_type=Path),
    default=None,
    help='Google: an OAuth client of type "Desktop app", downloaded from Google Cloud.',
)
@click.option("--no-browser", is_flag=True, help="Print the sign-in link instead of opening it.")
@click.option(
    "--microsoft",
    is_flag=True,
    help="Sign in to Microsoft 365 with the [microsoft] section of the config (device code).",
)
@click.option(
    "--browser", is_flag=True, help="Microsoft: sign in in a browser here instead of by code."
)
@config_option
def login(
    client_secrets: Path | None, no_browser: bool, microsoft: bool, browser: bool, config_path: Path
) -> None:
    """Sign in with your own Google or Microsoft account; the token is stored privately (0600).

    Examples: sheets-sync login --client-secrets ~/Downloads/client_secret.json;
    sheets-sync login --microsoft -c camden.toml
    """
    if microsoft:
        from sheets_sync.backends.microsoft.auth import login as microsoft_login
        from sheets_sync.backends.microsoft.factory import sign_in_of

        config = load_config(config_path)
        if not config.microsoft.client_id:
            raise ConfigError(f"{config.path}: [microsoft]: name the tenant and client_id first")
        path, who = microsoft_login(sign_in_of(config), browser=browser, tell=click.echo)
        click.echo(f"Signed in as {who}; the sign-in is stored in {path} (readable by you only).")
        return
    if client_secrets is None:
        raise ConfigError(
            "login: give --client-secrets FILE (Google) or --microsoft (Microsoft 365)"
        )
    from sheets_sync.backends.google.auth import login as google_login

    path = google_login(client_secrets, open_browser=not no_browser)
    click.echo(f"Signed in; the token is stored in {path} (readable by you only).")


@cli.command()
@click.option("--locality", required=True, help='The locality, e.g. "Camden".')
@click.option(
    "--tables",
    type=click.IntRange(1, 30),
    default=6,
    show_default=True,
    help="How many tables (groups) will rank the principles.",
)
@click.option(
    "--date",
    "when",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="Workshop date, YYYY-MM-DD (default today).",
)
@click.option(
    "--backend",
    type=click.Choice(["xlsx", "google", "microsoft"]),
    default="xlsx",
    show_default=True,
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    required=True,
    help="Where to write the config, e.g. config/camden.toml.",
)
@click.option("--overwrite", is_flag=True, help="Replace an existing config file.")
@json_option
def init(
    locality: str,
    tables: int,
    when: Any,
    backend: str,
    output: Path,
    overwrite: bool,
    as_json: bool,
) -> None:
    """Write a commented workshop config to edit before provisioning.

    Example: sheets-sync init --locality "Camden" --tables 6 -o config/camden.toml
    """
    if output.exists() and not overwrite:
        raise ConfigError(f"{output} already exists; pick another path or add --overwrite")
    text = render_config(
        locality=locality,
        tables=tables,
        backend=backend,
        when=when.date() if when else date.today(),
    )
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    load_config(output)
    emit(
        as_json,
        {"config": str(output), "tables": tables, "backend": backend},
        lambda c, r: c.print(
            f"Wrote {r['config']}: edit it, then run `sheets-sync provision -c {r['config']}`"
        ),
    )


@cli.command()
@config_option
@click.option(
    "--force",
    is_flag=True,
    help="Replace an existing workbook (the old one is kept as a timestamped backup).",
)
@json_option
def provision(config_path: Path, force: bool, as_json: bool) -> None:
    """Create the workbook: About, one tab per table, Consensus.

    On an existing workbook only missing tabs are added; nothing is overwritten.
    Example: sheets-sync provision -c config/camden.toml
    """
    emit(as_json, workshop_for(config_path).provision(force=force), render.show_provision)


@cli.command()
@config_option
@force_option
@json_option
def validate(config_path: Path, force: bool, as_json: bool) -> None:
    """Check every table's entries and write each table's status in its own tab.

    Exits 0 when every table is valid, 1 otherwise.
    Example: sheets-sync validate -c config/camden.toml
    """
    result = workshop_for(config_path).validate(force=force)
    emit(as_json, result, render.show_sync)
    sys.exit(0 if result.all_valid else 1)


@cli.command()
@config_option
@force_option
@click.option(
    "--watch",
    "every",
    type=click.FloatRange(min=5),
    default=None,
    metavar="SECONDS",
    help="Sync again every SECONDS (5 or more) until Ctrl-C, one summary line per cycle.",
)
@json_option
def sync(config_path: Path, force: bool, every: float | None, as_json: bool) -> None:
    """Validate every table and write the Consensus tab (never what a person typed in the
    Agreed block).

    A table whose tab was deleted is left out and named; the sync goes on for the others and
    exits 1 (`sheets-sync provision` puts the tab back).
    Example: sheets-sync sync -c config/camden.toml (live board: add --watch 30)
    """
    if every is not None:
        from sheets_sync.cli.live import watch_sync

        watch_sync(workshop_for(config_path), every, force=force, as_json=as_json)
        return
    result = workshop_for(config_path).sync(force=force)
    emit(as_json, result, render.show_sync)
    sys.exit(1 if result.missing else 0)


@cli.command()
@config_option
@click.option(
    "--accept-suggested",
    is_flag=True,
    help="Use the suggested five where the Agreed block was not typed by a person.",
)
@force_option
@json_option
def gap(config_path: Path, accept_suggested: bool, force: bool, as_json: bool) -> None:
    """Create one gap-analysis tab per agreed priority (re-running changes nothing).

    Example: sheets-sync gap -c config/camden.toml
    """
    result = workshop_for(config_path).gap(accept_suggested=accept_suggested, force=force)
    emit(as_json, result, render.show_gap)


@cli.command()
@config_option
@json_option
def status(config_path: Path, as_json: bool) -> None:
    """Print a one-screen summary of the workshop (reads only).

    Example: sheets-sync status -c config/camden.toml
    """
    emit(as_json, workshop_for(config_path).status(), render.show_status)


@cli.command()
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path),
    default=Path("demo-out"),
    show_default=True,
    help="Folder for the demo config and workbook.",
)
@json_option
def demo(out_dir: Path, as_json: bool) -> None:
    """Run a whole workshop on sample data, offline, and say where the workbook is.

    Example: sheets-sync demo --out demo-out
    """
    from sheets_sync.workshop.demo import run_demo

    console = make_console()
    steps = run_demo(out_dir, echo=None if as_json else console.print)
    if as_json:
        click.echo(json.dumps(render.to_data(steps), indent=2, ensure_ascii=False))
