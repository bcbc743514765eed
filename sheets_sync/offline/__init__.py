"""The offline round trip: mirror the online workbook to a local .xlsx, push local edits back
through the three-way merge, per-table files for a venue without wifi, and the history of
the gap tabs.

sync (mirror and push) · copies (which two copies) · local (the local file's view) · plan ·
look (the workshop's tab specs and owned cells) · codec (the stored base) · tables · history.
"""

from sheets_sync.offline.sync import MirrorResult, OfflineSync, PushResult

__all__ = ["MirrorResult", "OfflineSync", "PushResult"]
