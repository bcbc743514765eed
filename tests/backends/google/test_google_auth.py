"""Credentials: where they come from, what a bad file says, and that secrets stay private."""

from __future__ import annotations

import json
import logging
import os
import stat
from pathlib import Path
from typing import Any

import pytest
from google.oauth2 import credentials as user_credentials
from google.oauth2 import service_account

from sheets_sync.backends.google.auth import (
    SCOPES,
    account_label,
    config_dir,
    is_private,
    load_credentials,
    login,
)
from sheets_sync.backends.google.fake.oauth import service_account_info
from sheets_sync.errors import CredentialsError

REFRESH_TOKEN = "1//refresh-token-secret"
CLIENT_SECRET = "GOCSPX-client-secret"
ACCESS_TOKEN = "ya29.access-token-secret"


@pytest.fixture(scope="module")
def key_info(fake_google_private_key: str) -> dict[str, str]:
    """A service-account key for a test robot, built by the Google fake's helper."""
    return service_account_info(
        fake_google_private_key,
        email="robot@workshop.iam.gserviceaccount.com",
        project_id="workshop",
    )


def user_info() -> dict[str, str]:
    return {
        "type": "authorized_user",
        "client_id": "123.apps.googleusercontent.com",
        "client_secret": CLIENT_SECRET,
        "refresh_token": REFRESH_TOKEN,
    }


def secrets_of(key_info: dict[str, str]) -> list[str]:
    body = "".join(key_info["private_key"].splitlines()[1:-1])
    return [body[:32], body[-32:], key_info["private_key_id"], REFRESH_TOKEN, CLIENT_SECRET]


def write(path: Path, content: Any) -> Path:
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content if isinstance(content, str) else json.dumps(content))
    return path


def test_service_account_key_file(tmp_path: Path, key_info: dict[str, str]) -> None:
    creds = load_credentials(write(tmp_path / "key.json", key_info), env={})
    assert isinstance(creds, service_account.Credentials)
    assert tuple(creds.scopes) == SCOPES
    assert account_label(creds) == "robot@workshop.iam.gserviceaccount.com"


def test_scopes_are_exactly_sheets_and_drive_file() -> None:
    assert SCOPES == (
        "https://www.googleapis.com/auth/spreadsheets",
        "https://www.googleapis.com/auth/drive.file",
    )


def test_environment_variable_names_the_key(tmp_path: Path, key_info: dict[str, str]) -> None:
    path = write(tmp_path / "key.json", key_info)
    creds = load_credentials(
        None, token_store=tmp_path / "nowhere", env={"GOOGLE_APPLICATION_CREDENTIALS": str(path)}
    )
    assert isinstance(creds, service_account.Credentials)


def test_explicit_key_file_wins_over_environment(tmp_path: Path, key_info: dict[str, str]) -> None:
    path = write(tmp_path / "key.json", key_info)
    env = {"GOOGLE_APPLICATION_CREDENTIALS": str(tmp_path / "missing.json")}
    assert isinstance(load_credentials(path, env=env), service_account.Credentials)


def test_stored_login_is_used_when_nothing_else_is_set(tmp_path: Path) -> None:
    write(tmp_path / "token.json", user_info())
    creds = load_credentials(None, token_store=tmp_path, env={})
    assert isinstance(creds, user_credentials.Credentials)
    assert tuple(creds.scopes) == SCOPES
    assert "sheets-sync login" in account_label(creds)


def test_no_credentials_at_all_says_how_to_get_some(tmp_path: Path) -> None:
    with pytest.raises(CredentialsError) as caught:
        load_credentials(None, token_store=tmp_path, env={})
    message = str(caught.value)
    assert "GOOGLE_APPLICATION_CREDENTIALS" in message
    assert "sheets-sync login" in message
    assert str(tmp_path / "token.json") in message


def test_config_dir_follows_xdg(tmp_path: Path) -> None:
    assert config_dir({"XDG_CONFIG_HOME": str(tmp_path)}) == tmp_path / "sheets_sync"
    assert config_dir({"HOME": str(tmp_path)}) == tmp_path / ".config" / "sheets_sync"
    relative = {"XDG_CONFIG_HOME": "relative/dir", "HOME": str(tmp_path)}
    assert config_dir(relative) == tmp_path / ".config" / "sheets_sync"


BAD_FILES: list[tuple[str, Any, str]] = [
    ("missing", None, "does not exist"),
    ("folder", "DIR", "is a folder"),
    ("not text", b"\xff\xfe\x00garbage", "cannot be read (UnicodeDecodeError)"),
    ("not json", "{not json", "not valid JSON"),
    ("json list", [1, 2], "not an object"),
    ("wrong type", {"type": "external_account"}, "'external_account'"),
    ("no type", {"client_email": "x"}, "type missing"),
    ("key without private key", "SA-MISSING", "incomplete or damaged service_account"),
    ("garbled private key", "SA-GARBLED", "incomplete or damaged service_account"),
    ("user without refresh token", "USER-MISSING", "incomplete or damaged authorized_user"),
]


@pytest.mark.parametrize(("kind", "content", "expected"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_each_bad_file_is_one_clear_credentials_error(
    tmp_path: Path,
    key_info: dict[str, str],
    caplog: pytest.LogCaptureFixture,
    kind: str,
    content: Any,
    expected: str,
) -> None:
    caplog.set_level(logging.DEBUG)
    path = tmp_path / "key.json"
    if content == "DIR":
        path.mkdir()
    elif content == "SA-MISSING":
        write(path, {k: v for k, v in key_info.items() if k != "private_key"})
    elif content == "SA-GARBLED":
        garbled = key_info["private_key"].replace("\n", "\n" + "A" * 5, 3)
        write(path, {**key_info, "private_key": garbled})
    elif content == "USER-MISSING":
        write(path, {k: v for k, v in user_info().items() if k != "refresh_token"})
    elif content is not None:
        write(path, content)

    with pytest.raises(CredentialsError) as caught:
        load_credentials(path, env={})

    message = str(caught.value)
    assert expected in message
    assert str(path) in message
    assert "sheets-sync login" in message or "download" in message
    assert "\n" not in message
    assert caught.value.__cause__ is None
    for secret in secrets_of(key_info):
        assert secret not in message
        assert secret not in repr(caught.value)
        assert secret not in caplog.text


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file(tmp_path: Path, key_info: dict[str, str]) -> None:
    path = write(tmp_path / "key.json", key_info)
    path.chmod(0)
    with pytest.raises(CredentialsError, match="cannot be read"):
        load_credentials(path, env={})


class FakeFlow:
    """Stands in for InstalledAppFlow: no browser, no network."""

    def __init__(self, path: str, scopes: list[str]) -> None:
        self.path = path
        self.scopes = scopes
        self.kwargs: dict[str, Any] = {}

    def run_local_server(self, **kwargs: Any) -> user_credentials.Credentials:
        self.kwargs = kwargs
        return user_credentials.Credentials(  # type: ignore[no-untyped-call]
            token=ACCESS_TOKEN,
            refresh_token=REFRESH_TOKEN,
            token_uri="https://oauth2.googleapis.com/token",
            client_id="123.apps.googleusercontent.com",
            client_secret=CLIENT_SECRET,
            scopes=list(self.scopes),
        )


def client_secrets(tmp_path: Path, kind: str = "installed") -> Path:
    return write(
        tmp_path / "client_secret.json",
        {kind: {"client_id": "123.apps.googleusercontent.com", "client_secret": CLIENT_SECRET}},
    )


def test_login_stores_a_private_token_that_loads_back(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    flows: list[FakeFlow] = []

    def factory(path: str, scopes: list[str]) -> FakeFlow:
        flows.append(FakeFlow(path, scopes))
        return flows[-1]

    store = tmp_path / "config" / "sheets_sync"
    token = login(
        client_secrets(tmp_path), token_store=store, flow_factory=factory, open_browser=False
    )

    assert token == store / "token.json"
    assert flows[0].scopes == list(SCOPES)
    assert flows[0].kwargs == {"port": 0, "open_browser": False}
    assert stat.S_IMODE(store.stat().st_mode) == 0o700
    assert stat.S_IMODE(token.stat().st_mode) == 0o600
    assert is_private(token)
    stored = json.loads(token.read_text())
    assert stored["type"] == "authorized_user"
    assert ACCESS_TOKEN not in token.read_text()  # only what is needed to sign in again
    assert list(store.iterdir()) == [token]

    creds = load_credentials(None, token_store=store, env={})
    assert isinstance(creds, user_credentials.Credentials)
    assert creds.refresh_token == REFRESH_TOKEN

    captured = capsys.readouterr()
    for text in (captured.out, captured.err, caplog.text, repr(creds)):
        assert REFRESH_TOKEN not in text
        assert CLIENT_SECRET not in text


def test_login_tightens_an_existing_folder_and_replaces_the_token(tmp_path: Path) -> None:
    store = tmp_path / "store"
    store.mkdir(mode=0o755)
    old = write(store / "token.json", {"stale": True})
    old.chmod(0o644)
    login(client_secrets(tmp_path), token_store=store, flow_factory=FakeFlow)
    assert stat.S_IMODE(store.stat().st_mode) == 0o700
    assert stat.S_IMODE(old.stat().st_mode) == 0o600
    assert "stale" not in old.read_text()


def test_login_defaults_to_the_xdg_config_dir(tmp_path: Path) -> None:
    env = {"XDG_CONFIG_HOME": str(tmp_path / "xdg")}
    token = login(client_secrets(tmp_path), env=env, flow_factory=FakeFlow)
    assert token == tmp_path / "xdg" / "sheets_sync" / "token.json"
    assert isinstance(load_credentials(None, env=env), user_credentials.Credentials)


def test_login_refuses_a_web_client(tmp_path: Path) -> None:
    with pytest.raises(CredentialsError, match=r"not a 'Desktop app' client.*Web application"):
        login(client_secrets(tmp_path, "web"), token_store=tmp_path, flow_factory=FakeFlow)


def test_login_with_a_missing_client_file(tmp_path: Path) -> None:
    with pytest.raises(CredentialsError, match="does not exist"):
        login(tmp_path / "nope.json", token_store=tmp_path, flow_factory=FakeFlow)
