"""Row fitting: the line count against a plain word-by-word wrap, and which rows move."""

from __future__ import annotations

import random

import pytest
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from sheets_sync.backends.xlsx.fit import count_lines, fit_sheet, row_height


def word_by_word(text: str, room: int) -> int:
    """The greedy wrap spelled out: words joined by one space while they fit, a word longer
    than a line cut into lines of ``room`` characters."""
    total = 0
    for paragraph in text.split("\n"):
        lines, used = 1, 0
        for word in paragraph.split():
            if used and used + 1 + len(word) <= room:
                used += 1 + len(word)
                continue
            if used:
                lines += 1
            while len(word) > room:
                lines, word = lines + 1, word[room:]
            used = len(word)
        total += lines
    return total


@pytest.mark.parametrize(
    ("text", "room", "lines"),
    [
        ("", 10, 1),
        ("short", 10, 1),
        ("exactly ten", 11, 1),
        ("two words", 5, 2),
        ("a\nb\n\nc", 10, 4),
        ("   spaced    out   ", 10, 1),
        ("x" * 25, 10, 3),
        ("ab " + "x" * 20 + " cd", 10, 4),
        ("tab\tseparated words here", 9, 4),
    ],
)
def test_count_lines(text: str, room: int, lines: int) -> None:
    assert count_lines(text, room) == lines == word_by_word(text, room)


def test_count_lines_agrees_with_the_word_by_word_wrap() -> None:
    rnd = random.Random(12)
    pieces = ["a", "bb", "ccc ", " ", "  ", "\n", "\t", "word ", "x" * 17, "y" * 40, "\r\n"]
    for _ in range(5_000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 40)))
        room = rnd.randint(1, 30)
        assert count_lines(text, room) == word_by_word(text, room), (text, room)


def _sheet() -> Workbook:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.column_dimensions["A"].width = 20
    for r in range(1, 5):
        cell = ws.cell(r, 1)
        cell.alignment = Alignment(wrap_text=True)
        cell.font = Font(sz=11)
    return wb


def test_written_rows_fit_exactly_and_others_only_grow() -> None:
    wb = _sheet()
    ws = wb.active
    assert ws is not None
    long = "word " * 40  # four words a line: 10 lines of 23 characters at width 20
    ws["A1"], ws["A2"], ws["A3"], ws["A4"] = long, "short", long, "short"
    ws.row_dimensions[1].height = 300.0  # written by the tool: fitted exactly
    ws.row_dimensions[2].height = 80.0  # written, now short text: back to the default
    ws.row_dimensions[3].height = 20.0  # typed by a person into a short row: raised
    ws.row_dimensions[4].height = 80.0  # made taller by a person: left alone
    fit_sheet(ws, [1, 2])
    assert count_lines(long, 23) == 10
    assert ws.row_dimensions[1].height == pytest.approx(row_height(10, 11.0), abs=0.25)
    assert ws.row_dimensions[2].height is None
    assert ws.row_dimensions[3].height == ws.row_dimensions[1].height
    assert ws.row_dimensions[4].height == 80.0


def test_hidden_columns_need_no_room() -> None:
    wb = _sheet()
    ws = wb.active
    assert ws is not None
    ws.column_dimensions["A"].hidden = True
    ws["A1"] = "word " * 40
    fit_sheet(ws, [1])
    assert ws.row_dimensions[1].height is None
