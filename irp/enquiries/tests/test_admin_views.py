"""The staff inbox: who reaches it, what it shows, what staff can do there."""

import csv
import io

import pytest
from django.urls import reverse

from irp.accounts.testing import sign_in_with_two_steps
from irp.audit.models import AuditEvent
from irp.emails.models import OutgoingEmail
from irp.enquiries.models import Enquiry, EnquiryEvent

from .factories import EnquiryFactory, UserFactory, admin_without_enquiries, answerer

pytestmark = pytest.mark.django_db

INDEX = "enquiries:index"


def inbox_urls(enquiry):
    return [
        reverse("enquiries:index"),
        reverse("enquiries:index") + "?export=csv",
        reverse("enquiries:inspect", args=[enquiry.pk]),
    ]


def action_urls(enquiry):
    return [
        reverse(f"enquiries:{name}", args=[enquiry.pk])
        for name in ("status", "assign", "note", "spam", "not_spam")
    ]


def test_anonymous_people_are_sent_to_sign_in_and_see_nothing(client):
    enquiry = EnquiryFactory(name="Secret Person")
    for url in [*inbox_urls(enquiry), *action_urls(enquiry)]:
        response = client.get(url) if url not in action_urls(enquiry) else client.post(url)
        assert response.status_code == 302, url
        assert "/accounts/login/" in response.headers["Location"]
        assert b"Secret Person" not in response.content
    assert not EnquiryEvent.objects.exists()


def test_practitioners_never_reach_the_inbox_or_export(client):
    enquiry = EnquiryFactory(name="Secret Person")
    client.force_login(UserFactory())
    for url in inbox_urls(enquiry):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert b"Secret Person" not in response.content
    for url in action_urls(enquiry):
        assert client.post(url, {"status": "closed", "text": "x"}).status_code in (302, 403)
    enquiry.refresh_from_db()
    assert enquiry.status == Enquiry.Status.NEW
    assert not EnquiryEvent.objects.exists()


def test_staff_without_the_enquiries_permission_are_refused(client):
    enquiry = EnquiryFactory(name="Secret Person")
    sign_in_with_two_steps(client, admin_without_enquiries())
    for url in inbox_urls(enquiry):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert b"Secret Person" not in response.content
    for url in action_urls(enquiry):
        assert client.post(url, {"status": "closed"}).status_code in (302, 403)
    enquiry.refresh_from_db()
    assert enquiry.status == Enquiry.Status.NEW
    assert not EnquiryEvent.objects.exists()


def test_the_inbox_lists_enquiries_but_not_suspected_spam(client, django_assert_max_num_queries):
    EnquiryFactory.create_batch(12)
    EnquiryFactory(name="Real Person")
    EnquiryFactory(name="Spam Robot", is_suspected_spam=True)
    sign_in_with_two_steps(client, answerer())

    with django_assert_max_num_queries(30):
        response = client.get(reverse(INDEX))

    assert response.status_code == 200
    assert b"Real Person" in response.content
    assert b"Spam Robot" not in response.content
    spam = client.get(reverse(INDEX) + "?box=spam")
    assert b"Spam Robot" in spam.content
    assert b"Real Person" not in spam.content


def test_the_query_count_does_not_grow_with_the_number_of_enquiries(
    client, django_assert_max_num_queries
):
    staff = answerer()
    sign_in_with_two_steps(client, staff)
    EnquiryFactory.create_batch(3, assignee=staff)
    client.get(reverse(INDEX))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(reverse(INDEX))
    EnquiryFactory.create_batch(20, assignee=staff)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse(INDEX))
    assert len(many) == len(few)


def test_filters_search_and_sort(client):
    EnquiryFactory(name="Closed One", status="closed", closed_at="2026-01-01T00:00Z")
    EnquiryFactory(name="New One", organisation="Harbour Recovery")
    EnquiryFactory(name="Other Role", role="student")
    sign_in_with_two_steps(client, answerer())

    closed = client.get(reverse(INDEX), {"status": "closed"}).content
    assert b"Closed One" in closed and b"New One" not in closed
    students = client.get(reverse(INDEX), {"role": "student"}).content
    assert b"Other Role" in students and b"New One" not in students
    found = client.get(reverse(INDEX), {"q": "harbour"}).content
    assert b"New One" in found and b"Closed One" not in found
    dated = client.get(reverse(INDEX), {"received_at_after": "2000-01-01"})
    assert dated.status_code == 200
    ordered = client.get(reverse(INDEX), {"ordering": "name"}).content.decode()
    assert ordered.index("Closed One") < ordered.index("New One") < ordered.index("Other Role")
    # A nonsense filter is ignored, never an error, and never mixes spam in.
    EnquiryFactory(name="Spam Robot", is_suspected_spam=True)
    odd = client.get(reverse(INDEX), {"received_at_after": "not a date", "status": "zzz"})
    assert odd.status_code == 200
    assert b"Spam Robot" not in odd.content


def test_opening_an_enquiry_shows_its_timeline_and_is_audited(client):
    enquiry = EnquiryFactory(name="Jo Bloggs")
    EnquiryEvent.objects.create(enquiry=enquiry, kind="received", actor_label="system")
    OutgoingEmail.objects.create(
        content={"version": 1},  # still kept, so it can be sent again
        to="jo@example.org",
        subject="Thank you",
        template="t",
        about_type="enquiries.enquiry",
        about_id=str(enquiry.pk),
        status="failed",
        attempts=8,
        last_error="SMTPConnectError: gone",
        next_attempt_at="2026-01-01T00:00Z",
    )
    staff = answerer()
    sign_in_with_two_steps(client, staff)

    response = client.get(reverse("enquiries:inspect", args=[enquiry.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Jo Bloggs" in html
    assert "Received" in html
    assert "Email failed" in html and "SMTPConnectError: gone" in html
    assert "Send this email again" in html
    event = AuditEvent.objects.get(action="enquiry.viewed")
    assert event.actor == staff
    assert event.subject_id == str(enquiry.pk)
    assert b"Yes" in client.get(reverse(INDEX)).content  # the failed email shows in the list


def test_staff_change_status_assign_note_and_mark_spam(client):
    enquiry = EnquiryFactory()
    staff = answerer(display_name="Sam Staff")
    sign_in_with_two_steps(client, staff)

    client.post(reverse("enquiries:status", args=[enquiry.pk]), {"status": "in_conversation"})
    client.post(reverse("enquiries:assign", args=[enquiry.pk]), {"assignee": staff.pk})
    client.post(reverse("enquiries:note", args=[enquiry.pk]), {"text": "Called back."})
    client.post(reverse("enquiries:status", args=[enquiry.pk]), {"status": "closed"})
    client.post(reverse("enquiries:spam", args=[enquiry.pk]))

    enquiry.refresh_from_db()
    assert enquiry.status == Enquiry.Status.CLOSED
    assert enquiry.closed_at is not None
    assert enquiry.assignee == staff
    assert enquiry.is_suspected_spam
    kinds = list(enquiry.events.values_list("kind", "text"))
    assert kinds == [
        ("status_changed", "New → In conversation"),
        ("assigned", "Assigned to Sam Staff"),
        ("note", "Called back."),
        ("status_changed", "In conversation → Closed"),
        ("marked_spam", ""),
    ]
    timeline = client.get(reverse("enquiries:inspect", args=[enquiry.pk])).content.decode()
    assert "Called back." in timeline


def test_bad_action_input_gives_a_message_not_an_error(client):
    enquiry = EnquiryFactory()
    sign_in_with_two_steps(client, answerer())
    for name, data in [
        ("status", {"status": "nonsense"}),
        ("assign", {"assignee": "99999"}),
        ("note", {"text": "   "}),
    ]:
        response = client.post(reverse(f"enquiries:{name}", args=[enquiry.pk]), data, follow=True)
        assert response.status_code == 200
    assert not enquiry.events.exists()
    assert client.get(reverse("enquiries:status", args=[enquiry.pk])).status_code == 405


def test_csv_export_is_safe_from_formula_injection(client):
    EnquiryFactory(name='=HYPERLINK("http://evil")', organisation="+SUM(A1)", hopes="@cmd")
    sign_in_with_two_steps(client, answerer())

    response = client.get(reverse(INDEX), {"export": "csv"})

    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0]["Name"] == '\'=HYPERLINK("http://evil")'
    assert rows[0]["Organisation"] == "'+SUM(A1)"
    assert rows[0]["What they hope to explore"] == "'@cmd"
    assert AuditEvent.objects.filter(action="enquiry.exported").exists()
    xlsx = client.get(reverse(INDEX), {"export": "xlsx"})
    assert xlsx.status_code == 200
    assert xlsx.headers["Content-Type"].startswith("application/vnd.openxmlformats")


def test_the_generic_add_edit_and_delete_screens_are_closed(client):
    enquiry = EnquiryFactory()
    sign_in_with_two_steps(client, answerer())
    for url in [
        reverse("enquiries:add"),
        reverse("enquiries:edit", args=[enquiry.pk]),
        reverse("enquiries:delete", args=[enquiry.pk]),
    ]:
        assert client.get(url).status_code in (302, 403)
    assert Enquiry.objects.filter(pk=enquiry.pk).exists()


def test_staff_admins_reach_the_inbox_by_their_role_alone(client):
    from irp.accounts import roles
    from irp.accounts.testing import make_person

    sign_in_with_two_steps(
        client, make_person(email="admin@example.org", role=roles.STAFF_ADMINS, with_mfa=True)
    )
    assert client.get("/admin/enquiries/").status_code == 200


def test_the_spam_box_says_how_many_wait_in_it(client):
    EnquiryFactory(name="Real Person")
    EnquiryFactory.create_batch(3, is_suspected_spam=True)
    sign_in_with_two_steps(client, answerer())
    page = client.get(reverse(INDEX)).content.decode()
    assert "Suspected spam (3)" in page


def test_the_csv_has_local_dates_and_readable_statuses(client):
    EnquiryFactory(
        name="Summer Person",
        status="in_conversation",
        consented_at="2026-07-01T09:30Z",
    )
    sign_in_with_two_steps(client, answerer(time_zone="Europe/London"))
    response = client.get(reverse(INDEX), {"export": "csv"})
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0]["Status"] == "In conversation"
    # 09:30 UTC is 10:30 in London in July, written day first.
    assert rows[0]["Consent given"] == "01/07/2026 10:30"


def test_the_enquiry_screen_is_titled_by_the_enquiry_and_offers_a_reply(client):
    enquiry = EnquiryFactory(name="Robin Asker", email="robin@example.org")
    sign_in_with_two_steps(client, answerer())
    page = client.get(reverse("enquiries:inspect", args=[enquiry.pk])).content.decode()
    assert "<title>Enquiry from Robin Asker" in page
    assert "Inspect" not in page.split("<main", 1)[1].split("</header>", 1)[0]
    assert 'href="mailto:robin@example.org?subject=Your%20enquiry%20to%20' in page


def test_an_empty_note_gets_a_message_and_adds_nothing(client):
    enquiry = EnquiryFactory()
    sign_in_with_two_steps(client, answerer())
    response = client.post(
        reverse("enquiries:note", args=[enquiry.pk]), {"text": "   "}, follow=True
    )
    assert "Please write the note before adding it." in response.content.decode()
    assert not EnquiryEvent.objects.filter(enquiry=enquiry, kind="note").exists()
