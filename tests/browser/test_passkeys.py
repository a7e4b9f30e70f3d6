"""Passkeys in Chromium, with its virtual authenticator standing in for a phone or a
security key: a practitioner adds one, then signs in with it and no password."""

import pytest
from allauth.mfa.models import Authenticator
from playwright.sync_api import expect

from irp.accounts.testing import PASSWORD, make_person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def authenticator(page):
    """Chromium's virtual authenticator: answers WebAuthn as a device with a fingerprint."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )
    return cdp


def test_a_practitioner_adds_a_passkey_and_signs_in_with_it(
    live_server, page, authenticator, sign_in_in_browser, assert_accessible, settings
):
    settings.MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True  # the test server speaks plain HTTP
    person = make_person(email="pat@example.org", display_name="Pat Practitioner")
    sign_in_in_browser(page, live_server, person, next_url="/accounts/2fa/")
    page.goto(live_server.url + "/accounts/2fa/webauthn/add/")
    # Adding a way to sign in asks for the password again first.
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url("**/accounts/2fa/webauthn/add/**")
    assert_accessible(page)
    page.get_by_label("Name").fill("My laptop")
    page.get_by_label("Passwordless").check()
    page.get_by_role("button", name="Add").click()
    # The first key added also brings recovery codes, for the day it is lost.
    page.wait_for_url("**/accounts/2fa/recovery-codes/")
    expect(page.get_by_text("Security key added.")).to_be_visible()
    assert Authenticator.objects.filter(user=person, type=Authenticator.Type.WEBAUTHN).exists()

    page.get_by_role("link", name="Sign out").click()
    page.get_by_role("button", name="Sign Out").click()
    page.goto(live_server.url + "/accounts/login/")
    assert_accessible(page)
    # No email, no password: the device's own check (here, the virtual one) is enough.
    page.get_by_role("button", name="Sign in with a passkey").click()
    page.wait_for_url(live_server.url + "/reflect/")
    expect(page.get_by_role("link", name="Sign out")).to_be_visible()
