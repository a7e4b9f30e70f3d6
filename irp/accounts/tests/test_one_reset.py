"""There is one way to reset a password: allauth's, which is rate-limited."""

import pytest
from django.core import mail

from irp.accounts import roles
from irp.accounts.testing import make_person

pytestmark = pytest.mark.django_db


def test_wagtails_reset_form_leads_to_the_accounts_reset(client):
    make_person(email="staff@example.org", role=roles.STAFF_EDITORS)
    response = client.get("/admin/password_reset/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/reset/"
    response = client.post("/admin/password_reset/", {"email": "staff@example.org"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/reset/"
    assert not mail.outbox


@pytest.mark.parametrize(
    "url",
    [
        "/admin/password_reset/done/",
        "/admin/password_reset/confirm/MQ/set-password/",
        "/admin/password_reset/complete/",
    ],
)
def test_wagtails_other_reset_pages_are_gone(client, url):
    assert client.get(url).status_code == 404


def test_the_accounts_reset_is_rate_limited(client):
    make_person(email="staff@example.org", role=roles.STAFF_EDITORS)
    answers = [
        client.post("/accounts/password/reset/", {"email": "staff@example.org"}).status_code
        for _ in range(8)
    ]
    assert answers[0] == 302 and 429 in answers
