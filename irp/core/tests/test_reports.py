"""Staff reports: enquiries by month and by how people heard of us, live-discussion
attendance by month; on screen and as CSV, each for the roles that may see it."""

import csv
import datetime as dt
import io

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from irp.accounts import roles
from irp.accounts.testing import make_person, sign_in_with_two_steps
from irp.enquiries.models import Enquiry
from irp.enquiries.tests.factories import EnquiryFactory, answerer
from irp.live_discussions.models import LiveSession
from irp.live_discussions.tests.factories import LiveSessionFactory, PlaceFactory

pytestmark = pytest.mark.django_db


def _csv(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode())))


@pytest.fixture
def enquiries():
    march = timezone.make_aware(dt.datetime(2026, 3, 10, 12))
    for heard in ("A colleague", "a  colleague", "", "=cmd|' /C calc'!A0"):
        enquiry = EnquiryFactory(heard_from=heard)
        Enquiry.objects.filter(pk=enquiry.pk).update(received_at=march)
    EnquiryFactory(is_suspected_spam=True, heard_from="spam")


def test_enquiries_report_by_month_and_by_how_heard(client, enquiries):
    sign_in_with_two_steps(client, answerer())
    page = client.get("/admin/reports/enquiries/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "2026-03" in text and "a colleague" in text
    by_month = _csv(client.get("/admin/reports/enquiries/?format=csv&table=enquiries-by-month"))
    assert by_month[0] == ["Month", "Enquiries"] and ["2026-03", "4"] in by_month
    heard = _csv(client.get("/admin/reports/enquiries/?format=csv&table=enquiries-by-how-heard"))
    assert ["a colleague", "2"] in heard and ["(not given)", "1"] in heard
    assert not any(row[0] == "spam" for row in heard)
    # No cell runs as a formula in a spreadsheet.
    assert all(not row[0].startswith("=") for row in heard)


def test_attendance_report_by_month(client):
    start = timezone.now() - dt.timedelta(days=3)
    session = LiveSessionFactory(
        status=LiveSession.Status.PUBLISHED, starts_at=start, ends_at=start + dt.timedelta(hours=1)
    )
    PlaceFactory(session=session, attendance="attended")
    PlaceFactory(session=session, attendance="attended")
    PlaceFactory(session=session, attendance="did_not_attend")
    PlaceFactory(session=session)
    PlaceFactory(session=session, status="cancelled")
    admin = make_person(email="admin@example.org", role=roles.STAFF_ADMINS, is_superuser=True)
    sign_in_with_two_steps(client, admin)
    assert client.get("/admin/reports/attendance/").status_code == 200
    rows = _csv(client.get("/admin/reports/attendance/?format=csv"))
    assert rows[0] == ["Month", "Registered", "Attended", "Did not attend", "Not recorded"]
    assert rows[1] == [start.strftime("%Y-%m"), "4", "2", "1", "1"]


def _refused(response) -> bool:
    # The admin refuses with 403, or sends people back to the dashboard with a message.
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == "/admin/"
    )


def test_reports_are_refused_to_roles_without_their_permission(client, enquiries):
    editor = make_person(email="editor@example.org", role=roles.STAFF_EDITORS)
    sign_in_with_two_steps(client, editor)
    assert _refused(client.get("/admin/reports/enquiries/"))
    assert _refused(client.get("/admin/reports/enquiries/?format=csv"))
    assert _refused(client.get("/admin/reports/attendance/"))
    editor.user_permissions.add(Permission.objects.get(codename="view_livesession"))
    assert client.get("/admin/reports/attendance/").status_code == 200


def test_the_enquiries_team_sees_its_report_only(client, enquiries):
    sign_in_with_two_steps(client, answerer())
    assert client.get("/admin/reports/enquiries/").status_code == 200
    assert _refused(client.get("/admin/reports/attendance/"))


def test_practitioners_never_see_reports(client, enquiries):
    client.force_login(make_person(email="p@example.org"))
    for path in ("/admin/reports/enquiries/", "/admin/reports/attendance/?format=csv"):
        response = client.get(path)
        assert response.status_code in (302, 403)
        assert "2026-03" not in response.content.decode()
