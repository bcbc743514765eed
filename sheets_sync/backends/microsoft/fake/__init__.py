"""An in-process fake of Microsoft Graph v1.0 and Entra's login endpoints (see README.md)."""

from .clock import SimulatedClock
from .credentials import AppRegistration, Certificate, generate_certificate
from .errors import WORKBOOK_FAULTS, GraphError, SchemaViolation
from .fake import FakeGraph
from .people import PERSON_EMAIL

__all__ = [
    "PERSON_EMAIL",
    "WORKBOOK_FAULTS",
    "AppRegistration",
    "Certificate",
    "FakeGraph",
    "GraphError",
    "SchemaViolation",
    "SimulatedClock",
    "generate_certificate",
]
