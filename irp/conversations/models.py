"""Conversation spaces, their threads and posts, and what keeps them calm and safe.

A space's content is for its members and staff only (selectors.space_for decides who is
a member). Posts keep the Markdown their author typed and the HTML it renders to
(rendering.py), so pages never render on the fly. Nothing here counts people: no likes,
points or read receipts, only each person's own place in a thread (ThreadRead).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

PER_PAGE = 30


class Space(models.Model):
    class Kind(models.TextChoices):
        EVERYONE = "everyone", "Everyone signed in"
        COHORT = "cohort", "The members and facilitators of one cohort"
        INVITATION = "invitation", "People invited by staff"

    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    kind = models.CharField("who may join", max_length=12, choices=Kind.choices)
    # The cohort (irp.programmes) whose members and facilitators this space is for.
    # Membership is asked of programmes' selectors, never copied here.
    cohort_id = models.PositiveIntegerField(null=True, blank=True, unique=True)
    invited = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="conversation_invitations",
        help_text="For a space of invited people: who may take part.",
    )
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="facilitated_spaces",
        help_text="Who looks after this space: reports, approvals, hiding, locking, muting.",
    )
    holds_first_posts = models.BooleanField(
        "a new member's first post waits for approval", default=False
    )
    guidelines = models.TextField(help_text="Markdown. Changing them asks everyone again.")
    guidelines_version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="cohort", cohort_id__isnull=False)
                | (~Q(kind="cohort") & Q(cohort_id__isnull=True)),
                name="conversations_space_cohort_only_for_cohort_spaces",
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("conversations:space", args=[self.pk])


class GuidelinesAcceptance(models.Model):
    """A person accepted one version of a space's guidelines, before posting there."""

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="acceptances")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    version = models.PositiveIntegerField()
    accepted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["space", "person", "version"], name="conversations_accept_once"
            )
        ]

    def __str__(self):
        return f"{self.person} accepted {self.space} v{self.version}"


class Thread(models.Model):
    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="threads")
    title = models.CharField(max_length=200)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    started_at = models.DateTimeField()
    last_activity_at = models.DateTimeField()
    # The highest post number given in this thread (posts are numbered 1, 2, 3 …).
    last_number = models.PositiveIntegerField(default=0)
    locked = models.BooleanField(default=False)

    class Meta:
        ordering = ["-last_activity_at", "-id"]
        indexes = [
            models.Index(
                fields=["space", "-last_activity_at", "-id"], name="conversations_space_activity"
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("conversations:thread", args=[self.pk])


class Post(models.Model):
    class State(models.TextChoices):
        PUBLISHED = "published", "Published"
        WAITING = "waiting", "Waiting for approval"
        REMOVED = "removed", "Removed by its author"
        HIDDEN = "hidden", "Hidden by a moderator"

    # No index of its own: the unique (thread, number) index serves every lookup by
    # thread, and a page of a long thread reads it by both (see bench/conversations.py).
    thread = models.ForeignKey(
        Thread, on_delete=models.CASCADE, related_name="posts", db_index=False
    )
    number = models.PositiveIntegerField()
    # None once the author's account is erased ("a former member").
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="conversation_posts",
    )
    body = models.TextField(blank=True)
    body_html = models.TextField(blank=True, editable=False)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PUBLISHED)
    hidden_reason = models.TextField(blank=True)
    quote_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()
    edited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["thread", "number"]
        constraints = [
            models.UniqueConstraint(fields=["thread", "number"], name="conversations_post_number")
        ]
        indexes = [models.Index(fields=["created_at"], name="conversations_post_created")]

    def __str__(self):
        return f"{self.thread} #{self.number}"

    def get_absolute_url(self):
        url = reverse("conversations:thread", args=[self.thread_id])
        page = f"?page={self.page_number}" if self.page_number > 1 else ""
        return f"{url}{page}#post-{self.number}"

    @property
    def page_number(self) -> int:
        return (self.number - 1) // PER_PAGE + 1

    @property
    def is_published(self) -> bool:
        return self.state == self.State.PUBLISHED


class Mention(models.Model):
    """@name in a post: the person named is told in their next digest."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="mentions")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "person"], name="conversations_mention_once")
        ]

    def __str__(self):
        return f"{self.person} in {self.post}"


class Follow(models.Model):
    """A person follows a thread (they started or replied to it, or chose to); `following`
    False records that they chose to stop, so a later reply does not follow it again."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="follows")
    following = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "thread"], name="conversations_follow_once")
        ]

    def __str__(self):
        return f"{self.person} {'follows' if self.following else 'left'} {self.thread}"


class ThreadRead(models.Model):
    """How far one person has read one thread, for their own unread markers only."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="reads")
    last_read_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "thread"], name="conversations_read_once")
        ]

    def __str__(self):
        return f"{self.person} read {self.thread} to {self.last_read_number}"


class Preferences(models.Model):
    class Digest(models.TextChoices):
        DAILY = "daily", "Daily"
        WEEKLY = "weekly", "Weekly"
        OFF = "off", "Off: no digest emails"

    class OnErasure(models.TextChoices):
        KEEP = "keep", "Keep my posts as “a former member”, with their text removed"
        DELETE = "delete", "Delete my posts"

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conversation_preferences"
    )
    digest = models.CharField(max_length=6, choices=Digest.choices, default=Digest.WEEKLY)
    on_erasure = models.CharField(
        "when I erase my account", max_length=6, choices=OnErasure.choices, default="keep"
    )

    def __str__(self):
        return f"{self.person}: {self.digest}"


class DigestSent(models.Model):
    """One digest to one person for one period (a local day or ISO week): the unique
    constraint and the queued email share a transaction, so it goes exactly once."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    period = models.CharField(max_length=24)  # "daily:2026-11-30" or "weekly:2026-W49"
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "period"], name="conversations_digest_once")
        ]
        indexes = [models.Index(fields=["person", "-sent_at"], name="conversations_digest_last")]

    def __str__(self):
        return f"{self.person} {self.period}"


class Report(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(max_length=1000)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"Report on {self.post}"


class Mute(models.Model):
    """A member may read but not post in one space until `until`."""

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="mutes")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    until = models.DateTimeField()
    reason = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [
            models.Index(fields=["space", "person", "until"], name="conversations_mute_until")
        ]

    def __str__(self):
        return f"{self.person} muted in {self.space} until {self.until:%Y-%m-%d %H:%M}"


class ModerationAct(models.Model):
    """Who did what, when and why: kept for staff, shown in the admin."""

    class Action(models.TextChoices):
        APPROVE = "approve", "Approved a post"
        DECLINE = "decline", "Declined a post waiting for approval"
        HIDE = "hide", "Hid a post"
        LOCK = "lock", "Locked a thread"
        UNLOCK = "unlock", "Unlocked a thread"
        MOVE = "move", "Moved a thread"
        MUTE = "mute", "Muted a member"
        DISMISS = "dismiss", "Closed a report without action"

    action = models.CharField(max_length=10, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # How the actor is named, kept after their account is erased.
    actor_label = models.CharField(max_length=254)
    space = models.ForeignKey(Space, null=True, on_delete=models.SET_NULL, related_name="+")
    thread = models.ForeignKey(Thread, null=True, on_delete=models.SET_NULL, related_name="+")
    post = models.ForeignKey(Post, null=True, on_delete=models.SET_NULL, related_name="+")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(blank=True)
    until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.actor_label}: {self.get_action_display()}"
