"""Keyed rows read from a tab and matched against the base by their hidden row id.

:class:`KeyedRows` says which tabs have such rows and where (the caller says: the workshop's
gap tabs are :data:`sheets_sync.offline.look.GAP_ROWS`);
:func:`read_rows` reads them, :func:`base_keys` and :func:`match_rows` pair one copy's rows with
the base's (the order of the rules is in :mod:`sheets_sync.merge.rows`), and
:func:`new_row_id` makes a fresh id. Pure.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

from sheets_sync.merge.values import Row, blank, row_key
from sheets_sync.model import CellValue, Tab


@dataclass(frozen=True)
class KeyedRows:
    """How the rows of the tabs whose key starts with ``key_prefix`` are matched by a key.

    The header row is the anchor ``anchor`` (``default_anchor_row`` when untagged); data rows
    are every row below it. A row is its values in ``data_cols``; its id is in ``id_col``.
    Other columns of those rows are merged by position like the rest of the tab.
    """

    key_prefix: str
    anchor: str
    default_anchor_row: int
    id_col: int
    data_cols: tuple[int, ...]

    def applies_to(self, tab_key: str) -> bool:
        return tab_key.startswith(self.key_prefix)

    @cached_property
    def row_cols(self) -> frozenset[int]:
        """The columns a keyed row owns: its data columns and its id column."""
        return frozenset((*self.data_cols, self.id_col))


@dataclass(frozen=True)
class SideRow:
    """A data row as one copy holds it: its sheet row, its id (if any) and its values."""

    at: int
    row_id: str | None
    values: Row


def read_rows(tab: Tab | None, spec: KeyedRows, header: int) -> list[SideRow]:
    """The rows below ``header`` holding an id or any value in a data column, top to bottom."""
    if tab is None:
        return []
    found: dict[int, dict[int, CellValue]] = {}
    cols = spec.row_cols
    for (r, c), v in tab.cells.items():
        if r > header and c in cols and not blank(v):
            found.setdefault(r, {})[c] = v
    rows = []
    for r in sorted(found):
        cells = found[r]
        raw = cells.get(spec.id_col)
        rid = str(raw).strip() if raw is not None else ""
        rows.append(SideRow(r, rid or None, tuple(cells.get(c) for c in spec.data_cols)))
    return rows


#: Prefix of keys for rows that have no id yet; no real id starts so.
SYNTHETIC = "\x00"


def base_keys(rows: Iterable[SideRow]) -> dict[str, SideRow]:
    """Key every base row: by its id, or (id-less or duplicate id) by its sheet row."""
    keyed: dict[str, SideRow] = {}
    for row in rows:
        if row.row_id is not None and row.row_id not in keyed:
            keyed[row.row_id] = row
        else:
            keyed[f"{SYNTHETIC}base:{row.at}"] = row
    return keyed


def match_rows(
    base: dict[str, SideRow], base_header: int, side: Sequence[SideRow], side_header: int
) -> tuple[dict[str, SideRow], list[SideRow]]:
    """Match one copy's rows to the base keys (see the module docstring for the order).

    Returns the matched rows by base key, and the remaining rows (new on this side) in order.
    """
    matched: dict[str, SideRow] = {}
    rest: list[SideRow] = []
    for row in side:
        if row.row_id is not None and row.row_id in base and row.row_id not in matched:
            matched[row.row_id] = row
        else:
            rest.append(row)
    by_values: dict[tuple[object, ...], list[str]] = {}
    for k, b in base.items():
        if k not in matched:
            by_values.setdefault(row_key(b.values), []).append(k)
    unmatched: list[SideRow] = []
    for row in rest:
        if row.row_id is not None and row.row_id not in base:
            unmatched.append(row)  # an id of its own: a row added on this side
            continue
        keys = by_values.get(row_key(row.values))
        if keys:
            matched[keys.pop(0)] = row
        else:
            unmatched.append(row)
    free = [k for k in base if k not in matched]
    new: list[SideRow] = []
    for row in unmatched:
        offset = row.at - side_header
        key = None
        if row.row_id is None or row.row_id in base:
            key = next(
                (k for k in free if k.startswith(SYNTHETIC) and base[k].at - base_header == offset),
                None,
            )
        if key is None:
            new.append(row)
        else:
            free.remove(key)
            matched[key] = row
    return matched, new


def new_row_id(tab_key: str, values: Row, taken: set[str]) -> str:
    """A fresh id ``r-`` + six hex digits, derived from the row so merges are reproducible,
    and different from every id in ``taken`` (to which it is added)."""
    n = 0
    while True:
        seed = "\x1f".join([tab_key, str(n), *(repr(v) for v in values)])
        rid = "r-" + hashlib.sha256(seed.encode("utf-8", "surrogatepass")).hexdigest()[:6]
        if rid not in taken:
            taken.add(rid)
            return rid
        n += 1
