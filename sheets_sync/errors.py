"""Errors a person can act on.

Every error the package raises on purpose derives from :class:`SheetsSyncError`; the CLI turns
it into one readable line and a non-zero exit code, never a traceback. Each message says what
went wrong, where (file, key, tab or cell) and how to fix it.

    SheetsSyncError
    ├── ConfigError            bad or missing workshop config
    ├── TemplateError          a sheet template in sheet_templates/ is malformed
    ├── WorkbookError          the workbook cannot be used as it is
    │   ├── WorkbookNotFound   no workbook where the config says
    │   ├── WorkbookExists     provisioning would overwrite one
    │   ├── WorkbookCorrupt    the file is not a readable .xlsx
    │   ├── MissingTab         a tab the tool needs was deleted
    │   ├── ToolCellEdited     a person typed in a cell the tool owns
    │   └── UnpushedEdits      mirroring would lose edits not pushed yet
    ├── BackendError           the storage (Google, disk) refused or failed
    │   ├── CredentialsError   missing, unreadable or wrong-type credentials
    │   └── ApiError           the service answered with an error we cannot retry
    │       └── UncertainOutcome  a write may or may not have happened: look first
    ├── ReportError            the report could not be made
    │   ├── BrowserNotFound    no headless Chromium to print the PDF with
    │   └── PdfError           Chromium ran but made no PDF
    ├── BoardError             the live board cannot be served (its port is taken)
    ├── AgreedFiveError        the agreed top five is incomplete or invalid
    └── MergeConflict          offline and online edits disagree (push/collect)
"""

from __future__ import annotations


class SheetsSyncError(Exception):
    """Base of every error meant for a person; ``str(err)`` is the one-line message."""

    exit_code: int = 2


class ConfigError(SheetsSyncError):
    """The workshop config is missing, unreadable or has a bad value."""


class TemplateError(SheetsSyncError):
    """A sheet template is malformed."""


class WorkbookError(SheetsSyncError):
    """The workbook cannot be used as it is."""


class WorkbookNotFound(WorkbookError):
    """There is no workbook where the config points."""


class WorkbookExists(WorkbookError):
    """Provisioning would overwrite an existing workbook."""


class WorkbookCorrupt(WorkbookError):
    """The workbook file cannot be read."""


class MissingTab(WorkbookError):
    """A tab the tool needs is not in the workbook."""


class ToolCellEdited(WorkbookError):
    """A person edited a cell that the tool owns and wants to write."""


class UnpushedEdits(WorkbookError):
    """The local file holds edits that are not online yet, so mirroring would lose them."""


class BackendError(SheetsSyncError):
    """The storage backend refused or failed."""


class CredentialsError(BackendError):
    """Credentials are missing, unreadable or of the wrong type."""


class ApiError(BackendError):
    """Google answered with an error that retrying will not fix."""

    def __init__(self, message: str, status: int | None = None, reason: str | None = None):
        super().__init__(message)
        self.status = status
        self.reason = reason


class UncertainOutcome(ApiError):
    """A non-GET request may or may not have taken effect; the caller must look."""


class ReportError(SheetsSyncError):
    """The report could not be made."""


class BrowserNotFound(ReportError):
    """No headless Chromium to print the PDF with."""


class PdfError(ReportError):
    """Chromium ran but did not produce the PDF."""


class BoardError(SheetsSyncError):
    """The live board cannot listen on its port on 127.0.0.1."""


class AgreedFiveError(SheetsSyncError):
    """The agreed top five on the Consensus tab is incomplete or invalid."""


class MergeConflict(SheetsSyncError):
    """Offline and online edits disagree and were not resolved."""

    exit_code = 3
