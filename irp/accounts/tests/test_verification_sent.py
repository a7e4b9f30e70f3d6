"""A new person never meets a dead end: after sign-up, and when signing in before
confirming, the "check your email" page says where the email went, sends it again on
request (rate limited), and offers a person to talk to. Links use SITE_URL."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from irp.accounts.testing import PASSWORD, make_person
from irp.emails.delivery import deliver_due_emails
from irp.emails.models import OutgoingEmail

pytestmark = pytest.mark.django_db

NEW = "new.person@example.org"
SENT_PAGE = "/accounts/confirm-email/"


def emails_to(address: str) -> list:
    """Every email to `address`, once the worker has delivered what is queued."""
    deliver_due_emails()
    return [m for m in mail.outbox if address in m.to]


def links_in(message) -> list[str]:
    return re.findall(r"https?://[^\s\"<>]+", message.body)


def sign_up(client, email: str = NEW, **extra):
    return client.post(
        "/accounts/signup/",
        {"email": email, "password1": PASSWORD, "password2": PASSWORD},
        **extra,
    )


def test_after_sign_up_the_page_says_where_the_email_went_and_what_to_do(client):
    response = sign_up(client)
    assert response.status_code == 302
    assert response["Location"] == SENT_PAGE

    page = client.get(SENT_PAGE)
    html = page.content.decode()
    assert page.status_code == 200
    assert page["Cache-Control"] == "no-store"
    assert "Check your email" in html
    assert f"<strong>{NEW}</strong>" in html
    assert 'method="post"' in html and "Send it again" in html
    assert 'href="/contact/"' in html
    assert len(emails_to(NEW)) == 1


def test_send_it_again_sends_a_new_link_when_the_limit_allows(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "confirm_email": "5/m/key"}
    sign_up(client)

    response = client.post(SENT_PAGE, follow=True)

    assert response.redirect_chain == [(SENT_PAGE, 302)]
    assert f"We have sent the email to {NEW} again." in response.content.decode()
    sent = emails_to(NEW)
    assert len(sent) == 2
    confirm_links = [link for m in sent for link in links_in(m) if "/confirm-email/" in link]
    assert len(confirm_links) == 2
    # The newest link works: the address is confirmed and the person is signed in.
    response = client.post(confirm_links[-1].removeprefix(settings.SITE_URL))
    assert EmailAddress.objects.get(email=NEW).verified


def test_send_it_again_straight_away_is_refused_kindly(client):
    sign_up(client)  # allauth's confirm_email limit: one email per address per 3 minutes

    response = client.post(SENT_PAGE, follow=True)

    assert "We sent you one only a few minutes ago" in response.content.decode()
    assert len(emails_to(NEW)) == 1


def test_send_it_again_is_a_post_and_needs_an_address(client):
    # Nobody has signed up in this browser: no address shown, no button, no email.
    html = client.get(SENT_PAGE).content.decode()
    assert "Send it again" not in html and 'href="/contact/"' in html
    client.post(SENT_PAGE)
    assert OutgoingEmail.objects.count() == 0 and mail.outbox == []


def test_signing_in_before_confirming_leads_to_the_same_page_not_a_loop(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "confirm_email": "5/m/key"}
    sign_up(client)
    other = client.__class__()  # another browser, later

    response = other.post("/accounts/login/", {"login": NEW, "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == SENT_PAGE
    page = other.get(SENT_PAGE)
    assert page.status_code == 200
    assert f"<strong>{NEW}</strong>" in page.content.decode()
    # Asking again from here works too.
    assert other.post(SENT_PAGE).status_code == 302
    assert len(emails_to(NEW)) == 3  # sign-up, sign-in, send it again


def test_an_address_that_already_has_an_account_gets_the_same_page(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "confirm_email": "5/m/key"}
    make_person(email="known@example.org")
    sign_up(client, email="known@example.org")
    known = client.get(SENT_PAGE).content.decode()
    client.post(SENT_PAGE)

    fresh = client.__class__()
    sign_up(fresh)
    new = fresh.get(SENT_PAGE).content.decode()

    # Nothing on the page tells the two apart but the address typed.
    strip = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"|known@example.org|' + NEW)
    assert strip.sub("", known) == strip.sub("", new)
    # The known person hears "you already have an account", twice, and no new link.
    sent = emails_to("known@example.org")
    assert len(sent) == 2
    assert all("/confirm-email/" not in m.body for m in sent)


def test_links_in_allauth_emails_use_site_url_not_the_request_host(client, settings):
    settings.SITE_URL = "https://irp.example"
    host = {"HTTP_HOST": "internal-app-3:8080"}
    make_person(email="known@example.org")

    sign_up(client, **host)
    sign_up(client.__class__(), email="known@example.org", **host)
    client.post("/accounts/password/reset/", {"email": "known@example.org"}, **host)

    links = [link for m in emails_to(NEW) + emails_to("known@example.org") for link in links_in(m)]
    assert any("/accounts/confirm-email/" in link for link in links)
    assert any("/accounts/password/reset/key/" in link for link in links)
    assert any(link.endswith("/accounts/password/reset/") for link in links)  # already exists
    assert links and all(link.startswith("https://irp.example/") for link in links), links


def test_allauth_emails_name_the_site_not_the_request_host(client, settings):
    settings.SITE_URL = "https://practice.example"
    sign_up(client, HTTP_HOST="internal-name:8000")
    (message,) = emails_to(NEW)
    assert "Hello from Infinite Recovery" in message.body
    assert "internal-name" not in message.body and "testserver" not in message.body
