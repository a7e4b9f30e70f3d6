"""The failed emails screen: staff admins see what failed and why, and send it again;
nobody else reaches it."""

import pytest
from django.core import mail
from django.urls import reverse

from irp.accounts import roles
from irp.accounts.testing import make_person, sign_in_with_two_steps
from irp.emails import delivery, services
from irp.emails.models import OutgoingEmail

pytestmark = pytest.mark.django_db

INDEX = reverse("failed_emails:index")


def failed_email(to="gone@example.org", error="SMTPRecipientsRefused: 550 No such mailbox"):
    outgoing = services.queue_email(to=[to], template="emails/tests/hello", context={"name": "Ada"})
    OutgoingEmail.objects.filter(pk=outgoing.pk).update(
        status=OutgoingEmail.Status.FAILED, attempts=1, last_error=error
    )
    return outgoing


@pytest.fixture
def staff_admin():
    # Not a superuser: the screen must open through the Staff admins group alone.
    return make_person(email="admin@example.org", role=roles.STAFF_ADMINS, with_mfa=True)


def test_staff_admins_see_failed_emails_with_the_reason_and_can_send_one_again(client, staff_admin):
    outgoing = failed_email()
    queue_only = services.queue_email(
        to=["waiting@example.org"], template="emails/tests/hello", context={"name": "Bo"}
    )
    sign_in_with_two_steps(client, staff_admin)

    response = client.get(INDEX)
    assert response.status_code == 200
    page = response.content.decode()
    assert "gone@example.org" in page and "Hello Ada" in page
    assert "550 No such mailbox" in page
    assert "waiting@example.org" not in page  # only what failed
    assert reverse("failed_emails:send_again", args=[outgoing.pk]) in page
    assert "Failed emails" in client.get("/admin/").content.decode()  # in the menu

    response = client.post(reverse("failed_emails:send_again", args=[outgoing.pk]))
    assert response.status_code == 302 and response["Location"] == INDEX
    outgoing.refresh_from_db()
    assert outgoing.status == OutgoingEmail.Status.QUEUED
    delivery.deliver_due_emails()
    assert sorted(m.to[0] for m in mail.outbox) == ["gone@example.org", "waiting@example.org"]
    assert queue_only.pk  # delivered alongside, untouched by the resend


def test_a_message_whose_text_is_gone_says_so_and_is_not_resent(client, staff_admin):
    outgoing = failed_email()
    OutgoingEmail.objects.filter(pk=outgoing.pk).update(content=None)
    sign_in_with_two_steps(client, staff_admin)

    assert "no longer kept" in client.get(INDEX).content.decode()
    client.post(reverse("failed_emails:send_again", args=[outgoing.pk]))
    outgoing.refresh_from_db()
    assert outgoing.status == OutgoingEmail.Status.FAILED


def test_sending_again_needs_a_post_with_a_csrf_token(client, staff_admin):
    from django.test import Client

    outgoing = failed_email()
    sign_in_with_two_steps(client, staff_admin)
    signed_in = client.cookies
    client = Client(enforce_csrf_checks=True)
    client.cookies = signed_in
    url = reverse("failed_emails:send_again", args=[outgoing.pk])

    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 403
    outgoing.refresh_from_db()
    assert outgoing.status == OutgoingEmail.Status.FAILED


@pytest.mark.parametrize("role", [roles.PRACTITIONERS, roles.STAFF_EDITORS])
def test_practitioners_and_editors_are_refused(client, role):
    outgoing = failed_email()
    sign_in_with_two_steps(client, make_person(email="other@example.org", role=role))

    response = client.get(INDEX)
    assert response.status_code in (302, 403)
    assert b"gone@example.org" not in response.content
    assert "Failed emails" not in client.get("/admin/").content.decode()
    response = client.post(reverse("failed_emails:send_again", args=[outgoing.pk]))
    assert response.status_code in (302, 403)
    outgoing.refresh_from_db()
    assert outgoing.status == OutgoingEmail.Status.FAILED
