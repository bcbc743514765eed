"""A local workshop of a given size on disk, for the local-time section of ``make bench``.

:func:`build` runs the workshop through the library on an .xlsx workbook (provision, tables
type, sync, agree, gap), then fills each of the five gap tabs with ``gap_rows`` rows of the six
columns, as commissioners do over the following months. The result is the file every local
command is timed on.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bench import content
from sheets_sync.backends.xlsx.adapter import XlsxBackend
from sheets_sync.config import WorkshopConfig, load_config, render_config
from sheets_sync.core.principles import BY_CODE
from sheets_sync.model import WriteRange
from sheets_sync.tabs.consensus import CONSENSUS_LAYOUT
from sheets_sync.tabs.gap import gap_layout
from sheets_sync.tabs.keys import CONSENSUS, gap_key, table_key
from sheets_sync.tabs.table import table_layout
from sheets_sync.workshop.facade import Workshop

GAP_TEXT = (
    "Single point of access for referrals from schools and GPs",
    "Joint triage pilot between CAMHS and the voluntary sector",
    "No shared outcome measures across the partnership",
    "Trauma-informed practice for school staff",
    "Commission a shared outcome framework by next spring",
)


@dataclass(frozen=True)
class LocalWorkshop:
    """A built workshop: its config and its workbook."""

    config: WorkshopConfig
    workbook: Path

    def workshop(self, path: Path | None = None) -> Workshop:
        """A fresh :class:`Workshop` on ``path`` (default: the workbook), as one command makes."""
        return Workshop(self.config, XlsxBackend(path or self.workbook), clock=lambda: content.NOW)


def build(folder: Path, tables: int, gap_rows: int) -> LocalWorkshop:
    """A workshop of ``tables`` tables whose five gap tabs hold ``gap_rows`` rows each."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "workshop.toml"
    path.write_text(
        render_config(
            locality="Sampleton",
            tables=tables,
            when=content.NOW.date(),
            workbook="workshop.xlsx",
        ),
        encoding="utf-8",
    )
    config = load_config(path)
    assert config.workbook is not None
    built = LocalWorkshop(config, config.workbook)
    ws = built.workshop()
    ws.provision(force=True)
    first = table_layout(ws.templates).first_entry
    ws.backend.apply(
        [
            WriteRange(table_key(n), first, 0, tuple(tuple(line) for line in content.entries(n)))
            for n in range(1, tables + 1)
        ]
    )
    ws.sync()
    ws.backend.apply(
        [
            WriteRange(
                CONSENSUS,
                CONSENSUS_LAYOUT.agreed + 1,
                1,
                tuple((BY_CODE[code].label,) for code in content.AGREED),
            )
        ]
    )
    ws.gap()
    top = gap_layout(ws.templates).first_row
    ws.backend.apply(
        [
            WriteRange(
                gap_key(code),
                top,
                1,
                tuple(
                    tuple(f"{GAP_TEXT[(r + c) % len(GAP_TEXT)]} ({r + 1})" for c in range(5))
                    for r in range(gap_rows)
                ),
            )
            for code in content.AGREED
        ]
    )
    return built
