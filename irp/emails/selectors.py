from django.db import models

from .models import OutgoingEmail


def emails_about(subject: models.Model):
    """Every message sent (or trying to be sent) about `subject`, oldest first."""
    return OutgoingEmail.objects.filter(
        about_type=subject._meta.label_lower, about_id=str(subject.pk)
    ).order_by("created_at", "id")


def failed_emails():
    """Messages the worker gave up on, newest first: staff need to see these. Each
    says whether it can be sent again (its text is still kept), without loading it."""
    return (
        OutgoingEmail.objects.filter(status=OutgoingEmail.Status.FAILED)
        .annotate(
            can_send_again=models.ExpressionWrapper(
                models.Q(content__isnull=False), output_field=models.BooleanField()
            )
        )
        .defer("content")
    )
