"""Edit an .xlsx file in LibreOffice, as a person would, and save it as .xlsx again.

Run by the system Python that has LibreOffice's ``uno`` module (Debian: python3-uno), not the
project's virtualenv::

    /usr/bin/python3 uno_edit.py FILE.xlsx PROFILE_DIR '[["rename", "Table 1", "Blue"]]'

Operations (0-based rows and columns): ``["rename", old, new]``,
``["insert_rows", title, before, count]``, ``["delete_rows", title, first, count]``,
``["add_tab", title]``,
``["type", title, row, col, text]``. LibreOffice rewrites references on a rename or an
insertion exactly as it does for a person at the keyboard, which is the point.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import time
from typing import Any

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]
from com.sun.star.connection import NoConnectException  # type: ignore[import-not-found]


def prop(name: str, value: Any) -> Any:
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def edit(doc: Any, op: list[Any]) -> None:
    sheets = doc.Sheets
    kind = op[0]
    if kind == "rename":
        sheets.getByName(op[1]).Name = op[2]
    elif kind == "insert_rows":
        sheets.getByName(op[1]).Rows.insertByIndex(op[2], op[3])
    elif kind == "delete_rows":
        sheets.getByName(op[1]).Rows.removeByIndex(op[2], op[3])
    elif kind == "add_tab":
        sheets.insertNewByName(op[1], sheets.Count)
    elif kind == "type":
        sheets.getByName(op[1]).getCellByPosition(op[3], op[2]).String = op[4]
    else:
        raise SystemExit(f"unknown operation {op!r}")


def main() -> None:
    path, profile, ops = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
    pipe = f"sheets_sync_{os.getpid()}"
    office = subprocess.Popen(
        [
            "soffice",
            f"-env:UserInstallation={uno.systemPathToFileUrl(profile)}",
            "--headless",
            "--invisible",
            "--norestore",
            f"--accept=pipe,name={pipe};urp;",
        ]
    )
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext(
            "com.sun.star.bridge.UnoUrlResolver", local
        )
        for _ in range(240):
            try:
                remote = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
                break
            except NoConnectException:
                time.sleep(0.25)
        else:
            raise SystemExit("LibreOffice did not start")
        desktop = remote.ServiceManager.createInstanceWithContext(
            "com.sun.star.frame.Desktop", remote
        )
        url = uno.systemPathToFileUrl(os.path.abspath(path))
        doc = desktop.loadComponentFromURL(url, "_blank", 0, (prop("Hidden", True),))
        for op in ops:
            edit(doc, op)
        doc.storeToURL(url, (prop("FilterName", "Calc MS Excel 2007 XML"),))
        doc.close(True)
        with contextlib.suppress(Exception):  # the bridge may drop as the office exits
            desktop.terminate()
    finally:
        try:
            office.wait(timeout=60)
        except subprocess.TimeoutExpired:
            office.kill()


if __name__ == "__main__":
    main()
