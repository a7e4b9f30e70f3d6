"""The people screen (/admin/people/): staff admins only, never the journal, and every
act audited: resend verification, reset two-step with a reason, roles, export, erase."""

import io
import zipfile

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group

from irp.accounts import roles
from irp.accounts.models import User
from irp.accounts.testing import make_person, sign_in_with_two_steps
from irp.audit.models import AuditEvent
from irp.enquiries.tests.factories import EnquiryFactory, answerer
from irp.live_discussions.tests.factories import PlaceFactory
from irp.reflections.tests.factories import ReflectionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(client):
    person = make_person(email="admin@example.org", role=roles.STAFF_ADMINS)
    sign_in_with_two_steps(client, person)
    return person


@pytest.fixture
def someone():
    person = make_person(email="someone@example.org", display_name="Some One", with_mfa=True)
    ReflectionFactory(author=person, body="My private words about today.")
    EnquiryFactory(email="someone@example.org")
    PlaceFactory(person=person)
    return person


def test_staff_admins_find_a_person_and_see_their_account_but_never_the_journal(
    client, admin, someone
):
    assert "someone@example.org" in client.get("/admin/people/?q=some").content.decode()
    page = client.get(f"/admin/people/{someone.pk}/").content.decode()
    assert "Some One" in page and "Practitioners" in page
    assert "Authenticator" in page  # the two-step state, in words
    assert "Enquiries" in page and "Live discussions" in page
    assert "My private words" not in page
    viewed = AuditEvent.objects.get(action="account.viewed")
    assert viewed.actor == admin and viewed.person == someone


def test_reset_two_step_needs_a_reason_and_is_audited(client, admin, someone):
    url = f"/admin/people/{someone.pk}/two-step/"
    response = client.post(url, {"reason": "  "})
    assert response.status_code == 200
    assert "Give the reason" in response.content.decode()
    assert Authenticator.objects.filter(user=someone).exists()
    response = client.post(url, {"reason": "Lost their phone; confirmed by video call"})
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=someone).exists()
    event = AuditEvent.objects.get(action="account.mfa_reset")
    assert event.actor == admin and event.person == someone
    assert event.detail["reason"] == "Lost their phone; confirmed by video call"


def test_roles_change_and_are_audited_but_never_ones_own(client, admin, someone):
    client.post(f"/admin/people/{someone.pk}/roles/", {"roles": [roles.FACILITATORS]})
    assert set(someone.groups.values_list("name", flat=True)) == {roles.FACILITATORS}
    event = AuditEvent.objects.get(action="account.roles_changed")
    assert event.detail == {"added": [roles.FACILITATORS], "removed": [roles.PRACTITIONERS]}
    client.post(f"/admin/people/{admin.pk}/roles/", {"roles": []})
    assert admin.groups.filter(name=roles.STAFF_ADMINS).exists()


def test_resend_verification_only_for_an_unconfirmed_address(client, admin, someone, delivered):
    client.post(f"/admin/people/{someone.pk}/resend/")
    assert not AuditEvent.objects.filter(action="account.verification_resent").exists()
    EmailAddress.objects.filter(user=someone).update(verified=False)
    client.post(f"/admin/people/{someone.pk}/resend/")
    assert AuditEvent.objects.filter(action="account.verification_resent").count() == 1
    assert [m.to for m in delivered()] == [["someone@example.org"]]


def test_export_on_request_downloads_their_archive_and_is_audited(client, admin, someone):
    response = client.post(f"/admin/people/{someone.pk}/export/")
    assert response.status_code == 200
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert "your-data.json" in names
    event = AuditEvent.objects.get(action="account.exported")
    assert event.actor == admin and event.person == someone and event.detail["by_staff"]


def test_erase_asks_for_the_address_then_erases_and_is_audited(client, admin, someone):
    url = f"/admin/people/{someone.pk}/erase/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"confirm_email": "wrong@example.org"})
    assert "nothing was erased" in response.content.decode()
    assert "wrong@example.org" in response.content.decode()  # what was typed stays
    assert User.objects.filter(pk=someone.pk).exists()
    response = client.post(url, {"confirm_email": "SOMEONE@example.org"})
    assert response.status_code == 302
    assert not User.objects.filter(pk=someone.pk).exists()
    event = AuditEvent.objects.get(action="account.erased")
    assert event.actor == admin and event.detail["by_staff"]


@pytest.mark.parametrize("who", ["editor", "enquiries_team", "auditor"])
def test_other_staff_are_refused_every_people_url(client, someone, who):
    person = {
        "editor": lambda: make_person(email="e@example.org", role=roles.STAFF_EDITORS),
        "enquiries_team": answerer,
        "auditor": lambda: make_person(email="au@example.org", role=roles.AUDITORS),
    }[who]()
    sign_in_with_two_steps(client, person)
    assert client.get("/admin/people/").status_code in (302, 403)
    assert client.get(f"/admin/people/{someone.pk}/").status_code in (302, 403)
    for action in ("resend", "two-step", "roles", "export", "erase"):
        response = client.post(f"/admin/people/{someone.pk}/{action}/", {"reason": "x"})
        assert response.status_code in (302, 403)
    assert User.objects.filter(pk=someone.pk).exists()
    assert Authenticator.objects.filter(user=someone).exists()
    assert not AuditEvent.objects.filter(action__startswith="account.").exists()


def test_practitioners_are_refused(client, someone):
    client.force_login(make_person(email="p@example.org"))
    assert client.get(f"/admin/people/{someone.pk}/").status_code in (302, 403)


def test_role_changes_in_wagtails_user_editor_are_audited(client, someone):
    superuser = make_person(email="root@example.org", role=roles.STAFF_ADMINS, is_superuser=True)
    sign_in_with_two_steps(client, superuser)
    facilitators = Group.objects.get_or_create(name=roles.FACILITATORS)[0]
    page = client.get(f"/admin/users/edit/{someone.pk}/")
    assert page.status_code == 200
    form = page.context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, list)}
    data.update(
        email=someone.email,
        groups=[facilitators.pk],
        is_active="on",
        # Wagtail's own user form asks for these although our people have no such fields.
        first_name="Some",
        last_name="One",
        password1="",
        password2="",
    )
    response = client.post(f"/admin/users/edit/{someone.pk}/", data)
    assert response.status_code == 302, response.context["form"].errors
    event = AuditEvent.objects.get(action="account.roles_changed")
    assert event.actor == superuser and event.person == someone
    assert event.detail["added"] == [roles.FACILITATORS]
