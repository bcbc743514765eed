"""Spare tabs: blank, formatted copies of a tab form, uploaded very hidden, claimed later.

Graph v1.0 has no sheet copy, so a tab added through it is built step by step: the sheet, its
tags, values, widths, styles, locks and protection, about 17 sub-requests for a gap tab, and
it still lacks what Graph cannot set (frozen header, tab colour, merged cells, dropdowns).
The upload can carry what a later command will add: :func:`~.build.workbook_bytes` lays each
form of ``spares`` (a :class:`TabSpec` whose key and title do not matter) on a very hidden,
unprotected sheet titled ``_ss_spare_<form>_<n>``, where ``<form>`` is a fingerprint of
everything in the spec but key and title, and tags it as a tab is, under its own
*spare key* (:func:`spare_key`): ``_ss_tab_<spare key>`` and one ``_ss_anchor_`` name per
anchor, which follow the sheet through renames and inserted rows like any tag. When a change
adds a tab of that form, :func:`spare_for` finds a spare and the planner claims it: one
worksheet ``PATCH`` (name, visibility, position), the values (one range) and ``protect``,
three sub-requests. Graph v1.0 can neither rename nor re-point a defined name, so the tab's
own key is recorded beside them: one *claims* name per write batch, however many tabs it
claims, a text constant pairing each spare key with the key it now stands for
(:func:`claims_values`, read back by :func:`claimed_keys`; newest record wins). A name may
hold a value rather than a range (``type`` ``String``, ``value`` ``="..."``:
learn.microsoft.com/graph/api/resources/nameditem), and the names are read anyway. A spare of an
older upload carries no tags and is claimed with its tags added (five sub-requests). A form
that changed since provision (new templates) has no spare and is built as before, as is
every tab beyond the spares.

Spares are no tabs of the workbook: :func:`~.read.readable` leaves them out of every read and
snapshot, so status, report, mirror and rollup never see them, and Excel neither shows nor
prints very hidden sheets.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace

from sheets_sync.backends.xlsx.names import decode, encode
from sheets_sync.model import TabSpec

from .http import EXISTS, Sub

SPARE_PREFIX = "_ss_spare_"
#: The claims records' names begin so (:func:`claims_name`).
CLAIMS_PREFIX = "_ss_claims_"
#: The longest text constant Excel accepts in a formula.
TEXT_LIMIT = 255


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


def spare_key(spec: TabSpec, n: int) -> str:
    """The key the ``n``-th spare of ``spec``'s form is tagged with at upload (plain letters
    and digits, so its tag names need no escapes)."""
    return f"spare{form_of(spec)}n{n}"


def claims_values(claims: list[tuple[str, str]]) -> list[str]:
    """The text of the claims records for ``(spare key, tab key)`` pairs, packed into as few
    constants as :data:`TEXT_LIMIT` allows: ``spare=encoded key`` separated by spaces (the
    encoding of :mod:`sheets_sync.backends.xlsx.names` has neither character)."""
    values: list[str] = []
    for spare, key in claims:
        entry = f"{encode(spare)}={encode(key)}"
        if values and len(values[-1]) + 1 + len(entry) <= TEXT_LIMIT:
            values[-1] += " " + entry
        else:
            values.append(entry)
    return values


def claims_name(n: int, value: str) -> str:
    """``_ss_claims_<n>_<fingerprint of value>``: a replayed record finds itself (its add
    answers "exists"), and no other record can be mistaken for it."""
    digest = hashlib.sha1(value.encode(), usedforsecurity=False).hexdigest()[:8]
    return f"{CLAIMS_PREFIX}{n}_{digest}"


def claims_number(name: str) -> int | None:
    """``n`` of a claims record's name (:func:`claims_name`), else ``None``."""
    lowered = name.lower()
    number, _, digest = lowered.removeprefix(CLAIMS_PREFIX).partition("_")
    if not lowered.startswith(CLAIMS_PREFIX) or not number.isdigit() or len(digest) != 8:
        return None
    return int(number)


def claimed_keys(names: dict[str, str]) -> dict[str, str]:
    """Spare key -> tab key from the claims records among ``names`` (name -> value, as Graph
    lists them: ``="..."``); a later record overrides an earlier one, and a malformed entry
    is skipped."""
    records = sorted((n, name, v) for name, v in names.items() if (n := claims_number(name)))
    found: dict[str, str] = {}
    for _, _, value in records:
        for entry in value.strip().lstrip("=").strip('"').split():
            spare, _, key = entry.partition("=")
            try:
                spare, key = decode(spare), decode(key)
            except (ValueError, UnicodeDecodeError):
                continue
            if spare and key:
                found[spare] = key
    return found


def record_subs(wb: str, names: dict[str, str], claims: list[tuple[str, str]]) -> list[Sub]:
    """The ``names/add`` of the claims records for ``claims`` in the workbook at ``wb``, each
    numbered after the last in ``names`` (and added there); one, unless the keys are long."""
    n = max((k for k in map(claims_number, names) if k is not None), default=0)
    subs = []
    for value in claims_values(claims):
        n += 1
        name, reference = claims_name(n, value), f'="{value}"'
        names[name] = reference
        body = {"name": name, "reference": reference, "comment": "sheets_sync claims"}
        subs.append(Sub("POST", f"{wb}/names/add", body, done_if=EXISTS))
    return subs
