"""pytest fixtures for the Google fake.

Enable with ``pytest_plugins = ["sheets_sync.backends.google.fake.plugin"]`` in the root
``conftest.py`` (or in a test module).  Fixtures:

``google_fake``
    An active :class:`~sheets_sync.backends.google.fake.FakeGoogle` inside
    ``responses.RequestsMock(assert_all_requests_are_fired=False)``, with the
    ``service_account_info`` and ``authorized_user_info`` identities registered.  At teardown
    the test fails if any request violated the discovery schema or used something the fake
    does not model (call ``google_fake.take_violations()`` in tests that provoke them).
``service_account_info`` / ``service_account_file``
    A service-account key (dict / JSON file path) for
    ``sheets-sync-test@fake-project.iam.gserviceaccount.com`` with a freshly generated RSA
    key (one per test session, for speed).  Never a real credential.
``authorized_user_info`` / ``authorized_user_file``
    An ``authorized_user`` token (dict / JSON file path) for the OAuth desktop flow, scoped
    to spreadsheets + drive.file.
``gspread_client``
    ``gspread.service_account_from_dict(service_account_info)`` with least-privilege scopes,
    talking to ``google_fake``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import gspread
import pytest
import responses

from sheets_sync.backends.google.fake.fake import FakeGoogle
from sheets_sync.backends.google.fake.oauth import LEAST_PRIVILEGE_SCOPES, generate_private_key_pem
from sheets_sync.backends.google.fake.oauth import authorized_user_info as make_authorized_user
from sheets_sync.backends.google.fake.oauth import service_account_info as make_service_account


@pytest.fixture(scope="session")
def fake_google_private_key() -> str:
    """One RSA key per session (generating one per test would cost ~0.1 s each)."""
    return generate_private_key_pem()


@pytest.fixture
def service_account_info(fake_google_private_key: str) -> dict[str, Any]:
    """A service-account key dict in Google's JSON shape (fake key, fake project)."""
    return make_service_account(fake_google_private_key)


@pytest.fixture
def service_account_file(tmp_path: Path, service_account_info: dict[str, Any]) -> Path:
    """The service-account key written to a JSON file, as downloaded from Cloud Console."""
    path = tmp_path / "service-account.json"
    path.write_text(json.dumps(service_account_info, indent=2), encoding="utf-8")
    path.chmod(0o600)
    return path


@pytest.fixture
def authorized_user_info() -> dict[str, Any]:
    """An ``authorized_user`` token dict (OAuth desktop-app path), least-privilege scopes."""
    return make_authorized_user()


@pytest.fixture
def authorized_user_file(tmp_path: Path, authorized_user_info: dict[str, Any]) -> Path:
    """The ``authorized_user`` token written to a JSON file (like ``token.json``)."""
    path = tmp_path / "token.json"
    path.write_text(json.dumps(authorized_user_info, indent=2), encoding="utf-8")
    path.chmod(0o600)
    return path


@pytest.fixture
def google_fake(
    service_account_info: dict[str, Any], authorized_user_info: dict[str, Any]
) -> Iterator[FakeGoogle]:
    """An active fake; the test fails at teardown on schema violations or unmodelled use."""
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        fake = FakeGoogle()
        fake.install(mock)
        fake.register_service_account(service_account_info)
        fake.register_authorized_user(authorized_user_info)
        yield fake
    problems = [f"{v.api_method} {v.where} {v.field}: {v.message}" for v in fake.schema_violations]
    problems += [f"not modelled by the fake: {kind}" for kind in fake.unimplemented]
    if problems:
        pytest.fail("Google fake saw invalid or unmodelled requests:\n  " + "\n  ".join(problems))


@pytest.fixture
def gspread_client(google_fake: FakeGoogle, service_account_info: dict[str, Any]) -> gspread.Client:
    """A real gspread client logged in as the test service account, least privilege."""
    return gspread.service_account_from_dict(
        service_account_info, scopes=list(LEAST_PRIVILEGE_SCOPES)
    )
