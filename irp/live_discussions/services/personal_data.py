"""A person's data in live discussions: their archive, erasure, and key rotation for
what is stored encrypted (join links)."""

from django.db import transaction
from django.utils import timezone

from irp.core.registry import Section

from ..models import CalendarFeed, LiveSession, Place, ReminderSent
from .places import cancel_place


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
    waiting is promoted, as with any cancellation), then remove every place, reminder
    record and calendar feed of theirs. Returns counts only."""
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


def rotate_join_link_keys(*, batch_size: int = 500) -> dict:
    """Re-encrypt every join link with the newest key (saving a row encrypts afresh),
    so older keys can be removed from REFLECTION_KEYS. Safe to run again."""
    done, last_pk = 0, 0
    while True:
        with transaction.atomic():
            sessions = list(
                LiveSession.objects.select_for_update()
                .filter(pk__gt=last_pk)
                .exclude(join_link="")
                .order_by("pk")
                .only("pk", "join_link")[:batch_size]
            )
            if not sessions:
                break
            LiveSession.objects.bulk_update(sessions, ["join_link"])
        done += len(sessions)
        last_pk = sessions[-1].pk
    return {"join links": done}
