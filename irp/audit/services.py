from django.db import models

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
    """Before `person` is erased: their audit entries keep only `label` as the actor
    (staff must still see that an access happened, not who the erased person was)."""
    return AuditEvent.objects.filter(actor=person).update(actor=None, actor_label=label)


def record_event(
    *, actor, action: str, subject: models.Model | None = None, detail: dict | None = None
) -> AuditEvent:
    """Record that `actor` did `action` to `subject`. `detail` must hold no personal content."""
    return AuditEvent.objects.create(
        actor=acting_person(actor),
        actor_label=actor_label(actor),
        action=action,
        subject_type=subject._meta.label_lower if subject is not None else "",
        subject_id=str(subject.pk) if subject is not None else "",
        detail=detail or {},
    )
