"""The workbook ``create`` uploads, built locally by the xlsx adapter.

Graph v1.0 can neither add data validation nor copy a sheet, so everything a tab looks like
(dropdowns, protection, frozen panes, widths, colours, defined names for keys and anchors) is
made here with the xlsx adapter's own session, exactly as ``XlsxBackend.create`` makes a file,
plus one hidden defined name, :data:`~.drive.TAG_NAME`, holding the workshop id and a nonce
for this upload (what lets a retried upload recognise the file it made), and the comment
:data:`~.read.PROTECTED` on the key of every tab the tool protects.

**Guarded tabs.** Excel's sheet protection stops the API as it stops a person, so a write to a
protected tab costs ``unprotect`` and ``protect`` around it: three sub-requests instead of one
for every tab a sync touches, 54 for a first sync at 16 tables. A tab whose spec is
``rewritten`` (the tables, Consensus, About, the state tab: what every sync writes) is
therefore *guarded* instead of protected: its sheet is left unprotected and every cell the
spec protects carries a data validation that refuses anything typed, with the protection's
description as Excel's stop message. Excel checks validation only when a person types (or
pastes values), never a value the API writes (learn.microsoft.com/office/dev/add-ins/excel/
excel-add-ins-data-validation), so the tool writes there with one sub-request. What it does not
stop, a plain paste or the Delete key, the tool's record of its cells catches at the next
sync (:mod:`sheets_sync.tabs.state`), as it catches edits made after lifting a protection. A
hidden guarded tab (the state tab) is *very* hidden: Excel's menus cannot show it again.

**Spare tabs** (:mod:`.spares`): blank, laid-out copies of the forms a later command adds
(gap tabs), tagged with a spare key and their anchors, so that command renames one instead of
building a tab through Graph. Their values come at claim, and Graph would need a request per
tab to size rows then, so each spare's rows are sized here for the tallest of
``spare_fills`` (every text a spare may be claimed with).
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import replace

from openpyxl.workbook.defined_name import DefinedName
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from sheets_sync.backends.xlsx.disk import save_workbook
from sheets_sync.backends.xlsx.fit import fit_rows
from sheets_sync.backends.xlsx.layout import lay_out, sqref
from sheets_sync.backends.xlsx.names import tab_name, tag_anchor, tag_tab
from sheets_sync.backends.xlsx.session import Session
from sheets_sync.model import AddTab, CellRange, CellValue, Change, TabSpec

from .drive import TAG_NAME
from .read import PROTECTED
from .spares import form_of, spare_key, spare_title

#: The longest stop message Excel accepts.
MESSAGE_LIMIT = 255
Fill = Mapping[tuple[int, int], CellValue]


def workbook_bytes(
    changes: Sequence[Change],
    *,
    title: str,
    tag: str,
    spares: Sequence[TabSpec] = (),
    spare_fills: Sequence[Fill] = (),
) -> tuple[bytes, list[str]]:
    """The .xlsx holding exactly the tabs of ``changes``, one very hidden spare tab per form
    in ``spares`` (:mod:`.spares`), its rows as tall as the tallest of ``spare_fills`` needs,
    and what it could not keep."""
    wb = Workbook()
    wb.remove(wb.worksheets[0])
    session = Session(wb, [])
    session.apply_all(changes)
    session.finish()
    counts: dict[str, int] = {}
    for form in spares:
        n = counts[form_of(form)] = counts.get(form_of(form), 0) + 1
        spare = wb.create_sheet(spare_title(form, n))
        lay_out(spare, replace(form, title=spare.title))
        size_for(spare, spare_fills)
        spare.protection.sheet = False
        spare.sheet_state = "veryHidden"
        tag_tab(wb, spare_key(form, n), spare.title)
        for anchor, row in form.anchors.items():
            tag_anchor(wb, spare_key(form, n), anchor, spare.title, row)
        if form.protections:
            wb.defined_names[tab_name(spare_key(form, n))].comment = PROTECTED
    wb.properties.title = title
    wb.properties.creator = "sheets_sync"
    for change in changes:
        if not isinstance(change, AddTab) or not locks(change.spec):
            continue
        if change.spec.rewritten:
            guard(session.tabs[change.spec.key], change.spec)
        else:
            wb.defined_names[tab_name(change.spec.key)].comment = PROTECTED
    wb.defined_names[TAG_NAME] = DefinedName(TAG_NAME, hidden=True, attr_text=f'"{tag}"')
    stream = io.BytesIO()
    save_workbook(wb, stream)
    return stream.getvalue(), list(session.lost)


def size_for(ws: Worksheet, fills: Sequence[Fill]) -> None:
    """Give the rows of the blank ``ws`` the height the tallest of ``fills`` needs there
    (:func:`~sheets_sync.backends.xlsx.fit.fit_rows`'s estimate), leaving ``ws`` blank."""
    tallest: dict[int, float | None] = {}
    for fill in fills:
        for (row, col), value in fill.items():
            ws.cell(row + 1, col + 1).value = None if value is None else str(value)
        rows = {row + 1 for row, _ in fill}
        fit_rows(ws, rows)
        for row in rows:
            height, before = ws.row_dimensions[row].height, tallest.get(row)
            tallest[row] = before if height is None or (before or 0) >= height else height
        for row, col in fill:
            ws.cell(row + 1, col + 1).value = None
    for row, height in tallest.items():
        ws.row_dimensions[row].height = height


def locks(spec: TabSpec) -> list[CellRange]:
    """The cells ``spec`` protects in a file (its protections that are not online-only,
    minus their exceptions), as rectangles that do not overlap within one protection."""
    return [piece for p in spec.protections if not p.online_only for piece in p.cells()]


def guard(ws: Worksheet, spec: TabSpec) -> None:
    """Unprotect ``ws`` and refuse typing in the cells ``spec`` protects (module docstring)."""
    ws.protection.sheet = False
    message = next(p.description for p in spec.protections if not p.online_only)
    rule = DataValidation(
        type="custom",
        formula1="FALSE",
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="stop",
        errorTitle="sheets_sync",
        error=message[:MESSAGE_LIMIT],
    )
    for piece in locks(spec):
        rule.add(sqref(piece))
    ws.add_data_validation(rule)
    if ws.sheet_state == "hidden":
        ws.sheet_state = "veryHidden"
