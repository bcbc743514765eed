"""The workbook ``create`` uploads, built locally by the xlsx adapter.

Graph v1.0 can neither add data validation nor copy a sheet, so everything a tab looks like
(dropdowns, protection, frozen panes, widths, colours, defined names for keys and anchors) is
made here with the xlsx adapter's own session, exactly as ``XlsxBackend.create`` makes a file,
plus one hidden defined name, :data:`~.drive.TAG_NAME`, holding the workshop id and a nonce
for this upload (what lets a retried upload recognise the file it made), and the comment
:data:`~.read.PROTECTED` on the key of every tab the tool protects.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from openpyxl.workbook.defined_name import DefinedName
from openpyxl.workbook.workbook import Workbook

from sheets_sync.backends.xlsx.disk import save_workbook
from sheets_sync.backends.xlsx.names import tab_name
from sheets_sync.backends.xlsx.session import Session
from sheets_sync.model import AddTab, Change

from .drive import TAG_NAME
from .read import PROTECTED


def workbook_bytes(changes: Sequence[Change], *, title: str, tag: str) -> tuple[bytes, list[str]]:
    """The .xlsx holding exactly the tabs of ``changes``, and what it could not keep."""
    wb = Workbook()
    wb.remove(wb.worksheets[0])
    session = Session(wb, [])
    session.apply_all(changes)
    session.finish()
    wb.properties.title = title
    wb.properties.creator = "sheets_sync"
    for change in changes:
        if isinstance(change, AddTab) and change.spec.protections:
            wb.defined_names[tab_name(change.spec.key)].comment = PROTECTED
    wb.defined_names[TAG_NAME] = DefinedName(TAG_NAME, hidden=True, attr_text=f'"{tag}"')
    stream = io.BytesIO()
    save_workbook(wb, stream)
    return stream.getvalue(), list(session.lost)
