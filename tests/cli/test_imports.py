"""What each command imports, read from ``sys.modules`` in a fresh interpreter (never timed).

``--help`` must load none of the heavy libraries; a command loads what its backend and its
work need and nothing more: an .xlsx command no Google library and no pandas, a Google
command no openpyxl and no pandas. (openpyxl itself imports numpy whenever it is installed, to
know numpy's number types, so numpy comes with the .xlsx backend.)
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from sheets_sync.cli import main
from sheets_sync.cli.main import COMMANDS
from tests.tools import REPO

HEAVY = ("pandas", "numpy", "openpyxl", "gspread", "google", "msal", "requests", "PIL")
GOOGLE = {"gspread", "google", "requests", "msal"}

RUN = """
import json, sys
from sheets_sync.cli import main
code = main(sys.argv[1:])
print(json.dumps([code, sorted({m.split(".")[0] for m in sys.modules})]))
"""

ON_GOOGLE = """
import json, sys
from pathlib import Path
from sheets_sync.backends.google.fake.fake import FakeGoogle
from sheets_sync.backends.google.fake.oauth import generate_private_key_pem, service_account_info
before = {m.split(".")[0] for m in sys.modules}
tmp = Path(sys.argv[1])
info = service_account_info(generate_private_key_pem())
(tmp / "key.json").write_text(json.dumps(info))
with FakeGoogle() as fake:
    fake.register_service_account(info)
    folder = fake.add_folder("Workshops", parent=fake.add_shared_drive())
    (tmp / "g.toml").write_text(
        "[workshop]\\nlocality = 'X'\\n[[tables]]\\nname = 'T'\\n[backend]\\nkind = 'google'\\n"
        f"[google]\\ncredentials = '{tmp / 'key.json'}'\\nfolder_id = '{folder}'\\n"
    )
    from sheets_sync.cli import main
    codes = [main([cmd, "-c", str(tmp / "g.toml")]) for cmd in sys.argv[2:]]
after = {m.split(".")[0] for m in sys.modules}
print(json.dumps([codes, sorted(before), sorted(after)]))
"""


def loaded(*args: str) -> tuple[int, set[str]]:
    out = subprocess.run(
        [sys.executable, "-c", RUN, *args], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout
    code, modules = json.loads(out.splitlines()[-1])
    return code, set(modules)


def test_help_imports_no_heavy_library() -> None:
    code, modules = loaded("--help")
    assert code == 0
    assert modules.isdisjoint(HEAVY), modules & set(HEAVY)
    assert "sheets_sync" in modules


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_a_commands_help_imports_no_heavy_library(name: str) -> None:
    code, modules = loaded(name, "--help")
    assert code == 0
    assert modules.isdisjoint(HEAVY), modules & set(HEAVY)


@pytest.fixture(scope="module")
def workshop(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("imports")
    assert main(["demo", "--out", str(out), "--json"]) == 0
    return out / "sampleton.toml"


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (("validate",), 1),
        (("sync",), 0),
        (("gap",), 0),
        (("status",), 0),
        (("report", "-o", "{dir}/report.html"), 0),
    ],
)
def test_an_xlsx_command_imports_openpyxl_and_nothing_of_google_or_pandas(
    workshop: Path, args: tuple[str, ...], code: int
) -> None:
    argv = [a.format(dir=workshop.parent) for a in args]
    got, modules = loaded(*argv, "-c", str(workshop))
    assert got == code
    assert "openpyxl" in modules
    assert modules.isdisjoint({"pandas", *GOOGLE}), modules & {"pandas", *GOOGLE}


def test_mirror_between_files_imports_no_google_library(workshop: Path) -> None:
    online = workshop.with_suffix(".xlsx")
    local = workshop.with_name("offline.xlsx")
    base = ("-c", str(workshop), "--online", str(online), "--local", str(local))
    for command in ("mirror", "push"):
        code, modules = loaded(command, *base)
        assert code == 0
        assert modules.isdisjoint({"pandas", *GOOGLE}), (command, modules & {"pandas", *GOOGLE})


def test_a_google_command_imports_no_openpyxl_and_no_pandas(tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-c", ON_GOOGLE, str(tmp_path), "provision", "sync", "status"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    codes, before, after = json.loads(out.splitlines()[-1])
    assert codes == [0, 0, 0]
    assert {"gspread", "google", "requests"} <= set(after)
    assert set(after).isdisjoint({"openpyxl", "pandas", "numpy", "PIL"}), set(after) - set(before)
