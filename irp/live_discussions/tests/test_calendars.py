import datetime as dt
import zoneinfo

import pytest
from icalendar import Calendar

from irp.live_discussions import services
from irp.live_discussions.calendars import event_uid, feed_ics, session_ics
from irp.live_discussions.times import DASH, format_span

from .factories import JOIN_LINK, LiveSessionFactory, PlaceFactory

pytestmark = pytest.mark.django_db

LONDON = zoneinfo.ZoneInfo("Europe/London")
NEW_YORK = zoneinfo.ZoneInfo("America/New_York")


def only_event(ics: bytes):
    calendar = Calendar.from_ical(ics)
    [event] = calendar.walk("VEVENT")
    return calendar, event


def test_session_ics_fields_one_by_one(session):
    calendar, event = only_event(session_ics(session))
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"] == "-//Infinite Recovery//Live discussions//EN"
    assert calendar["METHOD"] == "PUBLISH"
    assert str(event["UID"]) == f"{session.uid}@live.infiniterecovery"
    assert event["SEQUENCE"] == 0
    assert event["SUMMARY"] == session.title
    assert event["STATUS"] == "CONFIRMED"
    assert event.decoded("DTSTART") == session.starts_at
    assert event.decoded("DTEND") == session.ends_at
    assert event["DTSTART"].params["TZID"] == "Europe/London"
    assert event.decoded("DTSTAMP").tzinfo is not None
    assert str(event["URL"]).endswith(f"/live/{session.pk}/")
    assert "Online" in str(event["LOCATION"])
    assert str(event["ORGANIZER"]).startswith("mailto:")
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/London"]
    assert JOIN_LINK not in session_ics(session).decode()


def test_venue_sessions_carry_their_address_as_location():
    session = LiveSessionFactory(format="venue", join_link="", venue_address="1 Road\nLondon")
    _, event = only_event(session_ics(session))
    assert event["LOCATION"] == "1 Road, London"


def test_uid_is_stable_and_sequence_rises_with_each_change(session):
    first = only_event(session_ics(session))[1]
    session.title = "A new title"
    services.update_session(session=session)
    session.starts_at += dt.timedelta(days=1)
    session.ends_at += dt.timedelta(days=1)
    services.update_session(session=session)
    session.refresh_from_db()
    latest = only_event(session_ics(session))[1]
    assert latest["UID"] == first["UID"] == event_uid(session)
    assert (first["SEQUENCE"], latest["SEQUENCE"]) == (0, 2)


def test_cancelled_session_ics_is_a_cancellation(session):
    services.cancel_session(session=session)
    session.refresh_from_db()
    calendar, event = only_event(session_ics(session))
    assert calendar["METHOD"] == "CANCEL"
    assert event["STATUS"] == "CANCELLED"
    assert event["SEQUENCE"] == 1


def test_feed_holds_confirmed_sessions_only(person):
    mine = PlaceFactory(person=person).session
    PlaceFactory(person=person, status="waiting", queue_number=1)
    PlaceFactory(person=person, status="cancelled")
    calendar = Calendar.from_ical(feed_ics([mine]))
    assert [str(e["UID"]) for e in calendar.walk("VEVENT")] == [event_uid(mine)]
    from irp.live_discussions.selectors import feed_sessions

    assert feed_sessions(person) == [mine]


# --- Daylight saving: the same local time on the page, in the email, in the file ----


@pytest.mark.parametrize(
    ("zone", "local_start", "expected_utc_hour", "label"),
    [
        # Europe/London: clocks go forward 29 March 2026 and back 25 October 2026.
        (LONDON, dt.datetime(2026, 3, 28, 19, 0), 19, "GMT"),
        (LONDON, dt.datetime(2026, 3, 30, 19, 0), 18, "BST"),
        (LONDON, dt.datetime(2026, 10, 24, 19, 0), 18, "BST"),
        (LONDON, dt.datetime(2026, 10, 26, 19, 0), 19, "GMT"),
        # America/New_York: forward 8 March 2026, back 1 November 2026.
        (NEW_YORK, dt.datetime(2026, 3, 7, 12, 0), 17, "EST"),
        (NEW_YORK, dt.datetime(2026, 3, 9, 12, 0), 16, "EDT"),
        (NEW_YORK, dt.datetime(2026, 10, 31, 12, 0), 16, "EDT"),
        (NEW_YORK, dt.datetime(2026, 11, 2, 12, 0), 17, "EST"),
    ],
)
def test_local_time_is_the_same_on_page_email_and_calendar_across_dst(
    client, zone, local_start, expected_utc_hour, label
):
    starts_at = local_start.replace(tzinfo=zone)
    session = LiveSessionFactory(
        time_zone=zone.key, starts_at=starts_at, ends_at=starts_at + dt.timedelta(hours=1)
    )
    assert session.starts_at.astimezone(dt.UTC).hour == expected_utc_hour
    expected = format_span(session.starts_at, session.ends_at, zone)
    assert f"{local_start:%H:%M}" in expected and label in expected
    # The calendar file: TZID of the session's zone, same wall time, VTIMEZONE present.
    calendar, event = only_event(session_ics(session))
    assert event["DTSTART"].params["TZID"] == zone.key
    assert event.decoded("DTSTART").replace(tzinfo=None) == local_start
    assert event.decoded("DTSTART") == session.starts_at
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == [zone.key]
    # The page (anonymous visitors see the session's own zone before any script runs).
    assert expected in client.get(session.get_absolute_url()).content.decode()


def test_a_reader_in_another_zone_sees_both_times(client):
    starts_at = dt.datetime(2026, 3, 30, 19, 0, tzinfo=LONDON)  # London already on BST
    session = LiveSessionFactory(starts_at=starts_at, ends_at=starts_at + dt.timedelta(hours=1))
    from .factories import PersonFactory

    client.force_login(PersonFactory(time_zone="America/New_York"))
    html = client.get(session.get_absolute_url()).content.decode()
    assert f"Monday 30 March 2026, 14:00{DASH}15:00 EDT" in html  # New York: 5 hours behind
    assert f"Monday 30 March 2026, 19:00{DASH}20:00 BST" in html


def test_email_text_and_calendar_agree_for_a_new_york_reader(delivered):
    from .factories import PersonFactory

    starts_at = dt.datetime(2026, 11, 2, 9, 30, tzinfo=LONDON)  # NY back on EST, London GMT
    session = LiveSessionFactory(starts_at=starts_at, ends_at=starts_at + dt.timedelta(hours=1))
    person = PersonFactory(time_zone="America/New_York")
    services.register_for_session(
        session=session, person=person, now=starts_at - dt.timedelta(days=3)
    )
    [email] = delivered()
    assert f"Monday 2 November 2026, 04:30{DASH}05:30 EST" in email.body
    assert f"Monday 2 November 2026, 09:30{DASH}10:30 GMT" in email.body
    _, content, _ = email.attachments[0]
    content = content.encode() if isinstance(content, str) else content
    _, event = only_event(content)
    assert event.decoded("DTSTART").astimezone(NEW_YORK).strftime("%H:%M") == "04:30"
