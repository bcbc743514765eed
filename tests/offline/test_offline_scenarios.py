"""Mirror → edit on both sides → push, as a table of scenarios, on the Google fake and on an
.xlsx standing in for it. Each scenario states the final state of both sides, and every
scenario ends with the same invariant: a second push writes nothing on either side."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from sheets_sync.backends.google.fake.fake import FakeGoogle
from sheets_sync.model import CellValue, Formula, WorkbookSnapshot
from sheets_sync.offline.local import placeholder
from sheets_sync.offline.sync import PushResult
from tests.offline_worlds import GAP, Action, World, google_world, value, xlsx_world

LONG = "All work and no play. " * 1818  # 39,996 characters
assert 32_767 < len(LONG) < 50_000
UNICODE = "Café — naïve ünïcödé, 中文, עברית, emoji 🧠👩🏽‍⚕️🏳️‍🌈"
CRLF = "first line\r\nsecond line\r\n\ttabbed"
Cell = tuple[str, str]  # (tab title, A1)


@dataclass(frozen=True)
class Scenario:
    name: str
    before: tuple[Action, ...] = ()  # online, before the mirror
    offline: tuple[Action, ...] = ()
    online: tuple[Action, ...] = ()
    prefer: str | None = None
    #: Final values: the same on both sides unless listed in ``local``/``online_only``.
    both: dict[Cell, CellValue] = field(default_factory=dict)
    local: dict[Cell, CellValue] = field(default_factory=dict)
    online_only: dict[Cell, CellValue] = field(default_factory=dict)
    conflicts: tuple[str, ...] = ()  # "Title!A1" of each conflict
    online_writes: int | None = None  # batchUpdate requests the push may make (Google)
    check: Callable[[World, WorkbookSnapshot, PushResult], None] | None = None
    google_only: bool = False
    #: Also run between two .xlsx files (the offline path without Google).
    on_files: bool = False


def _sorted_rows(world: World, local: WorkbookSnapshot, _: PushResult) -> None:
    rows = {world.online_value(GAP, f"B{r}"): world.online_value(GAP, f"C{r}") for r in (5, 6, 7)}
    assert rows["cherry"] == "edited offline"
    assert rows["apple"] is None
    assert value(local, GAP, "C5") == "edited offline"  # the local order is the file's own


def _inserted_row(world: World, local: WorkbookSnapshot, _: PushResult) -> None:
    tab = local.titled(GAP)
    assert tab is not None
    assert [tab.text(r, 1) for r in range(4, 50)].count("inserted online") == 1


def _new_rows(world: World, local: WorkbookSnapshot, _: PushResult) -> None:
    tab = local.titled(GAP)
    assert tab is not None
    online = [
        (world.online_value(GAP, f"B{r}"), world.online_value(GAP, f"G{r}")) for r in range(5, 50)
    ]
    here = [(tab.value(r - 1, 1), tab.value(r - 1, 6)) for r in range(5, 50)]
    for rows in (online, here):
        new = [(text, rid) for text, rid in rows if text in ("new offline", "new online")]
        assert sorted(text for text, _ in new) == ["new offline", "new online"]
        assert len({rid for _, rid in new}) == 2 and all(rid for _, rid in new)


def _deleted_untouched(world: World, local: WorkbookSnapshot, r: PushResult) -> None:
    assert GAP not in world.online_titles()
    assert any("deleted online" in n for n in r.notes)


SCENARIOS = [
    Scenario(
        "edit offline only",
        offline=(("set", GAP, "B5", "Crisis line staffed 24/7"),),
        both={(GAP, "B5"): "Crisis line staffed 24/7"},
        online_writes=1,
        on_files=True,
    ),
    Scenario(
        "edit online only",
        online=(("set", GAP, "C6", "Pilot in two schools"),),
        both={(GAP, "C6"): "Pilot in two schools"},
        online_writes=0,
        on_files=True,
    ),
    Scenario(
        "different cells on both sides",
        offline=(("set", GAP, "B5", "offline B5"),),
        online=(("set", GAP, "D5", "online D5"),),
        both={(GAP, "B5"): "offline B5", (GAP, "D5"): "online D5"},
        online_writes=1,
    ),
    Scenario(
        "same cell on both sides: a conflict, nothing written",
        offline=(("set", GAP, "B5", "offline says"),),
        online=(("set", GAP, "B5", "online says"),),
        local={(GAP, "B5"): "offline says"},
        online_only={(GAP, "B5"): "online says"},
        conflicts=(f"{GAP}!B5",),
        online_writes=0,
        on_files=True,
    ),
    Scenario(
        "same cell on both sides, --prefer local",
        offline=(("set", GAP, "B5", "offline says"),),
        online=(("set", GAP, "B5", "online says"),),
        prefer="local",
        both={(GAP, "B5"): "offline says"},
        online_writes=1,
    ),
    Scenario(
        "same value on both sides: no conflict",
        offline=(("set", GAP, "E5", "Trauma-informed practice"),),
        online=(("set", GAP, "E5", "Trauma-informed practice"),),
        both={(GAP, "E5"): "Trauma-informed practice"},
        online_writes=0,
    ),
    Scenario(
        "a row inserted online above an edited gap row",
        offline=(("set", GAP, "B6", "edited offline"),),
        online=(("insert", GAP, 5), ("set", GAP, "B5", "inserted online")),
        local={(GAP, "B6"): "edited offline"},
        online_only={(GAP, "B5"): "inserted online", (GAP, "B7"): "edited offline"},
        check=_inserted_row,
        google_only=True,
    ),
    Scenario(
        "rows sorted online",
        before=(
            ("set", GAP, "B5", "cherry"),
            ("set", GAP, "B6", "apple"),
            ("set", GAP, "B7", "banana"),
        ),
        offline=(("set", GAP, "C5", "edited offline"),),
        online=(("sort", GAP, 5, 7, "B"),),
        check=_sorted_rows,
        google_only=True,
    ),
    Scenario(
        "a tab renamed online",
        offline=(("set", "Table 1", "C6", "why we chose it"),),
        online=(("rename", "Table 1", "Tisch 1"),),
        both={("Tisch 1", "C6"): "why we chose it"},
        google_only=True,
    ),
    Scenario(
        "a gap tab deleted online, untouched offline",
        online=(("delete", GAP),),
        check=_deleted_untouched,
        google_only=True,
    ),
    Scenario(
        "a gap tab deleted online, edited offline: recreated",
        offline=(("set", GAP, "B5", "keep me"),),
        online=(("delete", GAP),),
        both={(GAP, "B5"): "keep me"},
        google_only=True,
    ),
    Scenario(
        "new gap rows on both sides",
        offline=(("set", GAP, "B46", "new offline"),),
        online=(("set", GAP, "B47", "new online"),),
        check=_new_rows,
        on_files=True,
    ),
    Scenario(
        "text that looks like a formula stays text",
        offline=(("set", GAP, "B5", "=SUM(A1:A3)"), ("set", GAP, "C5", "+44 20 7946 0000")),
        both={(GAP, "B5"): "=SUM(A1:A3)", (GAP, "C5"): "+44 20 7946 0000"},
        on_files=True,
    ),
    Scenario(
        "unicode, emoji and 40,000 characters, never cut",
        offline=(("set", GAP, "B5", UNICODE),),
        online=(("set", GAP, "C5", LONG),),
        both={(GAP, "B5"): UNICODE},
        local={(GAP, "C5"): placeholder(LONG)},
        online_only={(GAP, "C5"): LONG},
    ),
    Scenario(
        "CRLF text round trip: nothing written",
        before=(("set", GAP, "B5", CRLF),),
        both={(GAP, "B5"): CRLF},
        online_writes=0,
        on_files=True,
    ),
]


def _run(world: World, s: Scenario, fake: FakeGoogle | None) -> None:
    world.do_online(s.before)
    world.sync.mirror()
    world.do_local(s.offline)
    world.do_online(s.online)
    if fake is not None:
        fake.reset_counts()
    result = world.sync.push(prefer=s.prefer)  # type: ignore[arg-type]
    if fake is not None:
        writes = fake.count("sheets.spreadsheets.batchUpdate") + fake.count(
            "sheets.spreadsheets.values.update"
        )
        assert writes <= (s.online_writes if s.online_writes is not None else 1)
        assert fake.count("sheets.spreadsheets.batchUpdate") <= 2
    assert [c.tab_title + "!" + c.cell for c in result.conflicts] == list(s.conflicts)
    for c in result.conflicts:
        assert c.local is not None and c.online is not None
    local = world.local.read()
    world.forget()
    for (title, cell), v in {**s.both, **s.online_only}.items():
        got = world.online_value(title, cell)
        assert got == v and type(got) is str and not isinstance(got, Formula), (title, cell)
    for (title, cell), v in {**s.both, **s.local}.items():
        assert value(local, title, cell) == v, (title, cell)
    if s.check is not None:
        s.check(world, local, result)
    if fake is not None:
        fake.reset_counts()
    again = world.sync.push(prefer=s.prefer)  # type: ignore[arg-type]
    assert (again.online_cells, again.local_cells, again.renewed) == (0, 0, False)
    assert len(again.conflicts) == len(s.conflicts)
    if fake is not None:
        assert fake.count("sheets.spreadsheets.batchUpdate") == 0


@pytest.mark.parametrize("s", SCENARIOS, ids=[s.name for s in SCENARIOS])
def test_scenario_on_google(
    s: Scenario, tmp_path: Path, google_fake: FakeGoogle, service_account_file: Path
) -> None:
    _run(google_world(tmp_path, google_fake, service_account_file), s, google_fake)
    assert google_fake.schema_violations == []


FILE_SCENARIOS = [s for s in SCENARIOS if s.on_files]


@pytest.mark.parametrize("s", FILE_SCENARIOS, ids=[s.name for s in FILE_SCENARIOS])
def test_scenario_between_two_files(s: Scenario, tmp_path: Path) -> None:
    _run(xlsx_world(tmp_path), s, None)
