"""The 17 THRIVE principles, verbatim from the i-THRIVE prioritisation exercise.

The wording is shown to people and must stay byte-for-byte as in the source document
(typographic apostrophes included); ``tests/test_principles.py`` checks it against the seed.
Codes are ``MACRO-1``..``MACRO-5``, ``MESO-1``..``MESO-5`` and ``MICRO-1``..``MICRO-7``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

Level = Literal["macro", "meso", "micro"]

LEVEL_NAMES: Final[dict[str, str]] = {
    "macro": "Macro (strategic / organisational)",
    "meso": "Meso (service)",
    "micro": "Micro (individual)",
}


@dataclass(frozen=True)
class Principle:
    """One THRIVE principle: a stable code, its level and number, and its exact wording."""

    code: str
    level: Level
    number: int
    text: str

    @property
    def label(self) -> str:
        """The dropdown label people pick from: code and text, e.g. ``MESO-3: Help delivered…``."""
        return f"{self.code}: {self.text}"

    @property
    def heading(self) -> str:
        """The heading used in the source document, e.g. ``MESO PRINCIPLE 3``."""
        return f"{self.level.upper()} PRINCIPLE {self.number}"


_WORDING: Final[tuple[tuple[Level, int, str], ...]] = (
    ("macro", 1, "A locality\u2019s mental health policy is interagency"),
    (
        "macro",
        2,
        "All agencies are involved in commissioning care (education, health, social care, "
        "third sector)",
    ),
    (
        "macro",
        3,
        "Contracting of services, and the performance management of these, is informed "
        "by quality improvement information",
    ),
    (
        "macro",
        4,
        "Use of population level preference data is used to support commissioning decisions.",
    ),
    (
        "macro",
        5,
        "Services working closely together such that service users experience "
        "integration of care positively",
    ),
    ("meso", 1, "Comprehensive network of community providers is in place"),
    (
        "meso",
        2,
        "Quality Improvement (QI) data used to inform decisions, and this involves "
        "multiagency consideration of the data",
    ),
    ("meso", 3, "Help delivered using conceptual framework of five needs based groups"),
    ("meso", 4, "Focus on strengths and family resources wherever possible"),
    (
        "meso",
        5,
        "Evidence based practice available and aligned to need using the 19 sub "
        "categories of Needs based groups as relevant e.g. from Payment Systems",
    ),
    ("micro", 1, "Shared Decision Making (SDM) at the heart of all decisions"),
    (
        "micro",
        2,
        "People (staff, CYP and families) are clear about which needs based group they "
        "are working within for any one person at any one time and this explicit to all",
    ),
    (
        "micro",
        3,
        "People (staff, CYP and families) are clear about parameters for help and "
        "reasons for ending",
    ),
    (
        "micro",
        4,
        "Outcome data is used to inform individual practice with the purpose of improving quality",
    ),
    (
        "micro",
        5,
        "Any intervention would involve explicit agreement from the beginning about the "
        "outcome being worked towards and the likely timeframe. There would be a plan "
        "for what happens if it is not achieved.",
    ),
    ("micro", 6, "Most experienced practitioners inform advice and signposting"),
    ("micro", 7, "THRIVE plans used to help those managing risk"),
)

PRINCIPLES: Final[tuple[Principle, ...]] = tuple(
    Principle(code=f"{level.upper()}-{number}", level=level, number=number, text=text)
    for level, number, text in _WORDING
)

BY_CODE: Final[dict[str, Principle]] = {p.code: p for p in PRINCIPLES}

CODES: Final[tuple[str, ...]] = tuple(p.code for p in PRINCIPLES)


def principle(code: str) -> Principle:
    """Return the principle with this canonical code; ``KeyError`` if there is none."""
    return BY_CODE[code]
