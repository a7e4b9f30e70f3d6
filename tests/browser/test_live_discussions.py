"""A practitioner finds a session, takes a place, sees it in My sessions, downloads the
calendar file and gives the place up; the next person waiting is promoted."""

import datetime as dt

import pytest
from django.conf import settings
from django.test import Client
from icalendar import Calendar

from irp.accounts.roles import sees_other_peoples_data
from irp.accounts.testing import sign_in_with_two_steps
from irp.live_discussions import services
from irp.live_discussions.models import Place
from irp.live_discussions.tests.factories import (
    JOIN_LINK,
    FacilitatorFactory,
    LiveSessionFactory,
    PersonFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, live_server, person):
    client = Client()
    if sees_other_peoples_data(person):
        sign_in_with_two_steps(client, person)  # their role asks for two steps
    else:
        client.force_login(person)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def test_practitioner_registers_downloads_calendar_and_gives_the_place_up(
    live_server, page, assert_accessible, mailoutbox
):
    facilitator = FacilitatorFactory()
    session = LiveSessionFactory(
        title="Seeing innate well-being", capacity=2, facilitators=[facilitator]
    )
    services.register_for_session(session=session, person=PersonFactory())
    practitioner = PersonFactory(display_name="Alex")
    sign_in(page, live_server, practitioner)

    page.goto(live_server.url + "/live/")
    assert_accessible(page)
    page.get_by_role("link", name="Seeing innate well-being", exact=True).click()
    assert page.locator("h1").inner_text() == "Seeing innate well-being"
    assert_accessible(page)

    page.get_by_label("Email me a reminder 24 hours and 1 hour before").check()
    page.get_by_role("button", name="Take a place").click()
    assert "Your place is confirmed" in page.locator("main").inner_text()
    assert JOIN_LINK not in page.content()
    assert_accessible(page)

    # Someone else arrives after the last seat has gone: they wait.
    waiting = services.register_for_session(session=session, person=PersonFactory())
    assert waiting.status == Place.Status.WAITING

    page.get_by_role("link", name="My sessions").click()
    assert page.locator("h1").inner_text() == "My sessions"
    assert page.get_by_role("link", name="Seeing innate well-being", exact=True).is_visible()
    assert_accessible(page)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Calendar file (.ics) for Seeing innate well-being").click()
    calendar = Calendar.from_ical(open(download_info.value.path(), "rb").read())  # noqa: SIM115
    [event] = calendar.walk("VEVENT")
    assert event["SUMMARY"] == "Seeing innate well-being"
    assert event.decoded("DTSTART") == session.starts_at

    mailoutbox.clear()
    page.get_by_role("button", name="Give up my place in Seeing innate well-being").click()
    assert "You have given up your place" in page.locator("main").inner_text()
    assert_accessible(page)

    waiting.refresh_from_db()
    assert waiting.status == Place.Status.CONFIRMED
    assert [m.to for m in mailoutbox] == [[waiting.person.email]]


def test_promoted_person_uses_the_cant_come_link_from_their_email(
    live_server, page, assert_accessible
):
    session = LiveSessionFactory(title="Relapse and resilience", capacity=1)
    place = services.register_for_session(session=session, person=PersonFactory())
    token = services.cant_come_token(place)

    page.goto(f"{live_server.url}/live/places/{token}/cant-come/")
    assert_accessible(page)
    place.refresh_from_db()
    assert place.is_confirmed  # opening the link alone changes nothing
    page.get_by_role("button", name="Give up my place").click()
    assert "free for someone else" in page.locator("h1").inner_text()
    assert_accessible(page)
    place.refresh_from_db()
    assert place.status == Place.Status.CANCELLED


def test_visitors_see_times_in_their_browsers_zone(live_server, browser, assert_accessible):
    starts_at = dt.datetime(2026, 12, 1, 19, 0, tzinfo=dt.UTC)
    LiveSessionFactory(title="Winter circle", starts_at=starts_at,
                       ends_at=starts_at + dt.timedelta(hours=1))  # fmt: skip
    context = browser.new_context(timezone_id="America/New_York")
    page = context.new_page()
    page.goto(live_server.url + "/live/")
    text = page.locator(".live-card").inner_text()
    assert "14:00" in text and "America/New York" in text  # the visitor's zone, by script
    assert "19:00\u201320:00 GMT" in text  # and the session's own zone (en dash)
    assert_accessible(page)
    context.close()


def test_facilitator_pages_and_calendar_feed_page_are_accessible(
    live_server, page, assert_accessible
):
    facilitator = FacilitatorFactory()
    session = LiveSessionFactory(facilitators=[facilitator], capacity=1)
    services.register_for_session(session=session, person=PersonFactory())
    services.register_for_session(session=session, person=PersonFactory())
    sign_in(page, live_server, facilitator)
    page.goto(live_server.url + "/live/facilitate/")
    assert_accessible(page)
    page.get_by_role("link", name=session.title).click()
    assert "Waiting list" in page.locator("main").inner_text()
    assert_accessible(page)
    page.get_by_role("button", name="Send to everyone registered").click()
    assert "Write the message you want to send." in page.locator("main").inner_text()
    assert_accessible(page)
    page.goto(live_server.url + "/live/calendar/")
    assert_accessible(page)
