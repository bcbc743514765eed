"""The shared vocabulary's own geometry: cutting rectangles."""

from __future__ import annotations

from sheets_sync.model import CellRange, Protection


def test_minus_with_open_ranges() -> None:
    whole = CellRange(0, 0)
    pieces = whole.minus(CellRange(2, 1, 3, 1))
    assert CellRange(0, 0, 1, None) in pieces
    assert CellRange(4, 0, None, None) in pieces
    assert CellRange(0, 0, 1, 1).minus(CellRange(5, 5, 6, 6)) == [CellRange(0, 0, 1, 1)]
    assert CellRange(0, 0, 1, 1).minus(CellRange(0, 0, 1, 1)) == []


def test_a_protection_covers_its_range_minus_its_exceptions() -> None:
    whole_tab = Protection(None, "tool", exceptions=(CellRange(2, 0, None, 2),))
    assert whole_tab.cells() == [CellRange(0, 0, 1, None), CellRange(2, 3, None, None)]
    block = Protection(CellRange(0, 0, 9, 9), "tool", exceptions=(CellRange(0, 0, 9, 4),))
    assert block.cells() == [CellRange(0, 5, 9, 9)]
