"""An in-process fake of Google Sheets v4, Drive v3 and the OAuth token endpoint.

Real gspread and google-auth talk HTTP to it through ``responses``; it checks every request
against Google's discovery documents and keeps state the way Google does.  Start here:

* :class:`FakeGoogle` -- install on a ``responses.RequestsMock`` (or use it as a context
  manager), seed and inspect state, schedule faults, play people editing the sheet.
* :mod:`sheets_sync.backends.google.fake.plugin` -- pytest fixtures ``google_fake``,
  ``service_account_info``, ``service_account_file``, ``authorized_user_info``,
  ``authorized_user_file`` and ``gspread_client``.
* :func:`service_account_info` / :func:`authorized_user_info` -- fake credentials.

What is modelled, and what is not, is listed in ``sheets_sync/backends/google/fake/README.md``.
"""

from sheets_sync.backends.google.fake.accounting import RecordedRequest
from sheets_sync.backends.google.fake.batch import NotModelled, modelled_kinds
from sheets_sync.backends.google.fake.errors import ApiError
from sheets_sync.backends.google.fake.fake import FakeGoogle
from sheets_sync.backends.google.fake.formulas import ErrorValue
from sheets_sync.backends.google.fake.oauth import (
    AUTHORIZED_USER_EMAIL,
    LEAST_PRIVILEGE_SCOPES,
    SCOPE_DRIVE,
    SCOPE_DRIVE_FILE,
    SCOPE_SPREADSHEETS,
    SERVICE_ACCOUNT_EMAIL,
    TOKEN_URI,
    Grant,
    authorized_user_info,
    service_account_info,
)
from sheets_sync.backends.google.fake.people import PERSON_EMAIL
from sheets_sync.backends.google.fake.schema import SchemaViolation
from sheets_sync.backends.google.fake.state import (
    FOLDER_MIME,
    SHEET_MIME,
    Principal,
    SimulatedClock,
)

__all__ = [
    "AUTHORIZED_USER_EMAIL",
    "FOLDER_MIME",
    "LEAST_PRIVILEGE_SCOPES",
    "PERSON_EMAIL",
    "SCOPE_DRIVE",
    "SCOPE_DRIVE_FILE",
    "SCOPE_SPREADSHEETS",
    "SERVICE_ACCOUNT_EMAIL",
    "SHEET_MIME",
    "TOKEN_URI",
    "ApiError",
    "ErrorValue",
    "FakeGoogle",
    "Grant",
    "NotModelled",
    "Principal",
    "RecordedRequest",
    "SchemaViolation",
    "SimulatedClock",
    "authorized_user_info",
    "modelled_kinds",
    "service_account_info",
]
