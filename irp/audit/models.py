"""The audit log: who looked at or changed whose personal data, and when.

Entries describe an access, never its content: no message bodies, no reflections.
Nothing edits or deletes an entry but the retention purge (`services.purge_old_events`).
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
    # Whose data it was, when it was one person's (their account). Cleared if they are
    # erased: the entry stays, the link to them goes.
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,  # the (person, occurred_at) index below serves it
    )
    # The client address of the request that did it (blank for the worker's tasks).
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    occurred_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["subject_type", "subject_id"]),
            # The viewer's filters, each newest first in the list's own order (with the id
            # as the tie-break, so the first page is read from the index, not sorted).
            models.Index(fields=["-occurred_at", "-id"], name="audit_time"),
            models.Index(fields=["action", "-occurred_at", "-id"], name="audit_action_time_id"),
            models.Index(fields=["actor", "-occurred_at", "-id"], name="audit_actor_time_id"),
            models.Index(fields=["person", "-occurred_at", "-id"], name="audit_person_time_id"),
        ]
        permissions = [("view_audit_log", "Can see the audit log and export it (auditors)")]

    def __str__(self):
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action}"

    @property
    def whose(self) -> str:
        return self.person.email if self.person_id and self.person else ""

    @property
    def record(self) -> str:
        return f"{self.subject_type} #{self.subject_id}" if self.subject_type else ""

    @property
    def detail_text(self) -> str:
        return ", ".join(f"{key}: {value}" for key, value in (self.detail or {}).items())
