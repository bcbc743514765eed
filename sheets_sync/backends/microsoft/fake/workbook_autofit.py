"""``range(address=...)/format/autofitRows``: Excel sizes each row of the range to its content.

Excel gives each row the height its tallest cell needs, counting the lines wrapped text takes
at its column's width and font size, and sets a row with nothing taller than one default line
back to the default height; a merged block gets one line of its font (AutoFit does not wrap
merged cells). The
fake measures with the estimate the xlsx adapter uses for the rows it saves
(:func:`sheets_sync.backends.xlsx.fit.fit_rows`), on the sheet's openpyxl rows. A whole-column
address fits the rows that hold something. On a protected sheet that does not allow
formatting rows the answer is 403 ``AccessDenied``, as for a person. No body; 204.
"""

from __future__ import annotations

from typing import Any

from sheets_sync.backends.xlsx.fit import fit_rows

from .calls import Call, handles
from .workbook_ranges import check_format_allowed, used_bounds
from .workbook_values import MAX_ROWS, parse_address


@handles(
    "POST",
    "DRIVE/ITEM/workbook/worksheets/{}/range()/format/autofitRows",
    "workbook.range.format.autofitRows",
)
def autofit_rows(call: Call) -> Any:
    sheet = call.sheet()
    step = call.step("range")
    top, _, bottom, _ = parse_address(str(step.args["address"])) if step else (1, 1, MAX_ROWS, 1)
    check_format_allowed(sheet, "formatRows")
    last = min(bottom, used_bounds(sheet, values_only=False)[2])
    fit_rows(sheet, range(top, last + 1), merged=False)
    call.changed()
    call.status = 204
