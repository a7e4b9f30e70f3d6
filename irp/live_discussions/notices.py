"""The emails live discussions send about a place or a session, and the signed "I can't
come" links inside them. Used by the services and by the worker's sending alike."""

from django.core import signing
from django.urls import reverse

from irp.core.registry import Email
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


_SESSION = {
    "person.get_short_name": "How the person likes to be addressed.",
    "session.title": "The session's title.",
    "session.time_zone": "The zone the session was planned in.",
    "session.is_online": "True for an online session (use in {% if %}).",
    "session.venue_address": "The venue's address (sessions in a venue).",
    "your_time": "When it is, in the person's own zone.",
    "your_zone": "The person's zone.",
    "local_time": "When it is, in the session's zone.",
    "session_path": "The session page's address (after site_url).",
}
_CANT_COME = {"cant_come_path": "The person's own 'I can't come' link (after site_url)."}


def _sample() -> dict:
    return {
        "person": {"get_short_name": "Alex"},
        "session": {
            "title": "Seeing innate well-being",
            "time_zone": "Europe/London",
            "is_online": True,
            "venue_address": "",
        },
        "place": {"is_confirmed": True},
        "your_time": "Tuesday 3 March 2026, 18:00 to 19:30",
        "your_zone": "Europe/London",
        "local_time": "Tuesday 3 March 2026, 18:00 to 19:30",
        "session_path": "/live/1/",
        "cant_come_path": "/live/places/sample/cant-come/",
        "position": 2,
        "hours": 24,
        "message": {"subject": "Before we meet", "body": "Bring a question you live with."},
    }


def declared_emails() -> list[Email]:
    """Every email about a place or a session, for the editable email texts."""

    def email(name, title, description, **extra):
        return Email(
            template=f"live_discussions/emails/{name}",
            title=f"Live discussion: {title}",
            description=description,
            placeholders={**_SESSION, **_CANT_COME, **extra},
            sample=_sample(),
        )

    return [
        email("confirmed", "place confirmed", "Sent when a person takes a place."),
        email(
            "waiting",
            "on the waiting list",
            "Sent when a session is full and the person joins its waiting list.",
            position="Their number on the waiting list.",
        ),
        email(
            "promoted",
            "a place came free",
            "Sent when a place comes free and the first person waiting gets it.",
        ),
        email("changed", "details changed", "Sent to confirmed places when a session changes."),
        email(
            "reminder",
            "reminder",
            "Sent 24 hours and 1 hour before, to people who asked for reminders.",
            hours="24 or 1: how long before the start.",
        ),
        email(
            "session_cancelled",
            "cancelled",
            "Sent to everyone with a place when a session is cancelled.",
            **{"place.is_confirmed": "True when their place was confirmed (not waiting)."},
        ),
        email(
            "facilitator_message",
            "message from the facilitator",
            "A facilitator's message to everyone with a place.",
            **{
                "message.subject": "The subject the facilitator wrote.",
                "message.body": "The message the facilitator wrote.",
            },
        ),
    ]
