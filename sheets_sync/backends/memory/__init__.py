"""The in-memory backend: the port's contract over a :class:`MemoryStore` instead of a file or
a service. Backends on the same store and location share one workbook (as fsspec's memory
filesystem shares files by path); ``MemoryBackend()`` alone gets a fresh, private store.

``store.py`` holds the workbooks and the edits a person makes in a spreadsheet program;
``adapter.py`` is the backend that reads and changes them through the port."""

from __future__ import annotations

from sheets_sync.backends.memory.adapter import MemoryBackend
from sheets_sync.backends.memory.store import MemoryStore, StoredTab, StoredWorkbook

__all__ = ["MemoryBackend", "MemoryStore", "StoredTab", "StoredWorkbook"]
