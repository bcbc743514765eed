"""Signing in to Microsoft 365: device code for a facilitator, client credentials for an app."""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

import pytest

from sheets_sync.backends.microsoft.adapter import MicrosoftBackend
from sheets_sync.backends.microsoft.auth import (
    SECRET_ENV,
    AppTokens,
    MicrosoftSignIn,
    UserTokens,
    login,
)
from sheets_sync.backends.microsoft.fake import FakeGraph
from sheets_sync.backends.microsoft.fake.credentials import AppRegistration, Certificate
from sheets_sync.errors import CredentialsError
from tests.backends.microsoft.signed_in import sign_in
from tests.contract import workbooks

SITE = "sampleton.sharepoint.com:/sites/ithrive"


def user_sign_in(fake: FakeGraph, app: AppRegistration) -> MicrosoftSignIn:
    return MicrosoftSignIn(tenant=fake.tenant_id, client_id=app.client_id)


def test_device_code_login_stores_the_cache_privately_and_says_nothing_secret(
    graph_fake: FakeGraph, graph_public_app: AppRegistration, tmp_path: Path
) -> None:
    told: list[str] = []
    graph_fake.approve_device_codes_automatically(graph_fake._first_member())
    cache = tmp_path / "config" / "sheets_sync" / "microsoft-token.json"
    path, who = login(
        user_sign_in(graph_fake, graph_public_app), tell=told.append, cache_file=cache
    )
    assert path == cache and who == "facilitator@sampleton.nhs.uk"
    assert stat.S_IMODE(cache.stat().st_mode) == 0o600
    assert stat.S_IMODE(cache.parent.stat().st_mode) == 0o700
    assert len(told) == 1 and "code" in told[0].lower()
    text = cache.read_text(encoding="utf-8")
    assert "RefreshToken" in text and not any(
        part in told[0] for part in text.split('"') if len(part) > 40
    )


def test_the_stored_sign_in_gives_tokens_silently_and_renews_them(
    graph_fake: FakeGraph, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    tokens = sign_in(graph_fake, tmp_path / "token.json")
    graph_fake.reset_counts()
    first = tokens.token()
    assert not [r for r in graph_fake.requests if r.operation == "login.devicecode"]
    with caplog.at_level(logging.DEBUG):
        renewed = tokens.token(refresh=True)
    assert renewed != first
    assert first not in caplog.text and renewed not in caplog.text


def test_no_stored_sign_in_is_one_line_naming_the_command(
    graph_fake: FakeGraph, graph_public_app: AppRegistration, tmp_path: Path
) -> None:
    tokens = UserTokens(
        user_sign_in(graph_fake, graph_public_app), cache_file=tmp_path / "none.json"
    )
    with pytest.raises(CredentialsError, match="run `sheets-sync login --microsoft` first"):
        tokens.token()


def test_a_damaged_cache_is_one_line(
    graph_fake: FakeGraph, graph_public_app: AppRegistration, tmp_path: Path
) -> None:
    cache = tmp_path / "token.json"
    cache.write_text("{not json", encoding="utf-8")
    with pytest.raises(CredentialsError, match="is damaged: run `sheets-sync login --microsoft`"):
        UserTokens(user_sign_in(graph_fake, graph_public_app), cache_file=cache)


def app_sign_in(fake: FakeGraph, app: AppRegistration, **kwargs: object) -> MicrosoftSignIn:
    return MicrosoftSignIn(
        tenant=fake.tenant_id, client_id=app.client_id, mode="app", on_site=True, **kwargs
    )  # type: ignore[arg-type]


def test_an_app_signs_in_with_a_secret_from_the_environment_or_a_file(
    graph_fake: FakeGraph, graph_confidential_app: AppRegistration, tmp_path: Path
) -> None:
    secret = graph_confidential_app.client_secret
    assert secret is not None
    sign = app_sign_in(graph_fake, graph_confidential_app)
    assert AppTokens(sign, env={SECRET_ENV: secret}).token()
    secret_file = tmp_path / "secret.txt"
    secret_file.write_text(secret + "\n", encoding="utf-8")
    from_file = app_sign_in(graph_fake, graph_confidential_app, secret_file=secret_file)
    assert AppTokens(from_file, env={}).token()
    with pytest.raises(CredentialsError, match="refused the app's credentials") as err:
        AppTokens(sign, env={SECRET_ENV: "wrong"}).token()
    assert "wrong" not in str(err.value)
    with pytest.raises(CredentialsError, match=f"or the environment variable {SECRET_ENV}"):
        AppTokens(sign, env={})


def test_an_app_with_a_certificate_works_on_its_one_site(
    graph_fake: FakeGraph, graph_certificate: Certificate, tmp_path: Path
) -> None:
    site = graph_fake.add_site("sampleton.sharepoint.com", "/sites/ithrive")
    app = graph_fake.register_confidential_app(
        "automation",
        secret=False,
        certificate=graph_certificate,
        application_permissions=("Sites.Selected",),
    )
    graph_fake.grant_site(app, site)
    graph_fake.add_folder(graph_fake.drive_of(site), "Workshops")
    pem = tmp_path / "app.pem"
    pem.write_text(graph_certificate.private_key_pem, encoding="utf-8")
    os.chmod(pem, 0o600)
    sign = app_sign_in(graph_fake, app, certificate=pem, thumbprint=graph_certificate.thumbprint)
    backend = MicrosoftBackend(
        AppTokens(sign, env={}),
        title="Automated",
        workshop_id="auto",
        folder="Workshops",
        site=SITE,
        sleep=graph_fake.sleep,
        clock=graph_fake.clock.monotonic,
    )
    backend.create(workbooks.workshop())
    assert [t.key for t in backend.read()] == ["about", "table_1", "gap_1"]
    assert backend.item is not None and backend.item.drive_id == graph_fake.drive_of(site)


def test_a_certificate_without_its_thumbprint_or_key_is_one_line(
    graph_fake: FakeGraph, graph_confidential_app: AppRegistration, tmp_path: Path
) -> None:
    pem = tmp_path / "app.pem"
    pem.write_text("-----BEGIN CERTIFICATE-----\n", encoding="utf-8")
    with pytest.raises(CredentialsError, match="certificate_thumbprint is not"):
        AppTokens(app_sign_in(graph_fake, graph_confidential_app, certificate=pem), env={})
    with pytest.raises(CredentialsError, match="holds no PEM private key"):
        AppTokens(
            app_sign_in(graph_fake, graph_confidential_app, certificate=pem, thumbprint="AB"),
            env={},
        )


def test_an_app_needs_no_login(
    graph_fake: FakeGraph, graph_confidential_app: AppRegistration
) -> None:
    with pytest.raises(CredentialsError, match="an app needs no login"):
        login(app_sign_in(graph_fake, graph_confidential_app))
