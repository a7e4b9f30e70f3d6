"""The admin dashboard's panels, each shown only to the roles that may see what it lists."""

import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from irp.accounts import roles
from irp.accounts.testing import make_person, sign_in_with_two_steps
from irp.emails import services as email_services
from irp.emails.models import OutgoingEmail
from irp.enquiries.models import Enquiry
from irp.enquiries.tests.factories import EnquiryFactory, answerer
from irp.live_discussions.models import LiveSession
from irp.live_discussions.tests.factories import LiveSessionFactory, PlaceFactory

pytestmark = pytest.mark.django_db

ENQUIRIES = "Enquiries waiting for a reply"
SESSIONS = "Live discussions in the next 14 days"
FAILED = "Emails that could not be sent"


def _dashboard(client, person) -> str:
    sign_in_with_two_steps(client, person)
    response = client.get("/admin/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def world():
    old = EnquiryFactory(name="Waiting Longest")
    Enquiry.objects.filter(pk=old.pk).update(received_at=timezone.now() - dt.timedelta(days=5))
    EnquiryFactory(name="Just Arrived")
    EnquiryFactory(name="Already Answered", status=Enquiry.Status.IN_CONVERSATION)
    EnquiryFactory(name="Spam Sender", is_suspected_spam=True)
    soon = LiveSessionFactory(
        title="Seeing innate health",
        status=LiveSession.Status.PUBLISHED,
        capacity=2,
        starts_at=timezone.now() + dt.timedelta(days=3),
        ends_at=timezone.now() + dt.timedelta(days=3, hours=1),
    )
    PlaceFactory(session=soon, status="confirmed")
    PlaceFactory(session=soon, status="confirmed")
    PlaceFactory(session=soon, status="waiting", queue_number=1)
    LiveSessionFactory(
        title="Too far ahead",
        status=LiveSession.Status.PUBLISHED,
        starts_at=timezone.now() + dt.timedelta(days=20),
        ends_at=timezone.now() + dt.timedelta(days=20, hours=1),
    )
    outgoing = email_services.queue_email(
        to=["gone@example.org"], template="emails/tests/hello", context={"name": "Ada"}
    )
    OutgoingEmail.objects.filter(pk=outgoing.pk).update(status=OutgoingEmail.Status.FAILED)
    return {"outgoing": outgoing}


def test_staff_admins_see_every_panel_with_its_rows(client, world):
    admin = make_person(email="admin@example.org", role=roles.STAFF_ADMINS, is_superuser=True)
    page = _dashboard(client, admin)
    for title in (ENQUIRIES, SESSIONS, FAILED):
        assert title in page
    # Oldest first, with its age; answered and suspected spam are left out.
    assert page.index("Waiting Longest") < page.index("Just Arrived")
    assert "5 days" in page
    assert "Already Answered" not in page and "Spam Sender" not in page
    assert "2 of 2" in page and "Seeing innate health" in page
    assert "Too far ahead" not in page
    assert "Send again: Hello Ada, to gone@example.org" in page


def test_the_enquiries_team_sees_enquiries_only(client, world):
    page = _dashboard(client, answerer())
    assert ENQUIRIES in page and "Waiting Longest" in page
    assert SESSIONS not in page and FAILED not in page


def test_editors_see_none_of_the_staff_panels(client, world):
    editor = make_person(email="editor@example.org", role=roles.STAFF_EDITORS)
    page = _dashboard(client, editor)
    for title in (ENQUIRIES, SESSIONS, FAILED):
        assert title not in page
    assert "Waiting Longest" not in page


def test_sessions_panel_is_for_whoever_may_see_sessions(client, world):
    person = make_person(email="planner@example.org", role=roles.STAFF_EDITORS)
    person.user_permissions.add(Permission.objects.get(codename="view_livesession"))
    page = _dashboard(client, person)
    assert SESSIONS in page and ENQUIRIES not in page


def test_send_again_from_the_dashboard_comes_back_to_it(client, world):
    admin = make_person(email="admin@example.org", role=roles.STAFF_ADMINS, is_superuser=True)
    sign_in_with_two_steps(client, admin)
    outgoing = world["outgoing"]
    response = client.post(f"/admin/failed_emails/{outgoing.pk}/again/", {"next": "/admin/"})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    outgoing.refresh_from_db()
    assert outgoing.status == OutgoingEmail.Status.QUEUED


def test_empty_panels_say_so(client):
    admin = make_person(email="admin@example.org", role=roles.STAFF_ADMINS, is_superuser=True)
    page = _dashboard(client, admin)
    assert "No enquiry is waiting" in page
    assert "No live discussion is published for the next 14 days" in page
    assert "No email has failed" in page


def test_practitioners_never_reach_the_dashboard(client, world):
    client.force_login(make_person(email="p@example.org"))
    response = client.get("/admin/")
    assert response.status_code in (302, 403)
    assert "Waiting Longest" not in response.content.decode()


def test_the_demo_staff_member_sees_something_in_every_panel(client):
    import io

    from django.core.management import call_command

    from irp.accounts.demo import DEMO_TOTP_SECRET, STAFF_EMAIL
    from irp.accounts.models import User

    call_command("demo", no_serve=True, stdout=io.StringIO())
    call_command("demo", no_serve=True, stdout=io.StringIO())  # adds nothing twice
    assert OutgoingEmail.objects.filter(status=OutgoingEmail.Status.FAILED).count() == 1
    staff = User.objects.get(email=STAFF_EMAIL)
    staff.totp_secret = DEMO_TOTP_SECRET  # their authenticator app, as the demo prints it
    page = _dashboard(client, staff)
    for title in (ENQUIRIES, SESSIONS, FAILED):
        assert title in page
    for empty in ("No enquiry is waiting", "No live discussion is published", "No email has"):
        assert empty not in page
