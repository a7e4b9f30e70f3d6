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


ADMIN_DIRECTIVES = [
    "default-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "connect-src 'self'",
    "frame-ancestors 'self'",
]


def test_the_admins_have_their_own_content_security_policy(staff_client):
    for url in ("/admin/", "/django-admin/"):
        header = staff_client.get(url)["Content-Security-Policy"]
        for directive in ADMIN_DIRECTIVES:
            assert directive in header, (url, directive)
    # The public site keeps its stricter policy, with no inline scripts.
    public = staff_client.get("/accounts/login/")["Content-Security-Policy"]
    assert "script-src 'self';" in public + ";" and "unsafe-inline" not in public
