"""``python -m sheets_sync``: the same as the ``sheets-sync`` command."""

import sys

from sheets_sync.cli import main

sys.exit(main())
