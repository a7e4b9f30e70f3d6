"""Two-step sign-in for every role that sees other people's data, through HTTP."""

import pytest
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages

from irp.accounts import roles
from irp.accounts.testing import make_person, sign_in, totp_code, with_authenticator
from irp.live_discussions.tests.factories import LiveSessionFactory, PlaceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def session_with_people():
    facilitator = make_person(email="f@example.org", role=roles.FACILITATORS)
    session = LiveSessionFactory(facilitators=[facilitator])
    PlaceFactory(session=session)
    return session, facilitator


def facilitator_urls(session):
    return [
        "/live/facilitate/",
        f"/live/facilitate/{session.pk}/",
        f"/live/facilitate/{session.pk}/people.csv",
    ]


def test_a_facilitator_without_an_authenticator_is_sent_to_set_one_up(client, session_with_people):
    session, facilitator = session_with_people
    client.force_login(facilitator)
    for url in facilitator_urls(session):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == "/accounts/2fa/", url
    response = client.post(
        f"/live/facilitate/{session.pk}/message/", {"subject": "Hello", "body": "Everyone"}
    )
    assert response.status_code == 302 and response["Location"] == "/accounts/2fa/"
    said = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("set up an authenticator app or a passkey" in m for m in said)


def test_the_way_out_stays_open_so_nobody_loops(client, session_with_people):
    _, facilitator = session_with_people
    client.force_login(facilitator)
    for url in ("/accounts/2fa/", "/accounts/2fa/totp/activate/", "/accounts/logout/", "/"):
        # Setting up an app first asks for the password again: allauth's page, open too.
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        assert len(response.redirect_chain) <= 1, response.redirect_chain
    assert client.get("/healthz").status_code == 200
    # Their own pages wait until the second step is set up.
    assert client.get("/reflect/")["Location"] == "/accounts/2fa/"


def test_with_an_authenticator_but_a_password_only_session_they_confirm_with_a_code(
    client, session_with_people
):
    session, facilitator = session_with_people
    client.force_login(facilitator)  # signed in before the app was set up
    with_authenticator(facilitator)
    csv_url = f"/live/facilitate/{session.pk}/people.csv"
    response = client.get(csv_url)
    assert response.status_code == 302
    assert response["Location"] == (
        f"/accounts/2fa/reauthenticate/?next=%2Flive%2Ffacilitate%2F{session.pk}%2Fpeople.csv"
    )
    response = client.post(response["Location"], {"code": totp_code(facilitator)})
    assert response["Location"] == csv_url
    assert client.get(csv_url).status_code == 200


def test_signed_in_with_password_and_code_the_facilitator_gets_the_list(
    client, session_with_people
):
    session, facilitator = session_with_people
    with_authenticator(facilitator)
    sign_in(client, facilitator)
    for url in facilitator_urls(session):
        assert client.get(url).status_code == 200, url


def test_a_role_given_during_a_session_asks_at_the_next_request(client):
    person = make_person(email="p@example.org")
    sign_in(client, person)
    assert client.get("/reflect/").status_code == 200
    person.groups.add(Group.objects.get(name=roles.FACILITATORS))
    assert client.get("/reflect/")["Location"] == "/accounts/2fa/"


def test_a_session_facilitator_outside_the_role_is_still_asked(client):
    # Listed on the session (perhaps before the group was taken away): the screen
    # itself asks for two steps, whatever the person's roles.
    person = make_person(email="p@example.org")
    session = LiveSessionFactory(facilitators=[person])
    client.force_login(person)
    response = client.get(f"/live/facilitate/{session.pk}/people.csv")
    assert response["Location"] == "/accounts/2fa/"


def test_a_practitioner_with_two_steps_is_still_refused_the_lists(client, session_with_people):
    session, _ = session_with_people
    person = make_person(email="p@example.org", with_mfa=True)
    sign_in(client, person)
    assert client.get("/live/facilitate/").status_code == 403
    # Somebody else's session answers as if it did not exist.
    assert client.get(f"/live/facilitate/{session.pk}/people.csv").status_code == 404


def test_staff_signed_in_with_two_steps_reach_the_admins(client):
    person = make_person(email="s@example.org", role=roles.STAFF_EDITORS, with_mfa=True)
    client.force_login(person)  # no second step in this session
    assert client.get("/admin/")["Location"].startswith("/accounts/2fa/reauthenticate/")
    client.logout()
    sign_in(client, person)
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize(
    ("role", "is_staff", "sees"),
    [
        (roles.PRACTITIONERS, False, False),
        (roles.FACILITATORS, False, True),
        (roles.STAFF_EDITORS, True, True),
        (roles.STAFF_ADMINS, True, True),
        (roles.PRACTITIONERS, True, True),  # staff status alone counts
    ],
)
def test_which_roles_see_other_peoples_data(role, is_staff, sees):
    person = make_person(email="x@example.org", role=role)
    person.is_staff = is_staff
    assert roles.sees_other_peoples_data(person) is sees
