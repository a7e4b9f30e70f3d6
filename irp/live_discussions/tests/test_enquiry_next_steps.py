"""Someone who gets in touch is shown the next open live discussions, on the thank-you
page and in the acknowledgement email, without any join link."""

import io

import pytest
from django.core import mail

from irp.enquiries.tests.factories import form_data, make_contact_page
from irp.pages.demo import load as load_pages

from .factories import JOIN_LINK, LiveSessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def contact_page():
    load_pages(stdout=io.StringIO())
    return make_contact_page()


def test_thank_you_page_lists_the_next_open_sessions(client, contact_page):
    LiveSessionFactory(title="Seeing well-being", time_zone="Europe/London")
    LiveSessionFactory(title="A draft nobody sees", status="draft")
    html = client.get("/contact/sent/").content.decode()
    assert "Open live discussions" in html
    assert "Seeing well-being" in html
    assert "A draft nobody sees" not in html
    assert JOIN_LINK not in html


def test_thank_you_page_leaves_the_section_out_when_nothing_is_open(client, contact_page):
    html = client.get("/contact/sent/").content.decode()
    assert "Open live discussions" not in html


def test_acknowledgement_email_lists_them_in_both_parts(
    client, contact_page, django_capture_on_commit_callbacks
):
    LiveSessionFactory(title="Seeing well-being", time_zone="Europe/London")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/contact/", form_data())
    [acknowledgement] = [m for m in mail.outbox if m.to == ["jo@example.org"]]
    html = acknowledgement.alternatives[0][0]
    for part in (acknowledgement.body, html):
        assert "Seeing well-being" in part
        assert "/live/" in part
        assert JOIN_LINK not in part
