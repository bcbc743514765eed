"""Adapters that implement :class:`sheets_sync.backend.WorkbookBackend`."""
