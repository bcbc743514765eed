"""Writing a new, commented workshop config (``sheets-sync init``)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import date

from .principles import PRINCIPLES


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
        '# "xlsx" keeps the workbook in a local file; "google" in a shared Google Sheet.',
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
        "",
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
