"""Every accounts URL, for every role, with the exact status; then the flows."""

import io
import json
import zipfile

import pytest
from django.core.mail import send_mail

from irp.accounts.models import User
from irp.accounts.testing import sign_in_with_two_steps
from irp.audit.models import AuditEvent
from irp.emails.models import OutgoingEmail

ALLAUTH_PATHS = ("/accounts/login/", "/accounts/signup/", "/accounts/password/",
                 "/accounts/logout/", "/accounts/email/", "/accounts/2fa/")  # fmt: skip
ROLES = ["anonymous", "practitioner_a", "practitioner_b", "facilitator", "staff"]

# (method, url, anonymous, signed-in practitioner, staff signed in with two steps).
# The facilitator has no authenticator: their role sees other people's data, so
# every page but allauth's own sends them to set one up (FACILITATOR below).
MATRIX = [
    ("get", "/accounts/login/", 200, 302, 302),
    ("get", "/accounts/signup/", 200, 302, 302),
    ("get", "/accounts/password/reset/", 200, 200, 200),
    ("get", "/accounts/logout/", 302, 200, 200),
    ("get", "/accounts/email/", 302, 200, 200),
    ("get", "/accounts/password/change/", 302, 200, 200),
    ("get", "/accounts/2fa/", 302, 200, 200),
    ("get", "/accounts/2fa/totp/activate/", 302, 302, 302),
    ("get", "/accounts/profile/", 302, 200, 200),
    ("get", "/accounts/your-data/", 302, 200, 200),
    ("post", "/accounts/your-data/download/", 302, 200, 200),
    ("get", "/accounts/your-data/download/", 302, 405, 405),
    # Staff have just confirmed with a code, which counts as the recent re-authentication.
    ("get", "/accounts/erase/", 302, 302, 200),
    ("get", "/admin/", 302, 302, 200),
    ("get", "/django-admin/", 302, 302, 200),
    ("get", "/admin/login/", 302, 302, 302),
    ("get", "/django-admin/login/", 302, 302, 302),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("method", "url", "anonymous", "member", "staff"), MATRIX)
def test_accounts_authorisation_matrix(client, people, role, method, url, anonymous, member, staff):
    if role == "staff":
        sign_in_with_two_steps(client, people[role])
    elif role != "anonymous":
        client.force_login(people[role])
    expected = {"anonymous": anonymous, "staff": staff}.get(role, member)
    if role == "facilitator" and not url.startswith(ALLAUTH_PATHS):
        expected = 302
    response = getattr(client, method)(url)
    assert response.status_code == expected, (role, url)
    if role == "facilitator" and not url.startswith(ALLAUTH_PATHS) and "/login/" not in url:
        assert response["Location"] == "/accounts/2fa/", url
    response = getattr(client, method)(url)
    assert response.status_code == expected, (role, url)


@pytest.mark.django_db
def test_admin_sign_in_forms_are_sent_to_the_accounts_sign_in(client):
    for url in ("/admin/login/?next=/admin/pages/", "/django-admin/login/?next=/django-admin/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=")


def test_staff_without_an_authenticator_are_sent_to_set_one_up(client, people):
    people["staff"].authenticator_set.all().delete()
    client.force_login(people["staff"])
    assert client.get("/accounts/profile/")["Location"] == "/accounts/2fa/"
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/"
    assert client.get("/django-admin/").status_code == 302


def test_staff_client_fixture_signs_in_with_password_and_code(staff_client):
    assert staff_client.get("/admin/").status_code == 200


def test_profile_saves_choices_and_asks_for_other_profession(
    client, people, django_assert_max_num_queries
):
    person = people["practitioner_a"]
    client.force_login(person)
    with django_assert_max_num_queries(12):
        assert client.get("/accounts/profile/").status_code == 200
    form = {
        "display_name": "Ada",
        "profession": "other",
        "profession_other": "",
        "organisation": "Harbour House",
        "country": "GB",
        "time_zone": "Europe/Paris",
    }
    response = client.post("/accounts/profile/", form)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Please tell us your profession in your words." in body
    assert 'value="Harbour House"' in body  # nothing typed is lost
    assert (
        'aria-describedby="id_profession_other_error' in body or "id_profession_other_error" in body
    )
    response = client.post("/accounts/profile/", {**form, "profession_other": "Chaplain"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.profession_other, person.time_zone, person.country.code) == (
        "Chaplain",
        "Europe/Paris",
        "GB",
    )
    assert person.wants_reminders is False and person.wants_news is False


def test_download_holds_profile_and_is_logged_without_content(client, people):
    person = people["practitioner_a"]
    client.force_login(person)
    response = client.post("/accounts/your-data/download/")
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(archive.namelist()) == ["your-data.json", "your-data.md"]
    data = json.loads(archive.read("your-data.json"))
    assert data["profile"]["email"] == "a@example.org"
    assert "Ada Practitioner" in archive.read("your-data.md").decode()
    event = AuditEvent.objects.get(action="account.exported")
    assert event.detail == {
        "sections": [
            "profile",
            "reflections",
            "live_discussions",
            "programmes",
            "conversations",
            "cpd",
        ],
        "by_staff": False,
    }


def test_erasing_asks_to_confirm_then_removes_the_account(client, people, delivered):
    person = people["practitioner_a"]
    send_mail("Your week", "Hello Ada", "from@example.org", [person.email])
    send_mail("Your week", "Hello Ben", "from@example.org", [people["practitioner_b"].email])
    delivered()
    client.force_login(person)
    response = client.get("/accounts/erase/")
    assert response["Location"] == "/accounts/reauthenticate/?next=%2Faccounts%2Ferase%2F"
    response = client.post(response["Location"], {"password": "a-long-test-password-1"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/erase/"
    response = client.post("/accounts/erase/", {})
    assert response.status_code == 200
    assert "Please tick the box to confirm" in response.content.decode()
    response = client.post("/accounts/erase/", {"confirm": "on"})
    assert response.status_code == 302
    assert not User.objects.filter(email="a@example.org").exists()
    # Their messages and delivery records went with the account; others' stay.
    assert list(OutgoingEmail.objects.values_list("to", flat=True)) == ["b@example.org"]
    assert client.get("/reflect/").status_code == 302
    assert AuditEvent.objects.filter(action="account.erased").count() == 1
