"""Getting in touch, and staff answering in the inbox after signing in with a code."""

import pyotp
import pytest
from playwright.sync_api import expect

from irp.accounts.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET, STAFF_EMAIL
from irp.accounts.testing import enter_code_in_browser
from irp.enquiries.demo import DEMO_NOTIFY

from .steps import get_in_touch, sign_in

pytestmark = [pytest.mark.journey, pytest.mark.browser]


def test_a_professional_gets_in_touch_and_both_emails_arrive_once(
    page, mailbox, unique_address, assert_accessible
):
    address = unique_address("curious.counsellor")
    get_in_touch(
        page, name="Jordan Ellis", email=address,
        hopes="How a model of health could change my first sessions.",
    )  # fmt: skip
    assert "within three working days" in page.locator("main").inner_text()
    assert_accessible(page)

    thanks = mailbox.wait_for(to=address, subject="Thank you for getting in touch")
    # Anyone can type any address, so the acknowledgement never repeats what was written.
    assert "Thank you for getting in touch" in thanks.text
    assert "How a model of health could change my first sessions." not in thanks.text
    notice = mailbox.wait_for(to=DEMO_NOTIFY, subject="New enquiry from Jordan Ellis")
    assert address in notice.text

    assert len(mailbox.assert_each_once(address)) == 1
    staff_subjects = [m.subject for m in mailbox.to(DEMO_NOTIFY)]
    assert staff_subjects.count(notice.subject) == 1


def test_staff_sign_in_with_a_code_and_answer_an_enquiry(page, mailbox, unique_address):
    get_in_touch(
        page, name="Casey Morgan", email=unique_address("casey"),
        hopes="Could our team explore this together?",
    )  # fmt: skip

    sign_in(page, email=STAFF_EMAIL, password=DEMO_PASSWORD, next_url="/admin/enquiries/")
    page.wait_for_url("**/accounts/2fa/authenticate/**")
    enter_code_in_browser(page, pyotp.TOTP(DEMO_TOTP_SECRET).now)
    page.wait_for_url("**/admin/enquiries/")

    page.get_by_role("link", name="Casey Morgan").click()
    page.wait_for_url("**/admin/enquiries/inspect/*/")
    expect(page.get_by_text("Could our team explore this together?")).to_be_visible()

    page.get_by_label("Status").select_option(label="In conversation")
    page.get_by_role("button", name="Change status").click()
    expect(page.locator(".enquiry-admin dl")).to_contain_text("In conversation")
    page.get_by_label("Internal note (staff only)").fill("Phoned; a call is booked for Tuesday.")
    page.get_by_role("button", name="Add note").click()
    expect(page.locator(".enquiry-timeline")).to_contain_text("a call is booked for Tuesday")
