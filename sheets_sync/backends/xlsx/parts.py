"""What openpyxl would silently drop from an .xlsx file, read straight from its zip parts.

openpyxl keeps only what it models. Before the adapter rewrites a file it looks at the raw
parts for the rest:

* **Data validations in Excel's extension list** (``x14:dataValidation``). Excel 2010 and later
  store there the dropdowns whose list lives on another tab, which is every dropdown this tool
  makes once a person has saved the file in Excel. openpyxl drops them; :func:`scan` turns them
  back into ordinary validations so that they survive (:attr:`Scan.validations`).
* Everything else it cannot keep is listed in :attr:`Scan.lost`, one readable line each:
  other sheet extensions (extension conditional formats, sparklines, slicers), shapes and text
  boxes, pictures (when Pillow is missing), form controls, embedded objects, sheet background
  pictures, threaded comments, slicers, timelines and data models.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from openpyxl.drawing.image import PILImage
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.xml.functions import fromstring

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_X14 = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"
_XM = "http://schemas.microsoft.com/office/excel/2006/main"
_XDR = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"
_DV_EXT = "{CCE6A557-97BC-4B89-ADB6-D9C93CAAB3DF}"
_EXTENSIONS = {
    "{78C0D931-6437-407D-A8EE-F0AAD7539E65}": "conditional formats that need Excel 2010",
    "{05C60535-1F16-4FD2-B633-F4F36F0B64E0}": "sparklines",
    "{A8765BA9-456A-4DAB-B4F3-ACF838C121DE}": "slicers",
    "{3A4CF648-6AED-40F4-86FF-DC5316D8AED3}": "slicers",
    "{FC87AEE6-9EDD-4A0A-B7FB-166176984837}": "protected ranges",
    "{01252117-D84E-4E92-8308-4BE1C098FCBB}": "ignored-error markers",
    "{F7C9EE02-42E1-4005-9D12-6889AFFD525C}": "web extensions",
    "{7E03D99C-DC04-49D9-9315-930204A7B6E9}": "timelines",
}
_PARTS = {
    "xl/threadedComments/": "threaded comment replies (the first note of each thread is kept)",
    "xl/slicerCaches/": "slicers",
    "xl/timelineCaches/": "timelines",
    "xl/model/": "a data model (Power Pivot)",
}
_BOOL_ATTRS = ("allowBlank", "showDropDown", "showInputMessage", "showErrorMessage")
_TEXT_ATTRS = ("type", "errorStyle", "imeMode", "operator", "error", "errorTitle", "prompt")


@dataclass
class Scan:
    """The result of :func:`scan`."""

    validations: dict[str, list[DataValidation]] = field(default_factory=dict)
    lost: list[str] = field(default_factory=list)


def _rels(archive: zipfile.ZipFile, part: str) -> dict[str, str]:
    """Relationship id -> target part path, for the part ``part``."""
    folder, name = posixpath.split(part)
    rels_path = posixpath.join(folder, "_rels", name + ".rels")
    if rels_path not in archive.namelist():
        return {}
    out: dict[str, str] = {}
    for rel in fromstring(archive.read(rels_path)).iter(f"{{{_PKG_REL}}}Relationship"):
        target = rel.get("Target", "")
        if rel.get("TargetMode") == "External":
            continue
        path = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
        out[rel.get("Id", "")] = posixpath.normpath(path)
    return out


def _x14_validation(el: Any) -> DataValidation | None:
    kwargs: dict[str, Any] = {}
    for attr in _BOOL_ATTRS:
        if el.get(attr) is not None:
            kwargs[attr] = el.get(attr) in ("1", "true")
    for attr in _TEXT_ATTRS:
        if el.get(attr) is not None:
            kwargs[attr] = el.get(attr)
    if el.get("promptTitle") is not None:
        kwargs["promptTitle"] = el.get("promptTitle")
    for i in (1, 2):
        f = el.find(f"{{{_X14}}}formula{i}/{{{_XM}}}f")
        if f is not None and f.text:
            kwargs[f"formula{i}"] = f.text
    sqref = el.findtext(f"{{{_XM}}}sqref")
    if not sqref:
        return None
    return DataValidation(sqref=sqref, **kwargs)


_CELLS_START = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?sheetData[\s>]")
_CELLS_END = re.compile(rb"</(?:[A-Za-z_][\w.-]*:)?sheetData\s*>")


def without_cells(xml: bytes) -> bytes:
    """A worksheet part with the content of its ``sheetData`` cut out.

    Everything :func:`scan` looks for comes after the cell data in the schema's order, and the
    cells are nearly all of a big sheet, so scanning the rest costs little beside openpyxl's own
    parse. Inside ``sheetData`` a ``<`` is always markup (text escapes it), so the first
    opening and the last closing tag delimit the cells exactly.
    """
    start = _CELLS_START.search(xml)
    if start is None:
        return xml
    opened = xml.find(b">", start.start()) + 1
    ends = list(_CELLS_END.finditer(xml, opened))
    if xml[opened - 2 : opened] == b"/>" or not ends:
        return xml
    return xml[:opened] + xml[ends[-1].start() :]


def _scan_sheet(archive: zipfile.ZipFile, title: str, part: str, result: Scan) -> None:
    root = fromstring(without_cells(archive.read(part)))
    label = f"tab {title!r}"
    for ext in root.iterfind(f"{{{_MAIN}}}extLst/{{{_MAIN}}}ext"):
        uri = (ext.get("uri") or "").upper()
        if uri == _DV_EXT:
            for el in ext.iter(f"{{{_X14}}}dataValidation"):
                dv = _x14_validation(el)
                if dv is not None:
                    result.validations.setdefault(title, []).append(dv)
        else:
            feature = _EXTENSIONS.get(uri, f"an Excel extension ({uri})")
            result.lost.append(f"{label}: {feature}")
    for tag, feature in (
        ("controls", "form controls"),
        ("oleObjects", "embedded objects"),
        ("picture", "a background picture"),
    ):
        if root.find(f"{{{_MAIN}}}{tag}") is not None:
            result.lost.append(f"{label}: {feature}")
    rels = _rels(archive, part)
    for drawing in root.iterfind(f"{{{_MAIN}}}drawing"):
        target = rels.get(drawing.get(f"{{{_REL}}}id", ""))
        if target and target in archive.namelist():
            _scan_drawing(fromstring(archive.read(target)), label, result)


def _scan_drawing(root: Any, label: str, result: Scan) -> None:
    counts: Counter[str] = Counter()
    for anchor in root:
        for child in anchor:
            counts[child.tag.rpartition("}")[2]] += 1
    shapes = counts["sp"] + counts["cxnSp"] + counts["grpSp"]
    if shapes:
        result.lost.append(f"{label}: {shapes} shape(s) or text box(es)")
    if counts["pic"] and not PILImage:
        result.lost.append(f"{label}: {counts['pic']} picture(s) (install Pillow to keep them)")


def scan(data: bytes) -> Scan:
    """Look through the parts of the .xlsx ``data`` (see the module docstring).

    Raises ``zipfile.BadZipFile``, ``KeyError`` or an XML error for a malformed file; the
    caller reports those as a corrupt workbook.
    """
    result = Scan()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        for prefix, feature in _PARTS.items():
            if any(n.startswith(prefix) for n in names):
                result.lost.append(f"workbook: {feature}")
        workbook = "xl/workbook.xml"
        rels = _rels(archive, workbook)
        for sheet in fromstring(archive.read(workbook)).iter(f"{{{_MAIN}}}sheet"):
            part = rels.get(sheet.get(f"{{{_REL}}}id", ""))
            if part and part in names and "worksheets/" in part:
                _scan_sheet(archive, sheet.get("name", "?"), part, result)
    return result
