"""The failed emails screen in the Wagtail admin, in Chromium: it passes axe-core's
WCAG 2.2 AA checks, and staff send a message again by keyboard."""

import pytest
from django.contrib.auth.models import Permission
from playwright.sync_api import expect

from irp.accounts import roles
from irp.accounts.testing import make_person
from irp.emails import services
from irp.emails.models import OutgoingEmail

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_admins_send_a_failed_email_again(
    live_server, page, sign_in_in_browser, assert_accessible
):
    admin = make_person(email="admin@example.org", role=roles.STAFF_ADMINS, with_mfa=True)
    # What the migrations give Staff admins; an earlier transactional test's flush may
    # have removed it.
    admin.groups.get().permissions.add(
        *Permission.objects.filter(codename__in=["access_admin", "see_failed_emails"])
    )
    outgoing = services.queue_email(
        to=["gone@example.org"], template="emails/tests/hello", context={"name": "Ada"}
    )
    OutgoingEmail.objects.filter(pk=outgoing.pk).update(
        status=OutgoingEmail.Status.FAILED, last_error="SMTPRecipientsRefused: 550 No such mailbox"
    )
    sign_in_in_browser(page, live_server, admin, next_url="/admin/failed_emails/")
    expect(page.get_by_text("550 No such mailbox")).to_be_visible()
    assert_accessible(page)

    button = page.get_by_role("button", name="Send again: Hello Ada, to gone@example.org")
    button.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("queued to be sent again")).to_be_visible()
    assert_accessible(page)
    outgoing.refresh_from_db()
    assert outgoing.status != OutgoingEmail.Status.FAILED
