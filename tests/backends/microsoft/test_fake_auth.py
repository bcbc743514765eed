"""Real msal against the fake's Entra endpoints; Graph's 401 for expired tokens."""

from __future__ import annotations

import msal
import requests

from sheets_sync.backends.microsoft.fake import AppRegistration, Certificate, FakeGraph

from .fake_support import GRAPH, signed_in

pytest_plugins = ["sheets_sync.backends.microsoft.fake.plugin"]


def test_client_secret_through_real_msal(
    graph_fake: FakeGraph, msal_confidential_app: msal.ConfidentialClientApplication
) -> None:
    session = signed_in(msal_confidential_app)
    user = graph_fake.world.users["facilitator@sampleton.nhs.uk"]
    answer = session.get(f"{GRAPH}/users/{user.id}/drive")
    assert answer.status_code == 200, answer.text
    assert answer.json()["driveType"] == "business"
    assert graph_fake.count("login.token") == 1
    assert graph_fake.count() == 1


def test_wrong_secret_is_refused(
    graph_fake: FakeGraph, graph_confidential_app: AppRegistration
) -> None:
    app = msal.ConfidentialClientApplication(
        graph_confidential_app.client_id, client_credential="nope", authority=graph_fake.authority
    )
    result = app.acquire_token_for_client(scopes=["https://graph.microsoft.com/.default"])
    assert result["error"] == "invalid_client"
    assert 7000215 in result["error_codes"]


def test_certificate_through_real_msal(
    graph_fake: FakeGraph, graph_confidential_app: AppRegistration, graph_certificate: Certificate
) -> None:
    app = msal.ConfidentialClientApplication(
        graph_confidential_app.client_id,
        client_credential={
            "private_key": graph_certificate.private_key_pem,
            "thumbprint": graph_certificate.thumbprint,
        },
        authority=graph_fake.authority,
    )
    result = app.acquire_token_for_client(scopes=["https://graph.microsoft.com/.default"])
    assert "access_token" in result, result
    token = next(r for r in graph_fake.requests if r.operation == "login.token")
    assert token.body["client_assertion"] == "<redacted>"


def test_certificate_not_registered_is_refused(
    graph_fake: FakeGraph, graph_confidential_app: AppRegistration
) -> None:
    from sheets_sync.backends.microsoft.fake import generate_certificate

    other = generate_certificate()
    app = msal.ConfidentialClientApplication(
        graph_confidential_app.client_id,
        client_credential={"private_key": other.private_key_pem, "thumbprint": other.thumbprint},
        authority=graph_fake.authority,
    )
    result = app.acquire_token_for_client(scopes=["https://graph.microsoft.com/.default"])
    assert result["error"] == "invalid_client"


def test_device_code_flow_through_real_msal(
    graph_fake: FakeGraph, msal_public_app: msal.PublicClientApplication
) -> None:
    flow = msal_public_app.initiate_device_flow(scopes=["Files.ReadWrite"])
    assert "microsoft.com/devicelogin" in flow["message"]
    graph_fake.approve_device_code(flow["user_code"])
    result = msal_public_app.acquire_token_by_device_flow(flow)
    assert "access_token" in result, result
    assert result["id_token_claims"]["preferred_username"] == "facilitator@sampleton.nhs.uk"
    answer = requests.get(
        f"{GRAPH}/me/drive", headers={"Authorization": f"Bearer {result['access_token']}"}
    )
    assert answer.status_code == 200, answer.text
    # msal's cache now refreshes silently through the refresh-token grant
    account = msal_public_app.get_accounts()[0]
    again = msal_public_app.acquire_token_silent(["Files.ReadWrite"], account, force_refresh=True)
    assert again is not None and again["access_token"] != result["access_token"]


def test_device_code_pending_then_declined(
    graph_fake: FakeGraph, msal_public_app: msal.PublicClientApplication
) -> None:
    flow = msal_public_app.initiate_device_flow(scopes=["Files.ReadWrite"])
    pending = msal_public_app.acquire_token_by_device_flow(flow, exit_condition=lambda f: True)
    assert pending["error"] == "authorization_pending"
    graph_fake.decline_device_code(flow["user_code"])
    flow["latest_attempt_at"] = 0
    declined = msal_public_app.acquire_token_by_device_flow(flow, exit_condition=lambda f: True)
    assert declined["error"] == "authorization_declined"


def test_unconsented_scope_is_refused(
    graph_fake: FakeGraph, msal_public_app: msal.PublicClientApplication
) -> None:
    flow = msal_public_app.initiate_device_flow(scopes=["Sites.FullControl.All"])
    assert flow["error"] == "invalid_grant"


def test_expired_token_gets_invalid_authentication_token(
    graph_fake: FakeGraph, msal_confidential_app: msal.ConfidentialClientApplication
) -> None:
    session = signed_in(msal_confidential_app)
    graph_fake.sleep(3600)
    answer = session.get(f"{GRAPH}/drives/{next(iter(graph_fake.world.drives))}")
    assert answer.status_code == 401
    assert answer.json()["error"]["code"] == "InvalidAuthenticationToken"
    assert "WWW-Authenticate" in answer.headers


def test_app_token_cannot_use_me(
    graph_fake: FakeGraph, msal_confidential_app: msal.ConfidentialClientApplication
) -> None:
    answer = signed_in(msal_confidential_app).get(f"{GRAPH}/me/drive")
    assert answer.status_code == 400
    assert "delegated" in answer.json()["error"]["message"]
