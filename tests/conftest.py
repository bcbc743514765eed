"""Shared fixtures: configs on disk, a workshop over the in-memory backend."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck, settings

from sheets_sync.backends.memory import MemoryBackend
from sheets_sync.config import WorkshopConfig, load_config, render_config
from sheets_sync.workshop.demo import SCORES
from sheets_sync.workshop.facade import Workshop

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytest_plugins = [
    "sheets_sync.backends.google.fake.plugin",
    "sheets_sync.backends.microsoft.fake.plugin",
]

# Property tests judge correctness, not speed: no per-example deadline (a loaded 2-core CI
# machine would make timings flaky), and a fixed seed in CI so a run can be repeated.
settings.register_profile("default", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("ci", parent=settings.get_profile("default"), derandomize=True)
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
settings.load_profile("ci" if IN_CI else "default")

FIXED_NOW = datetime(2026, 12, 3, 10, 30, tzinfo=UTC)


def write_config(tmp_path: Path, tables: int = 6, **kwargs: object) -> Path:
    path = tmp_path / "workshop.toml"
    path.write_text(
        render_config(
            locality="Sampleton", tables=tables, when=date(2026, 12, 3), scores=SCORES, **kwargs
        ),  # type: ignore[arg-type]
        encoding="utf-8",
    )
    return path


@pytest.fixture
def config(tmp_path: Path) -> WorkshopConfig:
    return load_config(write_config(tmp_path))


@pytest.fixture
def memory_workshop(config: WorkshopConfig) -> Workshop:
    ws = Workshop(config, MemoryBackend(), clock=lambda: FIXED_NOW)
    ws.provision()
    return ws


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium per test process (see :mod:`tests.browser`)."""
    from tests.browser import chromium

    with chromium() as launched:
        yield launched
