"""Programmes followed in cohorts.

The programme itself is editorial: a page tree (programme → module → step) edited in
the Wagtail admin, with preview, revisions and scheduling. Who follows it, and when,
is data with rules: cohorts, enrolments, the steps people took, kept as plain models
and changed only through services.py.

A step opens at 00:00 in its cohort's zone, `opens_after_weeks` weeks after the
cohort's start date (`Cohort.step_opens_at`); dates, not instants, are what editors
and staff set, so an opening survives the clocks changing.
"""

import datetime as dt
import json
import zoneinfo
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from irp.accounts.models import TIME_ZONE_CHOICES
from irp.core.crypto import EncryptedTextField

from .blocks import StepContentBlock

DEFAULT_QUESTIONS = "Why now?\nWhat do you hope to explore?"

# Paths under /programmes/ that belong to the app's own views, not to programme pages.
RESERVED_SLUGS = frozenset({"mine", "cohorts", "apply"})


def questions_from(text: str) -> list[str]:
    """One question a line; blank lines are ignored."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class ProgrammeIndexPage(Page):
    """/programmes/: the programmes open for applications, with their next cohorts."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["pages.HomePage"]
    subpage_types = ["programmes.ProgrammePage"]
    max_count = 1

    class Meta:
        verbose_name = "programmes index"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["programmes"] = ProgrammePage.open_for_applications()
        return context


class ProgrammePage(Page):
    """One programme: what it is, who it is for, its modules and steps by title."""

    summary = models.TextField(
        max_length=400, help_text="One or two sentences for the list of programmes."
    )
    body = RichTextField(blank=True, help_text="What the programme is and how it works.")
    who_it_is_for = RichTextField(blank=True)
    weekly_time = models.CharField(
        max_length=100,
        help_text="The time it asks for each week, in words, e.g. “About two hours a week”.",
    )
    application_questions = models.TextField(
        default=DEFAULT_QUESTIONS,
        help_text="One question a line. A cohort may ask its own instead.",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("who_it_is_for"),
        FieldPanel("weekly_time"),
        FieldPanel("application_questions"),
    ]
    parent_page_types = ["programmes.ProgrammeIndexPage"]
    subpage_types = ["programmes.ModulePage"]

    class Meta:
        verbose_name = "programme"

    def clean(self):
        super().clean()
        if self.slug in RESERVED_SLUGS:
            raise ValidationError({"slug": f"“{self.slug}” is kept for the site's own pages."})
        if not questions_from(self.application_questions):
            raise ValidationError({"application_questions": "Please ask at least one question."})

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["modules"] = self.outline()
        context["cohorts"] = list(Cohort.objects.open_for_applications().filter(programme=self))
        context["course_json_ld"] = self.course_json_ld(context["cohorts"], request=request)
        return context

    # Reads of the page tree live here, beside the pages, because the page's own
    # context needs them; selectors.py offers them to everyone else.

    @classmethod
    def open_for_applications(cls):
        """Live programmes with a cohort open for applications that has not started,
        annotated with `next_start`, soonest first."""
        open_cohorts = Cohort.objects.filter(
            programme=OuterRef("pk"),
            status=Cohort.Status.OPEN,
            starts_on__gte=timezone.localdate(),
        ).order_by("starts_on")
        return (
            cls.objects.live()
            .annotate(next_start=Subquery(open_cohorts.values("starts_on")[:1]))
            .filter(next_start__isnull=False)
            .order_by("next_start", "title")
        )

    def steps(self):
        """The live steps, in tree order (module by module)."""
        return StepPage.objects.live().descendant_of(self).order_by("path")

    def outline(self) -> list[dict]:
        """Modules with their live steps, for the outline: two queries."""
        modules = list(ModulePage.objects.live().child_of(self).order_by("path"))
        steps = list(self.steps().only("title", "path", "depth", "opens_after_weeks"))
        return [
            {"module": module, "steps": [s for s in steps if s.path.startswith(module.path)]}
            for module in modules
        ]

    def course_json_ld(self, cohorts, *, request=None) -> str:
        """Schema.org Course with a CourseInstance per upcoming cohort, as JSON for a
        <script type="application/ld+json">; "<" is escaped so it cannot end the script."""
        data = {
            "@context": "https://schema.org",
            "@type": "Course",
            "name": self.title,
            "description": self.summary,
            "url": self.get_full_url(request),
            "provider": {"@type": "Organization", "name": "Infinite Recovery Project"},
            "hasCourseInstance": [
                {
                    "@type": "CourseInstance",
                    "name": str(cohort),
                    "courseMode": "online",
                    "startDate": cohort.starts_on.isoformat(),
                    "courseWorkload": self.weekly_time,
                    "maximumAttendeeCapacity": cohort.capacity,
                    "remainingAttendeeCapacity": cohort.places_left,
                }
                for cohort in cohorts
            ],
        }
        return json.dumps(data).replace("<", "\\u003c")


class ModulePage(Page):
    introduction = models.TextField(blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    parent_page_types = ["programmes.ProgrammePage"]
    subpage_types = ["programmes.StepPage"]

    class Meta:
        verbose_name = "module"

    def get_sitemap_urls(self, request=None):
        return []  # not a page of its own: the programme's page lists it

    def serve(self, request, *args, **kwargs):
        # A module is a heading in its programme's outline, not a page of its own;
        # editors still preview it.
        if getattr(request, "is_preview", False):
            return super().serve(request, *args, **kwargs)
        return redirect(self.get_parent().url)


class StepPage(Page):
    """A short piece of content paired with a reflection prompt. Its content is for the
    enrolled members of a cohort once the step has opened, and for staff: its own
    public address only redirects to the programme's outline (see serve)."""

    opens_after_weeks = models.PositiveSmallIntegerField(
        default=0,
        validators=[MaxValueValidator(104)],
        help_text="The step opens this many weeks after a cohort starts (0: on the first "
        "day), at midnight in the cohort's time zone.",
    )
    content_note = models.CharField(
        max_length=300,
        blank=True,
        help_text="Optional: what the step touches on, e.g. “This step talks about "
        "childhood trauma”. The content stays folded until the reader opens it.",
    )
    content = StreamField(StepContentBlock(), blank=True)
    reflection_prompt = models.TextField(
        help_text="The question the step asks people to reflect on, in their journal."
    )
    cpd_hours = models.DecimalField(
        "CPD hours",
        max_digits=4,
        decimal_places=2,
        default=Decimal("1.00"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text="Hours of continuing professional development this step counts for.",
    )

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("opens_after_weeks"), FieldPanel("cpd_hours")], heading="When and how long"
        ),
        FieldPanel("content_note"),
        FieldPanel("content"),
        FieldPanel("reflection_prompt"),
    ]
    parent_page_types = ["programmes.ModulePage"]
    subpage_types = []

    class Meta:
        verbose_name = "step"

    def get_sitemap_urls(self, request=None):
        return []  # never public: members read steps on their cohort's pages

    def serve(self, request, *args, **kwargs):
        # Step content is never public: members read it on their cohort's step page,
        # and editors in the admin's preview. Anyone else goes to the public outline.
        if getattr(request, "is_preview", False):
            return super().serve(request, *args, **kwargs)
        return redirect(self.get_parent().get_parent().url)


HOLDS_PLACE = ("enrolled", "paused")  # Enrolment states that count against capacity


class CohortQuerySet(models.QuerySet):
    def with_places(self):
        """Annotate `held`: the places taken (enrolled or paused)."""
        return self.annotate(held=Count("enrolments", filter=Q(enrolments__state__in=HOLDS_PLACE)))

    def open_for_applications(self):
        """Open for applications and not yet started, with `held`."""
        return (
            self.filter(status=Cohort.Status.OPEN, starts_on__gte=timezone.localdate())
            .select_related("programme")
            .with_places()
        )


class Cohort(models.Model):
    """A group of people following one programme together, from a start date."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft (not shown)"
        OPEN = "open", "Open for applications"
        CLOSED = "closed", "Applications closed"
        CANCELLED = "cancelled", "Cancelled"

    programme = models.ForeignKey(ProgrammePage, on_delete=models.PROTECT, related_name="cohorts")
    title = models.CharField(
        max_length=100, blank=True, help_text="Optional, e.g. “Spring cohort”."
    )
    starts_on = models.DateField(help_text="Day one, in the cohort's time zone.")
    zone = models.CharField(
        "time zone",
        max_length=64,
        choices=TIME_ZONE_CHOICES,
        default="Europe/London",
        help_text="Steps open at midnight in this zone.",
    )
    capacity = models.PositiveIntegerField(
        help_text="Places. Raising it offers places to the people waiting."
    )
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="facilitated_cohorts"
    )
    application_questions = models.TextField(
        blank=True, help_text="One question a line. Empty: the programme's questions."
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    # Hands out waiting-list numbers; only ever changed under the cohort's row lock.
    last_queue_number = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CohortQuerySet.as_manager()

    class Meta:
        ordering = ["starts_on", "pk"]
        indexes = [models.Index(fields=["status", "starts_on"])]
        permissions = [
            ("review_applications", "Can review applications, waiting lists and moves"),
        ]

    def __str__(self):
        name = self.title or f"starting {self.starts_on:%-d %B %Y}"
        return f"{self.programme.title}: {name}"

    def get_absolute_url(self):
        return reverse("programmes:cohort", args=[self.pk])

    @property
    def places_left(self) -> int:
        """Places still free; needs the `held` that with_places() annotates."""
        return max(self.capacity - self.held, 0)

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.zone)

    @property
    def questions(self) -> list[str]:
        return questions_from(self.application_questions) or questions_from(
            self.programme.application_questions
        )

    def step_opens_on(self, step: StepPage) -> dt.date:
        return self.starts_on + dt.timedelta(weeks=step.opens_after_weeks)

    def step_opens_at(self, step: StepPage) -> dt.datetime:
        """00:00 on the step's release date in the cohort's zone, as an aware datetime."""
        return dt.datetime.combine(self.step_opens_on(step), dt.time(0), tzinfo=self.tz)


class Enrolment(models.Model):
    """One person's application to, and place in, one cohort."""

    class State(models.TextChoices):
        APPLIED = "applied", "Application waiting for a reply"
        ENROLLED = "enrolled", "Enrolled"
        WAITING = "waiting", "On the waiting list"
        PAUSED = "paused", "Paused"
        DECLINED = "declined", "Not offered a place"
        LEFT = "left", "Left"
        MOVED = "moved", "Moved to another cohort"
        WITHDRAWN = "withdrawn", "Application withdrawn"

    # States that hold a place (count against capacity).
    HOLDS_PLACE = (State.ENROLLED, State.PAUSED)
    # States in which a person still belongs to the cohort's story; at most one at a time.
    ACTIVE = (State.APPLIED, State.ENROLLED, State.WAITING, State.PAUSED)

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="enrolments")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="programme_enrolments"
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.APPLIED)
    # [{"question": ..., "answer": ...}]: the questions as they were asked.
    answers = models.JSONField(default=list, blank=True)
    decision_note = models.TextField(blank=True, max_length=2000)
    decided_at = models.DateTimeField(null=True, blank=True)
    queue_number = models.PositiveIntegerField(null=True, blank=True)
    wants_weekly_email = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            # The database itself refuses a second active enrolment for one person.
            models.UniqueConstraint(
                fields=["cohort", "person"],
                condition=Q(state__in=["applied", "enrolled", "waiting", "paused"]),
                name="programme_enrolment_one_active_per_person",
            ),
            models.UniqueConstraint(
                fields=["cohort", "queue_number"],
                condition=Q(queue_number__isnull=False),
                name="programme_enrolment_unique_queue_number",
            ),
        ]
        indexes = [
            models.Index(fields=["cohort", "state", "queue_number"]),
            models.Index(fields=["person", "state"]),
        ]

    def __str__(self):
        return f"{self.person} · {self.cohort} ({self.get_state_display()})"

    @property
    def holds_place(self) -> bool:
        return self.state in self.HOLDS_PLACE


class StepTaken(models.Model):
    """A person marked a step as taken, in a cohort. A plain record: never a score."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="programme_steps_taken"
    )
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="steps_taken")
    step = models.ForeignKey(StepPage, on_delete=models.CASCADE, related_name="taken")
    taken_at = models.DateTimeField()

    class Meta:
        ordering = ["taken_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "cohort", "step"], name="programme_step_taken_once"
            )
        ]
        indexes = [models.Index(fields=["cohort", "person"])]

    def __str__(self):
        return f"{self.step.title} taken"


class SharedReflectionReply(models.Model):
    """A facilitator's reply to a reflection shared with them. Stored encrypted, like
    the reflection; it goes when the author stops sharing (the share row cascades)."""

    share = models.ForeignKey(
        "reflections.ReflectionShare", on_delete=models.CASCADE, related_name="programme_replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = EncryptedTextField()
    written_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["written_at", "pk"]

    def __str__(self):
        return f"Reply {self.pk}"


class CohortMessage(models.Model):
    """A facilitator's email to everyone enrolled in a cohort; stored first, then sent."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    subject = models.CharField(max_length=150)
    body = models.TextField(max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return self.subject


class WeeklyEmailSent(models.Model):
    """Proof the weekly email for one release date went to one person, once: the
    unique constraint holds even when two workers run the task together."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    opens_on = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "person", "opens_on"], name="programme_weekly_email_once"
            )
        ]

    def __str__(self):
        return f"Weekly email for {self.opens_on}"


class CohortSession(models.Model):
    """A live discussion that belongs to a cohort: its seats are for the cohort's
    members (live_discussions asks us through its registration hook)."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="live_sessions")
    session = models.OneToOneField(
        "live_discussions.LiveSession", on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        ordering = ["session__starts_at", "pk"]

    def __str__(self):
        return f"{self.session} for {self.cohort}"
