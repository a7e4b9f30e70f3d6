"""Get in touch: the contact page, each enquiry, its timeline, and the staff settings."""

from django.conf import settings
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page

PRIVACY_NOTICE_URL = "/privacy/"

NAME_MAX = 200
EMAIL_MAX = 254
ORGANISATION_MAX = 200
ROLE_OTHER_MAX = 200
HOPES_MAX = 5000
HEARD_FROM_MAX = 500


class Role(models.TextChoices):
    COUNSELLOR = "counsellor", "Counsellor or psychotherapist"
    ADDICTION_WORKER = "addiction_worker", "Addiction or recovery worker"
    MENTAL_HEALTH = "mental_health", "Mental health professional"
    SOCIAL_WORKER = "social_worker", "Social worker"
    CLINICIAN = "clinician", "Doctor, nurse or other clinician"
    PEER_SUPPORT = "peer_support", "Peer support or lived-experience worker"
    MANAGER = "manager", "Service manager or commissioner"
    STUDENT = "student", "Student or trainee"
    OTHER = "other", "Other"


class ContactPage(Page):
    """The page at /contact/: what to expect, the form, and what happens next."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])
    privacy_wording = RichTextField(
        blank=True,
        features=["bold", "italic", "link"],
        help_text="How we use what people send, shown above the consent box.",
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=f"The privacy notice. Left empty, the form links to {PRIVACY_NOTICE_URL}.",
    )
    consent_text = models.CharField(
        max_length=500,
        default="I agree that Infinite Recovery may keep what I send and contact me about it.",
        help_text="The exact words beside the consent box; each enquiry keeps a copy.",
    )
    consent_version = models.CharField(
        max_length=50,
        default="2026-01",
        help_text="Change this whenever the consent wording changes in meaning.",
    )
    what_happens_next = RichTextField(
        blank=True,
        features=["bold", "italic", "link", "ul", "ol"],
        help_text="Shown after someone sends the form.",
    )
    response_time = models.CharField(
        max_length=100,
        default="within three working days",
        help_text="How soon a person can expect a reply, e.g. 'within three working days'.",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("privacy_wording"),
                FieldPanel("privacy_page"),
                FieldPanel("consent_text"),
                FieldPanel("consent_version"),
            ],
            heading="Privacy and consent",
        ),
        MultiFieldPanel(
            [FieldPanel("what_happens_next"), FieldPanel("response_time")],
            heading="After sending",
        ),
    ]
    parent_page_types = ["pages.HomePage"]
    subpage_types = []
    max_count = 1
    template = "enquiries/contact_page.html"

    class Meta:
        verbose_name = "contact page"

    @property
    def privacy_notice_url(self) -> str:
        if self.privacy_page_id and self.privacy_page.live:
            return self.privacy_page.url or PRIVACY_NOTICE_URL
        return PRIVACY_NOTICE_URL

    def route(self, request, path_components):
        # The page serves its form at /contact/ and its thank-you at /contact/sent/.
        if path_components == ["sent"] and self.live:
            from wagtail.url_routing import RouteResult

            return RouteResult(self, kwargs={"sent": True})
        return super().route(request, path_components)

    # The form is sent back to the page itself (irp/core/wagtail_hooks.py).
    http_methods = ("GET", "HEAD", "POST")

    def serve(self, request, *args, sent=False, **kwargs):
        from .views import contact_page

        return contact_page(request, page=self, sent=sent)


class Enquiry(models.Model):
    """One person getting in touch. Stored before anything is sent."""

    class Status(models.TextChoices):
        NEW = "new", "New"
        IN_CONVERSATION = "in_conversation", "In conversation"
        JOINED = "joined", "Joined"
        CLOSED = "closed", "Closed"

    name = models.CharField(max_length=NAME_MAX)
    email = models.EmailField(max_length=EMAIL_MAX)
    role = models.CharField("role or profession", max_length=32, choices=Role.choices)
    role_other = models.CharField("other role", max_length=ROLE_OTHER_MAX, blank=True)
    organisation = models.CharField(max_length=ORGANISATION_MAX, blank=True)
    hopes = models.TextField("what they hope to explore", max_length=HOPES_MAX)
    heard_from = models.CharField("how they heard of us", max_length=HEARD_FROM_MAX, blank=True)

    # Consent exactly as shown: the wording, its version, and when it was given.
    consent_text = models.CharField(max_length=500)
    consent_version = models.CharField(max_length=50)
    consented_at = models.DateTimeField()

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_enquiries",
    )
    is_suspected_spam = models.BooleanField("suspected spam", default=False)
    spam_reasons = models.CharField(max_length=200, blank=True)
    received_at = models.DateTimeField(auto_now_add=True, db_index=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "enquiries"
        ordering = ["-received_at", "-id"]
        permissions = [("answer_enquiries", "Can read and answer enquiries in the staff inbox")]
        indexes = [models.Index(fields=["status", "closed_at"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="closed") | models.Q(closed_at__isnull=False),
                name="enquiry_closed_has_closed_at",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.received_at:%d %b %Y})" if self.received_at else self.name

    @property
    def failed_label(self) -> str:
        """For the inbox list: whether an email about this enquiry failed (annotated)."""
        return "Yes" if getattr(self, "has_failed_email", False) else ""

    @property
    def role_label(self) -> str:
        if self.role == Role.OTHER and self.role_other:
            return f"Other: {self.role_other}"
        return self.get_role_display()


class EnquiryEvent(models.Model):
    """One line of an enquiry's timeline: received, a status change, a note, …"""

    class Kind(models.TextChoices):
        RECEIVED = "received", "Received"
        STATUS_CHANGED = "status_changed", "Status changed"
        ASSIGNED = "assigned", "Assigned"
        NOTE = "note", "Note"
        MARKED_SPAM = "marked_spam", "Marked as spam"
        MARKED_NOT_SPAM = "marked_not_spam", "Marked as not spam"

    enquiry = models.ForeignKey(Enquiry, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=254, blank=True)
    text = models.TextField(blank=True)
    occurred_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["occurred_at", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.occurred_at:%Y-%m-%d %H:%M})"


@register_setting(icon="mail")
class EnquirySettings(BaseSiteSetting):
    """Who hears about new enquiries, and the wording of the emails (blank: the defaults)."""

    notification_addresses = models.TextField(
        blank=True,
        help_text="Staff addresses told about each new enquiry, one per line.",
    )
    acknowledgement_subject = models.CharField(
        max_length=200,
        blank=True,
        help_text="The subject of the person's email. Blank: 'Thank you for getting in touch'.",
    )
    acknowledgement_message = models.TextField(
        blank=True,
        help_text="Opening paragraphs of that email (plain text). Blank: the standard wording.",
    )
    notification_subject = models.CharField(
        max_length=200,
        blank=True,
        help_text="Subject of the staff notification. Blank: 'New enquiry from <name>'.",
    )

    panels = [
        FieldPanel("notification_addresses"),
        FieldPanel("acknowledgement_subject"),
        FieldPanel("acknowledgement_message"),
        FieldPanel("notification_subject"),
    ]

    class Meta:
        verbose_name = "enquiry settings"

    @property
    def notification_address_list(self) -> list[str]:
        return [line.strip() for line in self.notification_addresses.splitlines() if line.strip()]
