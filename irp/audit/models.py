"""The audit log: who looked at or changed whose personal data, and when.

Entries describe an access, never its content: no message bodies, no reflections.
"""

from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    # The actor may later erase their own account; the label keeps the record readable.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField(max_length=254)
    action = models.CharField(max_length=64, help_text="e.g. enquiry.viewed, account.exported")
    subject_type = models.CharField(max_length=64, blank=True)
    subject_id = models.CharField(max_length=64, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    occurred_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["subject_type", "subject_id"])]

    def __str__(self):
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action}"
