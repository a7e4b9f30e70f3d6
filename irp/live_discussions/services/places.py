"""Places and the waiting list: register, give up, promote.

The rule that matters most: never more confirmed places than seats, under any
concurrency. Every change to a session's places first locks the session's row
(`lock_session`, SELECT ... FOR UPDATE), so registrations, cancellations and capacity
changes on one session run one after another; the partial unique constraint on Place
refuses a second active place for the same person even if two requests race past the
checks.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from wagtail import hooks

from irp.accounts.selectors import has_verified_email

from .. import selectors
from ..models import LiveSession, Place
from ..notices import email_place


def lock_session(session_id: int) -> LiveSession:
    """The session's row, locked until the transaction ends (a no-op on SQLite, where
    writes are serialised anyway)."""
    return LiveSession.objects.select_for_update().get(pk=session_id)


def confirmed_count(session: LiveSession) -> int:
    return session.places.filter(status=Place.Status.CONFIRMED).count()


def check_capacity(*, session: LiveSession, capacity: int) -> None:
    """Refuse a capacity below the places already confirmed: a seat once given is never
    taken away by a change of numbers. The admin form and update_session both ask here."""
    confirmed = confirmed_count(session)
    if capacity < confirmed:
        raise ValidationError(
            {"capacity": f"Capacity cannot be lower than the {confirmed} places already confirmed."}
        )


# Extension point: each function registered with this Wagtail hook is called as
# `check(session, person)` before a place is given, and raises ValidationError (with a
# sentence for the person) to refuse it. Programmes uses it to keep a cohort's
# discussions for the cohort's members.
REGISTRATION_CHECKS = "live_discussions_registration_checks"


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
        session = lock_session(session.pk)
        _check_registration_open(session, now)
        for check in hooks.get_hooks(REGISTRATION_CHECKS):
            check(session, person)
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
            email_place(place, "confirmed", with_calendar=True)
        else:
            email_place(place, "waiting", position=selectors.waiting_position(place))
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
        email_place(place, "promoted", with_calendar=True)
    return promoted


def promote_from_waiting_list(*, session: LiveSession) -> list[Place]:
    """Give free seats to the people waiting longest, and email each of them at once."""
    with transaction.atomic():
        return _promote(lock_session(session.pk))


def cancel_place(*, place: Place) -> Place:
    """Give a place up. A freed confirmed seat goes at once to the first person waiting."""
    with transaction.atomic():
        session = lock_session(place.session_id)
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
