"""Spare tabs: blank, formatted copies of a tab form, uploaded very hidden, claimed later.

Graph v1.0 has no sheet copy, so a tab added through it is built step by step: the sheet, its
tags, values, widths, styles, locks and protection, about 17 sub-requests for a gap tab, and
it still lacks what Graph cannot set (frozen header, tab colour, merged cells, dropdowns).
The upload can carry what a later command will add: :func:`~.build.workbook_bytes` lays each
form of ``spares`` (a :class:`TabSpec` whose key and title do not matter) on a very hidden,
unprotected, untagged sheet titled ``_ss_spare_<form>_<n>``, where ``<form>`` is a
fingerprint of everything in the spec but key and title. When a change adds a tab of that
form, :func:`claim_subs` takes a spare instead: one worksheet ``PATCH`` (name, visibility,
position), the tags (``names/add``), the values (one range) and ``protect``, five
sub-requests. A form that changed since provision (new templates) has no spare and is built
as before, as is every tab beyond the spares.

Spares are no tabs of the workbook: :func:`~.read.readable` leaves them out of every read and
snapshot, so status, report, mirror and rollup never see them, and Excel neither shows nor
prints very hidden sheets.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace

from sheets_sync.model import TabSpec

SPARE_PREFIX = "_ss_spare_"


def form_of(spec: TabSpec) -> str:
    """A fingerprint of ``spec`` without its key and title (eight hex digits)."""
    blank = replace(spec, key="", title="")
    return hashlib.sha1(repr(blank).encode(), usedforsecurity=False).hexdigest()[:8]


def spare_title(spec: TabSpec, n: int) -> str:
    return f"{SPARE_PREFIX}{form_of(spec)}_{n}"


def is_spare(title: str) -> bool:
    return title.startswith(SPARE_PREFIX)


def spare_for(spec: TabSpec, titles: list[str]) -> str | None:
    """The title of the first spare in ``titles`` (tab order) of ``spec``'s form, if any.
    A form with dropdowns has none (they point at a tab by title, resolved at upload)."""
    if spec.dropdowns:
        return None
    prefix = f"{SPARE_PREFIX}{form_of(spec)}_"
    return next((t for t in titles if t.startswith(prefix)), None)
