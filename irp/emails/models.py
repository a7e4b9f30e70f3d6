"""What the site sends, and what became of each message.

`OutgoingEmail` is both the queued message (`content`, written in the same
transaction as whatever caused it) and the record of its delivery: a status that
moves queued → sending → sent, or back to queued with a later `next_attempt_at`, or
to failed. The status is what stops a message being sent twice. Once a sent message
is older than EMAIL_BODY_RETENTION_DAYS its content is removed and the record stays.
"""

from csp.decorators import csp_replace
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpResponse
from django.template.response import TemplateResponse
from wagtail.models import PreviewableMixin, RevisionMixin


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


class EmailText(RevisionMixin, PreviewableMixin, models.Model):
    """Staff's wording of one email, in place of the template files in the code.

    Keyed by the template name given to `queue_email` (or allauth's prefix). Every save
    keeps a revision. While `uses_default` is set, the files in the code are used (the
    texts here only record what was last shown), so a default improved in the code
    reaches people until staff write their own."""

    template = models.CharField(max_length=200, unique=True, editable=False)
    subject = models.TextField(help_text="One line; placeholders may be used.")
    text = models.TextField("plain text", help_text="The email as plain text.")
    html = models.TextField(
        "HTML",
        blank=True,
        help_text="The same email as HTML. Keep it saying what the plain text says.",
    )
    uses_default = models.BooleanField(default=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="email_text")

    class Meta:
        ordering = ["template"]
        verbose_name = "email text"

    def __str__(self):
        from irp.core.registry import declared_emails

        declared = declared_emails().get(self.template)
        return declared.title if declared else self.template

    @property
    def revisions(self):
        return self._revisions

    @property
    def declared(self):
        from irp.core.registry import declared_emails

        return declared_emails().get(self.template)

    def clean(self):
        from .texts import Texts, check_texts

        if self.declared is None:
            raise ValidationError("This email is no longer sent by the site.")
        check_texts(Texts(self.subject, self.text, self.html), email=self.declared)

    preview_modes = [("html", "HTML"), ("text", "Plain text")]

    # Wagtail renders a preview through the site's middleware as if at "/", where the
    # public policy forbids framing; the editor's own preview panel must frame it.
    @csp_replace({"frame-ancestors": ["'self'"]})
    def serve_preview(self, request, mode_name):
        from .texts import Texts, render_texts, sample_context

        declared = self.declared
        try:
            if declared is None:
                raise ValidationError("This email is no longer sent by the site.")
            subject, text, html = render_texts(
                Texts(self.subject, self.text, self.html), sample_context(declared)
            )
        except Exception as mistake:  # a text being typed may be broken: say so
            return TemplateResponse(
                request,
                "emails/admin/email_text_preview.html",
                {"error": str(mistake), "email": self},
            )
        if mode_name == "html" and html:
            # The HTML email is a whole document: shown as the person will see it.
            return HttpResponse(html)
        return TemplateResponse(
            request,
            "emails/admin/email_text_preview.html",
            {"subject": subject, "text": text, "email": self},
        )
