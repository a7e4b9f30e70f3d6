from .models import AuditEvent


def events_about(subject) -> list[AuditEvent]:
    """Every recorded access to one record, newest first."""
    return list(
        AuditEvent.objects.filter(
            subject_type=subject._meta.label_lower, subject_id=str(subject.pk)
        ).select_related("actor")
    )
