"""Every write to the audit log: recording an act, forgetting an erased actor, and
purging entries past retention."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone

from .middleware import current_address
from .models import AuditEvent

SYSTEM_LABEL = "system"


def acting_person(actor):
    """The person behind an action, or None when the system (or nobody signed in) did it."""
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


def actor_label(actor) -> str:
    """How a record names who did something: their address, or "system". Kept beside
    the person's id so the record stays readable after their account is erased."""
    person = acting_person(actor)
    return person.email if person is not None else SYSTEM_LABEL


def forget_actor(*, person, label: str) -> int:
    """Before `person` is erased: their audit entries keep only `label` as the actor, and
    lose the address they acted from (staff must still see that an access happened, not
    who the erased person was)."""
    return AuditEvent.objects.filter(actor=person).update(
        actor=None, actor_label=label, ip_address=None
    )


def _is_person(record) -> bool:
    return record is not None and record._meta.label_lower == settings.AUTH_USER_MODEL.lower()


def record_event(
    *,
    actor,
    action: str,
    subject: models.Model | None = None,
    detail: dict | None = None,
    person=None,
) -> AuditEvent:
    """Record that `actor` did `action` to `subject`, about `person`'s data (the subject
    itself when it is a person). The client address of the current request is kept
    too. `detail` must hold no personal content."""
    if person is None and _is_person(subject):
        person = subject
    return AuditEvent.objects.create(
        actor=acting_person(actor),
        actor_label=actor_label(actor),
        action=action,
        subject_type=subject._meta.label_lower if subject is not None else "",
        subject_id=str(subject.pk) if subject is not None else "",
        person=person if person is not None and person.pk else None,
        ip_address=current_address.get(),
        detail=detail or {},
    )


def retention_cutoff(*, now: dt.datetime | None = None, years: int | None = None) -> dt.datetime:
    """The moment before which entries are past retention (AUDIT_RETENTION_YEARS, 6)."""
    now = now or timezone.now()
    years = settings.AUDIT_RETENTION_YEARS if years is None else years
    try:
        return now.replace(year=now.year - years)
    except ValueError:  # 29 February, in a year without one
        return now.replace(year=now.year - years, day=28)


def purge_old_events(*, now: dt.datetime | None = None) -> int:
    """Delete entries older than the retention period, in batches, so a long-neglected
    log never holds one huge transaction. Returns how many went. The only deletion of
    audit entries anywhere."""
    cutoff = retention_cutoff(now=now)
    removed = 0
    while True:
        batch = list(
            AuditEvent.objects.filter(occurred_at__lt=cutoff).values_list("pk", flat=True)[:5000]
        )
        if not batch:
            return removed
        removed += AuditEvent.objects.filter(pk__in=batch).delete()[0]
