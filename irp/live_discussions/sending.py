"""What the worker sends for live discussions (run by tasks.py): facilitators' messages
and reminders. Each is safe to run twice and beside other workers: what was sent is
recorded in the same transaction as the queued emails."""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import LiveSession, Place, ReminderSent, SessionMessage
from .notices import email_place

REMINDERS = (
    (ReminderSent.Kind.DAY_BEFORE, dt.timedelta(hours=24)),
    (ReminderSent.Kind.HOUR_BEFORE, dt.timedelta(hours=1)),
)


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
            email_place(place, "facilitator_message", message=message)
            count += 1
        message.sent_at = timezone.now()
        message.save(update_fields=["sent_at"])
    return count


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
                    email_place(
                        place, "reminder", kind=kind, hours=int(before.total_seconds() // 3600)
                    )
            except IntegrityError:
                continue  # another worker sent this one
            sent += 1
    return sent
