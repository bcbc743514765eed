"""The [microsoft] section: every key checked, one line naming the key and the fix."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from sheets_sync.config import parse_config
from sheets_sync.errors import ConfigError

BASE: dict[str, Any] = {
    "workshop": {"locality": "Sampleton"},
    "tables": [{"name": "Table 1"}],
    "backend": {"kind": "microsoft"},
}
GOOD = {"tenant": "contoso.onmicrosoft.com", "client_id": "5f1c2d3e-0000-4000-8000-123456789abc"}


def parse(section: dict[str, Any], tmp_path: Path) -> Any:
    return parse_config(tmp_path / "w.toml", {**BASE, "microsoft": section})


def test_a_complete_section_is_read(tmp_path: Path) -> None:
    cfg = parse({**GOOD, "folder": "/Workshops/Sampleton/", "notify": True}, tmp_path)
    assert cfg.backend == "microsoft"
    ms = cfg.microsoft
    assert (ms.tenant, ms.sign_in, ms.folder, ms.site, ms.notify) == (
        "contoso.onmicrosoft.com",
        "user",
        "Workshops/Sampleton",
        None,
        True,
    )
    assert cfg.state_file == tmp_path / "w.state.json"


@pytest.mark.parametrize(
    ("section", "message"),
    [
        ({**GOOD, "foldr": "x"}, "[microsoft] foldr: unknown key; did you mean folder?"),
        ({**GOOD, "secret": "x"}, "[microsoft] secret: unknown key; did you mean secret_file?"),
        ({"client_id": GOOD["client_id"]}, "microsoft.tenant: missing"),
        ({**GOOD, "tenant": "not a tenant"}, "neither a directory id nor a domain"),
        ({**GOOD, "sign_in": "robot"}, 'use "user" or "app"'),
        ({**GOOD, "sign_in": "app"}, "microsoft.site: an app"),
        ({**GOOD, "site": "example.com/sites/x"}, "write host:/sites/name"),
        ({**GOOD, "notify": "yes"}, "microsoft.notify: write true or false"),
        ({**GOOD, "folder": 3}, "microsoft.folder: must be text"),
    ],
)
def test_bad_sections_name_the_key_and_the_fix(
    section: dict[str, Any], message: str, tmp_path: Path
) -> None:
    with pytest.raises(ConfigError, match=re.escape(message)) as err:
        parse(section, tmp_path)
    assert str(err.value).startswith(str(tmp_path / "w.toml"))
    assert "\n" not in str(err.value)


def test_an_xlsx_workshop_may_leave_the_section_out(tmp_path: Path) -> None:
    cfg = parse_config(tmp_path / "w.toml", {**BASE, "backend": {"kind": "xlsx"}})
    assert cfg.microsoft.tenant == ""
