"""Sessions as staff make them: single sessions and weekly series, changes and
cancellation (which tell everyone registered)."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from ..models import LiveSession, Place, Series
from ..notices import email_cancellation, email_place
from .places import _promote, check_capacity, lock_session

CALENDAR_FIELDS = (
    "title", "description", "format", "venue_address", "time_zone", "starts_at", "ends_at",
    "status",
)  # fmt: skip


def weekly_dates(starts_at: dt.datetime, zone, count: int) -> list[dt.datetime]:
    """The same local wall time each week, so a series stays at 19:00 across DST."""
    local = starts_at.astimezone(zone).replace(tzinfo=None)
    return [
        (local + dt.timedelta(weeks=i)).replace(tzinfo=zone).astimezone(dt.UTC)
        for i in range(count)
    ]


def _shift_local(moment: dt.datetime | None, zone, weeks: int) -> dt.datetime | None:
    if moment is None:
        return None
    local = moment.astimezone(zone).replace(tzinfo=None) + dt.timedelta(weeks=weeks)
    return local.replace(tzinfo=zone).astimezone(dt.UTC)


# (month, day) on which a weekly series meets only if staff choose so.
HOLIDAYS = {(12, 25), (12, 26), (1, 1)}


def is_holiday(moment: dt.datetime, zone) -> bool:
    """True when `moment` falls on 25 or 26 December or 1 January in `zone`."""
    local = moment.astimezone(zone)
    return (local.month, local.day) in HOLIDAYS


def create_sessions(
    *,
    session: LiveSession,
    facilitators=(),
    weekly_count: int = 1,
    meets_on_holidays: bool = False,
):
    """Save a new session; with `weekly_count` > 1, a weekly series of that many sessions,
    each at the same local time and with its own places. Unless `meets_on_holidays`, a
    week falling on 25 or 26 December or 1 January is skipped and the series runs a week
    longer, so it still has `weekly_count` sessions. Returns the sessions made."""
    session.full_clean()
    if weekly_count <= 1:
        session.save()
        session.facilitators.set(facilitators)
        return [session]
    series = Series(title=session.title, meets_on_holidays=meets_on_holidays)
    series.full_clean()
    series.save()
    made = []
    zone = session.zone
    weeks = (
        week
        for week in range(weekly_count + 2 * len(HOLIDAYS))
        if meets_on_holidays or not is_holiday(_shift_local(session.starts_at, zone, week), zone)
    )
    for _, week in zip(range(weekly_count), weeks, strict=False):
        copy = LiveSession(
            title=session.title,
            description=session.description,
            format=session.format,
            join_link=session.join_link,
            venue_address=session.venue_address,
            time_zone=session.time_zone,
            starts_at=_shift_local(session.starts_at, zone, week),
            ends_at=_shift_local(session.ends_at, zone, week),
            capacity=session.capacity,
            registration_opens_at=session.registration_opens_at,
            registration_closes_at=_shift_local(session.registration_closes_at, zone, week),
            cpd_hours=session.cpd_hours,
            status=session.status,
            series=series,
        )
        copy.full_clean()
        copy.save()
        copy.facilitators.set(facilitators)
        made.append(copy)
    return made


def update_session(*, session: LiveSession, facilitators=None) -> LiveSession:
    """Save staff changes to a session. Calendar-visible changes raise SEQUENCE; more seats
    promote people waiting; cancelling emails everyone registered a calendar cancellation."""
    with transaction.atomic():
        before = lock_session(session.pk)
        session.full_clean()
        check_capacity(session=before, capacity=session.capacity)
        if before.status == LiveSession.Status.CANCELLED and not session.is_cancelled:
            raise ValidationError({"status": "A cancelled session cannot be reopened."})
        changed = [f for f in CALENDAR_FIELDS if getattr(before, f) != getattr(session, f)]
        session.sequence = before.sequence + (1 if changed else 0)
        session.last_queue_number = before.last_queue_number
        session.save()
        if facilitators is not None:
            session.facilitators.set(facilitators)
        if session.is_cancelled and not before.is_cancelled:
            email_cancellation(session)
        elif changed and session.status == LiveSession.Status.PUBLISHED:
            for place in session.places.filter(status=Place.Status.CONFIRMED).select_related(
                "person"
            ):
                place.session = session
                email_place(place, "changed", with_calendar=True)
        _promote(session)
    return session


def cancel_session(*, session: LiveSession) -> LiveSession:
    """Cancel a session and tell everyone registered, with a METHOD:CANCEL calendar file."""
    session = LiveSession.objects.get(pk=session.pk)
    session.status = LiveSession.Status.CANCELLED
    return update_session(session=session)
