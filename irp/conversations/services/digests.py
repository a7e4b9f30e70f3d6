"""Digests, calm by default: no email per post. Each person chooses daily, weekly (the
default) or off. A digest lists new threads in their spaces, replies in threads they
follow and posts that mention them, since their last digest.

A digest is due once a period has begun in the person's own time zone (a day from 07:00,
a week from Monday 07:00) and goes once per period: the DigestSent row and the queued
email share a transaction and a unique constraint, so a second run, or a second worker,
sends nothing more. Posts waiting for approval, hidden, removed or by an erased person,
and posts by someone muted in that space, are never listed.
"""

import datetime as dt
import zoneinfo
from collections import defaultdict

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from irp.emails.services import queue_emails

from .. import cohorts
from ..models import DigestSent, Follow, Mention, Mute, Post, Preferences, Space

SEND_FROM_HOUR = 7
UNSUBSCRIBE_SALT = "irp.conversations.unsubscribe"
PERIOD_LENGTH = {Preferences.Digest.DAILY: 1, Preferences.Digest.WEEKLY: 7}
EXCERPT = 240


def digest_period(*, frequency: str, zone: str, now) -> str | None:
    """The period a digest sent `now` belongs to, or None if none is due yet."""
    try:
        local = now.astimezone(zoneinfo.ZoneInfo(zone or "UTC"))
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        local = now.astimezone(dt.UTC)
    if local.hour < SEND_FROM_HOUR and (frequency == "daily" or local.isoweekday() == 1):
        return None
    if frequency == Preferences.Digest.DAILY:
        return f"daily:{local.date().isoformat()}"
    if frequency == Preferences.Digest.WEEKLY:
        year, week, _ = local.isocalendar()
        return f"weekly:{year}-W{week:02d}"
    return None


def unsubscribe_token(person) -> str:
    return signing.dumps(person.pk, salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe(*, token: str):
    """Turn the digest off for whoever the link was made for (RFC 8058 one-click)."""
    try:
        person_id = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        raise ValidationError("This unsubscribe link is not valid.") from None
    person = get_user_model().objects.filter(pk=person_id, is_active=True).first()
    if person is None:
        raise ValidationError("This unsubscribe link is not valid.")
    Preferences.objects.update_or_create(person=person, defaults={"digest": Preferences.Digest.OFF})
    return person


def _excerpt(post: Post) -> str:
    text = " ".join(post.body.split())
    return text if len(text) <= EXCERPT else text[: EXCERPT - 1].rstrip() + "…"


class _Members:
    """Who belongs to each space with news, asked once per run."""

    def __init__(self, spaces):
        self.sets = {}
        for space in spaces:
            if space.kind == Space.Kind.EVERYONE:
                self.sets[space.pk] = None
                continue
            people = set(space.facilitators.values_list("pk", flat=True))
            if space.kind == Space.Kind.INVITATION:
                people |= set(space.invited.values_list("pk", flat=True))
            else:
                people |= cohorts.member_ids(space.cohort_id) | cohorts.facilitator_ids(
                    space.cohort_id
                )
            self.sets[space.pk] = people

    def includes(self, person_id, space_id) -> bool:
        members = self.sets.get(space_id, set())
        return members is None or person_id in members


def send_due_digests(*, now=None, batch: int = 500) -> int:
    """Queue every digest due now; returns how many were queued. Safe to run again."""
    now = now or timezone.now()
    oldest = now - dt.timedelta(days=max(PERIOD_LENGTH.values()) + 1)
    muted = set(Mute.objects.filter(until__gt=now).values_list("space_id", "person_id"))
    recent = [
        post
        for post in Post.objects.filter(
            state=Post.State.PUBLISHED, created_at__gt=oldest, author__isnull=False
        )
        .select_related("thread__space", "author")
        .order_by("created_at", "pk")
        if (post.thread.space_id, post.author_id) not in muted
    ]
    if not recent:
        return 0
    spaces = {post.thread.space_id: post.thread.space for post in recent}
    members = _Members(spaces.values())
    follows = defaultdict(set)
    active = Post.objects.filter(created_at__gt=oldest)
    for person_id, thread_id in Follow.objects.filter(
        thread_id__in=active.values("thread_id"), following=True
    ).values_list("person_id", "thread_id"):
        follows[person_id].add(thread_id)
    mentions = defaultdict(set)
    for person_id, post_id in Mention.objects.filter(post__created_at__gt=oldest).values_list(
        "person_id", "post_id"
    ):
        mentions[person_id].add(post_id)

    # Everyone may hear of a new thread in an open space; otherwise only the members of
    # spaces with new threads, followers and the people mentioned.
    people = get_user_model().objects.filter(is_active=True)
    new_thread_spaces = {post.thread.space_id for post in recent if post.number == 1}
    if not any(members.sets[space_id] is None for space_id in new_thread_spaces):
        wanted = set(follows) | set(mentions)
        for space_id in new_thread_spaces:
            wanted |= members.sets[space_id]
        people = people.filter(pk__in=wanted)
    choices = dict(Preferences.objects.values_list("person_id", "digest"))
    queued = 0
    candidates = list(people.only("pk", "email", "display_name", "time_zone").order_by("pk"))
    for start in range(0, len(candidates), batch):
        chunk = [
            person
            for person in candidates[start : start + batch]
            if choices.get(person.pk, Preferences.Digest.WEEKLY) != Preferences.Digest.OFF
        ]
        ids = [person.pk for person in chunk]
        last_sent = dict(
            DigestSent.objects.filter(person_id__in=ids)
            .values("person_id")
            .annotate(last=Max("sent_at"))
            .values_list("person_id", "last")
        )
        due = []
        for person in chunk:
            frequency = choices.get(person.pk, Preferences.Digest.WEEKLY)
            period = digest_period(frequency=frequency, zone=person.time_zone, now=now)
            if period is None:
                continue
            since = last_sent.get(person.pk) or now - dt.timedelta(days=PERIOD_LENGTH[frequency])
            items = _items_for(person, recent, since, members, follows, mentions)
            if items:
                due.append((person, period, items))
        queued += _queue_digests(due, now=now)
    return queued


def _items_for(person, recent, since, members, follows, mentions) -> dict:
    new_threads, replies, mentioned = [], [], []
    followed, named = follows.get(person.pk, set()), mentions.get(person.pk, set())
    for post in recent:
        if post.created_at <= since or post.author_id == person.pk:
            continue
        if not members.includes(person.pk, post.thread.space_id):
            continue
        if post.pk in named:
            mentioned.append(post)
        elif post.number == 1:
            new_threads.append(post)
        elif post.thread_id in followed:
            replies.append(post)
    if not (new_threads or replies or mentioned):
        return {}
    return {"new_threads": new_threads, "replies": replies, "mentions": mentioned}


def _digest_email(*, person, items: dict) -> dict:
    token = unsubscribe_token(person)
    unsubscribe_url = settings.SITE_URL + reverse("conversations:unsubscribe", args=[token])
    context = {
        "person": person,
        "unsubscribe_url": unsubscribe_url,
        "settings_url": settings.SITE_URL + reverse("conversations:settings"),
        **{
            key: [{"post": post, "excerpt": _excerpt(post)} for post in posts]
            for key, posts in items.items()
        },
    }
    return {
        "to": [person.email],
        "template": "conversations/emails/digest",
        "context": context,
        "headers": {
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    }


def _queue_digests(due: list, *, now) -> int:
    """Record and queue a batch of digests in one transaction (two INSERTs). If another
    worker sent some of them first, the unique constraint refuses the batch and each is
    tried alone, so every digest still goes exactly once."""
    if not due:
        return 0
    try:
        with transaction.atomic():
            DigestSent.objects.bulk_create(
                [DigestSent(person=person, period=period, sent_at=now) for person, period, _ in due]
            )
            queue_emails(messages=[_digest_email(person=p, items=items) for p, _, items in due])
        return len(due)
    except IntegrityError:
        return sum(_queue_one(person=p, period=period, items=items, now=now)
                   for p, period, items in due)  # fmt: skip


def _queue_one(*, person, period: str, items: dict, now) -> bool:
    try:
        with transaction.atomic():
            DigestSent.objects.create(person=person, period=period, sent_at=now)
            queue_emails(messages=[_digest_email(person=person, items=items)])
    except IntegrityError:  # this period's digest has already gone
        return False
    return True
