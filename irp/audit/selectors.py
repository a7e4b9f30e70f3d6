import datetime as dt

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.utils import timezone

from .models import AuditEvent

ACTIONS_CACHE_KEY = "audit:actions"


def events_about(subject) -> list[AuditEvent]:
    """Every recorded access to one record, newest first."""
    return list(
        AuditEvent.objects.filter(
            subject_type=subject._meta.label_lower, subject_id=str(subject.pk)
        ).select_related("actor")
    )


def _person_id(address: str):
    person = get_user_model().objects.filter(email__iexact=address.strip()).only("pk").first()
    return person.pk if person is not None else None


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def audit_log(*, actor: str = "", person: str = "", action: str = "", since=None, until=None):
    """The audit log for auditors, newest first, narrowed by who did it (an address,
    or the label an erased actor keeps), whose data (an address), what, and dates.
    Each filter walks its own (…, occurred_at) index."""
    events = AuditEvent.objects.select_related("person").only(
        *[f.name for f in AuditEvent._meta.concrete_fields if f.name != "person"],
        "person__email",
    )
    if actor.strip():
        actor_id = _person_id(actor)
        events = (
            events.filter(actor_id=actor_id)
            if actor_id
            else events.filter(actor_label=actor.strip())
        )
    if person.strip():
        events = events.filter(person_id=_person_id(person) or -1)
    if action:
        events = events.filter(action=action)
    # Whole days in the site's zone, as moments, so the time index is used.
    if since:
        events = events.filter(occurred_at__gte=_start_of(since))
    if until:
        events = events.filter(occurred_at__lt=_start_of(until + dt.timedelta(days=1)))
    return events.order_by("-occurred_at", "-id")


def recorded_actions() -> list[str]:
    """The actions the log holds, for the viewer's filter. Kept ten minutes in the
    shared cache: reading them walks the action index."""
    actions = cache.get(ACTIONS_CACHE_KEY)
    if actions is None:
        actions = sorted(AuditEvent.objects.order_by().values_list("action", flat=True).distinct())
        cache.set(ACTIONS_CACHE_KEY, actions, 600)
    return actions
