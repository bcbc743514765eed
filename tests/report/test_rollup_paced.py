"""A rollup across many Google workshops reads each once, paced inside the per-minute quota."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

from sheets_sync.backends.google.fake.fake import FakeGoogle
from sheets_sync.backends.google.pacing import Pacer
from sheets_sync.report.rollup import collect
from tests.workshop.test_workshop_google import google_workshop


def test_a_pacer_spaces_calls_evenly() -> None:
    now = [100.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    pacer = Pacer(30, lambda: now[0], sleep)
    pacer.wait()
    now[0] += 0.5
    pacer.wait()
    now[0] += 5.0
    pacer.wait()
    assert slept == [1.5]


def test_a_rollup_of_google_workshops_stays_inside_the_quota(
    tmp_path: Path, google_fake: FakeGoogle, service_account_file: Path
) -> None:
    configs = []
    for n in range(4):
        (tmp_path / f"w{n}").mkdir()
        ws = google_workshop(tmp_path / f"w{n}", google_fake, service_account_file, tables=2)
        ws.provision()
        configs.append(ws.config.path)
    google_fake.quota_per_minute = 3
    google_fake.sleep(60)
    google_fake.reset_counts()
    read = collect(configs, pacer=Pacer(3, google_fake.clock.monotonic, google_fake.sleep))
    assert len(read) == 4
    sent = [r for r in google_fake.requests if r.api_method.startswith("sheets.")]
    assert [r.api_method for r in sent] == ["sheets.spreadsheets.get"] * 4
    assert all(r.status == 200 for r in sent)
    starts = [r.time for r in sent]
    assert all(b - a >= 20 for a, b in pairwise(starts))
