import re

import pytest
from django.core.cache import cache

from irp.emails.models import OutgoingEmail
from irp.enquiries.models import Enquiry, EnquiryEvent, EnquirySettings

from .factories import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_address(contact_page):
    from wagtail.models import Site

    wording = EnquirySettings.for_site(Site.objects.get(is_default_site=True))
    wording.notification_addresses = "team@example.org\nsecond@example.org"
    wording.save()


def test_contact_page_shows_the_form(client, contact_page, django_assert_max_num_queries):
    # The page, its site, settings, and the site frame's navigation and breadcrumbs.
    with django_assert_max_num_queries(9):
        response = client.get("/contact/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="email"' in html
    assert "I agree you may keep what I send and reply." in html
    assert 'href="/privacy/"' in html
    assert (
        "no-cache" in response.headers["Cache-Control"]
        or "max-age=0" in response.headers["Cache-Control"]
    )


def test_a_valid_enquiry_is_stored_with_consent_and_queues_two_emails(
    client, contact_page, staff_address
):
    response = client.post("/contact/", form_data())

    assert response.status_code == 302
    assert response.headers["Location"] == "/contact/sent/"
    enquiry = Enquiry.objects.get()
    assert enquiry.name == "Jo Bloggs"
    assert enquiry.status == Enquiry.Status.NEW
    assert enquiry.consent_text == "I agree you may keep what I send and reply."
    assert enquiry.consent_version == "v-test"
    assert enquiry.consented_at is not None
    assert not enquiry.is_suspected_spam
    assert list(enquiry.events.values_list("kind", flat=True)) == [EnquiryEvent.Kind.RECEIVED]
    emails = OutgoingEmail.objects.order_by("id")
    assert [e.to for e in emails] == ["jo@example.org", "team@example.org, second@example.org"]


def test_the_thank_you_page_says_what_happens_next_and_when(client, contact_page):
    response = client.get("/contact/sent/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "What happens next" in html
    assert "within three working days" in html


def test_errors_are_listed_linked_and_described_and_keep_what_was_typed(client, contact_page):
    response = client.post(
        "/contact/", form_data(email="not-an-address", consent=None, organisation="Acme & Co")
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Error: " in html
    assert 'class="error-summary" role="alert" tabindex="-1"' in html
    assert '<a href="#id_email">Please enter an email address' in html
    assert 'aria-describedby="id_email-error id_email-hint"' in html
    assert 'aria-describedby="id_consent-error consent-wording"' in html
    # Everything typed stays, escaped.
    assert 'value="Jo Bloggs"' in html
    assert 'value="Acme &amp; Co"' in html
    assert 'value="not-an-address"' in html
    assert "I would like to explore\na model of health" in html
    assert not Enquiry.objects.exists()


def test_honeypot_submission_is_kept_apart_and_sends_nothing(client, contact_page, staff_address):
    response = client.post("/contact/", form_data(website="buy now"))

    assert response.status_code == 302  # a robot learns nothing
    enquiry = Enquiry.objects.get()
    assert enquiry.is_suspected_spam
    assert enquiry.spam_reasons == "hidden field filled in"
    assert not OutgoingEmail.objects.exists()


def test_a_sixth_enquiry_from_one_address_within_the_hour_is_politely_refused(
    client, contact_page, settings
):
    settings.ENQUIRY_RATE_LIMIT_PER_HOUR = 5
    for n in range(5):
        assert client.post("/contact/", form_data(email=f"p{n}@example.org")).status_code == 302

    response = client.post("/contact/", form_data(email="p6@example.org", name="Sixth"))

    assert response.status_code == 429
    assert "the form is paused for now" in response.content.decode()
    assert 'value="Sixth"' in response.content.decode()
    assert Enquiry.objects.count() == 5


def test_one_email_address_is_limited_across_client_addresses(client, contact_page, settings):
    settings.ENQUIRY_RATE_LIMIT_PER_HOUR = 2
    for n in range(2):
        response = client.post("/contact/", form_data(), REMOTE_ADDR=f"10.0.0.{n}")
        assert response.status_code == 302
    response = client.post("/contact/", form_data(), REMOTE_ADDR="10.0.0.9")
    assert response.status_code == 429
    cache.clear()
    assert client.post("/contact/", form_data(), REMOTE_ADDR="10.0.0.9").status_code == 302


def test_forged_forwarded_for_does_not_escape_the_limit(client, contact_page, settings):
    settings.ENQUIRY_RATE_LIMIT_PER_HOUR = 1
    settings.TRUSTED_PROXY_COUNT = 0
    client.post("/contact/", form_data(email="a@example.org"), HTTP_X_FORWARDED_FOR="1.1.1.1")
    response = client.post(
        "/contact/", form_data(email="b@example.org"), HTTP_X_FORWARDED_FOR="2.2.2.2"
    )
    assert response.status_code == 429


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_other_methods_never_give_a_server_error(client, contact_page, method):
    response = getattr(client, method)("/contact/")
    assert response.status_code < 500


def test_a_post_without_csrf_token_is_refused(contact_page):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post("/contact/", form_data())
    assert response.status_code == 403
    assert not Enquiry.objects.exists()


def test_real_smtp_delivers_the_acknowledgement_without_the_senders_words_and_the_staff_notice(
    client, contact_page, staff_address, smtp_server, django_capture_on_commit_callbacks
):
    from irp.emails.testing import email_parts

    typed = form_data(
        name="Jo O'Brien <b>",
        role="other",
        role_other="Visit cheap-pills.example",
        heard_from="Click https://phish.example/now",
        hopes="You have won a prize: reply with your bank details.",
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/contact/", typed)

    assert len(smtp_server.messages) == 2
    by_recipient = {tuple(m.rcpt_tos): m for m in smtp_server.messages}
    ack, parts = email_parts(by_recipient[("jo@example.org",)])
    assert ack["Subject"] == "Thank you for getting in touch with Infinite Recovery"
    assert ack["To"] == "jo@example.org"
    assert ack["Message-ID"]
    assert ack.get_content_type() == "multipart/alternative"
    text, html = parts["text/plain"], parts["text/html"]
    assert "within three working days" in text
    assert "does not repeat what was written" in text and "does not repeat" in html
    assert "version v-test" in text
    # Anyone can type any address: nothing they typed travels to it.
    for field in ("name", "role_other", "organisation", "heard_from", "hopes"):
        for fragment in (typed[field], typed[field][:12]):
            assert fragment not in text and fragment not in html, field
    assert "O&#x27;Brien" not in html and "Brien" not in text

    staff, staff_parts = email_parts(by_recipient[("team@example.org", "second@example.org")])
    assert staff["Subject"] == "New enquiry from Jo O'Brien <b>"
    assert staff["Reply-To"] == "jo@example.org"
    assert re.search(r"/admin/enquiries/inspect/\d+/", staff_parts["text/plain"])
    # The staff notice goes to our own addresses; it names the sender and points to the inbox.
    assert "Name: Jo O'Brien <b>" in staff_parts["text/plain"]
    assert OutgoingEmail.objects.filter(status="sent").count() == 2


def test_edited_wording_is_used_in_the_acknowledgement(client, contact_page, smtp_server):
    from wagtail.models import Site

    from irp.emails.services import deliver_due_emails
    from irp.emails.testing import email_parts

    wording = EnquirySettings.for_site(Site.objects.get(is_default_site=True))
    wording.acknowledgement_subject = "We have your note"
    wording.acknowledgement_message = "Hello from the team.\n\nSpeak soon."
    wording.save()

    client.post("/contact/", form_data())
    deliver_due_emails()

    message, parts = email_parts(smtp_server.messages[0])
    assert message["Subject"] == "We have your note"
    assert "Hello from the team." in parts["text/plain"]
    assert "<p>Hello from the team.</p>" in parts["text/html"]
