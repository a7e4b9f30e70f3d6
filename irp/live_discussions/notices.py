"""The emails live discussions send about a place or a session, and the signed "I can't
come" links inside them. Used by the services and by the worker's sending alike."""

from django.core import signing
from django.urls import reverse

from irp.emails.services import queue_email

from . import selectors
from .calendars import ics_attachment
from .models import LiveSession, Place
from .times import format_span

CANT_COME_SALT = "irp.live_discussions.cant-come"


def cant_come_token(place: Place) -> str:
    return signing.dumps(place.pk, salt=CANT_COME_SALT)


def place_for_cant_come_token(token: str) -> Place | None:
    """The place a "can't come" link stands for, or None when the link is not ours."""
    try:
        place_id = signing.loads(token, salt=CANT_COME_SALT)
    except signing.BadSignature:
        return None
    return Place.objects.select_related("session", "person").filter(pk=place_id).first()


def email_context(place: Place) -> dict:
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


def email_place(place: Place, template: str, *, with_calendar: bool = False, **extra) -> None:
    """Queue one email about `place`, optionally with the session's calendar file."""
    attachments = [ics_attachment(place.session)] if with_calendar else None
    queue_email(
        to=[place.person.email],
        template=f"live_discussions/emails/{template}",
        context={**email_context(place), **extra},
        attachments=attachments,
        about=place.session,
    )


def email_cancellation(session: LiveSession) -> None:
    """Tell everyone with a place that `session` is cancelled (with a calendar
    cancellation for confirmed places)."""
    for place in session.places.filter(status__in=Place.ACTIVE).select_related("person"):
        place.session = session
        # Only a confirmed place was ever offered a calendar file; there is nothing to
        # remove from the calendar of someone who was waiting.
        queue_email(
            to=[place.person.email],
            template="live_discussions/emails/session_cancelled",
            context=email_context(place),
            attachments=[ics_attachment(session, cancel=True)] if place.is_confirmed else None,
            about=session,
        )
