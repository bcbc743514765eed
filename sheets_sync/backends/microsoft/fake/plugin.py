"""pytest fixtures for the Graph fake.

Enable with ``pytest_plugins = ["sheets_sync.backends.microsoft.fake.plugin"]`` (root
``conftest.py`` or a test module).  Fixtures:

``graph_certificate`` (session)
    A self-signed certificate and key (generated once per session, fake).
``graph_fake``
    An active :class:`FakeGraph` with the member ``facilitator@sampleton.nhs.uk`` (the
    ``graph_user``), a public app for device-code sign-in (``graph_public_app``) and a
    confidential app with a secret and ``graph_certificate`` (``graph_confidential_app``,
    ``Files.ReadWrite.All``).  At teardown the test fails on any schema violation or use of
    something not modelled (call ``graph_fake.take_violations()`` in tests that provoke them).
``graph_user``, ``graph_public_app``, ``graph_confidential_app``
    The identities above.
``msal_confidential_app`` / ``msal_public_app``
    Real ``msal`` applications configured for the fake tenant (secret; public client).
"""

from __future__ import annotations

from collections.abc import Iterator

import msal
import pytest
import responses

from .credentials import AppRegistration, Certificate, generate_certificate
from .fake import FakeGraph
from .state import User


@pytest.fixture(scope="session")
def graph_certificate() -> Certificate:
    """One certificate per session (key generation costs about 0.1 s)."""
    return generate_certificate()


@pytest.fixture
def graph_fake(graph_certificate: Certificate) -> Iterator[FakeGraph]:
    """An active fake tenant; the test fails at teardown on schema violations."""
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        fake = FakeGraph()
        fake.install(mock)
        fake.add_user("facilitator@sampleton.nhs.uk", "Sam Facilitator")
        fake.register_public_app()
        fake.register_confidential_app(certificate=graph_certificate)
        yield fake
    problems = [f"{v.operation} {v.where} {v.field}: {v.message}" for v in fake.schema_violations]
    problems += [f"not modelled by the fake: {what}" for what in fake.unimplemented]
    if problems:
        pytest.fail("Graph fake saw invalid or unmodelled requests:\n  " + "\n  ".join(problems))


@pytest.fixture
def graph_user(graph_fake: FakeGraph) -> User:
    """The facilitator, a member with a OneDrive."""
    return graph_fake.world.users["facilitator@sampleton.nhs.uk"]


@pytest.fixture
def graph_public_app(graph_fake: FakeGraph) -> AppRegistration:
    """The public client registration (delegated ``Files.ReadWrite``)."""
    return next(a for a in graph_fake.entra.apps.values() if a.public)


@pytest.fixture
def graph_confidential_app(graph_fake: FakeGraph) -> AppRegistration:
    """The confidential client registration (secret and certificate)."""
    return next(a for a in graph_fake.entra.apps.values() if not a.public)


@pytest.fixture
def msal_confidential_app(
    graph_fake: FakeGraph, graph_confidential_app: AppRegistration
) -> msal.ConfidentialClientApplication:
    """Real msal, client credentials with the app's secret, against the fake tenant."""
    return msal.ConfidentialClientApplication(
        graph_confidential_app.client_id,
        client_credential=graph_confidential_app.client_secret,
        authority=graph_fake.authority,
    )


@pytest.fixture
def msal_public_app(
    graph_fake: FakeGraph, graph_public_app: AppRegistration
) -> msal.PublicClientApplication:
    """Real msal public client (device code flow) against the fake tenant."""
    return msal.PublicClientApplication(graph_public_app.client_id, authority=graph_fake.authority)
