"""The analysts' DataFrames, on the demo workbook: shapes, dtypes and values."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from sheets_sync.backends import open_backend
from sheets_sync.backends.memory import MemoryBackend
from sheets_sync.config import load_config
from sheets_sync.core.principles import BY_CODE
from sheets_sync.model import WriteRange
from sheets_sync.report.frames import (
    GAP_ROW_COLUMNS,
    RANKING_COLUMNS,
    TALLY_COLUMNS,
    WorkshopFrames,
    aggregate_frame,
    gaps_frame,
    rankings_frame,
    workshop_frames,
)
from sheets_sync.tabs.gap import gap_layout
from sheets_sync.tabs.keys import gap_key
from sheets_sync.workshop import demo
from sheets_sync.workshop.facade import Workshop
from tests.workshop.test_workshop import agree

STRING = pd.StringDtype()


@pytest.fixture(scope="module")
def demo_workshop(tmp_path_factory: pytest.TempPathFactory) -> Workshop:
    out = tmp_path_factory.mktemp("demo")
    demo.run_demo(out, echo=None)
    config = load_config(out / "sampleton.toml")
    return Workshop(config, open_backend(config))


@pytest.fixture(scope="module")
def frames(demo_workshop: Workshop) -> WorkshopFrames:
    return workshop_frames(demo_workshop)


def test_rankings_one_row_per_rank_of_each_valid_table(frames: WorkshopFrames) -> None:
    r = frames.rankings
    assert list(r.columns) == list(RANKING_COLUMNS)
    assert r.shape == (5 + 6 + 5 + 5 + 5, 4)  # Table 2 ranked six; Table 5 stays invalid
    assert "Table 5" not in set(r["table"])
    assert r.dtypes.to_dict() == {
        "table": STRING,
        "rank": "int64",
        "code": STRING,
        "principle": STRING,
    }
    table_2 = r[r["table"] == "Table 2"]
    assert table_2["rank"].tolist() == [1, 2, 3, 4, 5, 6]
    assert table_2["code"].tolist() == [
        "MESO-3",
        "MICRO-2",
        "MACRO-2",
        "MICRO-1",
        "MESO-1",
        "MICRO-7",
    ]
    assert table_2["principle"].iloc[0] == BY_CODE["MESO-3"].text
    assert (r.groupby("table")["rank"].min() == 1).all()


def test_aggregate_one_row_per_principle_with_every_tally_field(
    frames: WorkshopFrames, demo_workshop: Workshop
) -> None:
    a = frames.aggregate
    assert a.shape == (17, len(TALLY_COLUMNS))
    assert list(a.columns) == list(TALLY_COLUMNS)
    assert a.dtypes["best_rank"] == "Int64" and a.dtypes["score"] == "Int64"
    assert a.dtypes["mean_rank"] == "float64" and a.dtypes["points"] == "int64"
    assert a.dtypes["code"] == STRING and a.dtypes["suggested"] == "bool"
    assert sorted(a["code"]) == sorted(BY_CODE)
    top = a.iloc[0]
    assert (top["code"], top["tables"], top["points"], top["position"]) == ("MESO-3", 5, 23, 1)
    assert top["mean_rank"] == pytest.approx(1.4)
    assert top["score"] == demo.SCORES["MESO-3"]
    assert a["suggested"].sum() == 5
    assert a.loc[a["suggested"], "code"].tolist()[:2] == ["MESO-3", "MICRO-1"]
    unchosen = a[~a["chosen"]]
    assert unchosen["mean_rank"].isna().all() and unchosen["best_rank"].isna().all()
    assert (unchosen["points"] == 0).all()
    assert a["tied_with"].map(lambda v: isinstance(v, tuple)).all()


def test_gaps_one_row_per_filled_row(frames: WorkshopFrames) -> None:
    g = frames.gaps
    assert list(g.columns) == list(GAP_ROW_COLUMNS)
    assert g.shape == (2, len(GAP_ROW_COLUMNS))
    assert g.dtypes["priority"] == "Int64" and g.dtypes["row"] == "int64"
    assert all(g.dtypes[c] == STRING for c in ("code", "status", "gaps", "row_id"))
    assert g["code"].tolist() == ["MESO-3", "MESO-3"]
    assert g["priority"].tolist() == [1, 1]
    assert g["status"].tolist() == ["current", "current"]
    assert g["in_place"].tolist() == [demo.GAP_ROWS[0][0], demo.GAP_ROWS[1][0]]
    assert g["recommendations"].iloc[1] == demo.GAP_ROWS[1][4]
    assert g["ideal"].iloc[0] == BY_CODE["MESO-3"].label
    assert pd.isna(g["ideal"].iloc[1])
    assert g["row_id"].str.match(r"^r-[0-9a-f]{6}$").all()
    assert g["row"].tolist() == [5, 6]


def test_rows_people_add_below_and_superseded_tabs(memory_workshop: Workshop) -> None:
    for n, rows in demo.ENTRIES.items():
        demo._fill(memory_workshop, n, rows)
    memory_workshop.sync()
    five = ["MESO-3", "MICRO-1", "MACRO-2", "MICRO-2", "MACRO-1"]
    agree(memory_workshop, five)
    memory_workshop.gap()
    lay = gap_layout(memory_workshop.templates)
    below = lay.first_row + lay.rows + 3
    memory_workshop.backend.apply(
        [
            WriteRange(gap_key("MACRO-1"), lay.first_row, 3, (("No data", 42),)),
            WriteRange(gap_key("MICRO-1"), below, 1, (("=added by a person",),)),
        ]
    )
    agree(memory_workshop, [*five[:4], "MESO-2"])
    memory_workshop.gap()
    g = gaps_frame(memory_workshop.backend.read(), memory_workshop.templates)
    by_code = g.set_index("code")
    assert by_code.loc["MACRO-1", "status"] == "superseded"
    assert by_code.loc["MACRO-1", "priority"] == 5
    assert by_code.loc["MACRO-1", "gaps"] == "No data"
    assert by_code.loc["MACRO-1", "training"] == "42"
    assert by_code.loc["MICRO-1", "in_place"] == "=added by a person"
    assert g.loc[g["code"] == "MICRO-1", "row_id"].isna().all()
    assert g.loc[g["code"] == "MACRO-1", "row_id"].notna().all()
    assert by_code.loc["MICRO-1", "row"] == below + 1


def test_empty_inputs_keep_their_columns_and_dtypes(memory_workshop: Workshop) -> None:
    backend = memory_workshop.backend
    assert isinstance(backend, MemoryBackend)
    reads = backend.reads
    f = workshop_frames(memory_workshop)
    assert backend.reads == reads + 1
    assert f.rankings.shape == (0, 4) and f.rankings.dtypes["rank"] == "int64"
    assert f.gaps.shape == (0, len(GAP_ROW_COLUMNS)) and f.gaps.dtypes["priority"] == "Int64"
    assert f.aggregate.shape == (17, len(TALLY_COLUMNS))
    assert not f.aggregate["suggested"].any()
    assert rankings_frame([]).empty
    assert aggregate_frame(memory_workshop.consensus_of([])).shape[0] == 17


def test_frames_keep_the_order_people_see(frames: WorkshopFrames, tmp_path: Path) -> None:
    frames.aggregate.to_csv(tmp_path / "aggregate.csv", index=False)
    back = pd.read_csv(tmp_path / "aggregate.csv")
    assert back["code"].tolist() == frames.aggregate["code"].tolist()
