"""The Excel workbook's identity and version, for the snapshot a mirror stores.

The identity is the drive item id; the version is the item's ``cTag``, which Graph changes on
every change to the content. One ``GET`` of the item (``$select=cTag``) per
:meth:`MicrosoftOrigin.version`, through the backend's own client (same token and retries);
the mirror itself is built from the read batch, never from a file download, which can lag
the writes Excel Online has taken.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from sheets_sync.backends.microsoft.drive import Item
from sheets_sync.backends.microsoft.http import GraphHTTP
from sheets_sync.errors import ApiError


class Reaches(Protocol):
    """What the origin needs of the backend (so this module does not import the adapter)."""

    http: GraphHTTP

    @property
    def item(self) -> Item | None: ...

    def exists(self) -> bool: ...

    def location(self) -> str: ...


@dataclass(frozen=True)
class MicrosoftOrigin:
    """An Excel workbook reached through a ``MicrosoftBackend``."""

    backend: Reaches

    def identity(self) -> str:
        """The drive item id (looked up by name first if the backend does not know it)."""
        if self.backend.item is None:
            self.backend.exists()
        item = self.backend.item
        return item.id if item is not None else self.backend.location()

    def version(self) -> str | None:
        """The item's cTag; ``None`` if Graph will not say."""
        item = self.backend.item
        if item is None:
            return None
        try:
            body = self.backend.http.json(
                "GET",
                f"/drives/{item.drive_id}/items/{item.id}?$select=cTag",
                what=f"asking for the version of {item.web_url or item.id}",
            )
        except ApiError:
            return None
        ctag = body.get("cTag")
        return ctag if isinstance(ctag, str) else None
