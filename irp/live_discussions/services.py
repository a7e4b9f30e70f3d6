"""Every write about live discussions: sessions, places, waiting lists, reminders.

The rule that matters most: never more confirmed places than seats, under any
concurrency. Every change to a session's places first locks the session's row
(SELECT ... FOR UPDATE), so registrations, cancellations and capacity changes on one
session run one after another; the partial unique constraint on Place refuses a second
active place for the same person even if two requests race past the checks.
"""

import datetime as dt
import logging

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from irp.accounts.personal_data import Section
from irp.accounts.selectors import has_verified_email
from irp.audit.services import record_event
from irp.core.emails import queue_email

from . import selectors
from .calendars import ics_attachment
from .models import CalendarFeed, LiveSession, Place, ReminderSent, Series, SessionMessage
from .times import format_span

logger = logging.getLogger(__name__)

# TEST-ONLY switch. The race tests turn it off for a control run, to prove they can see
# overbooking when the row lock is missing. Nothing that serves people may change it.
RACE_GUARD = True

CANT_COME_SALT = "irp.live_discussions.cant-come"
CALENDAR_FIELDS = (
    "title", "description", "format", "venue_address", "time_zone", "starts_at", "ends_at",
    "status",
)  # fmt: skip
REMINDERS = (
    (ReminderSent.Kind.DAY_BEFORE, dt.timedelta(hours=24)),
    (ReminderSent.Kind.HOUR_BEFORE, dt.timedelta(hours=1)),
)


def _locked(session_id: int) -> LiveSession:
    sessions = LiveSession.objects.all()
    if RACE_GUARD:
        sessions = sessions.select_for_update()
    return sessions.get(pk=session_id)


# --- Emails --------------------------------------------------------------------------


def cant_come_token(place: Place) -> str:
    return signing.dumps(place.pk, salt=CANT_COME_SALT)


def place_for_cant_come_token(token: str) -> Place | None:
    """The place a "can't come" link stands for, or None when the link is not ours."""
    try:
        place_id = signing.loads(token, salt=CANT_COME_SALT)
    except signing.BadSignature:
        return None
    return Place.objects.select_related("session", "person").filter(pk=place_id).first()


def _email_context(place: Place) -> dict:
    session = place.session
    person = place.person
    your_zone = selectors.zone_of(person, session)
    return {
        "person": person,
        "session": session,
        "place": place,
        "local_time": format_span(session.starts_at, session.ends_at, session.zone),
        "your_time": format_span(session.starts_at, session.ends_at, your_zone),
        # The session's own time is shown too only when it reads differently.
        "your_zone": your_zone.key,
        "session_path": session.get_absolute_url(),
        "cant_come_path": reverse("live_discussions:cant_come", args=[cant_come_token(place)]),
    }


def _email_place(place: Place, template: str, *, with_calendar: bool = False, **extra) -> None:
    attachments = [ics_attachment(place.session)] if with_calendar else None
    queue_email(
        to=[place.person.email],
        template=f"live_discussions/emails/{template}",
        context={**_email_context(place), **extra},
        attachments=attachments,
    )


# --- Places --------------------------------------------------------------------------


def _check_registration_open(session: LiveSession, now: dt.datetime) -> None:
    if session.status == LiveSession.Status.CANCELLED:
        raise ValidationError("This session has been cancelled, so it takes no registrations.")
    if session.status != LiveSession.Status.PUBLISHED:
        raise ValidationError("This session is not open for registration.")
    if session.starts_at <= now:
        raise ValidationError("This session has already started, so registration has closed.")
    if session.registration_opens_at and now < session.registration_opens_at:
        raise ValidationError("Registration for this session has not opened yet.")
    if session.registration_closes_at and now >= session.registration_closes_at:
        raise ValidationError("Registration for this session has closed.")


def register_for_session(
    *, session: LiveSession, person, wants_reminders: bool = False, now=None
) -> Place:
    """Confirm a place while seats remain, otherwise give the next place on the waiting
    list. Locks the session row first, so concurrent requests never confirm more places
    than seats and a double click gives one place."""
    now = now or timezone.now()
    if not has_verified_email(person):
        raise ValidationError("Please confirm your email address before registering.")
    with transaction.atomic():
        session = _locked(session.pk)
        _check_registration_open(session, now)
        if session.places.filter(person=person, status__in=Place.ACTIVE).exists():
            raise ValidationError("You already have a place in this session.")
        confirmed = session.places.filter(status=Place.Status.CONFIRMED).count()
        place = Place(session=session, person=person, wants_reminders=wants_reminders)
        if confirmed < session.capacity:
            place.status = Place.Status.CONFIRMED
        else:
            session.last_queue_number += 1
            session.save(update_fields=["last_queue_number"])
            place.status = Place.Status.WAITING
            place.queue_number = session.last_queue_number
        # The constraints and both foreign keys were checked above, under the lock.
        place.full_clean(exclude=["session", "person"], validate_constraints=False)
        try:
            with transaction.atomic():
                place.save()
        except IntegrityError as error:
            # Only reachable without the row lock (or by a racing double click that
            # slipped past it): the unique constraints have the last word.
            raise ValidationError(
                "You already have a place in this session, or it has just changed. "
                "Please look at the session page again."
            ) from error
        place.session = session
        place.person = person
        if place.is_confirmed:
            _email_place(place, "confirmed", with_calendar=True)
        else:
            _email_place(place, "waiting", position=selectors.waiting_position(place))
    return place


def _promote(session: LiveSession) -> list[Place]:
    """Fill free seats from the waiting list, first come first served. Caller holds the lock."""
    if session.status != LiveSession.Status.PUBLISHED or session.ends_at <= timezone.now():
        return []
    free = session.capacity - session.places.filter(status=Place.Status.CONFIRMED).count()
    if free <= 0:
        return []
    promoted = list(
        session.places.filter(status=Place.Status.WAITING)
        .select_related("person")
        .order_by("queue_number")[:free]
    )
    for place in promoted:
        place.status = Place.Status.CONFIRMED
        place.queue_number = None
        place.session = session
        place.save(update_fields=["status", "queue_number", "updated_at"])
        _email_place(place, "promoted", with_calendar=True)
    return promoted


def promote_from_waiting_list(*, session: LiveSession) -> list[Place]:
    """Give free seats to the people waiting longest, and email each of them at once."""
    with transaction.atomic():
        return _promote(_locked(session.pk))


def cancel_place(*, place: Place) -> Place:
    """Give a place up. A freed confirmed seat goes at once to the first person waiting."""
    with transaction.atomic():
        session = _locked(place.session_id)
        place = Place.objects.select_related("person").get(pk=place.pk)
        if place.status == Place.Status.CANCELLED:
            raise ValidationError("This place has already been given up.")
        if session.starts_at <= timezone.now():
            # Nobody can be offered a seat in a conversation already under way, and an
            # old "can't come" link must not keep working for ever.
            raise ValidationError(
                "This session has already started, so its places can no longer be given up."
            )
        was_confirmed = place.is_confirmed
        place.status = Place.Status.CANCELLED
        place.queue_number = None
        place.save(update_fields=["status", "queue_number", "updated_at"])
        if was_confirmed:
            _promote(session)
    return place


def set_reminders(*, place: Place, wants_reminders: bool) -> Place:
    """Opt a place in or out of reminder emails."""
    place.wants_reminders = wants_reminders
    place.save(update_fields=["wants_reminders", "updated_at"])
    return place


# --- Sessions (staff) ---------------------------------------------------------------


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


def create_sessions(*, session: LiveSession, facilitators=(), weekly_count: int = 1):
    """Save a new session; with `weekly_count` > 1, a weekly series of that many sessions,
    each at the same local time and with its own places. Returns the sessions made."""
    session.full_clean()
    if weekly_count <= 1:
        session.save()
        session.facilitators.set(facilitators)
        return [session]
    series = Series.objects.create(title=session.title)
    made = []
    zone = session.zone
    for week in range(weekly_count):
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


def confirmed_count(session: LiveSession) -> int:
    return session.places.filter(status=Place.Status.CONFIRMED).count()


def update_session(*, session: LiveSession, facilitators=None) -> LiveSession:
    """Save staff changes to a session. Calendar-visible changes raise SEQUENCE; more seats
    promote people waiting; cancelling emails everyone registered a calendar cancellation."""
    with transaction.atomic():
        before = _locked(session.pk)
        session.full_clean()
        if session.capacity < confirmed_count(before):
            raise ValidationError(
                {
                    "capacity": "Capacity cannot be lower than the "
                    f"{confirmed_count(before)} places already confirmed."
                }
            )
        if before.status == LiveSession.Status.CANCELLED and not session.is_cancelled:
            raise ValidationError({"status": "A cancelled session cannot be reopened."})
        changed = [f for f in CALENDAR_FIELDS if getattr(before, f) != getattr(session, f)]
        session.sequence = before.sequence + (1 if changed else 0)
        session.last_queue_number = before.last_queue_number
        session.save()
        if facilitators is not None:
            session.facilitators.set(facilitators)
        if session.is_cancelled and not before.is_cancelled:
            _email_cancellation(session)
        elif changed and session.status == LiveSession.Status.PUBLISHED:
            for place in session.places.filter(status=Place.Status.CONFIRMED).select_related(
                "person"
            ):
                place.session = session
                _email_place(place, "changed", with_calendar=True)
        _promote(session)
    return session


def _email_cancellation(session: LiveSession) -> None:
    for place in session.places.filter(status__in=Place.ACTIVE).select_related("person"):
        place.session = session
        queue_email(
            to=[place.person.email],
            template="live_discussions/emails/session_cancelled",
            context=_email_context(place),
            attachments=[ics_attachment(session, cancel=True)],
        )


def cancel_session(*, session: LiveSession) -> LiveSession:
    """Cancel a session and tell everyone registered, with a METHOD:CANCEL calendar file."""
    session = LiveSession.objects.get(pk=session.pk)
    session.status = LiveSession.Status.CANCELLED
    return update_session(session=session)


# --- Facilitators -------------------------------------------------------------------


def record_attendance(*, session: LiveSession, marks: dict[int, str], by, now=None) -> int:
    """Record attended / did not attend for confirmed places, from the session's start."""
    now = now or timezone.now()
    if session.starts_at > now:
        raise ValidationError("Attendance can be recorded once the session has started.")
    allowed = {Place.Attendance.ATTENDED, Place.Attendance.DID_NOT_ATTEND, ""}
    changed = 0
    with transaction.atomic():
        places = session.places.filter(status=Place.Status.CONFIRMED, pk__in=marks.keys())
        for place in places:
            mark = marks[place.pk]
            if mark not in allowed:
                raise ValidationError("Choose attended or did not attend.")
            if place.attendance != mark:
                place.attendance = mark
                place.save(update_fields=["attendance", "updated_at"])
                changed += 1
    return changed


def note_attendee_list_viewed(*, session: LiveSession, viewer, action: str) -> None:
    """Staff looking at someone else's attendee list is access to personal data: audited."""
    if viewer.is_staff and not session.facilitators.filter(pk=viewer.pk).exists():
        record_event(actor=viewer, action=action, subject=session)


def send_message_to_registered(*, session: LiveSession, author, subject: str, body: str):
    """Store a facilitator's message; a background task emails it to everyone registered."""
    from .tasks import deliver_session_message

    message = SessionMessage(session=session, author=author, subject=subject, body=body)
    message.full_clean()
    message.save()
    transaction.on_commit(lambda: deliver_session_message.enqueue(message.pk))
    return message


def deliver_session_message(*, message_id: int) -> int:
    """Email a stored message to everyone registered. Safe to run twice: sent once."""
    with transaction.atomic():
        message = (
            SessionMessage.objects.select_for_update().select_related("session").get(pk=message_id)
        )
        if message.sent_at:
            return 0
        places = message.session.places.filter(status__in=Place.ACTIVE).select_related("person")
        count = 0
        for place in places:
            place.session = message.session
            _email_place(place, "facilitator_message", message=message)
            count += 1
        message.sent_at = timezone.now()
        message.save(update_fields=["sent_at"])
    return count


# --- Reminders ----------------------------------------------------------------------


def send_due_reminders(*, now=None) -> int:
    """Email the 24-hour and 1-hour reminders that are due, to people who opted in.
    Exactly one of each per person and session: the ReminderSent row is written in the
    same transaction as the queued email, and its unique constraint turns a second
    worker's attempt into a no-op."""
    now = now or timezone.now()
    sent = 0
    for kind, before in REMINDERS:
        later_bound = dt.timedelta(hours=1) if kind == ReminderSent.Kind.DAY_BEFORE else None
        due = Place.objects.filter(
            status=Place.Status.CONFIRMED,
            wants_reminders=True,
            session__status=LiveSession.Status.PUBLISHED,
            session__starts_at__gt=now,
            session__starts_at__lte=now + before,
        ).select_related("session", "person")
        if later_bound is not None:
            due = due.filter(session__starts_at__gt=now + later_bound)
        for place in due:
            try:
                with transaction.atomic():
                    ReminderSent.objects.create(
                        session=place.session, person=place.person, kind=kind
                    )
                    _email_place(
                        place, "reminder", kind=kind, hours=int(before.total_seconds() // 3600)
                    )
            except IntegrityError:
                continue  # another worker sent this one
            sent += 1
    return sent


# --- Calendar feed ------------------------------------------------------------------


def calendar_feed_for(*, person) -> CalendarFeed:
    """The person's private feed, made on first use."""
    feed, _ = CalendarFeed.objects.get_or_create(person=person)
    return feed


def revoke_calendar_feed(*, person) -> CalendarFeed:
    """Replace the feed's secret token: calendars subscribed to the old URL stop updating."""
    from .models import new_feed_token

    feed = calendar_feed_for(person=person)
    feed.token = new_feed_token()
    feed.save(update_fields=["token", "created_at"])
    return feed


def export_for(*, person) -> Section:
    """Every place the person has held, for their own archive (never a join link)."""
    places = Place.objects.filter(person=person).select_related("session")
    data = [
        {
            "session": place.session.title,
            "starts_at": place.session.starts_at.isoformat(),
            "ends_at": place.session.ends_at.isoformat(),
            "place": place.get_status_display(),
            "attendance": place.get_attendance_display(),
            "wants_reminders": place.wants_reminders,
            "registered_at": place.created_at.isoformat(),
        }
        for place in places
    ]
    lines = [
        f"- {item['session']}, {item['starts_at'][:16].replace('T', ' ')} UTC: {item['place']}"
        for item in data
    ]
    return Section(
        key="live_discussions",
        title="Your live discussions",
        data=data,
        markdown="\n".join(lines) or "You have not registered for any live discussions.",
    )


def erase_for(*, person) -> dict:
    """Give up the person's places in sessions not yet started (so the next person
    waiting is promoted, as with any cancellation), then remove every place, reminder record and
    calendar feed of theirs. Returns counts only."""
    upcoming = Place.objects.filter(
        person=person, status__in=Place.ACTIVE, session__starts_at__gt=timezone.now()
    )
    given_up = 0
    for place in upcoming:
        cancel_place(place=place)
        given_up += 1
    reminders = ReminderSent.objects.filter(person=person).delete()[0]
    places = Place.objects.filter(person=person).delete()[0]
    CalendarFeed.objects.filter(person=person).delete()
    person.facilitated_sessions.clear()
    return {"live_places": places, "live_places_given_up": given_up, "live_reminders": reminders}
