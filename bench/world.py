"""The simulated Google every approach runs against, and how one operation is measured.

Each approach gets its own :class:`~tests.fake_google.FakeGoogle` (so its own clock and quota
window) with Google's user quota of 60 Sheets requests per minute switched on and 150 ms per
request. Time is simulated: back-off waits advance the fake's clock, never the real one.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from sheets_sync.backends.google.fake.fake import FakeGoogle
from sheets_sync.backends.google.fake.oauth import generate_private_key_pem, service_account_info
from sheets_sync.config import WorkshopConfig, load_config
from sheets_sync.workshop.demo import SCORES

LATENCY = 0.15
QUOTA_PER_MINUTE = 60
#: Simulated time the room spends between two commands (typing, discussing): long enough for
#: the quota window to empty, so each operation is measured on its own.
BETWEEN_OPERATIONS = 60.0
FACILITATOR = "lead@sampleton.gov.uk"

_KEY_PEM: list[str] = []


def private_key_pem() -> str:
    """One RSA key per process (generating one takes a noticeable fraction of a second)."""
    if not _KEY_PEM:
        _KEY_PEM.append(generate_private_key_pem())
    return _KEY_PEM[0]


@dataclass(frozen=True)
class Measurement:
    """What one operation cost: HTTP requests by API (429 answers included) and sim time."""

    operation: str
    sheets: int
    drive: int
    rate_limited: int
    seconds: float

    @property
    def requests(self) -> int:
        return self.sheets + self.drive

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "requests": self.requests, "seconds": round(self.seconds, 2)}


class World:
    """A fake Google with a service account, a shared-drive folder and a workshop config."""

    def __init__(self, workdir: Path, tables: int) -> None:
        self.fake = FakeGoogle(latency=LATENCY, quota_per_minute=QUOTA_PER_MINUTE)
        self.account = service_account_info(private_key_pem())
        self.fake.register_service_account(self.account)
        self.folder = self.fake.add_folder("Workshops", parent=self.fake.add_shared_drive())
        workdir.mkdir(parents=True, exist_ok=True)
        self.key_file = workdir / "service-account.json"
        self.key_file.write_text(json.dumps(self.account), encoding="utf-8")
        self.key_file.chmod(0o600)
        self.config = self._write_config(workdir / "workshop.toml", tables)

    def _write_config(self, path: Path, tables: int) -> WorkshopConfig:
        names = "".join(f"[[tables]]\nname = 'Table {i}'\n" for i in range(1, tables + 1))
        scores = "".join(f"'{code}' = {score}\n" for code, score in SCORES.items())
        path.write_text(
            "[workshop]\nlocality = 'Sampleton'\ndate = 2026-12-03\n"
            f"facilitators = ['{FACILITATOR}']\n"
            f"[backend]\nkind = 'google'\n[google]\ncredentials = '{self.key_file}'\n"
            f"folder_id = '{self.folder}'\n{names}[scores]\n{scores}",
            encoding="utf-8",
        )
        return load_config(path)

    def __enter__(self) -> World:
        self.fake.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.fake.stop()

    def measure(self, operation: str, run: Callable[[], object]) -> Measurement:
        """Run one operation after the room's pause and count what it cost."""
        self.fake.sleep(BETWEEN_OPERATIONS)
        first, started = len(self.fake.requests), self.fake.clock.now
        run()
        sent = [r for r in self.fake.requests[first:] if not r.api_method.startswith("oauth2.")]
        return Measurement(
            operation,
            sheets=sum(1 for r in sent if r.api_method.startswith("sheets.")),
            drive=sum(1 for r in sent if r.api_method.startswith("drive.")),
            rate_limited=sum(1 for r in sent if r.status == 429),
            seconds=self.fake.clock.now - started,
        )

    def check_faithful(self) -> None:
        """Refuse results from requests the fake found invalid or does not model."""
        problems = [
            f"{v.api_method} {v.where} {v.field}: {v.message}" for v in self.fake.schema_violations
        ]
        problems += [f"not modelled by the fake: {kind}" for kind in self.fake.unimplemented]
        if problems:
            raise RuntimeError("the fake saw invalid requests:\n  " + "\n  ".join(problems))
