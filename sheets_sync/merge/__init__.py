"""The three-way merge of two copies of a workbook against their common base, cell by cell;
keyed rows (the gap tabs') matched by a hidden id. Pure, and generic: the caller says which
tabs have keyed rows and which cells the tool owns.

workbook (the entry point) · tab (one tab) · rows, row_match, row_place (keyed rows) ·
values · anchors · diff · result.
"""

from sheets_sync.merge.diff import CellChange, diff
from sheets_sync.merge.result import Conflict, MergeResult
from sheets_sync.merge.row_match import KeyedRows
from sheets_sync.merge.workbook import merge

__all__ = ["CellChange", "Conflict", "KeyedRows", "MergeResult", "diff", "merge"]
