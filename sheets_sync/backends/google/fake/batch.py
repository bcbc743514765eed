"""``spreadsheets.batchUpdate``: apply requests atomically, collect Google's replies.

The requests run one after another against a deep copy of the spreadsheet; the copy is
returned for the caller to commit only if all of them succeeded, so a failing request
leaves the spreadsheet exactly as it was, as with Google.  Each request gets a reply:
``{"addSheet": {"properties": ...}}`` for the kinds that answer, ``{}`` for the others.

Request kinds that are valid in the discovery document but not modelled here raise
:class:`NotModelled` (HTTP 501) so that nothing passes silently.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from sheets_sync.backends.google.fake import batch_cells, batch_objects, batch_sheets  # noqa: F401  (register handlers)
from sheets_sync.backends.google.fake.batch_context import HANDLERS, BatchContext
from sheets_sync.backends.google.fake.discovery import DiscoveryDoc
from sheets_sync.backends.google.fake.errors import ApiError, bad_request
from sheets_sync.backends.google.fake.grid import Spreadsheet


class NotModelled(ApiError):
    """A request kind Google supports but the fake does not (answered 501)."""

    def __init__(self, kind: str, index: int) -> None:
        super().__init__(
            501,
            f"Invalid requests[{index}].{kind}: the fake_google Sheets model does not "
            f"implement '{kind}' (add a handler in sheets_sync/backends/google/fake/batch_*.py).",
        )
        self.kind = kind


def modelled_kinds() -> list[str]:
    """The ``batchUpdate`` request kinds the fake implements."""
    return sorted(HANDLERS)


def apply_batch(
    spreadsheet: Spreadsheet,
    requests: list[dict[str, Any]],
    *,
    doc: DiscoveryDoc,
    new_id: Callable[[], int],
    caller: str | None,
    owners: set[str],
) -> tuple[Spreadsheet, list[dict[str, Any]]]:
    """Run ``requests`` on a copy of ``spreadsheet``; return ``(new_state, replies)``.

    Raises :class:`~.errors.ApiError` (nothing applied) on the first failing request.
    """
    work = copy.deepcopy(spreadsheet)
    ctx = BatchContext(work, doc, new_id, caller=caller, owners=owners)
    replies: list[dict[str, Any]] = []
    for index, request in enumerate(requests):
        kinds = [kind for kind, value in request.items() if value is not None]
        if len(kinds) != 1:
            raise bad_request(
                f"Invalid requests[{index}]: "
                + ("No request set." if not kinds else "More than one request set.")
            )
        kind = kinds[0]
        ctx.index, ctx.kind = index, kind
        handler = HANDLERS.get(kind)
        if handler is None:
            raise NotModelled(kind, index)
        reply = handler(ctx, request[kind] or {})
        replies.append({kind: reply} if reply is not None else {})
    return work, replies
