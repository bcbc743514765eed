"""The facade the commands call (:class:`Workshop`), the repeated sync behind ``--watch``,
and the sample workshop ``make demo`` runs."""

from sheets_sync.workshop.facade import Workshop

__all__ = ["Workshop"]
