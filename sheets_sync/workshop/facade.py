"""The workshop's commands, written once against the backend port.

Each command reads the whole workbook once, plans in pure code, checks that nobody typed in
the cells it is about to write, and applies everything in one atomic write (or none, when
nothing changed). Results are plain dataclasses; the CLI renders them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from sheets_sync.backends.base import WorkbookBackend
from sheets_sync.config import WorkshopConfig
from sheets_sync.core.aggregate import Consensus, TableRanking, build_consensus
from sheets_sync.core.validate import TableCheck, missing_table
from sheets_sync.errors import AgreedFiveError, MissingTab, WorkbookNotFound
from sheets_sync.model import AddTab, Change, SetChart, WorkbookSnapshot, local_now
from sheets_sync.tabs.about import about_tab, score_reading
from sheets_sync.tabs.agreed import AgreedFive, read_agreed, restore_suggestions
from sheets_sync.tabs.assessment import Scores, about_scores_region, assessment_tab, read_scores
from sheets_sync.tabs.consensus import consensus_regions, consensus_tab, points_chart
from sheets_sync.tabs.gap import GapTabInfo, gap_records, plan_gaps, rows_filled
from sheets_sync.tabs.keys import ABOUT, CONSENSUS, STATE, table_key
from sheets_sync.tabs.state import Region, ToolState, plan_regions, state_tab
from sheets_sync.tabs.table import check_table, table_layout, table_regions, table_tab
from sheets_sync.tabs.templates import Templates, load_templates

#: The state record saying the Consensus tab's points chart is drawn.
CHART_MARK = "chart:points"


@dataclass(frozen=True)
class ProvisionResult:
    location: str
    created: bool
    added: tuple[str, ...]
    backup: str | None = None


@dataclass(frozen=True)
class SyncResult:
    """What a validate or sync found and wrote.

    ``agreed`` is the five a person confirmed in the Consensus tab's Agreed block, in order
    (read by ``sync`` from the same read); empty until all five are typed and valid.
    """

    checks: tuple[TableCheck, ...]
    consensus: Consensus | None
    writes: int
    location: str
    notes: tuple[str, ...] = ()
    agreed: tuple[str, ...] = ()

    @property
    def all_valid(self) -> bool:
        return all(c.state == "valid" for c in self.checks)

    @property
    def missing(self) -> tuple[str, ...]:
        """Tables left out because their tab is gone (``provision`` puts it back)."""
        return tuple(c.table for c in self.checks if c.state == "missing")


@dataclass(frozen=True)
class GapResult:
    agreed: tuple[str, ...]
    tabs: tuple[GapTabInfo, ...]
    writes: int
    location: str
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class StatusResult:
    location: str
    checks: tuple[TableCheck, ...]
    suggested: tuple[str, ...]
    agreed: AgreedFive | None
    gaps: tuple[GapTabInfo, ...]
    missing_tabs: tuple[str, ...] = field(default=())


class Workshop:
    """One workshop: its config, its workbook and the templates its tabs follow."""

    def __init__(
        self,
        config: WorkshopConfig,
        backend: WorkbookBackend,
        templates: Templates | None = None,
        clock: Callable[[], datetime] = local_now,
    ):
        self.config = config
        self.backend = backend
        self.templates = templates or load_templates(config.templates)
        self.clock = clock

    # ------------------------------------------------------------------ helpers

    def _stamp(self) -> str:
        return self.clock().strftime("%Y-%m-%d %H:%M")

    def _tool_tabs(self) -> list[AddTab]:
        cfg, t = self.config, self.templates
        tabs = [about_tab(cfg, t)]
        for n, table in enumerate(cfg.tables, start=1):
            tabs.append(table_tab(cfg, t, n, table.name, table.editors))
        seeded = {**self._seed_records(), CHART_MARK: True}
        tabs += [consensus_tab(cfg, t), assessment_tab(cfg, t), state_tab(seeded)]
        return tabs

    def _points_chart(self) -> SetChart:
        """The Consensus tab's points chart; provision draws it with the tab, so a backend that
        builds the workbook before sending it (Microsoft) sends no chart requests."""
        return SetChart(CONSENSUS, points_chart(self.templates.consensus.text("text.chart_title")))

    def _seed_records(self) -> dict[str, object]:
        """State records for regions a new About tab already fills (the config's scores)."""
        seeded = about_scores_region(self.config.scores, self.templates)
        return {f"region:{seeded.id}": {"values": [list(row) for row in seeded.values]}}

    def scores(self, snap: WorkbookSnapshot) -> Scores:
        """The assessment scores in use: the Assessment tab's, or the config's without one."""
        return read_scores(snap, self.config, self.templates)

    def _read(self) -> WorkbookSnapshot:
        return self.backend.read()

    def check_tables(self, snap: WorkbookSnapshot) -> list[TableCheck]:
        """Validate every configured table in ``snap``. A table whose tab was deleted is
        ``"missing"``: left out like an invalid one, so the room goes on without it."""
        checks = []
        for n, table in enumerate(self.config.tables, start=1):
            tab = snap.get(table_key(n))
            if tab is None:
                checks.append(missing_table(table.name))
                continue
            checks.append(check_table(table.name, tab, self.templates, self.config.minimum))
        return checks

    def _plan_with_stamp(
        self,
        snap: WorkbookSnapshot,
        build: Callable[[str], list[Region]],
        *,
        force: bool,
        extra: Sequence[Change] = (),
        marks: dict[str, object] | None = None,
    ) -> list[Change]:
        """Plan region writes; the time shown in them changes only when something else does.

        ``extra`` changes go first; ``marks`` are recorded on the state tab with them.
        """
        state = ToolState(snap)
        previous = state.get("last_change", self._stamp())
        changes = plan_regions(snap, state, build(previous), force=force)
        if changes or extra:
            state = ToolState(snap)
            stamp = self._stamp()
            changes = plan_regions(snap, state, build(stamp), force=force)
            state.set("last_change", stamp)
            for key, value in (marks or {}).items():
                state.set(key, value)
        return [*extra, *changes, *state.changes()]

    def _apply(self, changes: list[Change]) -> int:
        if changes:
            self.backend.apply(changes)
        return len(changes)

    # ------------------------------------------------------------------ commands

    def provision(self, *, force: bool = False) -> ProvisionResult:
        """Create the workbook; on an existing one, add only the tool tabs that are missing."""
        tabs = self._tool_tabs()
        if force or not self.backend.exists():
            backup = self.backend.create([*tabs, self._points_chart()], replace=force)
            return ProvisionResult(
                self.backend.location(), True, tuple(a.spec.title for a in tabs), backup
            )
        snap = self._read()
        state = ToolState(snap)
        titles = {tab.title.casefold() for tab in snap}
        missing: list[AddTab] = []
        for add in tabs:
            if snap.get(add.spec.key) is not None:
                continue
            spec = add.spec
            if spec.title.casefold() in titles:
                raise MissingTab(
                    f"tab {spec.title!r} exists but is not sheets_sync's; rename it and run "
                    "`sheets-sync provision` again"
                )
            for key in list(state.records):
                if key.startswith(f"region:{spec.key}/"):
                    state.set(key, {"values": []})
            if spec.key == ABOUT:
                for key, value in self._seed_records().items():
                    state.set(key, value)
            missing.append(replace(add, before=_next_present(tabs, add, snap)))
        drawn: list[Change] = []
        if any(add.spec.key == CONSENSUS for add in missing):
            drawn.append(self._points_chart())
            state.set(CHART_MARK, True)
        changes: list[Change] = [
            *missing,
            *drawn,
            *(state.changes() if snap.get(STATE) else []),
        ]
        self._apply(changes)
        return ProvisionResult(
            self.backend.location(), False, tuple(add.spec.title for add in missing)
        )

    def validate(self, *, force: bool = False) -> SyncResult:
        """Check every table and write each table's check column and status area."""
        snap = self._read()
        checks = self.check_tables(snap)
        scores = self.scores(snap)
        changes = self._plan_with_stamp(
            snap, lambda when: self._table_regions(snap, checks, when, scores.values), force=force
        )
        return SyncResult(
            tuple(checks), None, self._apply(changes), self.backend.location(), scores.problems
        )

    def _table_regions(
        self,
        snap: WorkbookSnapshot,
        checks: Sequence[TableCheck],
        when: str,
        scores: Mapping[str, int],
    ) -> list[Region]:
        lay = table_layout(self.templates)
        regions: list[Region] = []
        for n, check in enumerate(checks, start=1):
            tab = snap.get(table_key(n))
            if tab is None:
                continue
            regions += table_regions(table_key(n), tab, check, lay, self.templates, scores, when)
        return regions

    def consensus_of(
        self, checks: Sequence[TableCheck], scores: Mapping[str, int] | None = None
    ) -> Consensus:
        """The consensus of the valid tables, with ``scores`` (default: the config's)."""
        rankings = [TableRanking(c.table, c.ranking) for c in checks if c.state == "valid"]
        return build_consensus(
            rankings,
            self.config.scores if scores is None else scores,
            method=self.config.method,
            tie_break=self.config.tie_break,
        )

    def sync(self, *, force: bool = False) -> SyncResult:
        """Validate every table, then write the Consensus tab. Of its Agreed block only cells a
        person cleared are written: the suggestion formula goes back in."""
        snap = self._read()
        consensus_tab_ = snap.get(CONSENSUS)
        if consensus_tab_ is None:
            raise MissingTab("the Consensus tab is missing; run `sheets-sync provision` to add it")
        checks = self.check_tables(snap)
        scores = self.scores(snap)
        consensus = self.consensus_of(checks, scores.values)
        left_out = self.templates.consensus.text("text.left_out")

        def reading(score: int | None) -> str:
            return score_reading(score, self.templates)

        state = ToolState(snap)
        chart: list[Change] = [*restore_suggestions(consensus_tab_)]
        if not state.get(CHART_MARK):  # a workbook provisioned before the chart came with it
            chart.append(self._points_chart())

        def build(when: str) -> list[Region]:
            return [
                *self._table_regions(snap, checks, when, scores.values),
                *consensus_regions(consensus, checks, when, left_out, reading),
                about_scores_region(scores.values, self.templates),
            ]

        changes = self._plan_with_stamp(
            snap,
            build,
            force=force,
            extra=chart,
            marks={CHART_MARK: True} if not state.get(CHART_MARK) else None,
        )
        agreed = read_agreed(consensus_tab_)
        confirmed = agreed.confirmed and not agreed.problems
        return SyncResult(
            tuple(checks),
            consensus,
            self._apply(changes),
            self.backend.location(),
            scores.problems,
            tuple(c for c in agreed.codes if c is not None) if confirmed else (),
        )

    def gap(self, *, accept_suggested: bool = False, force: bool = False) -> GapResult:
        """Make one gap tab per agreed priority; mark tabs of dropped priorities superseded."""
        snap = self._read()
        tab = snap.get(CONSENSUS)
        if tab is None:
            raise MissingTab("the Consensus tab is missing; run `sheets-sync provision` to add it")
        agreed = read_agreed(tab)
        if agreed.problems:
            raise AgreedFiveError(
                "the agreed top five is not ready: "
                + "; ".join(agreed.problems)
                + ". Run `sheets-sync sync` first if the suggestion is empty"
            )
        if not agreed.confirmed and not accept_suggested:
            cells = ", ".join(s.cell for s in agreed.slots if s.follows_suggestion)
            raise AgreedFiveError(
                f"the agreed top five is not confirmed: Consensus!{cells} still show the "
                "suggestion. Type or pick the agreed principles there, or run "
                "`sheets-sync gap --accept-suggested`"
            )
        codes = tuple(c for c in agreed.codes if c is not None)
        state = ToolState(snap)
        today = self.clock().date().isoformat()
        adds, banners, info = plan_gaps(
            snap, codes, self.templates, state, self.scores(snap).values, today
        )
        writes = plan_regions(snap, state, banners, force=force)
        changes = [*adds, *writes, *state.changes()]
        return GapResult(
            codes, tuple(info), self._apply(changes), self.backend.location(), agreed.corrections
        )

    def status(self) -> StatusResult:
        """A read-only summary: tables, suggestion, agreed five and gap tabs."""
        snap = self._read()
        titles = {
            ABOUT: str(self.templates.about.get("tab.title")),
            CONSENSUS: str(self.templates.consensus.get("tab.title")),
            **{table_key(n): t.name for n, t in enumerate(self.config.tables, start=1)},
        }
        missing = tuple(title for k, title in titles.items() if snap.get(k) is None)
        checks = tuple(self.check_tables(snap))
        consensus_tab_ = snap.get(CONSENSUS)
        agreed = read_agreed(consensus_tab_) if consensus_tab_ is not None else None
        gaps = [
            GapTabInfo(
                g.code, g.tab.title, g.priority, g.status, rows_filled(g.tab, self.templates)
            )
            for g in gap_records(snap)
        ]
        scores = self.scores(snap).values
        suggested = self.consensus_of(checks, scores).suggested if checks else ()
        return StatusResult(
            self.backend.location(), checks, suggested, agreed, tuple(gaps), missing
        )


def _next_present(tabs: Sequence[AddTab], add: AddTab, snap: WorkbookSnapshot) -> str | None:
    """The key of the first tab after ``add`` in the workbook's order that is still there, so
    a re-created tab goes back where it was (Table 4 between Table 3 and Table 5)."""
    later = tabs[[t.spec.key for t in tabs].index(add.spec.key) + 1 :]
    return next((t.spec.key for t in later if snap.get(t.spec.key) is not None), None)


def require_workbook(backend: WorkbookBackend) -> None:
    if not backend.exists():
        raise WorkbookNotFound(
            f"no workbook at {backend.location()}; run `sheets-sync provision` first"
        )
