"""The 17 principles must match the seed document byte for byte."""

from __future__ import annotations

import re

from sheets_sync.core.principles import BY_CODE, CODES, PRINCIPLES
from tests.tools import FIXTURES, SEEDS

SEED = SEEDS / "prioritisation-exercise.txt"
SHIPPED = FIXTURES / "prioritisation-exercise.txt"


def seed_principles() -> dict[str, str]:
    source = SEED if SEED.exists() else SHIPPED
    text = source.read_text(encoding="utf-8").replace("[bookmark: _GoBack]", "")
    lines = [line.strip() for line in text.splitlines()]
    found = {}
    for i, line in enumerate(lines):
        m = re.fullmatch(r"(MACRO|MESO|MICRO) PRINCIPLE (\d):", line)
        if m:
            following = next(x for x in lines[i + 1 :] if x)
            found[f"{m[1]}-{m[2]}"] = following
    return found


def test_wording_is_verbatim() -> None:
    seed = seed_principles()
    assert len(seed) == 17
    assert {p.code: p.text for p in PRINCIPLES} == seed


def test_codes_levels_and_labels() -> None:
    assert CODES[:5] == tuple(f"MACRO-{i}" for i in range(1, 6))
    assert [p.level for p in PRINCIPLES].count("micro") == 7
    assert BY_CODE["MACRO-1"].text == "A locality\u2019s mental health policy is interagency"
    assert BY_CODE["MESO-3"].label.startswith("MESO-3: Help delivered")
    assert BY_CODE["MICRO-7"].heading == "MICRO PRINCIPLE 7"
