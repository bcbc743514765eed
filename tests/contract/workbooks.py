"""Small workbooks the contract tests build: a principles tab, a table tab, a gap tab."""

from __future__ import annotations

from sheets_sync.model import (
    AddTab,
    CellRange,
    CellValue,
    ChartSpec,
    Dropdown,
    Protection,
    Style,
    TabSpec,
)

PRINCIPLES = [f"MICRO-{i}: principle number {i}" for i in range(1, 18)]
#: The principle labels on the About tab: column B, rows 1..17.
LABELS = CellRange(1, 1, 17, 1)


def about(title: str = "About") -> AddTab:
    spec = TabSpec(
        key="about",
        title=title,
        column_widths={0: 12, 1: 60, 2: 10},
        frozen_rows=1,
        styles=(Style(CellRange(0, 0, 0, 2), bold=True, fill="#DDEBF7"),),
        protections=(Protection(None, "About is written by the tool"),),
        anchors={"principles": 1},
        tab_color="#1F4E79",
    )
    cells: dict[tuple[int, int], CellValue] = {(0, 0): "Code", (0, 1): "Principle", (0, 2): "Pts"}
    for i, label in enumerate(PRINCIPLES, start=1):
        cells[(i, 0)] = label.split(":")[0]
        cells[(i, 1)] = label
        cells[(i, 2)] = 20 - i
    return AddTab(spec, cells)


def table(n: int = 1, *, hidden: bool = False) -> AddTab:
    """A table's tab: a header row (locked), entries in rows 1..20 with a principle dropdown
    in column B, and a status area anchored at row 22."""
    spec = TabSpec(
        key=f"table_{n}",
        title=f"Table {n}",
        column_widths={0: 8, 1: 50, 2: 60},
        frozen_rows=1,
        frozen_cols=1,
        dropdowns=(Dropdown(CellRange(1, 1, 20, 1), "about", LABELS),),
        protections=(
            Protection(CellRange(0, 0, 0, None), "headers"),
            Protection(CellRange(22, 0, 25, 2), "status, written by the tool"),
        ),
        styles=(Style(CellRange(1, 2, None, 2), wrap=True),),
        anchors={"entries": 1, "status": 22},
        hidden=hidden,
    )
    return AddTab(spec, {(0, 0): "Rank", (0, 1): "Principle", (0, 2): "Why", (22, 0): "Status"})


def gap(n: int = 1) -> AddTab:
    """A gap tab: protected, except the six person columns from row 2 down to the last row."""
    spec = TabSpec(
        key=f"gap_{n}",
        title=f"Gap {n}",
        column_widths={c: 30 for c in range(6)},
        frozen_rows=2,
        protections=(
            Protection(None, "only the six columns", exceptions=(CellRange(2, 0, None, 5),)),
        ),
    )
    return AddTab(spec, {(0, 0): f"Gap analysis {n}", (1, 0): "Ideal", (1, 1): "In place"})


def points_chart(title: str = "Points per principle") -> ChartSpec:
    return ChartSpec(
        key="points",
        title=title,
        rows=(1, 17),
        category_col=0,
        value_cols=(2,),
        series_names=("Points",),
        anchor=(1, 4),
        width_px=640,
        height_px=480,
    )


def workshop() -> list[AddTab]:
    return [about(), table(1), gap(1)]
