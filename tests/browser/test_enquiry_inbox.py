"""The staff inbox in the Wagtail admin, in Chromium: the list and one enquiry pass
axe-core's WCAG 2.2 AA checks and can be worked by keyboard."""

import pytest
from playwright.sync_api import expect

from irp.enquiries.tests.factories import EnquiryFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_read_the_inbox_and_an_enquiry(
    live_server, page, people, sign_in_in_browser, assert_accessible
):
    enquiry = EnquiryFactory(name="Sam Rivers", hopes="I would like to join a cohort.")
    sign_in_in_browser(page, live_server, people["staff"], next_url="/admin/enquiries/")
    expect(page.get_by_role("link", name="Sam Rivers")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Sam Rivers").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/admin/enquiries/inspect/{enquiry.pk}/")
    expect(page.get_by_text("I would like to join a cohort.")).to_be_visible()
    assert_accessible(page)
