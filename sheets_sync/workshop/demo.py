"""A complete workshop on sample data, offline: what `sheets-sync demo` runs.

Six tables type their rankings the way people do (codes in odd spellings, dropdown labels,
half-remembered text, a typo, curly quotes, a formula-looking note, two tables with
mistakes), then the facilitator validates, one table fixes its mistake, the room syncs,
agrees a five, and the gap tabs are made and started.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sheets_sync.backends import open_backend
from sheets_sync.config import load_config, render_config
from sheets_sync.core.principles import BY_CODE
from sheets_sync.model import CellValue, WriteRange
from sheets_sync.tabs.consensus import CONSENSUS_LAYOUT
from sheets_sync.tabs.gap import gap_layout
from sheets_sync.tabs.keys import CONSENSUS, gap_key, table_key
from sheets_sync.tabs.table import table_layout
from sheets_sync.workshop.facade import Workshop

SCORES = {
    "MACRO-1": 3,
    "MACRO-2": 2,
    "MACRO-3": 2,
    "MACRO-4": 1,
    "MACRO-5": 3,
    "MESO-1": 2,
    "MESO-2": 3,
    "MESO-3": 1,
    "MESO-4": 3,
    "MESO-5": 2,
    "MICRO-1": 2,
    "MICRO-2": 1,
    "MICRO-3": 2,
    "MICRO-4": 2,
    "MICRO-5": 3,
    "MICRO-6": 4,
    "MICRO-7": 2,
}

#: What each table types: (rank, principle, why).
ENTRIES: dict[int, list[tuple[CellValue, str, str]]] = {
    1: [
        (1, "MESO-3", "Needs-based groups are not used outside CAMHS"),
        (2, "micro 1", "Young people tell us decisions are made for them"),
        (3, "Macro principle 2", "Schools are not in the commissioning conversation"),
        (4, "Outcome data is used to inform individual practice", "We collect but never use it"),
        (5, "MESO 5", "Waiting lists are long for evidence-based therapies"),
    ],
    2: [
        (1, BY_CODE["MESO-3"].label, "Shared language across agencies"),
        (2, BY_CODE["MICRO-2"].label, "Families do not know which group they are in"),
        (3, BY_CODE["MACRO-2"].label, "Education and social care must co-commission"),
        (4, BY_CODE["MICRO-1"].label, "Shared decision making is patchy"),
        (5, BY_CODE["MESO-1"].label, "Gaps in community provision in the north"),
        (6, BY_CODE["MICRO-7"].label, "Risk plans are not shared"),
    ],
    3: [
        ("1", "Shared Decison Making at the heart of all decisions", "Voice of young people"),
        ("2", "A locality's mental health policy is interagency", "Policy is NHS-only today"),
        ("3", "meso3", "Use THRIVE groupings in referrals"),
        ("4", "MACRO-5", "Integration is felt by families"),
        ("5", "micro principle 4", "=important: outcome measures in every session"),
    ],
    4: [
        (1, "MESO-3", "Start with the framework"),
        (2, "MACRO 6", "Population data"),
        (3, "M1", "Policy"),
        (4, "MICRO-2", "Clarity for families"),
        (5, "MESO-5", "Evidence-based practice"),
    ],
    5: [
        (1, "MICRO-1", "Shared decisions"),
        (2, "MESO-3", "Needs-based groups"),
        (2, "MACRO-2", "Joint commissioning"),
        (4, "MICRO-4", "Outcomes"),
    ],
    6: [
        (1, "meso-3", "A common framework first"),
        (2, "Quality Improvement (QI) data used to inform decisions", "QI data is siloed"),
        (3, "MICRO-1", "Young people's voice"),
        (4, "MACRO-2", "Commissioning with schools"),
        (5, "MICRO 2", "Clarity about groups"),
    ],
}

#: How table 4 fixes its two mistakes after the first validation.
FIXES = {4: [(2, "MACRO-4"), (3, "MACRO-1")]}

GAP_ROWS = [
    (
        "CAMHS uses needs-based groups in triage",
        "Training for school mental health teams",
        "Voluntary sector does not use the groupings",
        "THRIVE awareness for all partners",
        "Adopt the five groups in the single point of access",
    ),
    (
        "Some shared language in the early help hub",
        "Joint referral form",
        "No shared data",
        "Needs-based groups for GPs",
        "Quick win: add the group to every referral",
    ),
]


@dataclass(frozen=True)
class Step:
    name: str
    detail: str
    data: Any = None


def _fill(ws: Workshop, n: int, rows: Sequence[tuple[CellValue, str, str]]) -> None:
    lay = table_layout(ws.templates)
    values = tuple((rank, principle, why) for rank, principle, why in rows)
    ws.backend.apply([WriteRange(table_key(n), lay.first_entry, 0, values)])


def run_demo(out_dir: Path, echo: Callable[[str], None] | None = print) -> list[Step]:
    """Run the whole workshop into ``out_dir`` and return what each step did."""
    say = echo or (lambda _text: None)
    out_dir.mkdir(parents=True, exist_ok=True)
    config_path = out_dir / "sampleton.toml"
    config_path.write_text(
        render_config(
            locality="Sampleton",
            tables=6,
            when=date(2026, 12, 3),
            scores=SCORES,
            workbook="sampleton.xlsx",
        ),
        encoding="utf-8",
    )
    cfg = load_config(config_path)
    ws = Workshop(cfg, open_backend(cfg))
    steps: list[Step] = []

    def step(name: str, detail: str, data: Any = None) -> None:
        steps.append(Step(name, detail, data))
        say(f"[bold]{len(steps)}. {name}[/]: {detail}")

    step("init", f"wrote the workshop config {config_path}")
    prov = ws.provision(force=True)
    step("provision", f"created {prov.location} with {len(prov.added)} tabs", prov)
    for n, rows in ENTRIES.items():
        _fill(ws, n, rows)
    step("tables type", "six tables typed their rankings, mistakes and all")
    first = ws.validate()
    bad = [c for c in first.checks if c.state != "valid"]
    step(
        "validate",
        f"{len(first.checks) - len(bad)} tables valid; problems in "
        f"{', '.join(c.table for c in bad)}",
        first,
    )
    for c in bad:
        for f in c.errors:
            say(f"    ✗ {f.line()}")
    lay = table_layout(ws.templates)
    for n, fixes in FIXES.items():
        ws.backend.apply(
            [
                WriteRange(table_key(n), lay.first_entry + rank - 1, 1, ((text,),))
                for rank, text in fixes
            ]
        )
    step("table 4 fixes", "Table 4 replaced 'MACRO 6' and 'M1' as its Check column suggested")
    synced = ws.sync()
    assert synced.consensus is not None
    step("sync", "suggested top five: " + ", ".join(synced.consensus.suggested), synced)
    agreed = list(synced.consensus.suggested)
    for tally in synced.consensus.tallies:
        if len(agreed) < 5 and tally.code not in agreed:
            agreed.append(tally.code)
    top = CONSENSUS_LAYOUT.agreed + 1
    ws.backend.apply(
        [WriteRange(CONSENSUS, top, 1, tuple((BY_CODE[code].label,) for code in agreed))]
    )
    step("agree", "the facilitator typed the agreed five: " + ", ".join(agreed))
    gaps = ws.gap()
    step("gap", f"made {len(gaps.tabs)} gap tabs: " + ", ".join(g.title for g in gaps.tabs), gaps)
    glay = gap_layout(ws.templates)
    ws.backend.apply(
        [
            WriteRange(gap_key(agreed[0]), glay.first_row, 1, tuple(GAP_ROWS[0:1])),
            WriteRange(gap_key(agreed[0]), glay.first_row + 1, 1, tuple(GAP_ROWS[1:2])),
        ]
    )
    step("gap analysis", "the first gap tab got its first two rows")
    again = ws.sync()
    step("sync again", f"{again.writes} change(s): re-running is safe", again)
    status = ws.status()
    step("status", f"workbook ready at {status.location}", status)
    return steps
