"""The base snapshot survives the trip through a hidden sheet exactly, or says it is damaged."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sheets_sync.errors import WorkbookCorrupt
from sheets_sync.model import CellValue, Formula, Tab, WorkbookSnapshot
from sheets_sync.offline.codec import CHUNK_CHARS, FORMAT_NAME, SnapshotMeta, decode, encode

EXCEL_CELL_LIMIT = 32_767
META = SnapshotMeta("1AbC-spreadsheet", datetime(2024, 5, 1, 9, 30, tzinfo=UTC), "482")


def exact(snap: WorkbookSnapshot) -> list[object]:
    """Everything about a snapshot, with each value's type (``1 == 1.0 == True`` in Python)."""
    return [
        snap.revision,
        [
            (
                t.key,
                t.title,
                t.hidden,
                sorted(t.anchors.items()),
                sorted((p, type(v).__name__, repr(v)) for p, v in t.cells.items()),
            )
            for t in snap.tabs
        ],
    ]


TRICKY: dict[tuple[int, int], CellValue] = {
    (0, 0): "=SUM(A1:A3)",
    (0, 1): Formula("=SUM(A1:A3)"),
    (0, 2): "+44 20 7946 0000",
    (0, 3): "@mention",
    (0, 4): "-5",
    (1, 0): 3,
    (1, 1): 3.0,
    (1, 2): True,
    (1, 3): 0.1 + 0.2,
    (1, 4): -(2**70),
    (2, 0): datetime(2024, 5, 1, 9, 30, 15, 123456),
    (2, 3): datetime(2024, 10, 27, 1, 30, fold=1),
    (2, 1): datetime(2024, 5, 1, 9, 30, tzinfo=timezone(timedelta(hours=-5))),
    (2, 2): date(2024, 5, 1),
    (3, 0): "line one\r\nline two\r\n",
    (3, 1): "Café – naïve “quotes” 😀👩🏽‍⚕️ 日本語",
    (3, 2): "\t\x00\x0b\x1f control \x7f",
    (3, 3): "   ",
    (3, 4): "",
    (3, 5): None,
    (4, 0): "é" * 40_000,
    (4, 1): "x" * 100_000,
}


def snapshot() -> WorkbookSnapshot:
    return WorkbookSnapshot(
        [
            Tab("gap:MESO-3", "Gap 2 - MESO-3", dict(TRICKY), {"rows": 3}),
            Tab("state", "_sheets_sync", {(0, 0): "{}"}, {}, hidden=True),
            Tab(None, "My notes", {}),
        ],
        revision="rev-17",
    )


def test_round_trip_keeps_every_value_and_its_type() -> None:
    stored = decode(encode(snapshot(), META))
    assert exact(stored.snapshot) == exact(snapshot())
    assert stored.meta == META


def test_formula_stays_formula_and_text_stays_text() -> None:
    cells = decode(encode(snapshot(), META)).snapshot.tabs[0].cells
    assert type(cells[(0, 0)]) is str
    assert type(cells[(0, 1)]) is Formula
    assert type(cells[(1, 0)]) is int
    assert type(cells[(1, 1)]) is float
    assert type(cells[(1, 2)]) is bool
    assert type(cells[(2, 0)]) is datetime
    assert type(cells[(2, 2)]) is date


def test_long_text_is_chunked_below_the_excel_cell_limit() -> None:
    rows = encode(snapshot(), META)
    assert len(rows) > 5
    assert all(isinstance(v, str) and len(v) <= EXCEL_CELL_LIMIT for row in rows for v in row)
    assert all(len(row[1]) <= CHUNK_CHARS + 1 for row in rows[1:])
    assert decode(rows).snapshot.tabs[0].cells[(4, 1)] == "x" * 100_000


def test_no_cell_starts_like_a_formula_and_all_is_plain_ascii() -> None:
    small = WorkbookSnapshot([Tab("k", "T", {(0, 0): "=x", (0, 1): "-1 +2 @3 😀\r\n"})])
    for snap, chunk in ((small, 1), (small, 2), (snapshot(), 997), (snapshot(), CHUNK_CHARS)):
        for row in encode(snap, META, chunk_chars=chunk):
            for v in row:
                assert v.isascii()
                assert v[:1] not in {"=", "+", "-", "@"}
                assert all(ch >= " " for ch in v)


def test_small_chunks_round_trip() -> None:
    rows = encode(snapshot(), META, chunk_chars=997)
    assert exact(decode(rows).snapshot) == exact(snapshot())


def test_trailing_empty_cells_and_rows_as_a_reader_returns_them_are_fine() -> None:
    rows: list[list[CellValue]] = [[*r, None, None] for r in encode(snapshot(), META)]
    rows += [[None, None], [], ["", None]]
    assert exact(decode(rows).snapshot) == exact(snapshot())


def test_numbers_read_back_as_numbers_in_the_index_column_are_accepted() -> None:
    rows: list[list[CellValue]] = [list(r) for r in encode(snapshot(), META)]
    for i, row in enumerate(rows[1:], start=1):
        row[0] = i
    assert exact(decode(rows).snapshot) == exact(snapshot())


def test_empty_snapshot_and_minimal_meta() -> None:
    meta = SnapshotMeta("id", datetime(2024, 1, 1))
    stored = decode(encode(WorkbookSnapshot([]), meta))
    assert stored.snapshot.tabs == [] and stored.snapshot.revision is None
    assert stored.meta == meta


def test_encoding_is_deterministic() -> None:
    assert encode(snapshot(), META) == encode(snapshot(), META)


@pytest.mark.parametrize("size", [0, CHUNK_CHARS + 1])
def test_chunk_size_is_checked(size: int) -> None:
    with pytest.raises(ValueError, match="chunk_chars"):
        encode(snapshot(), META, chunk_chars=size)


# --------------------------------------------------------------------------- damage


def rows_of(chunk_chars: int = 500) -> list[list[CellValue]]:
    return [list(r) for r in encode(snapshot(), META, chunk_chars=chunk_chars)]


def damaged(rows: list[list[CellValue]]) -> str:
    with pytest.raises(WorkbookCorrupt) as info:
        decode(rows)
    message = str(info.value)
    assert "_sheets_sync_base" in message and "damaged" in message
    return message


def test_empty_sheet() -> None:
    assert "empty" in damaged([])
    assert "empty" in damaged([[None, ""], []])


def test_not_a_snapshot() -> None:
    rows = rows_of()
    rows[0][0] = "hello"
    assert "'hello'" in damaged(rows)


def test_newer_format_says_upgrade() -> None:
    rows = rows_of()
    rows[0][1] = "2"
    assert "upgrade sheets_sync" in damaged(rows)


@pytest.mark.parametrize(
    ("field", "value", "what"),
    [(1, "one", "format version"), (3, "", "chunk count"), (4, "-3", "length")],
)
def test_bad_header_fields(field: int, value: str, what: str) -> None:
    rows = rows_of()
    rows[0][field] = value
    assert what in damaged(rows)


def test_missing_last_chunk() -> None:
    rows = rows_of()
    count = len(rows) - 1
    assert f"chunk {count} of {count} is missing" in damaged(rows[:-1])


def test_extra_row() -> None:
    rows = rows_of()
    rows.append(["x", "|y"])
    assert "1 row(s) more" in damaged(rows)


def test_rows_out_of_order() -> None:
    rows = rows_of()
    rows[1], rows[2] = rows[2], rows[1]
    assert "row 2 should hold chunk 1 but says '2'" in damaged(rows)


def test_cleared_chunk() -> None:
    rows = rows_of()
    rows[3][1] = None
    assert "chunk 3 of" in damaged(rows)


def test_edited_chunk_fails_the_checksum() -> None:
    rows = rows_of()
    text = str(rows[2][1])
    rows[2][1] = text[:-1] + ("a" if text[-1] != "a" else "b")
    assert "checksum" in damaged(rows)


def test_truncated_chunk_is_reported_by_length() -> None:
    rows = rows_of()
    rows[2][1] = str(rows[2][1])[:-10]
    assert "characters instead of" in damaged(rows)


def forged(document: object) -> list[list[CellValue]]:
    """Rows with a consistent header around any JSON text (so only the content is wrong)."""
    import hashlib

    payload = document if isinstance(document, str) else json.dumps(document)
    digest = hashlib.sha256(payload.encode()).hexdigest()
    return [[FORMAT_NAME, "1", digest, "1", str(len(payload))], ["1", "|" + payload]]


def good_document() -> dict[str, object]:
    return {
        "meta": {
            "spreadsheet_id": "x",
            "taken_at": {"dt": "2024-01-01T00:00:00"},
            "drive_version": None,
        },
        "revision": None,
        "tabs": [
            {"key": "k", "title": "T", "hidden": False, "anchors": {}, "cells": [[0, 0, "a"]]}
        ],
    }


def test_forged_good_document_decodes() -> None:
    assert decode(forged(good_document())).snapshot.tabs[0].cells == {(0, 0): "a"}


def test_not_json() -> None:
    assert "not valid JSON" in damaged(forged("{nope"))


@pytest.mark.parametrize(
    ("path", "value", "what"),
    [
        (("meta",), None, "no 'meta'"),
        (("meta", "taken_at"), {"d": "2024-01-01"}, "taken_at is not a date and time"),
        (("meta", "taken_at"), {"dt": "yesterday"}, "meta.taken_at holds a value"),
        (("tabs",), {}, "bad 'tabs'"),
        (("tabs", 0, "title"), 5, "tab 1 has a bad 'title'"),
        (("tabs", 0, "anchors"), {"rows": -1}, "bad anchor"),
        (("tabs", 0, "cells"), [[0, 0]], "bad cell entry"),
        (("tabs", 0, "cells"), [[0, True, "a"]], "bad cell entry"),
        (("tabs", 0, "cells"), [[0, 0, {"x": "1"}]], "cell 0,0 holds a value it cannot read"),
        (("tabs", 0, "cells"), [[0, 0, [1]]], "cannot read"),
        (("tabs", 0, "cells"), [[0, 0, {"f": "=A1", "fold": 1}]], "cannot read"),
        (("tabs", 0, "cells"), [[0, 0, {"dt": "2024-01-01", "fold": 2}]], "cannot read"),
    ],
)
def test_bad_content_names_the_place(path: tuple[object, ...], value: object, what: str) -> None:
    doc: object = good_document()
    *parents, last = path
    node = doc
    for step in parents:
        node = node[step]  # type: ignore[index]
    if value is None:
        del node[last]  # type: ignore[union-attr, arg-type]
    else:
        node[last] = value  # type: ignore[index]
    assert what in damaged(forged(doc))


# --------------------------------------------------------------------------- any snapshot

values = st.one_of(
    st.none(),
    st.text(),
    st.text().map(Formula),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.datetimes(timezones=st.one_of(st.none(), st.just(UTC))),
    st.dates(),
)
tabs = st.builds(
    Tab,
    key=st.one_of(st.none(), st.text(max_size=12)),
    title=st.text(max_size=31),
    cells=st.dictionaries(st.tuples(st.integers(0, 500), st.integers(0, 30)), values, max_size=25),
    anchors=st.dictionaries(st.text(max_size=8), st.integers(0, 500), max_size=3),
    hidden=st.booleans(),
)
snapshots = st.builds(
    WorkbookSnapshot, tabs=st.lists(tabs, max_size=4), revision=st.one_of(st.none(), st.text())
)
metas = st.builds(
    SnapshotMeta,
    spreadsheet_id=st.text(),
    taken_at=st.datetimes(timezones=st.one_of(st.none(), st.just(UTC))),
    drive_version=st.one_of(st.none(), st.text()),
)


@settings(max_examples=150, deadline=None)
@given(snap=snapshots, meta=metas, chunk=st.integers(1, 300))
def test_any_snapshot_round_trips_exactly(
    snap: WorkbookSnapshot, meta: SnapshotMeta, chunk: int
) -> None:
    rows = encode(snap, meta, chunk_chars=chunk)
    stored = decode(rows)
    assert exact(stored.snapshot) == exact(snap)
    assert stored.meta == meta
    assert all(v.isascii() and len(v) <= EXCEL_CELL_LIMIT for row in rows for v in row)
