"""The base snapshot stored inside the local .xlsx, as rows of text for a hidden sheet.

``mirror`` keeps the online workbook as it was (the *base* of the three-way merge in
:mod:`sheets_sync.merge.workbook`) in the very file people take offline, so ``push`` works from any
copy of the file. This module turns a :class:`WorkbookSnapshot` plus :class:`SnapshotMeta` into
rows of strings and back, exactly: a :class:`Formula` stays a formula and text that looks like
one stays text, ``int`` stays ``int`` and ``float`` stays ``float``, dates and datetimes keep
their type, and text keeps every character (unicode, emoji, CRLF, control characters, 40,000
characters and more). It is pure; the xlsx adapter writes and reads the rows.

The rows (format 1)::

    ["sheets_sync snapshot", "1", <sha256 of the payload>, <chunks>, <characters>, <note>]
    ["1", "|" + <first chunk of the payload>]
    ["2", "|" + <second chunk>]
    ...

The payload is JSON in pure ASCII (anything else escaped), so no cell holds a character XML or
Excel rejects; it is cut into chunks well below Excel's 32,767 characters per cell. The ``|``
keeps a chunk from ever starting with ``=``, ``+``, ``-`` or ``@``. Any damage (a missing,
reordered or edited chunk, a wrong checksum, a newer format) raises
:class:`~sheets_sync.errors.WorkbookCorrupt` naming what is wrong.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sheets_sync.errors import WorkbookCorrupt
from sheets_sync.model import CellValue, Formula, Tab, WorkbookSnapshot

__all__ = [
    "CHUNK_CHARS",
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "SHEET_TITLE",
    "SnapshotMeta",
    "StoredSnapshot",
    "decode",
    "encode",
]

FORMAT_NAME = "sheets_sync snapshot"
FORMAT_VERSION = 1
#: Payload characters per cell: well below Excel's 32,767, leaving room for the ``|``.
CHUNK_CHARS = 30_000
#: The title the xlsx adapter gives the (hidden) sheet holding the rows.
SHEET_TITLE = "_sheets_sync_base"
_PREFIX = "|"
_NOTE = "Written by sheets_sync mirror; push compares the workbook with it. Do not edit."


@dataclass(frozen=True)
class SnapshotMeta:
    """Where and when the snapshot was taken: the spreadsheet's id, the time of the read and
    the Drive file version (``None`` if unknown)."""

    spreadsheet_id: str
    taken_at: datetime
    drive_version: str | None = None


@dataclass(frozen=True)
class StoredSnapshot:
    """A decoded snapshot with its metadata."""

    meta: SnapshotMeta
    snapshot: WorkbookSnapshot


# --------------------------------------------------------------------------- encode


def encode(
    snapshot: WorkbookSnapshot, meta: SnapshotMeta, *, chunk_chars: int = CHUNK_CHARS
) -> list[list[str]]:
    """The rows to store on the hidden sheet (see the module docstring)."""
    if not 1 <= chunk_chars <= CHUNK_CHARS:
        raise ValueError(f"chunk_chars must be from 1 to {CHUNK_CHARS}, not {chunk_chars}")
    document = {
        "meta": {
            "spreadsheet_id": meta.spreadsheet_id,
            "taken_at": _value(meta.taken_at),
            "drive_version": meta.drive_version,
        },
        "revision": snapshot.revision,
        "tabs": [_tab(t) for t in snapshot.tabs],
    }
    payload = json.dumps(document, ensure_ascii=True, separators=(",", ":"), allow_nan=True)
    chunks = [payload[i : i + chunk_chars] for i in range(0, len(payload), chunk_chars)]
    digest = _digest(payload)
    header = [FORMAT_NAME, str(FORMAT_VERSION), digest, str(len(chunks)), str(len(payload)), _NOTE]
    return [header, *([str(i), _PREFIX + chunk] for i, chunk in enumerate(chunks, start=1))]


def _tab(tab: Tab) -> dict[str, Any]:
    return {
        "key": tab.key,
        "title": tab.title,
        "hidden": tab.hidden,
        "anchors": dict(tab.anchors),
        "cells": [[r, c, _value(v)] for (r, c), v in sorted(tab.cells.items())],
    }


def _value(v: CellValue) -> Any:
    """JSON for one value; types JSON lacks (or would blur) are tagged objects."""
    if v is None or isinstance(v, bool | int | float):
        return v
    if isinstance(v, Formula):
        return {"f": str(v)}
    if isinstance(v, str):
        return v
    if isinstance(v, datetime):
        return {"dt": v.isoformat(), "fold": 1} if v.fold else {"dt": v.isoformat()}
    if isinstance(v, date):
        return {"d": v.isoformat()}
    raise TypeError(f"cannot store a {type(v).__name__} in a snapshot: {v!r}")


# --------------------------------------------------------------------------- decode


class _Damaged(Exception):
    """Internal: what is wrong, turned into one WorkbookCorrupt message by :func:`decode`."""


def decode(rows: Sequence[Sequence[CellValue]]) -> StoredSnapshot:
    """The snapshot and metadata stored by :func:`encode`, exactly as they were.

    ``rows`` are the hidden sheet's rows as read (trailing empty cells and rows are fine).
    Raises :class:`WorkbookCorrupt` saying what is damaged.
    """
    try:
        payload = _payload([list(r) for r in rows])
        try:
            document = json.loads(payload)
        except ValueError as err:
            raise _Damaged(f"its text is not valid JSON ({err})") from None
        return _document(document)
    except _Damaged as err:
        raise WorkbookCorrupt(
            f"the saved snapshot on the hidden sheet {SHEET_TITLE!r} is damaged: {err}. "
            "push needs it to tell offline edits from online ones; restore the file from a "
            "backup, or copy your edits elsewhere and mirror again."
        ) from None


def _text(v: CellValue) -> str:
    if isinstance(v, str):
        return v
    if isinstance(v, int) and not isinstance(v, bool):
        return str(v)
    return "" if v is None else repr(v)


def _payload(rows: list[list[CellValue]]) -> str:
    while rows and all(v is None or v == "" for v in rows[-1]):
        rows.pop()
    if not rows:
        raise _Damaged("the sheet is empty")
    head = [_text(v) for v in rows[0]] + [""] * 5
    if head[0] != FORMAT_NAME:
        raise _Damaged(f"its first cell says {head[0][:40]!r}, not {FORMAT_NAME!r}")
    version = _count(head[1], "format version")
    if version > FORMAT_VERSION:
        raise _Damaged(
            f"it was written by a newer sheets_sync (format {version}; this version reads "
            f"format {FORMAT_VERSION}) — upgrade sheets_sync"
        )
    if version != FORMAT_VERSION:
        raise _Damaged(f"format {version} is unknown")
    digest, count, length = head[2], _count(head[3], "chunk count"), _count(head[4], "length")
    if len(rows) - 1 < count:
        raise _Damaged(f"chunk {len(rows)} of {count} is missing (the sheet was cut short)")
    if len(rows) - 1 > count:
        raise _Damaged(f"it has {len(rows) - 1 - count} row(s) more than its {count} chunks")
    chunks = []
    for i, row in enumerate(rows[1:], start=1):
        cells = [_text(v) for v in row] + ["", ""]
        if cells[0] != str(i):
            raise _Damaged(f"row {i + 1} should hold chunk {i} but says {cells[0][:20]!r}")
        if not cells[1].startswith(_PREFIX):
            raise _Damaged(f"chunk {i} of {count} (row {i + 1}) was edited or cleared")
        chunks.append(cells[1][len(_PREFIX) :])
    payload = "".join(chunks)
    if len(payload) != length:
        raise _Damaged(f"it holds {len(payload):,} characters instead of {length:,}")
    if _digest(payload) != digest:
        raise _Damaged("its checksum does not match (the text was edited)")
    return payload


def _digest(payload: str) -> str:
    return hashlib.sha256(payload.encode("utf-8", "surrogatepass")).hexdigest()


def _count(text: str, what: str) -> int:
    if not text.isdigit() or not text.isascii():
        raise _Damaged(f"its header has no valid {what} ({text[:20]!r})")
    return int(text)


def _document(doc: Any) -> StoredSnapshot:
    meta = _field(doc, "meta", dict, "the document")
    taken = _decode_value(_field(meta, "taken_at", object, "meta"), "meta.taken_at")
    if not isinstance(taken, datetime):
        raise _Damaged("meta.taken_at is not a date and time")
    drive_version = _field(meta, "drive_version", (str, type(None)), "meta")
    revision = _field(doc, "revision", (str, type(None)), "the document")
    tabs = [_decode_tab(t, i) for i, t in enumerate(_field(doc, "tabs", list, "the document"), 1)]
    return StoredSnapshot(
        SnapshotMeta(_field(meta, "spreadsheet_id", str, "meta"), taken, drive_version),
        WorkbookSnapshot(tabs, revision),
    )


def _decode_tab(raw: Any, n: int) -> Tab:
    where = f"tab {n}"
    key = _field(raw, "key", (str, type(None)), where)
    title = _field(raw, "title", str, where)
    where = f"tab {n} ({title!r})"
    hidden = _field(raw, "hidden", bool, where)
    anchors = _field(raw, "anchors", dict, where)
    if not all(isinstance(k, str) and _is_int(v) for k, v in anchors.items()):
        raise _Damaged(f"{where} has a bad anchor")
    cells = {}
    for item in _field(raw, "cells", list, where):
        if not (
            isinstance(item, list) and len(item) == 3 and _is_int(item[0]) and _is_int(item[1])
        ):
            raise _Damaged(f"{where} has a bad cell entry {str(item)[:40]}")
        cells[(item[0], item[1])] = _decode_value(item[2], f"{where}, cell {item[0]},{item[1]}")
    return Tab(key, title, cells, dict(anchors), hidden)


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool) and v >= 0


def _decode_value(raw: Any, where: str) -> CellValue:
    if raw is None or isinstance(raw, bool | int | float | str):
        return raw
    if isinstance(raw, dict) and raw:
        (tag, text), *rest = raw.items()
        fold = 1 if rest == [("fold", 1)] and tag == "dt" else 0
        if isinstance(text, str) and (not rest or fold):
            try:
                if tag == "f":
                    return Formula(text)
                if tag == "dt":
                    return datetime.fromisoformat(text).replace(fold=fold)
                if tag == "d":
                    return date.fromisoformat(text)
            except ValueError:
                pass
    raise _Damaged(f"{where} holds a value it cannot read: {str(raw)[:40]}")


def _field(obj: Any, name: str, kind: type | tuple[type, ...], where: str) -> Any:
    if not isinstance(obj, dict) or name not in obj:
        raise _Damaged(f"{where} has no {name!r}")
    value = obj[name]
    if not isinstance(value, kind):
        raise _Damaged(f"{where} has a bad {name!r}")
    return value
