"""What the site sends, and what became of each message.

`OutgoingEmail` is both the queued message (`content`, written in the same
transaction as whatever caused it) and the record of its delivery: a status that
moves queued → sending → sent, or back to queued with a later `next_attempt_at`, or
to failed. The status is what stops a message being sent twice. Once a sent message
is older than EMAIL_BODY_RETENTION_DAYS its content is removed and the record stays.
"""

from django.db import models


class OutgoingEmail(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to send"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    # The message itself as JSON (irp.emails.stored), or None once it is no longer kept.
    content = models.JSONField(null=True, blank=True, editable=False)
    # Everyone it goes to (to, cc and bcc), comma-separated.
    to = models.CharField(max_length=2000)
    subject = models.CharField(max_length=998)
    # Our template's name; blank for messages other code sent through EMAIL_BACKEND.
    template = models.CharField(max_length=200, blank=True)
    header_message_id = models.CharField("Message-ID", max_length=255, blank=True)
    # What the message is about (e.g. an enquiry), so its screen can show it.
    about_type = models.CharField(max_length=64, blank=True)
    about_id = models.CharField(max_length=64, blank=True)

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"]),
            models.Index(fields=["about_type", "about_id"]),
        ]
        permissions = [("see_failed_emails", "Can see failed emails and send them again")]

    def __str__(self):
        return f"{self.subject} → {self.to} ({self.get_status_display()})"
