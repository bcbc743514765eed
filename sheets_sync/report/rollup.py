"""Across workshops: several localities' agreed priorities and gap themes in one workbook.

For the national programme, ``sheets-sync rollup CONFIGS... -o rollup.xlsx`` reads each
workshop's workbook (through its own config and backend, one read each), and writes one new
.xlsx (tabs laid out in :mod:`sheets_sync.report.rollup_workbook`). What is read from each workshop:

* **the agreed five** from the Consensus tab, in priority order. ``confirmed`` says whether a
  person typed all five; if not, the cells still show the suggestion of the last sync and
  that is what is used, marked "not confirmed" everywhere it appears. Agreed cells that
  cannot be read are left out and listed in ``problems``;
* **the assessment scores** its Assessment tab holds (the config's for an older workbook);
* **the gap rows**: every filled row of every gap tab (:func:`sheets_sync.report.frames.gap_rows`).

How workshops are combined (:func:`build_rollup`, pure):

* A locality is matched by name (case and surrounding spaces ignored); its workshops are put
  in date order, an undated one first. **Counts** ("localities choosing it") take each
  locality once, at its latest workshop, so a follow-up never counts twice.
* Two or more workshops of one locality are compared in date order, each with the next
  (:class:`Comparison`): which principles entered or left the agreed five, which moved within
  it, which assessment scores rose or fell.

Errors are one line naming the config: a workbook that was never provisioned
(``WorkbookNotFound``), one without a Consensus tab (``MissingTab``), the same config twice
(``ConfigError``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise
from pathlib import Path

from sheets_sync.backends import open_backend
from sheets_sync.backends.base import WorkbookBackend
from sheets_sync.backends.google.pacing import Pacer
from sheets_sync.config import WorkshopConfig, load_config
from sheets_sync.core.principles import CODES
from sheets_sync.errors import ConfigError, MissingTab, WorkbookNotFound
from sheets_sync.report.frames import GapRow, gap_rows
from sheets_sync.tabs.agreed import read_agreed
from sheets_sync.tabs.assessment import read_scores
from sheets_sync.tabs.keys import CONSENSUS
from sheets_sync.tabs.templates import load_templates

Opener = Callable[[WorkshopConfig], WorkbookBackend]


@dataclass(frozen=True)
class LocalityWorkshop:
    """What the rollup takes from one workshop (see the module docstring)."""

    locality: str
    date: date | None
    title: str
    config: str
    location: str
    agreed: tuple[str, ...]
    confirmed: bool
    problems: tuple[str, ...]
    scores: Mapping[str, int] = field(hash=False)
    gaps: tuple[GapRow, ...]

    @property
    def label(self) -> str:
        """``Camden 2026-12-03`` (or ``Camden (undated)``): how the workbook names it."""
        return f"{self.locality} {self.date.isoformat() if self.date else '(undated)'}"

    def rank(self, code: str) -> int | None:
        """The principle's place (1-5) in the agreed five, or ``None``."""
        return self.agreed.index(code) + 1 if code in self.agreed else None


@dataclass(frozen=True)
class ScoreChange:
    """An assessment score that differs between two workshops (``None`` = not scored)."""

    code: str
    before: int | None
    after: int | None


@dataclass(frozen=True)
class Comparison:
    """One locality's baseline and follow-up workshop, side by side.

    ``entered``/``left`` are in the follow-up's/baseline's priority order; ``moved`` holds
    ``(code, baseline rank, follow-up rank)`` for principles in both fives at different
    places; ``rose``/``fell`` the scores both workshops have that went up or down;
    ``rescored`` those only one of them has.
    """

    locality: str
    baseline: LocalityWorkshop
    follow_up: LocalityWorkshop
    entered: tuple[str, ...]
    left: tuple[str, ...]
    moved: tuple[tuple[str, int, int], ...]
    rose: tuple[ScoreChange, ...]
    fell: tuple[ScoreChange, ...]
    rescored: tuple[ScoreChange, ...]

    def summary(self) -> str:
        """One sentence for people: what moved and which scores changed."""

        def codes(items: Sequence[str]) -> str:
            return ", ".join(items) or "none"

        def scores(items: Sequence[ScoreChange]) -> str:
            return ", ".join(f"{s.code} ({s.before} → {s.after})" for s in items) or "none"

        return (
            f"{self.locality}, {self.baseline.label.removeprefix(self.baseline.locality + ' ')}"
            f" → {self.follow_up.label.removeprefix(self.follow_up.locality + ' ')}: "
            f"entered the five: {codes(self.entered)}; left it: {codes(self.left)}; "
            f"scores rose: {scores(self.rose)}; fell: {scores(self.fell)}"
        )


@dataclass(frozen=True)
class Rollup:
    """Every workshop read, the counts per principle and the comparisons (module docstring).

    ``counts`` maps every one of the 17 codes to the number of localities choosing it;
    ``order`` lists the codes most chosen first (canonical order among equals).
    """

    workshops: tuple[LocalityWorkshop, ...]
    localities: tuple[str, ...]
    counts: Mapping[str, int] = field(hash=False)
    order: tuple[str, ...]
    comparisons: tuple[Comparison, ...]


def read_workshop(config: WorkshopConfig, backend: WorkbookBackend) -> LocalityWorkshop:
    """Read one workshop's agreed five and gap rows from its workbook (one read)."""
    try:
        snapshot = backend.read()
    except WorkbookNotFound:
        raise WorkbookNotFound(
            f"{config.path}: the workbook for {config.locality} ({backend.location()}) was never "
            f"provisioned; run `sheets-sync provision -c {config.path}` or leave it out"
        ) from None
    consensus = snapshot.get(CONSENSUS)
    if consensus is None:
        raise MissingTab(
            f"{config.path}: the workbook {backend.location()} has no Consensus tab, so there "
            f"is no agreed five to roll up; run `sheets-sync provision -c {config.path}`"
        )
    agreed = read_agreed(consensus)
    templates = load_templates(config.templates)
    codes: list[str] = []
    for code in agreed.codes:
        if code is not None and code not in codes:
            codes.append(code)
    return LocalityWorkshop(
        locality=config.locality,
        date=config.date,
        title=config.title,
        config=str(config.path),
        location=backend.location(),
        agreed=tuple(codes),
        confirmed=agreed.confirmed and not agreed.problems,
        problems=agreed.problems,
        scores=dict(read_scores(snapshot, config, templates).values),
        gaps=tuple(gap_rows(snapshot, templates)),
    )


def compare(before: LocalityWorkshop, after: LocalityWorkshop) -> Comparison:
    """What changed from ``before`` to ``after`` (see :class:`Comparison`)."""
    moved = tuple(
        (code, r0, r1)
        for code in before.agreed
        if (r0 := before.rank(code)) is not None
        and (r1 := after.rank(code)) is not None
        and r0 != r1
    )
    changes = [
        ScoreChange(code, before.scores.get(code), after.scores.get(code))
        for code in CODES
        if before.scores.get(code) != after.scores.get(code)
    ]
    both = [c for c in changes if c.before is not None and c.after is not None]
    return Comparison(
        locality=before.locality,
        baseline=before,
        follow_up=after,
        entered=tuple(c for c in after.agreed if c not in before.agreed),
        left=tuple(c for c in before.agreed if c not in after.agreed),
        moved=moved,
        rose=tuple(c for c in both if (c.after or 0) > (c.before or 0)),
        fell=tuple(c for c in both if (c.after or 0) < (c.before or 0)),
        rescored=tuple(c for c in changes if c.before is None or c.after is None),
    )


def build_rollup(workshops: Sequence[LocalityWorkshop]) -> Rollup:
    """Combine workshops: counts at each locality's latest workshop, comparisons in date order.

    Workshops keep the order given, except that one locality's are put in date order.
    """
    groups: dict[str, list[LocalityWorkshop]] = {}
    for w in workshops:
        groups.setdefault(w.locality.strip().casefold(), []).append(w)
    ordered: list[LocalityWorkshop] = []
    comparisons: list[Comparison] = []
    latest: list[LocalityWorkshop] = []
    for group in groups.values():
        group.sort(key=lambda w: w.date or date.min)
        ordered += group
        latest.append(group[-1])
        comparisons += [compare(a, b) for a, b in pairwise(group)]
    counts = {code: sum(code in w.agreed for w in latest) for code in CODES}
    order = tuple(sorted(CODES, key=lambda c: (-counts[c], CODES.index(c))))
    return Rollup(
        workshops=tuple(ordered),
        localities=tuple(g[0].locality for g in groups.values()),
        counts=counts,
        order=order,
        comparisons=tuple(comparisons),
    )


def collect(
    paths: Sequence[Path], *, opener: Opener = open_backend, pacer: Pacer | None = None
) -> list[LocalityWorkshop]:
    """Load each config, open its backend with ``opener`` and read its workshop: one read per
    workbook, each Google one started by ``pacer`` so that many stay inside the quota."""
    seen: dict[Path, Path] = {}
    out = []
    for path in paths:
        config = load_config(path)
        if config.path in seen:
            raise ConfigError(f"{path}: given twice; name each workshop's config once")
        seen[config.path] = path
        backend = opener(config)
        if pacer is not None and backend.name == "google":
            pacer.wait()
        out.append(read_workshop(config, backend))
    return out
