"""The Microsoft 365 backend: a workshop workbook in Excel Online through Microsoft Graph v1.0.

:class:`MicrosoftBackend` implements the port (``adapter``); sign-in is ``auth``, HTTP and
``$batch`` ``http``, reading ``read``, writing ``write`` and ``charts``, the drive item
``drive`` and ``build``, the ``[microsoft]`` config section ``settings``, and ``fake/`` the
Graph fake the tests use. The adapter is loaded on first use, so reading a config (which
needs ``settings``) pulls in neither msal nor requests.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sheets_sync.backends.microsoft.adapter import MicrosoftBackend

__all__ = ["MicrosoftBackend"]


def __getattr__(name: str) -> Any:
    if name == "MicrosoftBackend":
        from sheets_sync.backends.microsoft.adapter import MicrosoftBackend

        return MicrosoftBackend
    raise AttributeError(name)
