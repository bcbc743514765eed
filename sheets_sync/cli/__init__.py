"""The ``sheets-sync`` command line: thin commands over the library, one module per family."""

from sheets_sync.cli.main import main

__all__ = ["main"]
