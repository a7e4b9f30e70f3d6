"""Sessions: a new id at sign-in, nothing left after sign-out or a password change
elsewhere, and limits: 12 hours for everyone, 30 idle minutes for staff roles."""

import time

import pytest
from django.conf import settings
from django.test import Client

from irp.accounts import roles
from irp.accounts.middleware import LAST_SEEN_AT, SIGNED_IN_AT
from irp.accounts.testing import PASSWORD, make_person, sign_in, sign_in_with_two_steps

pytestmark = pytest.mark.django_db


def session_id(client):
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def test_the_session_id_changes_at_sign_in(client):
    person = make_person(email="p@example.org")
    client.get("/accounts/login/")
    client.session.save()  # an anonymous session, as a visitor's cart or message makes
    before = session_id(client)
    sign_in(client, person)
    assert session_id(client) != before


def test_a_cookie_replayed_after_sign_out_leads_to_sign_in(client):
    person = make_person(email="p@example.org")
    sign_in(client, person)
    stolen = session_id(client)
    client.post("/accounts/logout/")
    replay = Client()
    replay.cookies[settings.SESSION_COOKIE_NAME] = stolen
    response = replay.get("/reflect/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_a_password_change_ends_the_persons_other_sessions(client):
    person = make_person(email="p@example.org")
    other = Client()
    sign_in(other, person)
    sign_in(client, person)
    response = client.post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": "a-new-Pass-42", "password2": "a-new-Pass-42"},
    )
    assert response.status_code == 302
    assert client.get("/reflect/").status_code == 200  # the session that changed it stays
    response = other.get("/reflect/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def age_session(client, key, seconds):
    session = client.session
    session[key] = time.time() - seconds
    session.save()


def test_every_session_ends_twelve_hours_after_sign_in(client):
    person = make_person(email="p@example.org")
    sign_in(client, person)
    age_session(client, SIGNED_IN_AT, 11.9 * 3600)
    assert client.get("/reflect/").status_code == 200
    age_session(client, SIGNED_IN_AT, 12.1 * 3600)
    response = client.get("/reflect/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert client.get("/reflect/").status_code == 302  # signed out for good


def test_staff_sessions_end_after_thirty_idle_minutes_practitioners_do_not(client):
    staff = make_person(email="s@example.org", role=roles.STAFF_EDITORS, with_mfa=True)
    sign_in_with_two_steps(client, staff)
    assert client.get("/admin/").status_code == 200
    age_session(client, LAST_SEEN_AT, 29 * 60)
    assert client.get("/admin/").status_code == 200  # a request: idle time starts again
    age_session(client, LAST_SEEN_AT, 31 * 60)
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")

    practitioner = Client()
    sign_in(practitioner, make_person(email="p@example.org"))
    age_session(practitioner, LAST_SEEN_AT, 5 * 3600)
    assert practitioner.get("/reflect/").status_code == 200
