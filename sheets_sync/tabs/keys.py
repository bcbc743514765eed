"""Where everything sits on each tab, and the tabs the tool creates.

Pure: builds :class:`~sheets_sync.backend.AddTab` changes from the templates and the config,
and says where each region is, so readers and writers never hard-code a cell. Positions are
0-based and relative to a named anchor, so a row a person inserts above a region moves the
region with it (backends keep anchors attached to rows).

Tab keys: ``about``, ``assessment``, ``consensus``, ``state``, ``table:<n>`` (n = the table's
position in the config, from 1), ``gap:<CODE>``.
"""

from __future__ import annotations

ABOUT, ASSESSMENT, CONSENSUS, STATE = "about", "assessment", "consensus", "state"
STATE_TITLE = "_sheets_sync_state"
HEADER_FILL = "#DDEBF7"
TOOL_FILL = "#EDEDED"


def table_key(n: int) -> str:
    return f"table:{n}"


def gap_key(code: str) -> str:
    return f"gap:{code}"
