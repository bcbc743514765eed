"""Tab keys, built and parsed in this one place, and the fills every tab shares.

The tab modules beside this one (about, table, consensus, gap, assessment, state) say where
everything sits on their tab and build it; positions are 0-based and relative to a named
anchor, so a row a person inserts above a region moves the region with it.

Tab keys: ``about``, ``assessment``, ``consensus``, ``state``, ``table:<n>`` (n = the table's
position in the config, from 1), ``gap:<CODE>``.
"""

from __future__ import annotations

ABOUT, ASSESSMENT, CONSENSUS, STATE = "about", "assessment", "consensus", "state"
STATE_TITLE = "_sheets_sync_state"
HEADER_FILL = "#DDEBF7"
TOOL_FILL = "#EDEDED"


_TABLE, _GAP = "table:", "gap:"


def table_key(n: int) -> str:
    """The key of the ``n``-th table's tab (``n`` from 1, in config order)."""
    return f"{_TABLE}{n}"


def gap_key(code: str) -> str:
    """The key of the gap tab for the principle ``code``."""
    return f"{_GAP}{code}"


def table_number(key: str | None) -> int | None:
    """``n`` for a table tab's key ``table:<n>``; ``None`` for any other key."""
    if key is None or not key.startswith(_TABLE) or not key[len(_TABLE) :].isdigit():
        return None
    return int(key[len(_TABLE) :])


def gap_code(key: str | None) -> str | None:
    """The principle code of a gap tab's key ``gap:<CODE>``; ``None`` for any other key."""
    if key is None or not key.startswith(_GAP) or len(key) == len(_GAP):
        return None
    return key[len(_GAP) :]
