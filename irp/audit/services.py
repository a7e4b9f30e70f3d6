from django.db import models

from .models import AuditEvent


def record_event(
    *, actor, action: str, subject: models.Model | None = None, detail: dict | None = None
) -> AuditEvent:
    """Record that `actor` did `action` to `subject`. `detail` must hold no personal content."""
    is_person = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEvent.objects.create(
        actor=actor if is_person else None,
        actor_label=actor.email if is_person else "system",
        action=action,
        subject_type=subject._meta.label_lower if subject is not None else "",
        subject_id=str(subject.pk) if subject is not None else "",
        detail=detail or {},
    )
