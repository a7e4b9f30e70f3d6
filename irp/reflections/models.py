"""Prompts (staff-edited snippets) and each practitioner's private journal.

A reflection belongs to its author alone. Its body is stored encrypted (crypto.py);
nothing here registers it with any admin. Who may read an entry is decided in one
place, selectors.reflection_for_reader, which also consults ReflectionShare: one
entry shown, by the author's choice, to one named reader (a cohort's facilitator).
Deleting the share row, or the entry, takes the reader's view away at once.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable

from irp.core import crypto


class PromptCollection(ClusterableModel):
    """A named group of prompts, e.g. "This begins with you"."""

    title = models.CharField(max_length=200, unique=True)
    introduction = models.TextField(blank=True)

    panels = [FieldPanel("title"), FieldPanel("introduction"), InlinePanel("prompts")]

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title


class Prompt(Orderable):
    """One question to reflect on. Practitioners answer it in their own journals."""

    collection = ParentalKey(PromptCollection, on_delete=models.CASCADE, related_name="prompts")
    text = models.TextField(help_text="The question, as the practitioner will read it.")
    note = models.TextField(
        blank=True, help_text="Optional: a gentle line of context shown under the question."
    )
    offer_as_today = models.BooleanField(
        "offer as today's prompt",
        default=True,
        help_text="Today's prompt on a practitioner's home is chosen from these in turn.",
    )

    panels = [FieldPanel("text"), FieldPanel("note"), FieldPanel("offer_as_today")]

    class Meta(Orderable.Meta):
        ordering = ["collection", "sort_order", "pk"]

    def __str__(self):
        return self.text

    def get_absolute_url(self):
        return reverse("reflections:prompt", args=[self.pk])


class Reflection(models.Model):
    """One journal entry. `body` is decrypted on access; the column holds ciphertext."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reflections"
    )
    prompt = models.ForeignKey(
        Prompt, null=True, blank=True, on_delete=models.SET_NULL, related_name="reflections"
    )
    body_encrypted = models.TextField(editable=False)
    # The programme step this entry answers, if any: an id, not a foreign key, so the
    # journal depends on no other app (programmes asks by its own step ids).
    step_id = models.PositiveBigIntegerField(null=True, blank=True)
    written_at = models.DateTimeField(db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-written_at", "-pk"]
        indexes = [
            models.Index(fields=["author", "-written_at", "-id"], name="reflection_by_date"),
            models.Index(fields=["author", "prompt", "written_at"], name="reflection_by_prompt"),
            models.Index(
                fields=["author", "step_id"],
                condition=models.Q(step_id__isnull=False),
                name="reflection_by_step",
            ),
        ]

    def __str__(self):
        return f"Reflection {self.pk}"

    def get_absolute_url(self):
        return reverse("reflections:detail", args=[self.pk])

    @property
    def body(self) -> str:
        # Decrypted once per loaded ciphertext (a reload or rotation decrypts afresh).
        cached = getattr(self, "_plain", None)
        if cached is None or cached[0] != self.body_encrypted:
            self._plain = (self.body_encrypted, crypto.decrypt(self.body_encrypted))
        return self._plain[1]

    @body.setter
    def body(self, text: str) -> None:
        self.body_encrypted = crypto.encrypt(text)
        self._plain = (self.body_encrypted, text)


class ReflectionShare(models.Model):
    """One entry shown to one reader, by its author's choice. `context` names where
    the share belongs (e.g. "cohort:12"), so the app that offered sharing can list the
    shares it made; it grants nothing by itself."""

    reflection = models.ForeignKey(Reflection, on_delete=models.CASCADE, related_name="shares")
    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reflections_shared_with"
    )
    context = models.CharField(max_length=40)
    shared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-shared_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["reflection", "reader"], name="one_share_per_reader")
        ]
        indexes = [models.Index(fields=["reader", "context"], name="share_by_reader")]

    def __str__(self):
        return f"Share {self.pk}"


class Draft(models.Model):
    """Unsaved writing, kept as the person types so leaving a page loses nothing.

    One per person per place: a new reflection to a prompt (or free), or an entry
    being edited. Encrypted like reflections.
    """

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reflection_drafts"
    )
    prompt = models.ForeignKey(Prompt, null=True, blank=True, on_delete=models.CASCADE)
    reflection = models.ForeignKey(Reflection, null=True, blank=True, on_delete=models.CASCADE)
    # "free", "prompt:<id>" or "entry:<id>": one draft per person per place.
    place = models.CharField(max_length=40)
    body_encrypted = models.TextField(editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["author", "place"], name="one_draft_per_place")
        ]

    def __str__(self):
        return f"Draft {self.pk}"

    @property
    def body(self) -> str:
        return crypto.decrypt(self.body_encrypted)
