"""A facilitator signed in to the Graph fake, and Microsoft backends on it, for the tests."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from sheets_sync.backends.microsoft.adapter import MicrosoftBackend
from sheets_sync.backends.microsoft.auth import MicrosoftSignIn, UserTokens, login
from sheets_sync.backends.microsoft.fake import FakeGraph

FIXED_NOW = datetime(2026, 12, 3, 10, 30, 0)
FOLDER = "Workshops"


def sign_in(fake: FakeGraph, cache_file: Path) -> UserTokens:
    """Device-code sign-in of the fake's first member, as `login --microsoft` does."""
    app = next(a for a in fake.entra.apps.values() if a.public)
    who = next(u for u in fake.world.users.values() if not u.external)
    sign = MicrosoftSignIn(tenant=fake.tenant_id, client_id=app.client_id)
    fake.approve_device_codes_automatically(who)
    login(sign, tell=lambda _line: None, cache_file=cache_file)
    fake.approve_device_codes_automatically(None)
    return UserTokens(sign, cache_file=cache_file)


def folder_of(fake: FakeGraph) -> str:
    """Make the workshop folder in the facilitator's OneDrive (once)."""
    who = next(u for u in fake.world.users.values() if not u.external)
    fake.add_folder(fake.drive_of(who), FOLDER)
    return FOLDER


def backend(
    fake: FakeGraph, tokens: UserTokens, folder: Path, n: int = 1, **kwargs: Any
) -> MicrosoftBackend:
    """A backend on workshop ``contract-<n>`` whose state file is in ``folder``."""
    options: dict[str, Any] = {
        "title": f"Contract workbook {n}",
        "workshop_id": f"contract-{n}",
        "folder": FOLDER,
        "state_file": folder / "state.json",
        "sleep": fake.sleep,
        "clock": fake.clock.monotonic,
        "now": lambda: FIXED_NOW,
    }
    options.update(kwargs)
    return MicrosoftBackend(tokens, **options)
