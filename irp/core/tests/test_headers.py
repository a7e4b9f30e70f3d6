"""Security headers on every response: Permissions-Policy, and CSP in the admins too."""

import pytest

pytestmark = pytest.mark.django_db


def policy(response) -> dict:
    parts = (item.strip().split("=", 1) for item in response["Permissions-Policy"].split(","))
    return dict(parts)


@pytest.mark.parametrize(
    "url", ["/", "/accounts/login/", "/healthz", "/live/", "/admin/login/", "/no-such-page/"]
)
def test_every_response_carries_the_permissions_policy(client, url):
    found = policy(client.get(url))
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert found[feature] == "()", feature
    # Passkeys: signing in and setting one up, on this site only.
    assert found["publickey-credentials-get"] == "(self)"
    assert found["publickey-credentials-create"] == "(self)"
