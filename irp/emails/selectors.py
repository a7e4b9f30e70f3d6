from django.db import models
from django.db.models.functions import Cast

from .models import OutgoingEmail


def emails_about(subject: models.Model):
    """Every message sent (or trying to be sent) about `subject`, oldest first."""
    return OutgoingEmail.objects.filter(
        about_type=subject._meta.label_lower, about_id=str(subject.pk)
    ).order_by("created_at", "id")


def has_failed_email_about(model: type[models.Model]) -> models.Exists:
    """An expression for annotating rows of `model`: does a failed email about this row
    exist? (`queryset.annotate(has_failed_email=has_failed_email_about(Enquiry))`)"""
    return models.Exists(
        OutgoingEmail.objects.filter(
            about_type=model._meta.label_lower,
            about_id=Cast(models.OuterRef("pk"), models.CharField()),
            status=OutgoingEmail.Status.FAILED,
        )
    )


def email_about(subject: models.Model, *, pk) -> OutgoingEmail:
    """One message about `subject`. Raises OutgoingEmail.DoesNotExist for any other."""
    return emails_about(subject).get(pk=pk)


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
