"""The local .xlsx adapter (openpyxl): a workbook on disk, saved atomically."""

from sheets_sync.backends.xlsx.adapter import XlsxBackend

__all__ = ["XlsxBackend"]
