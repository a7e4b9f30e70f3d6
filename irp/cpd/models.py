"""CPD records: what a practitioner logs themselves, their evidence and reflective
accounts, the professional bodies' requirement rules, exports and certificates.

Hours recorded *for* people (live discussions attended, programme steps taken) are not
stored here: they are read from those apps each time, so a corrected attendance is
followed at once. Everything a person writes here is theirs alone; the reflective
parts are encrypted at rest on the platform's key ring, as the journal is.
"""

import datetime as dt
import uuid
import zoneinfo
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.db import models
from django.db.models import Q
from django.urls import reverse

from irp.core.crypto import EncryptedTextField

# Bounds on what a person may log: a quarter of an hour at a time, at most 100 hours
# for one activity (a week-long course is about 40), never before 1950.
HOURS_STEP = Decimal("0.25")
HOURS_MAX = Decimal("100")
EARLIEST_YEAR = 1950
TITLE_MAX = 200
NOTE_MAX = 10000


def today_for(person) -> dt.date:
    """Today in the person's own zone: what "not in the future" means for them."""
    try:
        zone = zoneinfo.ZoneInfo(getattr(person, "time_zone", "") or "Europe/London")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = zoneinfo.ZoneInfo("Europe/London")
    return dt.datetime.now(tz=zone).date()


def date_problem(day, person) -> str | None:
    """A sentence saying what is wrong with a date of CPD, or None when it is fine."""
    if day is None:
        return None
    if day.year < EARLIEST_YEAR:
        return f"Please give a date from {EARLIEST_YEAR} onwards."
    if person is not None and day > today_for(person):
        return "This date is in the future. Please give the day it took place."
    return None


def hours_problem(hours) -> str | None:
    """A sentence saying what is wrong with a number of hours, or None."""
    if hours is None:
        return None
    if hours <= 0:
        return "Please give the hours it took, more than zero."
    if hours > HOURS_MAX:
        return (
            f"One activity can count for {HOURS_MAX:.0f} hours at most; log longer ones in parts."
        )
    if hours % HOURS_STEP:
        return "Please give hours in quarters of an hour, such as 1.25 or 2.5."
    return None


class Kind(models.TextChoices):
    """How the professional bodies group learning."""

    PARTICIPATORY = "participatory", "Participatory"
    SELF_DIRECTED = "self_directed", "Self-directed"
    OTHER = "other", "Other"


def private_storage():
    # Evidence and exports never live under MEDIA_URL: they are read back only through
    # views that check the owner (STORAGES["private"] in settings).
    return storages["private"]


class BodyRule(models.Model):
    """A professional body's CPD requirement, edited by staff as the bodies change them.
    Empty numbers mean the body sets no figure for that part."""

    code = models.SlugField(max_length=20, unique=True)
    name = models.CharField(max_length=200)
    cycle_years = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="The period the hours are counted over. Empty: a continuous record.",
    )
    hours_required = models.DecimalField(
        max_digits=6, decimal_places=2, null=True, blank=True, help_text="Total hours per period."
    )
    participatory_hours_required = models.DecimalField(
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Of which at least this many participatory.",
    )
    reflective_accounts_required = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Reflective accounts per period."
    )
    categories = models.TextField(
        blank=True, help_text="The body's own categories of activity, one a line."
    )
    guidance = models.TextField(
        blank=True, help_text="What the body asks for, in a few plain sentences."
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "professional body rule"

    def __str__(self):
        return self.name

    @property
    def category_list(self) -> list[str]:
        return [line.strip() for line in self.categories.splitlines() if line.strip()]


class Profile(models.Model):
    """A practitioner's choice of professional body for their summary."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cpd_profile"
    )
    body = models.ForeignKey(BodyRule, null=True, blank=True, on_delete=models.SET_NULL)

    def __str__(self):
        return f"CPD profile of {self.person}"


class Activity(models.Model):
    """Something a practitioner logged themselves, with an optional four-part reflective
    note (what happened, what I learned, how it changes my practice, how I will know)."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cpd_activities"
    )
    done_on = models.DateField("date")
    title = models.CharField(max_length=TITLE_MAX)
    kind = models.CharField("type", max_length=20, choices=Kind.choices)
    category = models.CharField(max_length=200, blank=True)
    hours = models.DecimalField(max_digits=5, decimal_places=2)
    reflect = EncryptedTextField("what happened", blank=True)
    learned = EncryptedTextField("what I learned", blank=True)
    plan = EncryptedTextField("how it changes my practice", blank=True)
    evaluate = EncryptedTextField("how I will know", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-done_on", "-pk"]
        verbose_name_plural = "activities"
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0) & Q(hours__lte=HOURS_MAX), name="cpd_activity_hours"
            ),
        ]
        indexes = [models.Index(fields=["person", "done_on"], name="cpd_activity_by_date")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("cpd:activity", args=[self.pk])

    def clean(self):
        errors = {}
        person = self.person if self.person_id else None
        if problem := date_problem(self.done_on, person):
            errors["done_on"] = problem
        if problem := hours_problem(self.hours):
            errors["hours"] = problem
        if errors:
            raise ValidationError(errors)

    @property
    def has_note(self) -> bool:
        return any((self.reflect, self.learned, self.plan, self.evaluate))


def evidence_name(instance, filename):
    # A random name: nothing of what the person called the file reaches the disk.
    return f"cpd/evidence/{uuid.uuid4().hex}"


class Evidence(models.Model):
    """A file attached to an activity. Served only to its owner, through a view, by a
    random key; the stored name is random too."""

    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to=evidence_name, storage=private_storage, max_length=200)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name_plural = "evidence"

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse("cpd:evidence", args=[self.key])


class ReflectiveAccount(models.Model):
    """A reflective account in the four parts the bodies ask for. It may start from one
    of the person's journal entries: the entry is copied once, never linked or changed."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cpd_accounts"
    )
    title = models.CharField(max_length=TITLE_MAX)
    written_on = models.DateField()
    activity = models.ForeignKey(
        Activity, null=True, blank=True, on_delete=models.SET_NULL, related_name="accounts"
    )
    reflect = EncryptedTextField("what happened")
    learned = EncryptedTextField("what I learned", blank=True)
    plan = EncryptedTextField("how it changes my practice", blank=True)
    evaluate = EncryptedTextField("how I will know", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-written_on", "-pk"]
        indexes = [models.Index(fields=["person", "written_on"], name="cpd_account_by_date")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("cpd:account", args=[self.pk])

    def clean(self):
        person = self.person if self.person_id else None
        if problem := date_problem(self.written_on, person):
            raise ValidationError({"written_on": problem})


def export_name(instance, filename):
    return f"cpd/exports/{uuid.uuid4().hex}"


class Export(models.Model):
    """A CSV or PDF of a person's record over a period: stored first, made by a task
    when the record is large, then downloaded through a view that checks the owner."""

    class Format(models.TextChoices):
        CSV = "csv", "CSV (spreadsheet)"
        PDF = "pdf", "PDF (for printing)"

    class Status(models.TextChoices):
        WAITING = "waiting", "Being made"
        READY = "ready", "Ready"
        FAILED = "failed", "Could not be made"

    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cpd_exports"
    )
    format = models.CharField(max_length=3, choices=Format.choices)
    starts_on = models.DateField()
    ends_on = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    file = models.FileField(
        upload_to=export_name, storage=private_storage, max_length=200, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_format_display()} {self.starts_on} to {self.ends_on}"

    def get_absolute_url(self):
        return reverse("cpd:export", args=[self.key])

    @property
    def filename(self) -> str:
        return f"cpd-record-{self.starts_on}-to-{self.ends_on}.{self.format}"


class Certificate(models.Model):
    """A certificate for an attended live discussion or a completed programme. Its facts
    are copied at issue, so the verify page can say what it said. Erasing the holder
    clears `person` and `holder_name`; the code and the rest stay, so the page can say
    it was issued but its holder's details have been erased."""

    class Source(models.TextChoices):
        SESSION = "session", "Live discussion"
        PROGRAMME = "programme", "Programme"

    code = models.CharField(max_length=64, unique=True)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cpd_certificates",
    )
    source = models.CharField(max_length=10, choices=Source.choices)
    # What it came from, by id: "session:12" or "cohort:3"; one certificate each.
    source_key = models.CharField(max_length=40)
    holder_name = models.CharField(max_length=200, blank=True)
    title = models.CharField(max_length=300)
    held_on = models.DateField()
    hours = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    facilitators = models.CharField(max_length=500, blank=True)
    issued_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-issued_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "source_key"],
                condition=Q(person__isnull=False),
                name="cpd_certificate_once_per_source",
            )
        ]

    def __str__(self):
        return f"{self.title} ({self.held_on})"

    def get_absolute_url(self):
        return reverse("cpd:certificate", args=[self.pk])

    @property
    def verify_path(self) -> str:
        return reverse("cpd:verify", args=[self.code])

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def holder_erased(self) -> bool:
        return self.person_id is None
