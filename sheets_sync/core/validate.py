"""Check one table's ranking: every principle readable, every rank a whole number, no repeats,
no gaps, enough priorities.

Pure: no I/O. The caller reads a table's tab into :class:`EntryRow` objects and writes back
:attr:`TableCheck.row_notes` (one short note per row for its "Check" cell) and the
:meth:`TableCheck.summary`; each :class:`Finding` names the table, the cell and a fix.

What counts as an entry: a row whose principle cell holds something (see
:func:`~sheets_sync.core.resolve.resolve_principle`; blank, whitespace or lone punctuation is
nothing). Rank cells come pre-filled 1..17, so a rank beside a blank principle is ignored. A
reason typed beside a blank principle is not an entry and not an error, but its row gets a
note so the table notices.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final, Literal

from sheets_sync.core.principles import PRINCIPLES, Principle
from sheets_sync.core.resolve import Resolution, resolve_principle
from sheets_sync.model import CellValue, Formula, is_blank

MAX_RANK: Final = len(PRINCIPLES)
REASON_ONLY_NOTE: Final = "⚠ a reason but no principle — pick one from the dropdown"

_RANK = re.compile(r"^#?\s*(\d+)(?:\.0*)?\s*(?:st|nd|rd|th)?\.?$")
_PRINCIPLE_MESSAGE: Final[dict[str, str]] = {
    "unknown_code": "{typed} is not a principle: {message}",
    "no_match": "{typed} is not a principle: {message}",
    "ambiguous": "{typed} is ambiguous: {message}",
    "formula": "{typed} is a formula, and a formula is not read",
}
_RANK_TIP: Final = f"type a whole number from 1 to {MAX_RANK}"


@dataclass(frozen=True)
class EntryRow:
    """One row of a table's tab as typed. ``row`` is 0-based; cells are A1 for messages."""

    row: int
    rank: CellValue
    principle: CellValue
    why: CellValue
    rank_cell: str
    principle_cell: str


@dataclass(frozen=True)
class Finding:
    """One thing wrong (or, for ``problem == "corrected"``, read with a correction).

    ``problem`` is a stable id: ``unknown_code``, ``ambiguous``, ``no_match``, ``formula``,
    ``corrected``, ``duplicate_principle``, ``duplicate_rank``, ``rank_gap``, ``too_few``,
    ``bad_rank`` or ``missing_rank``. ``cell`` is ``''`` for whole-table findings.
    """

    table: str
    cell: str
    problem: str
    message: str
    suggestion: str
    is_error: bool

    def line(self) -> str:
        """One line for people: ``Table 3, B6: <message> — <suggestion>``."""
        where = f"{self.table}, {self.cell}" if self.cell else self.table
        tail = f" — {self.suggestion}" if self.suggestion else ""
        return f"{where}: {self.message}{tail}"


@dataclass(frozen=True)
class TableCheck:
    """The verdict on one table.

    ``state`` is ``"empty"`` when nothing is typed, ``"valid"`` when there are no errors
    (corrections are fine), ``"missing"`` when the table's tab is gone (see
    :func:`missing_table`) and ``"invalid"`` otherwise. ``ranking`` holds the principle codes
    in rank order only when valid. ``row_notes`` maps a sheet row to its note.
    """

    table: str
    state: Literal["valid", "invalid", "empty", "missing"]
    ranking: tuple[str, ...]
    findings: tuple[Finding, ...]
    row_notes: Mapping[int, str] = field(default_factory=dict)

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.is_error)

    @property
    def corrections(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.problem == "corrected")

    def summary(self) -> str:
        """``valid: 5 priorities (1 correction)``, ``invalid: 2 problems`` or ``empty: …``."""
        if self.state == "empty":
            return "empty: nothing typed yet"
        if self.state == "missing":
            return f"missing: {MISSING_TAB}"
        if self.state == "invalid":
            return f"invalid: {_count(len(self.errors), 'problem')}"
        fixed = len(self.corrections)
        tail = f" ({_count(fixed, 'correction')})" if fixed else ""
        return f"valid: {_count(len(self.ranking), 'priority', 'priorities')}{tail}"


MISSING_TAB: Final = "its tab is missing; `sheets-sync provision` puts it back"


def missing_table(table: str) -> TableCheck:
    """The verdict on a table whose tab was deleted: left out, never a reason to stop."""
    finding = Finding(table, "", "missing_tab", MISSING_TAB, "", True)
    return TableCheck(table, "missing", (), (finding,))


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def parse_rank(value: CellValue) -> int | str:
    """A rank as an ``int`` from 1 to 17, or a message saying why ``value`` is not one.

    Accepted: an int, an integral float (``3.0``) and text such as ``" 3 "``, ``"3."``,
    ``"#3"`` or ``"3rd"``. Refused: fractions, out-of-range numbers, booleans, formulas,
    dates and other text.
    """
    if isinstance(value, Formula):
        return "a formula is not read as a rank"
    if isinstance(value, bool):
        return "a tick box is not a rank"
    number: int | None = None
    if isinstance(value, int):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    elif isinstance(value, str) and (m := _RANK.match(value.strip().casefold())):
        number = int(m[1])
    shown = " ".join(str(value).split())
    if number is None:
        return f"rank '{shown}' is not a whole number"
    if not 1 <= number <= MAX_RANK:
        return f"rank {number} is out of range: ranks run from 1 to {MAX_RANK}"
    return number


@dataclass
class _Entry:
    """A row with a principle typed, as read, with the notes its errors left."""

    row: EntryRow
    read: Resolution
    rank: int | None
    notes: list[str] = field(default_factory=list)
    failed: bool = False


class _Checker:
    """Collects one table's findings in row order and remembers what earlier rows used."""

    def __init__(self, table: str) -> None:
        self.table = table
        self.findings: list[Finding] = []
        self.first_of: dict[Principle, _Entry] = {}
        self.first_rank: dict[int, _Entry] = {}

    def add(
        self,
        entry: _Entry | None,
        cell: str,
        problem: str,
        message: str,
        suggestion: str,
        note: str = "",
        *,
        fails_row: bool = True,
    ) -> None:
        """Record a finding. An error also notes its row and, if ``fails_row``, stops that
        row counting as a valid priority."""
        is_error = problem != "corrected"
        self.findings.append(Finding(self.table, cell, problem, message, suggestion, is_error))
        if entry is not None and is_error:
            entry.failed = entry.failed or fails_row
            entry.notes.append(note or message)

    def read(self, row: EntryRow) -> _Entry | None:
        """Check one row's own cells; ``None`` when the row is not an entry."""
        read = resolve_principle(row.principle)
        if read.problem == "empty":
            return None
        rank = None if is_blank(row.rank) else parse_rank(row.rank)
        entry = _Entry(row, read, rank if isinstance(rank, int) else None)
        if read.problem is not None:
            typed = "'" + " ".join(read.typed.split()) + "'"
            message = _PRINCIPLE_MESSAGE[read.problem].format(typed=typed, message=read.message)
            note = f"{read.message} — {read.suggestion}"
            self.add(entry, row.principle_cell, read.problem, message, read.suggestion, note)
        elif read.how == "corrected":
            tip = "if that is not what you meant, pick from the dropdown"
            self.add(entry, row.principle_cell, "corrected", read.message, tip)
        if rank is None:
            label = read.principle.code if read.principle else "this entry"
            message = f"{label} has no rank"
            self.add(entry, row.rank_cell, "missing_rank", message, _RANK_TIP, "no rank")
        elif isinstance(rank, str):
            self.add(entry, row.rank_cell, "bad_rank", rank, _RANK_TIP)
        return entry

    def repeats(self, e: _Entry) -> None:
        """Refuse a principle or a rank that an earlier row already used."""
        p = e.read.principle
        if p is not None and (earlier := self.first_of.get(p)) is not None:
            already = f"{p.code} is already " + (
                f"ranked {earlier.rank}" if earlier.rank is not None else "chosen"
            )
            self.add(
                e,
                e.row.principle_cell,
                "duplicate_principle",
                f"{already} ({earlier.row.principle_cell})",
                "choose a different principle or clear this row",
                already,
            )
        elif p is not None:
            self.first_of[p] = e
        if e.rank is not None and (first := self.first_rank.get(e.rank)) is not None:
            message = f"rank {e.rank} is already used ({first.row.rank_cell})"
            tip = "give each priority its own rank"
            self.add(e, e.row.rank_cell, "duplicate_rank", message, tip)
        elif e.rank is not None:
            self.first_rank[e.rank] = e


def _gaps(checker: _Checker, entries: Sequence[_Entry]) -> None:
    by_rank: dict[int, _Entry] = {}
    for e in entries:
        if e.rank is not None:
            by_rank.setdefault(e.rank, e)
    expected = 1
    for rank in sorted(by_rank):
        if rank > expected:
            missing = list(range(expected, rank))
            joined = " and " if len(missing) == 2 else " to "
            what = (
                f"rank {missing[0]} is missing"
                if len(missing) == 1
                else f"ranks {missing[0]}{joined}{missing[-1]} are missing"
            )
            after = by_rank[rank]
            listed = ", ".join(str(r) for r in sorted(by_rank))
            checker.add(
                after,
                after.row.rank_cell,
                "rank_gap",
                f"{what}: the ranks are {listed}",
                "number the priorities 1, 2, 3… without gaps",
                f"{what} before this one",
                fails_row=False,
            )
        expected = rank + 1


def validate_table(table: str, rows: Sequence[EntryRow], minimum: int = 5) -> TableCheck:
    """Validate one table's ranking; see the module docstring for what counts as an entry.

    Findings come row by row (principle, rank, then repeats of earlier rows), then rank gaps,
    then ``too_few`` when fewer than ``minimum`` rows are fully valid. The ranking is the
    codes in rank order, only when valid. ``row_notes`` has a note for every entry row
    (``✓ CODE``, or ``✗`` and what is wrong) and for reason-only rows.
    """
    checker = _Checker(table)
    ordered = sorted(rows, key=lambda r: r.row)
    entries: list[_Entry] = []
    notes: dict[int, str] = {}
    for row in ordered:
        entry = checker.read(row)
        if entry is not None:
            checker.repeats(entry)
            entries.append(entry)
        elif not is_blank(row.why):
            notes[row.row] = REASON_ONLY_NOTE
    if not entries:
        return TableCheck(table, "empty", (), tuple(checker.findings), notes)
    _gaps(checker, entries)
    good = [e for e in entries if not e.failed and e.read.principle is not None]
    if len(good) < minimum:
        fixes = ["fix the rows marked ✗"] if len(good) < len(entries) else []
        if len(entries) < minimum:
            more = minimum - len(entries)
            fixes.append(f"add {_count(more, 'more priority', 'more priorities')}")
        valid = _count(len(good), "valid priority", "valid priorities")
        message = f"only {valid}; at least {minimum} are needed"
        checker.add(None, "", "too_few", message, " and ".join(fixes))
    for e in entries:
        notes[e.row.row] = _note(e)
    findings = tuple(checker.findings)
    if any(f.is_error for f in findings):
        return TableCheck(table, "invalid", (), findings, notes)
    ranking = tuple(
        e.read.principle.code
        for e in sorted(good, key=lambda e: e.rank or 0)
        if e.read.principle is not None
    )
    return TableCheck(table, "valid", ranking, findings, notes)


def _note(e: _Entry) -> str:
    if e.notes or e.read.principle is None:
        return "✗ " + "; ".join(e.notes)
    code = e.read.principle.code
    return f"✓ {code} ({e.read.message})" if e.read.how == "corrected" else f"✓ {code}"
