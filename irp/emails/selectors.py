from django.db import models

from .models import OutgoingEmail


def emails_about(subject: models.Model):
    """Every message sent (or trying to be sent) about `subject`, oldest first."""
    return OutgoingEmail.objects.filter(
        about_type=subject._meta.label_lower, about_id=str(subject.pk)
    ).order_by("created_at", "id")


def failed_emails():
    """Messages the worker gave up on, newest first: staff need to see these."""
    return OutgoingEmail.objects.filter(status=OutgoingEmail.Status.FAILED)
