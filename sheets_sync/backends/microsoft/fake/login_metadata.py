"""The discovery documents msal reads before it asks for a token: the tenant's OpenID
configuration and the instance-discovery answer for login.microsoftonline.com."""

from __future__ import annotations

from typing import Any

LOGIN_HOST = "login.microsoftonline.com"
LOGIN = f"https://{LOGIN_HOST}"


def openid_configuration(tenant: str, tenant_id: str) -> dict[str, Any]:
    """The tenant's OpenID Provider configuration."""
    base = f"{LOGIN}/{tenant}"
    return {
        "token_endpoint": f"{base}/oauth2/v2.0/token",
        "token_endpoint_auth_methods_supported": [
            "client_secret_post",
            "private_key_jwt",
            "client_secret_basic",
        ],
        "jwks_uri": f"{base}/discovery/v2.0/keys",
        "response_modes_supported": ["query", "fragment", "form_post"],
        "subject_types_supported": ["pairwise"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "response_types_supported": ["code", "id_token", "code id_token", "id_token token"],
        "scopes_supported": ["openid", "profile", "email", "offline_access"],
        "issuer": f"{LOGIN}/{tenant_id}/v2.0",
        "request_uri_parameter_supported": False,
        "userinfo_endpoint": "https://graph.microsoft.com/oidc/userinfo",
        "authorization_endpoint": f"{base}/oauth2/v2.0/authorize",
        "device_authorization_endpoint": f"{base}/oauth2/v2.0/devicecode",
        "http_logout_supported": True,
        "frontchannel_logout_supported": True,
        "end_session_endpoint": f"{base}/oauth2/v2.0/logout",
        "claims_supported": ["sub", "iss", "aud", "exp", "iat", "nonce", "tid"],
        "kerberos_endpoint": f"{base}/kerberos",
        "tenant_region_scope": "EU",
        "cloud_instance_name": "microsoftonline.com",
        "cloud_graph_host_name": "graph.windows.net",
        "msgraph_host": "graph.microsoft.com",
        "rbac_url": "https://pas.windows.net",
    }


def instance_discovery(authorization_endpoint: str) -> dict[str, Any]:
    """What ``/common/discovery/instance`` answers for a Microsoft-known host."""
    tenant_path = authorization_endpoint.removeprefix(LOGIN).split("/oauth2")[0]
    return {
        "tenant_discovery_endpoint": f"{LOGIN}{tenant_path}/v2.0/.well-known/openid-configuration",
        "api-version": "1.1",
        "metadata": [
            {
                "preferred_network": LOGIN_HOST,
                "preferred_cache": "login.windows.net",
                "aliases": [
                    LOGIN_HOST,
                    "login.windows.net",
                    "login.microsoft.com",
                    "sts.windows.net",
                    "login.windows-ppe.net",
                ],
            }
        ],
    }
