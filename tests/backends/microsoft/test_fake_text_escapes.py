"""The Graph fake opens and saves text as Excel does: ``_xHHHH_`` in the file is the character."""

from __future__ import annotations

import io
import zipfile

import openpyxl

from sheets_sync.backends.microsoft.fake.workbook_state import Workbook
from sheets_sync.backends.xlsx.cells import escape

TEXTS = ["line one\r\nline two\r\n", "a\rb", "_x000D_ is not a line break", "plain"]


def _uploaded(texts: list[str]) -> bytes:
    """A file as the xlsx build writes it: text escaped the OOXML way."""
    book = openpyxl.Workbook()
    for row, text in enumerate(texts, start=1):
        book.active.cell(row, 1, escape(text))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_an_upload_is_read_with_its_escapes_undone() -> None:
    workbook = Workbook.from_bytes(_uploaded(TEXTS))
    assert workbook.book is not None
    assert [c.value for c in workbook.book.active["A"]] == TEXTS


def test_a_download_escapes_again_and_opens_as_the_same_text() -> None:
    workbook = Workbook.from_bytes(_uploaded(TEXTS))
    saved = workbook.to_bytes()
    sheet_xml = zipfile.ZipFile(io.BytesIO(saved)).read("xl/worksheets/sheet1.xml")
    assert b"\r" not in sheet_xml and b"a_x000D_b" in sheet_xml
    assert b"_x005F_x000D_ is not" in sheet_xml
    assert workbook.book is not None
    assert [c.value for c in workbook.book.active["A"]] == TEXTS  # the live book is untouched
    again = Workbook.from_bytes(saved).book
    assert again is not None
    assert [c.value for c in again.active["A"]] == TEXTS


def test_a_private_session_copy_keeps_the_text() -> None:
    workbook = Workbook.from_bytes(_uploaded(TEXTS))
    assert [c.value for c in workbook.copy_book().active["A"]] == TEXTS
