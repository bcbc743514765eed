"""A rollup across 100 workshops on Google: one read per workbook, paced inside the quota.

100 workshops are provisioned in one simulated Google (quota off while setting up), then
rolled up twice with Google's quota of 60 Sheets requests a minute switched on: paced (the
command's 50 reads a minute) and unpaced (as fast as the answers come, backing off on 429,
until the retries give up).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bench.sheets_sync_way import backend_for
from bench.world import QUOTA_PER_MINUTE, World
from sheets_sync.backends.google.auth import load_credentials
from sheets_sync.backends.google.pacing import ROLLUP_READS_PER_MINUTE, Pacer
from sheets_sync.config import load_config
from sheets_sync.errors import SheetsSyncError
from sheets_sync.report.rollup import build_rollup, collect
from sheets_sync.workshop.facade import Workshop

WORKSHOPS = 100


@dataclass(frozen=True)
class RollupRun:
    """What one rollup cost: Sheets requests, the 429s among them, simulated seconds, and the
    most requests sent in any 60 seconds."""

    paced: bool
    workshops: int
    requests: int
    rate_limited: int
    seconds: float
    busiest_minute: int
    #: Why the rollup stopped, if it did (the error's one line).
    failed: str | None = None


def run_rollup(workdir: Path, workshops: int = WORKSHOPS) -> list[RollupRun]:
    """Provision ``workshops`` workshops, then roll them up paced and unpaced."""
    with World(workdir / "base", 1) as world:
        fake = world.fake
        fake.quota_per_minute = None
        credentials = load_credentials(world.config.google.credentials)
        template = world.config.path.read_text(encoding="utf-8")
        configs = []
        for n in range(workshops):
            path = workdir / f"w{n}" / "workshop.toml"
            path.parent.mkdir(parents=True)
            path.write_text(
                template.replace("locality = 'Sampleton'", f"locality = 'Locality {n}'"),
                encoding="utf-8",
            )
            cfg = load_config(path)
            Workshop(cfg, backend_for(cfg, credentials, fake)).provision()
            configs.append(path)
        fake.quota_per_minute = QUOTA_PER_MINUTE
        runs = []
        for paced in (True, False):
            fake.sleep(60.0)
            first, started = len(fake.requests), fake.clock.now
            pacer = Pacer(ROLLUP_READS_PER_MINUTE, fake.clock.monotonic, fake.sleep)
            failed = None
            try:
                build_rollup(
                    collect(
                        configs,
                        opener=lambda c: backend_for(c, credentials, fake),
                        pacer=pacer if paced else None,
                    )
                )
            except SheetsSyncError as err:
                failed = str(err).split(":")[0]
            sent = [r for r in fake.requests[first:] if r.api_method.startswith("sheets.")]
            times = [r.time for r in sent]
            runs.append(
                RollupRun(
                    paced,
                    workshops,
                    len(sent),
                    sum(1 for r in sent if r.status == 429),
                    fake.clock.now - started,
                    max(sum(1 for u in times if t <= u < t + 60) for t in times),
                    failed,
                )
            )
        world.check_faithful()
    return runs
