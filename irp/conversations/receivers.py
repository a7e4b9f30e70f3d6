"""Reactions to other apps' events, each calling one service."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from irp.programmes.models import Cohort

from . import services


@receiver(post_save, sender=Cohort, dispatch_uid="conversations_space_for_new_cohort")
def space_for_new_cohort(sender, instance, created, raw=False, **kwargs):
    """Every cohort gets its conversation space when it is made."""
    if created and not raw:
        services.space_for_cohort(cohort_id=instance.pk, name=str(instance))
