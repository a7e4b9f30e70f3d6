"""RFC 5545 calendar files for sessions, built with the `icalendar` package.

Times carry the session's own zone (TZID plus a VTIMEZONE), so a calendar shows the
same local time as the page and the email. The join link is never written here: a
calendar file is forwarded and synced far beyond the person it was meant for.
"""

import datetime as dt
import functools
from datetime import UTC

from django.conf import settings
from django.utils import timezone
from django.utils.html import strip_tags
from icalendar import Calendar, Event, Timezone, vCalAddress

PRODID = "-//Infinite Recovery//Live discussions//EN"


def event_uid(session) -> str:
    return f"{session.uid}@live.infiniterecovery"


def session_event(session, *, cancelled: bool = False) -> Event:
    event = Event()
    event.add("uid", event_uid(session))
    event.add("sequence", session.sequence)
    event.add("dtstamp", timezone.now().astimezone(UTC))
    event.add("dtstart", session.starts_at.astimezone(session.zone))
    event.add("dtend", session.ends_at.astimezone(session.zone))
    event.add("summary", session.title)
    url = settings.SITE_URL + session.get_absolute_url()
    description = strip_tags(session.description or "").strip()
    event.add("description", f"{description}\n\n{url}".strip())
    event.add("url", url)
    if session.is_online:
        event.add("location", "Online: the link appears on the session page 15 minutes before")
    else:
        event.add("location", session.venue_address.replace("\r", "").replace("\n", ", "))
    is_cancelled = cancelled or session.is_cancelled
    event.add("status", "CANCELLED" if is_cancelled else "CONFIRMED")
    organizer = vCalAddress("mailto:" + _from_address())
    organizer.params["cn"] = settings.WAGTAIL_SITE_NAME
    event.add("organizer", organizer)
    return event


def _from_address() -> str:
    sender = settings.DEFAULT_FROM_EMAIL
    return sender.split("<")[-1].rstrip(">").strip() if "<" in sender else sender


@functools.lru_cache(maxsize=256)
def _vtimezone(tzid: str, first_year: int, last_year: int) -> Timezone:
    # Building a VTIMEZONE walks the zone's transitions (tens of milliseconds): made once
    # per zone and span, then shared read-only by every calendar that needs it.
    return Timezone.from_tzid(
        tzid, first_date=dt.date(first_year, 1, 1), last_date=dt.date(last_year, 12, 31)
    )


def _add_timezones(calendar: Calendar, sessions) -> None:
    """A VTIMEZONE for each zone used, covering only the years around these sessions: the
    library's default span (decades of transitions) is slow to build and heavy to send."""
    first_year = min(s.starts_at for s in sessions).year - 1
    last_year = max(s.ends_at for s in sessions).year + 1
    for tzid in sorted({s.time_zone for s in sessions}):
        calendar.subcomponents.insert(0, _vtimezone(tzid, first_year, last_year))


def _calendar(method: str | None, name: str | None = None) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    if name:
        calendar.add("x-wr-calname", name)
    return calendar


def session_ics(session, *, cancel: bool = False) -> bytes:
    """One session as a calendar file; `cancel` makes it a METHOD:CANCEL message."""
    cancel = cancel or session.is_cancelled
    calendar = _calendar("CANCEL" if cancel else "PUBLISH")
    calendar.add_component(session_event(session, cancelled=cancel))
    _add_timezones(calendar, [session])
    return calendar.to_ical()


def feed_ics(sessions) -> bytes:
    """A person's private feed: every session given, cancelled ones marked as such."""
    calendar = _calendar(None, name="Infinite Recovery live discussions")
    for session in sessions:
        calendar.add_component(session_event(session))
    if sessions:
        _add_timezones(calendar, sessions)
    return calendar.to_ical()


def ics_attachment(session, *, cancel: bool = False) -> tuple[str, bytes, str]:
    method = "CANCEL" if cancel or session.is_cancelled else "PUBLISH"
    return (
        "live-discussion.ics",
        session_ics(session, cancel=cancel),
        f"text/calendar; charset=utf-8; method={method}",
    )
