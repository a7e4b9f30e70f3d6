"""Live discussions: sessions (single or in a weekly series), places and waiting lists.

Times are stored in UTC; each session keeps the zone it was planned in, so its local
time survives daylight-saving changes and can be shown beside the reader's own zone.
"""

import datetime as dt
import secrets
import uuid
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from wagtail.fields import RichTextField

from irp.accounts.models import TIME_ZONE_CHOICES
from irp.core.crypto import EncryptedTextField


class Series(models.Model):
    """A set of dated sessions, e.g. weekly for six weeks; each session has its own places."""

    title = models.CharField(max_length=200)
    # Off by default: a weekly series skips 25 and 26 December and 1 January, when most
    # people are away, and runs a week longer instead.
    meets_on_holidays = models.BooleanField(
        "Meet on 25 and 26 December and 1 January",
        default=False,
        help_text="Off: a week that falls on one of these days is skipped and the series "
        "runs a week longer.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "series"

    def __str__(self):
        return self.title


# Lets "not ended yet" be read from an index on the start time (see upcoming_sessions).
LONGEST_SESSION = dt.timedelta(hours=12)


class LiveSession(models.Model):
    class Format(models.TextChoices):
        ONLINE = "online", "Online"
        VENUE = "venue", "In a venue"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft (not shown)"
        PUBLISHED = "published", "Published"
        CANCELLED = "cancelled", "Cancelled"

    # Stable calendar identity: the same UID in every .ics we ever send for this session.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(max_length=200)
    description = RichTextField(blank=True)
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="facilitated_sessions"
    )
    format = models.CharField(max_length=10, choices=Format.choices, default=Format.ONLINE)
    # Secret: shown only to confirmed people near the start, never in a feed, file or email.
    join_link = EncryptedTextField(
        blank=True, help_text="Online sessions only. Kept secret until 15 minutes before."
    )
    venue_address = models.TextField(blank=True, help_text="In-venue sessions only.")
    time_zone = models.CharField(
        max_length=64,
        choices=TIME_ZONE_CHOICES,
        default="Europe/London",
        help_text="The zone the start and end times are entered in.",
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    capacity = models.IntegerField(
        validators=[MinValueValidator(0, "Capacity cannot be below zero.")],
        help_text="Confirmed places. Raising it promotes people from the waiting list.",
    )
    registration_opens_at = models.DateTimeField(null=True, blank=True)
    registration_closes_at = models.DateTimeField(null=True, blank=True)
    series = models.ForeignKey(
        Series, null=True, blank=True, on_delete=models.SET_NULL, related_name="sessions"
    )
    cpd_hours = models.DecimalField(
        "CPD hours", max_digits=4, decimal_places=2, null=True, blank=True
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    # RFC 5545 SEQUENCE: rises on every change people's calendars must pick up.
    sequence = models.PositiveIntegerField(default=0, editable=False)
    # Hands out waiting-list numbers; only ever changed under the session's row lock.
    last_queue_number = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="live_session_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=0), name="live_session_capacity_not_negative"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "starts_at"]),
            models.Index(fields=["starts_at", "id"], name="live_session_starts_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("live_discussions:session", args=[self.pk])

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def places_left(self) -> int:
        """Seats still free; needs the `confirmed_count` the selectors annotate."""
        return max(self.capacity - self.confirmed_count, 0)

    @property
    def places_taken(self) -> str:
        """Confirmed places of the capacity, e.g. "8 / 12"; needs `confirmed_count`."""
        return f"{self.confirmed_count} / {self.capacity}"

    @property
    def is_online(self) -> bool:
        return self.format == self.Format.ONLINE

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    def clean(self):
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = "The end must be after the start."
        elif self.starts_at and self.ends_at and self.ends_at - self.starts_at > LONGEST_SESSION:
            errors["ends_at"] = "A session can last 12 hours at most."
        if (
            self.registration_opens_at
            and self.registration_closes_at
            and self.registration_closes_at <= self.registration_opens_at
        ):
            errors["registration_closes_at"] = "Registration must close after it opens."
        if self.status == self.Status.PUBLISHED:
            if self.format == self.Format.ONLINE and not self.join_link:
                errors["join_link"] = "An online session needs a join link before publishing."
            if self.format == self.Format.VENUE and not self.venue_address.strip():
                errors["venue_address"] = "A session in a venue needs its address."
        if errors:
            raise ValidationError(errors)


class Place(models.Model):
    """One person's place in one session: confirmed, waiting (in queue order) or given up."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", "Confirmed"
        WAITING = "waiting", "Waiting list"
        CANCELLED = "cancelled", "Given up"

    class Attendance(models.TextChoices):
        UNRECORDED = "", "Not recorded"
        ATTENDED = "attended", "Attended"
        DID_NOT_ATTEND = "did_not_attend", "Did not attend"

    ACTIVE = (Status.CONFIRMED, Status.WAITING)

    session = models.ForeignKey(LiveSession, on_delete=models.CASCADE, related_name="places")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="live_places"
    )
    status = models.CharField(max_length=10, choices=Status.choices)
    # Order on the waiting list; handed out under the session lock, cleared on promotion.
    queue_number = models.PositiveIntegerField(null=True, blank=True)
    # Opt-in: reminders are emailed 24 hours and 1 hour before only when this is set.
    wants_reminders = models.BooleanField(default=False)
    attendance = models.CharField(max_length=15, choices=Attendance.choices, default="", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            # The database itself refuses a second active place for the same person.
            models.UniqueConstraint(
                fields=["session", "person"],
                condition=Q(status__in=["confirmed", "waiting"]),
                name="live_place_one_active_per_person",
            ),
            models.UniqueConstraint(
                fields=["session", "queue_number"],
                condition=Q(queue_number__isnull=False),
                name="live_place_unique_queue_number",
            ),
        ]
        indexes = [
            models.Index(fields=["session", "status", "queue_number"]),
            models.Index(fields=["person", "status"]),
        ]

    def __str__(self):
        return f"{self.person} · {self.session} ({self.get_status_display()})"

    @property
    def is_confirmed(self) -> bool:
        return self.status == self.Status.CONFIRMED

    @property
    def is_waiting(self) -> bool:
        return self.status == self.Status.WAITING


class ReminderSent(models.Model):
    """Proof a reminder went out. The unique constraint makes "exactly once" hold even
    when two workers run the reminder task at the same moment."""

    class Kind(models.TextChoices):
        DAY_BEFORE = "24h", "24 hours before"
        HOUR_BEFORE = "1h", "1 hour before"

    session = models.ForeignKey(LiveSession, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=3, choices=Kind.choices)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["session", "person", "kind"], name="live_reminder_once_per_kind"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} reminder"


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A person's private calendar feed. Revoking replaces the token, so old URLs stop."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="live_calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Calendar feed of {self.person}"

    def get_absolute_url(self):
        return reverse("live_discussions:feed", args=[self.token])


class SessionMessage(models.Model):
    """A facilitator's message to everyone registered; stored first, sent by a task."""

    session = models.ForeignKey(LiveSession, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    subject = models.CharField(max_length=150)
    body = models.TextField(max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return self.subject
