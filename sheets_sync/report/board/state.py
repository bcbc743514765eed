"""The live board's document: what the projector shows, built from the sync loop's results (pure).

The board keeps a :class:`BoardState`: the last *successful* sync's result, what the latest
cycles did (:class:`Freshness`) and whether scores are revealed. :func:`board_document` turns it
into the small JSON-ready mapping the page polls. Contract:

* **Honest freshness.** ``status.state`` is ``"starting"`` before the first cycle, ``"live"``
  after a successful one, ``"failed"`` after a failed one (the results shown are the last
  good ones, and ``status.text`` says from when), ``"stale"`` once no sync has succeeded for
  :data:`STALE_AFTER` cycles or for :data:`STALE_AFTER` periods by the clock (a hung sync is
  not a live one). Old results are never labelled current.
* **Hidden means absent.** While scores are hidden the document carries no bars, no
  suggestion, no table's top five and no agreement, only how many tables are in, so nothing
  on any screen (or in the JSON) can give the ranking away.
* **Stable between changes.** The document holds no "now": two requests between cycles get
  identical documents (so the server's ETag answers most polls with 304).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, Final, Literal

from sheets_sync.core.aggregate import Consensus, PrincipleTally
from sheets_sync.core.principles import BY_CODE
from sheets_sync.core.validate import TableCheck
from sheets_sync.tabs.consensus import agreement_line, method_name
from sheets_sync.workshop.facade import SyncResult
from sheets_sync.workshop.watch import CycleSummary

STALE_AFTER: Final = 3
"""Cycles (or periods by the clock) without a successful sync after which the board is stale."""

State = Literal["starting", "live", "failed", "stale"]

_UNITS: Final = {
    "borda": ("point", "points"),
    "tables": ("table", "tables"),
    "schulze": ("win", "wins"),
    "copeland": ("win", "wins"),
}


@dataclass(frozen=True)
class Freshness:
    """What the latest cycles did. ``ok_*`` describe the last successful sync (``ok_mono`` on
    the loop's monotonic clock); ``failures`` counts failed cycles since it."""

    cycles: int = 0
    ok_cycle: int = 0
    ok_at: datetime | None = None
    ok_mono: float | None = None
    failures: int = 0
    failed_at: datetime | None = None
    error: str | None = None

    def after(self, summary: CycleSummary, mono: float) -> Freshness:
        """The freshness once ``summary``'s cycle ended, ``mono`` seconds on the loop's clock."""
        if summary.error is not None:
            return replace(
                self,
                cycles=summary.cycle,
                failures=self.failures + 1,
                failed_at=summary.at,
                error=summary.error,
            )
        return Freshness(summary.cycle, summary.cycle, summary.at, mono)

    def state(self, mono: float, every: float) -> State:
        """The board's state at ``mono`` seconds for a loop syncing every ``every`` seconds."""
        if self.cycles == 0:
            return "starting"
        overdue = self.ok_mono is not None and mono - self.ok_mono > STALE_AFTER * every
        if self.failures >= STALE_AFTER or overdue:
            return "stale"
        return "failed" if self.failures else "live"


@dataclass(frozen=True)
class BoardState:
    """Everything the board shows: the workshop's title, the period, the last good result."""

    title: str
    every: float
    revealed: bool = True
    result: SyncResult | None = None
    freshness: Freshness = Freshness()

    def after(self, summary: CycleSummary, result: SyncResult | None, mono: float) -> BoardState:
        """The board once a cycle ended; a failed cycle (``result`` ``None``) keeps the last
        good result, to be shown as not current."""
        kept = result if result is not None else self.result
        return replace(self, result=kept, freshness=self.freshness.after(summary, mono))


def _plural(n: float, one: str, many: str) -> str:
    shown = f"{n:g}"
    return f"{shown} {one if shown == '1' else many}"


def _time(at: datetime | None) -> str | None:
    return None if at is None else f"{at:%H:%M:%S}"


def status(board: BoardState, mono: float) -> dict[str, Any]:
    """The status line's facts and its one sentence (for the page's ``aria-live`` region)."""
    f = board.freshness
    state = board.freshness.state(mono, board.every)
    ok, failed = _time(f.ok_at), _time(f.failed_at)
    since = f"the results shown are from {ok}" if ok else "there are no results yet"
    text = {
        "starting": "Waiting for the first sync of the workbook…",
        "live": f"Up to date: synced at {ok} (sync {f.ok_cycle}); next in {board.every:g} s.",
        "failed": f"The last sync failed at {failed}: {f.error}. Not current: {since}; "
        "trying again next cycle.",
        "stale": f"Stale: no successful sync {f'since {ok}' if ok else 'yet'}; {since}, "
        "not current." + (f" Last error: {f.error}" if f.failures else ""),
    }[state]
    return {
        "state": state,
        "text": text,
        "current": state == "live",
        "updated": ok,
        "cycle": f.cycles,
        "error": f.error if f.failures else None,
    }


def tables_line(checks: Sequence[TableCheck]) -> str:
    """``5 of 6 tables valid; Table 5 still has 2 problems`` (every table not in named)."""
    valid = sum(1 for c in checks if c.state == "valid")
    head = f"{valid} of {_plural(len(checks), 'table', 'tables')} valid"
    rest = []
    for c in checks:
        if c.state == "invalid":
            rest.append(f"{c.table} still has {_plural(len(c.errors), 'problem', 'problems')}")
        elif c.state == "empty":
            rest.append(f"{c.table} has typed nothing yet")
        elif c.state == "missing":
            rest.append(f"{c.table}'s tab is missing")
    return head + (f"; {', '.join(rest)}" if rest else "")


def _value(method: str, t: PrincipleTally) -> float:
    return {
        "borda": t.points,
        "tables": t.tables,
        "schulze": t.schulze_wins,
        "copeland": t.copeland,
    }[method]


def bars(consensus: Consensus) -> list[dict[str, Any]]:
    """The 17 bars in the chosen method's order: value, its words, width, position ("=2").

    ``top`` marks the suggested principles; ``tie_in`` those left out of the suggestion only
    because they are still tied for one of its places (the room decides between them).
    """
    one, many = _UNITS[consensus.method]
    values = [_value(consensus.method, t) for t in consensus.tallies]
    most = max(values, default=0) or 1
    return [
        {
            "code": t.code,
            "text": BY_CODE[t.code].text,
            "value": v,
            "label": _plural(v, one, many),
            "width": round(100 * v / most, 1),
            "position": f"={t.position}" if t.tied_with else str(t.position),
            "tied_with": list(t.tied_with),
            "top": t.code in consensus.suggested,
            "tie_in": t.code not in consensus.suggested
            and t.chosen
            and bool(t.tied_with)
            and t.position <= consensus.size,
        }
        for t, v in zip(consensus.tallies, values, strict=True)
    ]


def _principles(codes: Sequence[str]) -> list[dict[str, str]]:
    return [{"code": c, "text": BY_CODE[c].text} for c in codes]


def board_document(board: BoardState, mono: float) -> Mapping[str, Any]:
    """The JSON-ready document the page polls (see the module docstring)."""
    r = board.result
    doc: dict[str, Any] = {
        "title": board.title,
        "every": board.every,
        "revealed": board.revealed,
        "status": status(board, mono),
        "tables": None,
        "consensus": None,
        "agreed": _principles(r.agreed) if r is not None else [],
    }
    if r is None:
        return doc
    doc["tables"] = {
        "valid": sum(1 for c in r.checks if c.state == "valid"),
        "total": len(r.checks),
        "line": tables_line(r.checks),
        "each": [
            {"name": c.table, "state": c.state, "summary": c.summary()}
            | ({"top": _principles(c.ranking[:5])} if board.revealed else {})
            for c in r.checks
        ],
    }
    c = r.consensus
    if board.revealed and c is not None:
        doc["consensus"] = {
            "method": method_name(c.method),
            "bars": bars(c),
            "suggested": list(c.suggested),
            "notes": list(c.tie_notes),
            "agreement": agreement_line(c),
        }
    return doc
