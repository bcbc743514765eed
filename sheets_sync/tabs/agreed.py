"""Reading the facilitator's Agreed top five from the Consensus tab (pure).

Each Agreed cell starts as a formula showing the current suggestion. It counts as *confirmed*
once a person types or picks a principle there (the formula is replaced); a cell a person
cleared is neither, and the next sync puts the formula back (:func:`restore_suggestions`).
Gap tabs are made only from a confirmed five unless the facilitator explicitly accepts the
suggestion.
"""

from __future__ import annotations

from dataclasses import dataclass

from sheets_sync.core.resolve import Resolution, resolve_principle
from sheets_sync.model import CellValue, Formula, Tab, WriteRange, a1, is_blank
from sheets_sync.tabs.consensus import CONSENSUS_LAYOUT, ConsensusLayout, agreed_formula
from sheets_sync.tabs.keys import CONSENSUS


@dataclass(frozen=True)
class AgreedSlot:
    """One of the five Agreed cells: what it holds and what it means."""

    rank: int
    cell: str
    typed: CellValue
    follows_suggestion: bool
    resolution: Resolution
    row: int = 0
    formula: Formula | None = None

    @property
    def cleared(self) -> bool:
        """A person emptied the cell: it holds neither the suggestion nor a principle."""
        return is_blank(self.typed)

    @property
    def code(self) -> str | None:
        p = self.resolution.principle
        return p.code if p is not None else None


@dataclass(frozen=True)
class AgreedFive:
    """The Agreed block as read, with every problem in plain words."""

    slots: tuple[AgreedSlot, ...]

    @property
    def codes(self) -> tuple[str | None, ...]:
        return tuple(s.code for s in self.slots)

    @property
    def confirmed(self) -> bool:
        """Whether a person typed every one of the five: none follows the suggestion and
        none is empty."""
        return all(not s.follows_suggestion and not s.cleared for s in self.slots)

    @property
    def state(self) -> str:
        """The block in a few words for ``status``: confirmed, the suggestion, or unfinished."""
        if self.confirmed:
            return "confirmed"
        if all(s.cleared for s in self.slots):
            return "empty; the next sync shows the suggestion again"
        if all(s.follows_suggestion or s.cleared for s in self.slots):
            return "still showing the suggestion"
        return "not confirmed"

    @property
    def problems(self) -> tuple[str, ...]:
        out: list[str] = []
        seen: dict[str, str] = {}
        for s in self.slots:
            res = s.resolution
            if res.principle is None and s.follows_suggestion and res.problem == "empty":
                out.append(
                    f"Consensus!{s.cell}: there is no suggestion for rank {s.rank} yet (a tie "
                    "the room decides, or too few valid tables); type the agreed principle there"
                )
            elif res.principle is None:
                what = "is empty" if res.problem == "empty" else res.message
                fix = res.suggestion or "pick a principle from the dropdown"
                out.append(f"Consensus!{s.cell}: {what}; {fix}")
            elif res.principle.code in seen:
                out.append(
                    f"Consensus!{s.cell}: {res.principle.code} is already agreed in "
                    f"{seen[res.principle.code]}; pick a different principle"
                )
            else:
                seen[res.principle.code] = f"Consensus!{s.cell}"
        return tuple(out)

    @property
    def corrections(self) -> tuple[str, ...]:
        return tuple(
            f"Consensus!{s.cell}: {s.resolution.message}"
            for s in self.slots
            if s.resolution.how == "corrected"
        )


def read_agreed(tab: Tab, lay: ConsensusLayout = CONSENSUS_LAYOUT) -> AgreedFive:
    """Read the five Agreed cells, following each untouched formula to the suggestion."""
    top = tab.anchor("agreed", lay.agreed)
    suggested_top = tab.anchor("suggested", lay.suggested)
    slots = []
    for i in range(lay.size):
        r = top + 1 + i
        typed = tab.value(r, 1)
        ours = agreed_formula(lay.agreed, lay.suggested, i)
        follows = isinstance(typed, Formula) and (
            typed == ours or typed == agreed_formula(top, suggested_top, i)
        )
        effective = tab.value(suggested_top + 1 + i, 1) if follows else typed
        res = resolve_principle(None if is_blank(effective) else effective)
        formula = agreed_formula(top, suggested_top, i)
        slots.append(AgreedSlot(i + 1, a1(r, 1), typed, follows, res, r, formula))
    return AgreedFive(tuple(slots))


def restore_suggestions(tab: Tab, lay: ConsensusLayout = CONSENSUS_LAYOUT) -> list[WriteRange]:
    """Writes that put the suggestion formula back in every Agreed cell a person cleared.

    Only empty cells are written, so nothing a person typed is touched.
    """
    return [
        WriteRange(CONSENSUS, s.row, 1, ((s.formula,),))
        for s in read_agreed(tab, lay).slots
        if s.cleared and s.formula is not None
    ]
