"""Taking the last place in a live discussion, and the waiting list moving up."""

import datetime as dt

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from .steps import ONE_SEAT, PASSWORD, sign_in

pytestmark = [pytest.mark.journey, pytest.mark.browser]

TITLE = ONE_SEAT


def test_a_place_is_confirmed_with_a_calendar_and_passes_to_the_next_person_waiting(
    site, page, browser, mailbox, arranged, assert_accessible
):
    first, second = arranged["first"], arranged["second"]

    sign_in(page, email=first, password=PASSWORD, next_url="/live/")
    page.wait_for_url("**/live/")
    page.get_by_role("link", name=TITLE, exact=True).click()
    page.get_by_role("button", name="Take a place").click()
    expect(page.locator("main")).to_contain_text("Your place is confirmed")
    assert_accessible(page)

    confirmed = mailbox.wait_for(to=first, subject=f"Your place is confirmed: {TITLE}")
    [(filename, content_type, data)] = confirmed.attachments
    assert filename.endswith(".ics") and content_type == "text/calendar"
    [event] = Calendar.from_ical(data).walk("VEVENT")
    assert str(event["SUMMARY"]) == TITLE
    starts = event.decoded("DTSTART")
    assert starts - dt.datetime.now(dt.UTC) > dt.timedelta(days=6)
    assert "meet.example" not in data.decode()  # the join link is never in a calendar file

    # A second person finds the session full and waits.
    context = browser.new_context(base_url=site.url)
    other = context.new_page()
    sign_in(other, email=second, password=PASSWORD, next_url="/live/")
    other.wait_for_url("**/live/")
    other.get_by_role("link", name=TITLE, exact=True).click()
    other.get_by_role("button", name="Join the waiting list").click()
    expect(other.locator("main")).to_contain_text("number 1 on the waiting list")
    mailbox.wait_for(to=second, subject=f"You are on the waiting list: {TITLE}")

    # The first gives the place up; it passes to the second, who is told by email.
    page.get_by_role("link", name="I can't come: give up my place").click()
    page.get_by_role("button", name="Give up my place").click()
    expect(page.locator("main")).to_contain_text("You have given up your place")
    promoted = mailbox.wait_for(to=second, subject=f"A place has come free for you: {TITLE}")
    assert promoted.link("/live/places/")  # their own "I can't come" link
    other.reload()
    expect(other.locator("main")).to_contain_text("I can't come: give up my place")
    context.close()

    assert len(mailbox.assert_each_once(first)) == 1
    assert len(mailbox.assert_each_once(second, settle=0)) == 2
