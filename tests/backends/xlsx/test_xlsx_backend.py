"""What only the xlsx adapter does: files, openpyxl's gaps, Excel's limits, LibreOffice.

Behaviour every backend shares is in ``tests/contract``; these tests look inside the file.
"""

from __future__ import annotations

import logging
import re
import subprocess
import zipfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import IO

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl.chart import BarChart, Reference
from openpyxl.workbook.workbook import Workbook

from sheets_sync.backends.xlsx.adapter import XlsxBackend
from sheets_sync.backends.xlsx.names import decode, encode
from sheets_sync.errors import (
    BackendError,
    MissingTab,
    WorkbookCorrupt,
    WorkbookError,
    WorkbookNotFound,
)
from sheets_sync.model import (
    AddTab,
    CellRange,
    Formula,
    Protection,
    SetChart,
    Style,
    TabSpec,
    UpdateTab,
    WriteRange,
)
from tests.contract import test_identity, workbooks
from tests.contract.conftest import FIXED_NOW, Harness
from tests.contract.libreoffice import libreoffice_person
from tests.contract.xlsx_harness import XlsxInspector, load, sheet, xlsx_harness
from tests.tools import require


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "out" / "sampleton.xlsx"


@pytest.fixture
def made(path: Path) -> XlsxBackend:
    backend = XlsxBackend(path, clock=lambda: FIXED_NOW)
    backend.create(workbooks.workshop())
    return backend


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def rewrite_part(path: Path, part: str, change: Callable[[str], str]) -> None:
    """Edit one XML part inside the .xlsx in place (as another program's save would)."""
    with zipfile.ZipFile(path) as zin:
        items = {name: zin.read(name) for name in zin.namelist()}
    items[part] = change(items.get(part, b"").decode("utf-8")).encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, data in items.items():
            zout.writestr(name, data)


# --------------------------------------------------------------------------- missing, corrupt


def test_missing_file_names_the_path_and_the_fix(path: Path) -> None:
    for action in (XlsxBackend(path).read, lambda: XlsxBackend(path).apply([workbooks.gap()])):
        with pytest.raises(WorkbookNotFound) as err:
            action()
        assert str(path) in str(err.value)
        assert "sheets-sync provision" in str(err.value)


@pytest.mark.parametrize(
    "content",
    [b"", b"name,rank\nTable 1,1\n", b"PK\x03\x04 truncated zip", "zip without a workbook"],
    ids=["empty", "csv", "truncated", "other zip"],
)
def test_unreadable_file_is_corrupt_in_one_line(path: Path, content: bytes | str) -> None:
    path.parent.mkdir(parents=True)
    if isinstance(content, str):
        with zipfile.ZipFile(path, "w") as z:
            z.writestr("readme.txt", content)
    else:
        path.write_bytes(content)
    with pytest.raises(WorkbookCorrupt) as err:
        XlsxBackend(path).read()
    message = str(err.value)
    assert str(path) in message
    assert "\n" not in message
    assert "Traceback" not in message


def test_truncated_workbook_is_corrupt(made: XlsxBackend, path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    with pytest.raises(WorkbookCorrupt, match=r"sampleton\.xlsx"):
        made.read()


def test_a_folder_is_not_a_workbook(tmp_path: Path) -> None:
    with pytest.raises(WorkbookCorrupt, match="folder"):
        XlsxBackend(tmp_path).read()


# --------------------------------------------------------------------------- atomic saves


def crash_midway(wb: Workbook, stream: IO[bytes]) -> None:
    stream.write(b"PK\x03\x04 half a workbook")
    raise OSError(28, "No space left on device")


def test_a_crash_while_saving_leaves_the_old_file(made: XlsxBackend, path: Path) -> None:
    before = path.read_bytes()
    broken = XlsxBackend(path, writer=crash_midway)
    with pytest.raises(BackendError, match="No space left on device"):
        broken.apply([WriteRange("table_1", 1, 0, ((1,),))])
    assert path.read_bytes() == before
    assert leftovers(path.parent) == []
    assert made.read().get("table_1") is not None


def test_a_crash_while_creating_leaves_no_file(path: Path) -> None:
    def bug(wb: Workbook, stream: IO[bytes]) -> None:
        stream.write(b"PK")
        raise RuntimeError("writer bug")

    with pytest.raises(BackendError, match="writer bug"):
        XlsxBackend(path, writer=bug).create(workbooks.workshop())
    assert not path.exists()
    assert leftovers(path.parent) == []


def test_a_crash_while_replacing_keeps_old_file_and_backup(made: XlsxBackend, path: Path) -> None:
    before = path.read_bytes()
    with pytest.raises(BackendError):
        XlsxBackend(path, writer=crash_midway, clock=lambda: FIXED_NOW).create(
            [workbooks.about()], replace=True
        )
    assert path.read_bytes() == before
    assert leftovers(path.parent) == []


def test_a_file_saved_elsewhere_meanwhile_is_not_overwritten(made: XlsxBackend, path: Path) -> None:
    theirs = b"saved by Excel in the meantime"

    def racing(wb: Workbook, stream: IO[bytes]) -> None:
        wb.save(stream)
        path.write_bytes(theirs)

    with pytest.raises(BackendError, match="changed on disk"):
        XlsxBackend(path, writer=racing).apply([WriteRange("table_1", 1, 0, ((1,),))])
    assert path.read_bytes() == theirs
    assert leftovers(path.parent) == []


def test_saves_leave_no_temporary_files_and_keep_permissions(made: XlsxBackend, path: Path) -> None:
    path.chmod(0o640)
    made.apply([WriteRange("table_1", 1, 0, ((1,),))])
    assert (path.stat().st_mode & 0o777) == 0o640
    assert leftovers(path.parent) == []


def test_failed_change_leaves_the_file_byte_for_byte(made: XlsxBackend, path: Path) -> None:
    before = path.read_bytes()
    with pytest.raises(MissingTab, match="table_9"):
        made.apply([WriteRange("table_1", 1, 0, ((1,),)), WriteRange("table_9", 0, 0, (("x",),))])
    assert path.read_bytes() == before


# --------------------------------------------------------------------------- Excel's limits


def test_text_over_excels_limit_is_refused_naming_tab_and_cell(
    made: XlsxBackend, path: Path
) -> None:
    before = path.read_bytes()
    with pytest.raises(WorkbookError) as err:
        made.apply([WriteRange("table_1", 4, 2, (("y" * 32_768,),))])
    assert "'Table 1'" in str(err.value)
    assert "C5" in str(err.value)
    assert "32,767" in str(err.value)
    assert path.read_bytes() == before


def test_text_at_excels_limit_with_line_breaks_is_kept_whole(made: XlsxBackend) -> None:
    text = ("ab\r\n" * 8_192)[:32_767]
    made.apply([WriteRange("table_1", 4, 2, ((text,),))])
    table = made.read().get("table_1")
    assert table is not None
    assert table.value(4, 2) == text


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        (float("nan"), "cannot store"),
        (float("inf"), "cannot store"),
        (datetime(2026, 1, 1, tzinfo=FIXED_NOW.astimezone().tzinfo), "time zone"),
    ],
)
def test_values_excel_cannot_hold_are_refused(
    made: XlsxBackend, value: object, fragment: str
) -> None:
    with pytest.raises(WorkbookError, match=fragment):
        made.apply([WriteRange("table_1", 1, 0, ((value,),))])  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("title", "fragment"),
    [
        ("A" * 32, "31 characters"),
        ("Q1/Q2", "cannot contain"),
        ("'quoted'", "cannot contain"),
        ("about", "already a tab"),
        ("_SHEETS_SYNC", "already a tab"),
    ],
)
def test_titles_excel_would_reject_are_refused(
    made: XlsxBackend, title: str, fragment: str
) -> None:
    made.apply([SetChart("about", workbooks.points_chart())])
    with pytest.raises(WorkbookError, match=fragment):
        made.apply([UpdateTab("table_1", title=title)])


def test_a_second_tab_with_the_same_key_is_refused(made: XlsxBackend) -> None:
    with pytest.raises(WorkbookError, match="already a tab tagged 'table_1'"):
        made.apply([AddTab(TabSpec(key="table_1", title="Another"))])


def test_a_workbook_needs_a_visible_tab(path: Path) -> None:
    with pytest.raises(WorkbookError, match="not hidden"):
        XlsxBackend(path).create([AddTab(TabSpec(key="h", title="H", hidden=True))])
    assert not path.exists()


def test_renaming_only_the_case_is_allowed(made: XlsxBackend) -> None:
    made.apply([UpdateTab("about", title="ABOUT")])
    assert next(t.title for t in made.read()) == "ABOUT"


# --------------------------------------------------------------------------- backups


def test_backups_are_named_by_the_clock_and_never_overwritten(
    made: XlsxBackend, path: Path
) -> None:
    first = made.create([workbooks.about("Second")], replace=True)
    second = made.create([workbooks.about("Third")], replace=True)
    assert first == str(path.with_name("sampleton.backup-20261203-103000.xlsx"))
    assert second == str(path.with_name("sampleton.backup-20261203-103000-2.xlsx"))
    assert [t.title for t in XlsxBackend(first).read()] == ["About", "Table 1", "Gap 1"]
    assert [t.title for t in XlsxBackend(second).read()] == ["Second"]


def test_create_makes_the_folder(tmp_path: Path) -> None:
    deep = tmp_path / "a" / "b" / "w.xlsx"
    XlsxBackend(deep).create([workbooks.about()])
    assert deep.is_file()


# --------------------------------------------------------------------------- inside the file


def test_text_cells_are_text_with_a_quote_prefix(made: XlsxBackend, path: Path) -> None:
    made.apply([WriteRange("table_1", 1, 0, (("=1+1", "plain", "0044", Formula("SUM(1,2)")),))])
    ws = sheet(load(path), "Table 1")
    formula_like, plain, digits, formula = (ws.cell(2, c) for c in range(1, 5))
    assert (formula_like.data_type, formula_like.quotePrefix) == ("s", True)
    assert (plain.data_type, plain.quotePrefix) == ("s", False)
    assert digits.quotePrefix
    assert (formula.data_type, formula.value) == ("f", "=SUM(1,2)")


def test_tags_are_hidden_defined_names(made: XlsxBackend, path: Path) -> None:
    names = {n: (d.attr_text, d.hidden) for n, d in load(path).defined_names.items()}
    assert names["_ss_tab_tablex5f1"] == ("'Table 1'!$1:$1048576", True)
    assert names["_ss_anchor_tablex5f1_status"] == ("'Table 1'!$23:$23", True)


@given(st.text(min_size=1, max_size=40))
def test_key_encoding_round_trips(key: str) -> None:
    code = encode(key)
    assert re.fullmatch(r"[a-z0-9]+", code)
    assert decode(code) == key
    assert decode(code.upper()) == key


def test_unusual_keys_and_anchor_names_round_trip(path: Path) -> None:
    spec = TabSpec(key="Tábla 1_x/Ü", title="T", anchors={"Status Area_2": 4, "ü": 7})
    XlsxBackend(path).create([AddTab(spec)])
    tab = XlsxBackend(path).read().titled("T")
    assert tab is not None
    assert tab.key == "Tábla 1_x/Ü"
    assert tab.anchors == {"Status Area_2": 4, "ü": 7}


def test_overlong_key_is_refused(path: Path) -> None:
    with pytest.raises(WorkbookError, match="too long"):
        XlsxBackend(path).create([AddTab(TabSpec(key="k" * 300, title="T"))])


def test_layout_widths_styles_hidden_and_properties(path: Path) -> None:
    spec = TabSpec(
        key="t",
        title="T",
        column_widths={0: 12, 3: 40},
        styles=(
            Style(CellRange(0, 0, 0, 3), bold=True, fill="#DDEBF7", font_size=14),
            Style(CellRange(1, 1, None, 1), wrap=True, italic=True, font_color="#C00000"),
        ),
    )
    XlsxBackend(path).create([AddTab(spec, {(0, 0): "Head", (5, 1): "x"}), workbooks.gap()])
    wb = load(path)
    ws = sheet(wb, "T")
    assert ws.column_dimensions["A"].width == 12
    assert ws.column_dimensions["D"].width == 40
    head = ws["A1"]
    assert (head.font.b, head.font.sz, head.fill.fgColor.rgb) == (True, 14, "FFDDEBF7")
    assert ws["B6"].alignment.wrap_text and ws["B6"].font.i
    assert ws["B6"].font.color.rgb == "FFC00000"
    column_b = ws.column_dimensions["B"]
    assert column_b.alignment.wrap_text  # rows people add later wrap too
    assert wb.properties.creator == "sheets_sync"
    assert wb.properties.title == "sampleton"
    assert wb.calculation.fullCalcOnLoad


def test_hidden_tabs_are_hidden_and_the_records_tab_very_hidden(path: Path) -> None:
    backend = XlsxBackend(path)
    backend.create([workbooks.about(), workbooks.table(hidden=True)])
    backend.apply([SetChart("about", workbooks.points_chart())])
    wb = load(path)
    assert sheet(wb, "Table 1").sheet_state == "hidden"
    assert sheet(wb, "_sheets_sync").sheet_state == "veryHidden"
    assert wb.active is not None and wb.active.title == "About"
    assert [t.title for t in backend.read()] == ["About", "Table 1"]


def test_chart_is_a_readable_horizontal_bar_chart(made: XlsxBackend, path: Path) -> None:
    made.apply([SetChart("about", workbooks.points_chart())])
    (chart,) = sheet(load(path), "About")._charts
    assert chart.type == "bar"
    assert chart.x_axis.scaling.orientation == "maxMin"
    assert chart.legend is None
    assert chart.dataLabels.showVal
    (series,) = chart.series
    assert series.val.numRef.f == "'About'!$C$2:$C$18"
    assert series.cat.numRef.f == "'About'!$A$2:$A$18" or series.cat.strRef.f == (
        "'About'!$A$2:$A$18"
    )
    xml = zipfile.ZipFile(path).read("xl/drawings/drawing1.xml").decode()
    extent = re.search(r'<(?:xdr:)?ext cx="(\d+)" cy="(\d+)"', xml)
    assert extent is not None
    assert (int(extent.group(1)), int(extent.group(2))) == (640 * 9525, 480 * 9525)


# --------------------------------------------------------------------------- what openpyxl drops


def excel_style_dropdowns(path: Path, part: str) -> None:
    """Move a sheet's dropdowns into Excel 2010's extension list, as Excel does on save."""

    def change(xml: str) -> str:
        m = re.search(r"<dataValidations.*?</dataValidations>", xml)
        assert m is not None
        dv = re.search(r'sqref="([^"]+)"', m.group(0))
        f = re.search(r"<formula1>(.*?)</formula1>", m.group(0))
        assert dv is not None and f is not None
        ext = (
            '<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" '
            'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">'
            '<x14:dataValidations count="1" '
            'xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main">'
            '<x14:dataValidation type="list" allowBlank="1" showInputMessage="1">'
            f"<x14:formula1><xm:f>{f.group(1)}</xm:f></x14:formula1>"
            f"<xm:sqref>{dv.group(1)}</xm:sqref></x14:dataValidation></x14:dataValidations></ext>"
            '<ext uri="{05C60535-1F16-4fd2-B633-F4F36F0B64E0}" '
            'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">'
            "<x14:sparklineGroups/></ext></extLst>"
        )
        return xml.replace(m.group(0), "").replace("</worksheet>", ext + "</worksheet>")

    rewrite_part(path, part, change)


def test_dropdowns_excel_moved_to_its_extension_list_are_kept(
    made: XlsxBackend, path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    excel_style_dropdowns(path, "xl/worksheets/sheet2.xml")
    assert made.unkeepable_features() == ["tab 'Table 1': sparklines"]
    with caplog.at_level(logging.WARNING, logger="sheets_sync.backends.xlsx.adapter"):
        made.apply([WriteRange("table_1", 1, 0, ((1,),))])
    (dropdown,) = XlsxInspector(path).dropdowns("Table 1")
    assert (dropdown.where, dropdown.source_title) == (CellRange(1, 1, 20, 1), "About")
    assert made.lost_features == ["tab 'Table 1': sparklines"]
    assert "sparklines" in caplog.text


def add_shape(path: Path) -> None:
    """Give the Gap 1 tab a text box, in a drawing part of its own."""
    xdr = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"
    drawing = (
        f'<xdr:wsDr xmlns:xdr="{xdr}" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
        "<xdr:twoCellAnchor><xdr:from><xdr:col>1</xdr:col><xdr:colOff>0</xdr:colOff>"
        "<xdr:row>1</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:to><xdr:col>3</xdr:col>"
        "<xdr:colOff>0</xdr:colOff><xdr:row>4</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to>"
        '<xdr:sp><xdr:nvSpPr><xdr:cNvPr id="2" name="TextBox 1"/><xdr:cNvSpPr txBox="1"/>'
        "</xdr:nvSpPr><xdr:spPr/></xdr:sp><xdr:clientData/></xdr:twoCellAnchor></xdr:wsDr>"
    )
    rels = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId9" Target="../drawings/drawing9.xml" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing"/>'
        "</Relationships>"
    )
    rewrite_part(path, "xl/drawings/drawing9.xml", lambda _: drawing)
    rewrite_part(path, "xl/worksheets/_rels/sheet3.xml.rels", lambda _: rels)
    rewrite_part(
        path,
        "xl/worksheets/sheet3.xml",
        lambda xml: xml.replace(
            "</worksheet>",
            '<drawing xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships" r:id="rId9"/></worksheet>',
        ),
    )
    rewrite_part(
        path,
        "[Content_Types].xml",
        lambda xml: xml.replace(
            "</Types>",
            '<Override PartName="/xl/drawings/drawing9.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.drawing+xml"/></Types>',
        ),
    )


def test_shapes_a_save_would_drop_are_reported(made: XlsxBackend, path: Path) -> None:
    add_shape(path)
    made.apply([WriteRange("gap_1", 5, 0, (("row",),))])
    assert made.lost_features == ["tab 'Gap 1': 1 shape(s) or text box(es)"]
    made.apply([WriteRange("gap_1", 6, 0, (("row",),))])
    assert made.lost_features == []


def test_charts_people_made_are_kept_and_reported(made: XlsxBackend, path: Path) -> None:
    made.apply([SetChart("about", workbooks.points_chart())])
    wb = load(path)
    ws = sheet(wb, "Table 1")
    theirs = BarChart()
    theirs.title = "Our own chart"
    theirs.add_data(Reference(ws, min_col=1, min_row=1, max_row=5))
    ws.add_chart(theirs, "H2")
    wb.save(path)
    made.apply([WriteRange("table_1", 1, 0, ((1,),))])
    assert made.lost_features == [
        "tab 'Table 1': chart 'Our own chart' was not made by sheets_sync; openpyxl keeps its "
        "data but may lose its formatting"
    ]
    inspector = XlsxInspector(path)
    assert [c.title for c in inspector.charts("Table 1")] == ["Our own chart"]
    assert [c.title for c in inspector.charts("About")] == ["Points per principle"]


def test_a_chart_whose_tab_was_deleted_is_reported(made: XlsxBackend, path: Path) -> None:
    made.apply([SetChart("table_1", workbooks.points_chart())])
    wb = load(path)
    wb.remove(sheet(wb, "Table 1"))
    wb.save(path)
    made.apply([WriteRange("about", 30, 0, (("x",),))])
    assert made.lost_features == [
        "chart 'Points per principle': its tab 'table_1' is gone; not drawn"
    ]


def test_an_open_file_is_warned_about(
    made: XlsxBackend, path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path.with_name("~$" + path.name).write_bytes(b"lock")
    with caplog.at_level(logging.WARNING, logger="sheets_sync.backends.xlsx.adapter"):
        made.apply([WriteRange("table_1", 1, 0, ((1,),))])
    assert "open in Excel or LibreOffice" in caplog.text


def test_protection_allows_resizing_and_adding_rows(made: XlsxBackend, path: Path) -> None:
    protection = sheet(load(path), "Gap 1").protection
    assert protection.sheet
    assert protection.password is None
    assert not protection.insertRows
    assert not protection.formatColumns
    assert not protection.formatRows
    assert protection.formatCells


def test_style_and_protection_of_a_tab_with_a_locked_header_row(path: Path) -> None:
    spec = TabSpec(
        key="t",
        title="T",
        protections=(Protection(CellRange(0, 0, 1, None), "headers"),),
        styles=(Style(CellRange(0, 2, 0, None), bold=True),),
    )
    XlsxBackend(path).create([AddTab(spec)])
    view = XlsxInspector(path).protections("T")
    assert view.locked(0, 0) and view.locked(1, 9_000) and view.locked(0, 16_000)
    assert not view.locked(2, 0) and not view.locked(80_000, 16_000)
    ws = sheet(load(path), "T")
    assert ws.row_dimensions[1].font.b
    assert not ws["A1"].font.b
    assert (1, 3) not in ws._cells  # C1 takes the row's format, as in Excel


# --------------------------------------------------------------------------- LibreOffice


@pytest.fixture
def office(tmp_path: Path) -> Harness:
    harness = xlsx_harness(tmp_path / "lo" / "workshop.xlsx", clock=lambda: FIXED_NOW)
    harness.person = libreoffice_person(Path(harness.backend.location()), tmp_path / "lo-profile")
    return harness


@pytest.mark.libreoffice
@pytest.mark.parametrize(
    "contract_test",
    [
        test_identity.test_key_survives_a_person_renaming_the_tab,
        test_identity.test_anchors_follow_rows_a_person_inserts_above,
        test_identity.test_anchors_follow_rows_a_person_deletes_above,
        test_identity.test_tabs_people_add_have_no_key,
    ],
    ids=lambda f: f.__name__,
)
def test_person_edits_in_libreoffice(
    office: Harness, contract_test: Callable[[Harness], None]
) -> None:
    contract_test(office)


@pytest.mark.libreoffice
def test_workbook_survives_a_libreoffice_save(office: Harness) -> None:
    office.backend.create(workbooks.workshop())
    office.backend.apply([SetChart("about", workbooks.points_chart())])
    office.person.rename_tab("About", "Principles")
    office.backend.apply([WriteRange("table_1", 1, 0, ((1,),))])
    backend = office.reopen()
    assert isinstance(backend, XlsxBackend)
    assert backend.lost_features == []
    (dropdown,) = office.inspect.dropdowns("Table 1")
    assert dropdown.source_title == "Principles"
    assert [c.title for c in office.inspect.charts("Principles")] == ["Points per principle"]
    view = office.inspect.protections("Gap 1")
    assert view.locked(0, 0) and not view.locked(5_000, 2) and view.locked(5_000, 6)
    table = backend.read().get("table_1")
    assert table is not None and table.value(1, 0) == 1


@pytest.mark.libreoffice
def test_workbook_renders_in_libreoffice(made: XlsxBackend, path: Path, tmp_path: Path) -> None:
    soffice = require("soffice", "libreoffice")
    made.apply([SetChart("about", workbooks.points_chart())])
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path / "pdf"),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = tmp_path / "pdf" / "sampleton.pdf"
    assert pdf.stat().st_size > 1_000
