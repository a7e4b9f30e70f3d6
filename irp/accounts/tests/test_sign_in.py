import io

import pyotp
import pytest
from django.core.management import call_command

from irp.accounts.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET, STAFF_EMAIL


@pytest.mark.django_db
def test_admin_sign_in_goes_through_the_accounts_sign_in(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_demo_staff_member_signs_in_and_reaches_the_admin(client):
    call_command("demo", no_serve=True, stdout=io.StringIO())
    response = client.post(
        "/accounts/login/", {"login": STAFF_EMAIL, "password": DEMO_PASSWORD}, follow=False
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/authenticate/")
    # The demo staff member's authenticator app uses the printed demo secret.
    code = pyotp.TOTP(DEMO_TOTP_SECRET).now()
    response = client.post("/accounts/2fa/authenticate/", {"code": code})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
