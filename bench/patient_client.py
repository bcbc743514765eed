"""gspread's HTTP client with the bounded back-off a careful script adds for 429s.

gspread 6.2.1's ``BackOffHTTPClient`` never gives up and sleeps for real, so the baselines use
this instead: on 429, wait 1, 2, 4 … 64 seconds (Google's truncated exponential back-off,
without jitter so runs repeat) and try again, at most ``TRIES`` times in all. ``sleep`` is the
fake's simulated sleep, so waiting costs simulated time only.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import gspread
from google.oauth2 import service_account
from gspread.exceptions import APIError
from gspread.http_client import HTTPClient
from requests import Response

TRIES = 8
MAX_WAIT = 64.0
SCOPES = (
    "https://www.googleapis.com/auth/spreadsheets",
    "https://www.googleapis.com/auth/drive.file",
)


class PatientHTTPClient(HTTPClient):
    """Retries 429 answers after a capped exponential wait; anything else is raised."""

    def __init__(self, auth: Any, sleep: Callable[[float], None] = time.sleep) -> None:
        super().__init__(auth)
        self.sleep = sleep

    def request(self, *args: Any, **kwargs: Any) -> Response:
        for attempt in range(TRIES):
            try:
                return super().request(*args, **kwargs)
            except APIError as error:
                if error.code != 429 or attempt == TRIES - 1:
                    raise
                self.sleep(min(2.0**attempt, MAX_WAIT))
        raise AssertionError("unreachable")


def patient_client(account: dict[str, Any], sleep: Callable[[float], None]) -> gspread.Client:
    """A gspread client for a service account, least-privilege scopes, retrying 429."""
    creds = service_account.Credentials.from_service_account_info(account, scopes=list(SCOPES))
    client = gspread.Client(creds)
    client.http_client = PatientHTTPClient(creds, sleep)
    return client
