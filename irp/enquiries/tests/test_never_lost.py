"""Enquiries are never lost: stored even while SMTP is down, and each email sent once."""

import pytest

from irp.emails.models import OutgoingEmail
from irp.emails.tasks import deliver_queued_email
from irp.emails.testing import email_parts
from irp.enquiries.models import Enquiry

from .factories import form_data

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def staff_address(contact_page):
    from wagtail.models import Site

    from irp.enquiries.models import EnquirySettings

    wording = EnquirySettings.for_site(Site.objects.get(is_default_site=True))
    wording.notification_addresses = "team@example.org"
    wording.save()


def test_twenty_enquiries_during_an_outage_are_all_saved_then_forty_emails_sent_once(
    client, contact_page, staff_address, smtp_server, settings
):
    settings.ENQUIRY_RATE_LIMIT_PER_HOUR = 100
    settings.EMAIL_RETRY_BASE_SECONDS = 0  # retry at once, so no clock needs faking
    smtp_server.stop()  # connections are refused from now on

    for n in range(20):
        response = client.post("/contact/", form_data(email=f"person{n}@example.org"))
        assert response.status_code == 302  # the person still sees success

    assert Enquiry.objects.count() == 20
    assert OutgoingEmail.objects.count() == 40
    assert OutgoingEmail.objects.filter(status="sent").count() == 0
    assert OutgoingEmail.objects.filter(attempts__gt=0).exists()  # delivery was tried
    assert smtp_server.messages == []

    smtp_server.start()
    deliver_queued_email.call()  # what the worker runs, on its schedule or when enqueued
    deliver_queued_email.call()

    assert len(smtp_server.messages) == 40
    ids = [email_parts(m)[0]["Message-ID"] for m in smtp_server.messages]
    assert len(set(ids)) == 40
    acknowledged = sorted(
        m.rcpt_tos[0] for m in smtp_server.messages if m.rcpt_tos != ["team@example.org"]
    )
    assert acknowledged == sorted(f"person{n}@example.org" for n in range(20))
    assert OutgoingEmail.objects.filter(status="sent").count() == 40
