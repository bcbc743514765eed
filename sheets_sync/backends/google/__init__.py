"""The Google Sheets adapter (gspread, google-auth), its sign-in and bounded retries, and in
``fake/`` the in-process fake of Google's HTTP APIs the tests and benchmarks run against."""

from sheets_sync.backends.google.adapter import GoogleSheetsBackend

__all__ = ["GoogleSheetsBackend"]
