"""Test helpers for signing people in, MFA included. A pytest plugin: the root
conftest.py lists it in `pytest_plugins`, so every test can use these fixtures.

    def test_staff_reach_the_admin(staff_client):            # Django test client
        assert staff_client.get("/admin/").status_code == 200

    def test_in_a_browser(live_server, page, staff_member, sign_in_in_browser):
        sign_in_in_browser(page, live_server, staff_member, next_url="/admin/")

`staff_member` has `.password` and `.totp_secret`; `make_person(...)` makes others
(practitioner, facilitator, staff, with or without an authenticator app).
"""

import pyotp
import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth.models import Group
from django.core.cache import cache

from . import roles
from .models import User

PASSWORD = "a-long-test-password-1"  # noqa: S105


def totp_code(person) -> str:
    """A valid code for `person` now; clears allauth's "already used" mark for it so
    that a test may sign the same person in more than once within 30 seconds."""
    code = pyotp.TOTP(person.totp_secret).now()
    cache.delete(f"allauth.mfa.totp.used?user={person.pk}&code={code}")
    return code


def make_person(
    *, email: str, role: str = roles.PRACTITIONERS, with_mfa: bool = False, **fields
) -> User:
    """A person with a confirmed address, the given role and, if asked, an
    authenticator app. Staff roles also get is_staff."""
    staff = role in (roles.STAFF_ADMINS, roles.STAFF_EDITORS)
    person = User.objects.create_user(email=email, password=PASSWORD, is_staff=staff, **fields)
    person.groups.add(Group.objects.get_or_create(name=role)[0])
    EmailAddress.objects.create(user=person, email=email, verified=True, primary=True)
    person.totp_secret = None
    if with_mfa:
        with_authenticator(person)
    return person


def with_authenticator(person: User) -> User:
    """Give `person` an authenticator app (secret in .totp_secret), as the admin requires."""
    person.totp_secret = pyotp.random_base32()
    TOTP.activate(person, person.totp_secret)
    return person


def sign_in(client, person) -> None:
    """Sign `person` in through /accounts/login/, with the TOTP step when they have one."""
    response = client.post("/accounts/login/", {"login": person.email, "password": PASSWORD})
    assert response.status_code == 302, response.content[:2000]
    if person.totp_secret:
        assert response["Location"].startswith("/accounts/2fa/authenticate/")
        for _ in range(2):  # a code made just before the 30-second step ends may be refused
            response = client.post("/accounts/2fa/authenticate/", {"code": totp_code(person)})
            if response.status_code == 302:
                break
        assert response.status_code == 302, response.content[:2000]


def sign_in_with_two_steps(client, person) -> None:
    """Sign `person` in as if with password and code, whatever their password: gives
    them an authenticator app if they have none, signs them in, then confirms with a
    code through /accounts/2fa/reauthenticate/, as someone whose role sees other
    people's data must (irp/accounts/two_step.py)."""
    if not getattr(person, "totp_secret", None):
        with_authenticator(person)
    client.force_login(person)
    for _ in range(2):  # a code made just before the 30-second step ends may be refused
        response = client.post("/accounts/2fa/reauthenticate/", {"code": totp_code(person)})
        if response.status_code == 302:
            break
    assert response.status_code == 302, response.content[:2000]


@pytest.fixture
def staff_member(db):
    """A staff admin with an authenticator app set up (see .totp_secret)."""
    return make_person(
        email="staff.member@example.org",
        role=roles.STAFF_ADMINS,
        with_mfa=True,
        display_name="Staff Member",
        is_superuser=True,
    )


@pytest.fixture
def staff_client(client, staff_member):
    """The Django test client, signed in as `staff_member` with password and TOTP."""
    sign_in(client, staff_member)
    return client


def enter_code_in_browser(page, make_code) -> None:
    """Type an authenticator code at the second step and send it. A code made just
    before its 30-second step ends can be refused by the time it arrives; then a fresh
    one is typed once more, as a person would."""
    for _ in range(2):
        page.get_by_label("Code").fill(make_code())
        with page.expect_navigation():
            page.get_by_role("button", name="Sign in", exact=True).click()
        if "/accounts/2fa/authenticate/" not in page.url:
            return
    raise AssertionError("The authenticator code was refused twice in a row.")


@pytest.fixture
def sign_in_in_browser():
    """A function: sign_in_in_browser(page, live_server, person, next_url="/")
    fills in the sign-in form and, for people with MFA, a code from their secret."""

    def go(page, live_server, person, next_url: str = "/"):
        page.goto(f"{live_server.url}/accounts/login/?next={next_url}")
        page.get_by_label("Email").fill(person.email)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in", exact=True).click()
        if person.totp_secret:
            page.wait_for_url("**/accounts/2fa/authenticate/**")
            enter_code_in_browser(page, lambda: totp_code(person))
        page.wait_for_url(f"**{next_url}**")

    return go


@pytest.fixture
def people(db):
    """One of each role the matrices check. Staff have an authenticator app; the
    facilitator has not (so the admin sends them to set one up)."""
    return {
        "practitioner_a": make_person(email="a@example.org", display_name="Ada Practitioner"),
        "practitioner_b": make_person(email="b@example.org", display_name="Ben Practitioner"),
        "facilitator": make_person(email="f@example.org", role=roles.FACILITATORS),
        "staff": make_person(
            email="s@example.org", role=roles.STAFF_ADMINS, with_mfa=True, is_superuser=True
        ),
    }
