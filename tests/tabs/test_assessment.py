"""Assessment scores: seeded from the config, edited on the Assessment tab, used everywhere."""

from __future__ import annotations

import pytest

from sheets_sync.backends.memory import MemoryBackend
from sheets_sync.core.principles import CODES
from sheets_sync.model import WriteRange
from sheets_sync.tabs.about import about_layout
from sheets_sync.tabs.assessment import SCORE_COL, header_row
from sheets_sync.tabs.consensus import CONSENSUS_LAYOUT
from sheets_sync.tabs.keys import ABOUT, ASSESSMENT, CONSENSUS, table_key
from sheets_sync.tabs.table import table_layout
from sheets_sync.workshop import demo
from sheets_sync.workshop.facade import Workshop

ROW = {code: i for i, code in enumerate(CODES)}


def assessment_row(ws: Workshop, code: str) -> int:
    return header_row(ws.templates) + 1 + ROW[code]


def set_score(ws: Workshop, code: str, value: object) -> None:
    ws.backend.apply([WriteRange(ASSESSMENT, assessment_row(ws, code), SCORE_COL, ((value,),))])


def test_provision_seeds_the_tab_and_about_from_the_config(memory_workshop: Workshop) -> None:
    snap = memory_workshop.backend.read()
    tab = snap.get(ASSESSMENT)
    assert tab is not None
    assert tab.value(assessment_row(memory_workshop, "MESO-3"), 0) == "MESO-3"
    assert tab.value(assessment_row(memory_workshop, "MESO-3"), SCORE_COL) == demo.SCORES["MESO-3"]
    assert memory_workshop.scores(snap).values == demo.SCORES
    assert memory_workshop.scores(snap).source == "assessment tab"


def test_an_edited_score_reaches_every_tab(memory_workshop: Workshop) -> None:
    for n, rows in demo.ENTRIES.items():
        demo._fill(memory_workshop, n, rows)
    memory_workshop.sync()
    set_score(memory_workshop, "MESO-3", 4)
    set_score(memory_workshop, "MICRO-6", None)
    result = memory_workshop.sync()
    assert result.notes == ()
    assert result.consensus is not None
    assert result.consensus.tally("MESO-3").score == 4
    snap = memory_workshop.backend.read()
    about = snap.get(ABOUT)
    assert about is not None
    first = about_layout(memory_workshop.templates).header_row + 1
    assert about.value(first + ROW["MESO-3"], 4) == 4
    assert about.value(first + ROW["MESO-3"], 5) == "THRIVE-like"
    assert about.value(first + ROW["MICRO-6"], 5) == "Not scored"
    table = snap.get(table_key(1))
    assert table is not None
    assert table.value(table_layout(memory_workshop.templates).first_entry, 3) == "4 (thrive-like)"
    consensus = snap.get(CONSENSUS)
    assert consensus is not None
    top = CONSENSUS_LAYOUT.aggregate + 2
    assert consensus.value(top, 1) == "MESO-3"
    assert consensus.value(top, 7) == "4 (thrive-like)"
    assert memory_workshop.sync().writes == 0


@pytest.mark.parametrize("bad", ["five", 0, 5, 2.5, True])
def test_a_bad_score_is_named_and_left_out(memory_workshop: Workshop, bad: object) -> None:
    set_score(memory_workshop, "MACRO-2", bad)
    result = memory_workshop.sync()
    cell = f"C{assessment_row(memory_workshop, 'MACRO-2') + 1}"
    assert len(result.notes) == 1
    assert result.notes[0].startswith(f"Assessment!{cell}: ")
    assert "whole number from 1" in result.notes[0]
    assert "MACRO-2" not in memory_workshop.scores(memory_workshop.backend.read()).values


def test_a_workbook_without_the_tab_uses_the_config_until_provisioned(
    memory_workshop: Workshop,
) -> None:
    backend = memory_workshop.backend
    assert isinstance(backend, MemoryBackend)
    backend.person_deletes_tab("Assessment")
    snap = backend.read()
    assert memory_workshop.scores(snap).source == "config"
    assert memory_workshop.sync().notes == ()
    assert memory_workshop.provision().added == ("Assessment",)
    assert memory_workshop.scores(backend.read()).source == "assessment tab"
