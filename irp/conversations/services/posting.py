"""Taking part: accepting guidelines, threads, replies, edits, removal, following and
reading. Every post passes the same checks: membership, the space's current guidelines
accepted, no mute in force, the thread open, and the per-person rate limit."""

import datetime as dt
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Lower, Replace
from django.utils import timezone

from .. import rendering, selectors
from ..models import (
    Follow,
    GuidelinesAcceptance,
    Mention,
    Post,
    Preferences,
    Space,
    Thread,
    ThreadRead,
)

EDIT_MINUTES = 30
MAX_BODY = 20_000
MAX_TITLE = 200
MAX_MENTIONS = 10
# (seconds, most posts) per person, counted in the shared cache across app processes.
DEFAULT_POST_LIMITS = ((60, 5), (60 * 60, 40))


def accept_guidelines(*, space: Space, person) -> GuidelinesAcceptance:
    """Record that `person` accepted the space's guidelines as they stand now."""
    acceptance, _ = GuidelinesAcceptance.objects.get_or_create(
        space=space, person=person, version=space.guidelines_version
    )
    return acceptance


def _clean_body(body: str) -> str:
    body = (body or "").replace("\x00", "").strip()
    if not body:
        raise ValidationError("Write something before posting.")
    if len(body) > MAX_BODY:
        raise ValidationError(
            f"A post can be up to {MAX_BODY:,} characters; this one has {len(body):,}. "
            "Please shorten it, or split it into two posts."
        )
    return body


def _clean_title(title: str) -> str:
    title = " ".join((title or "").replace("\x00", "").split())
    if not title:
        raise ValidationError("Give the thread a title.")
    if len(title) > MAX_TITLE:
        raise ValidationError(f"A title can be up to {MAX_TITLE} characters.")
    return title


def _limits():
    return getattr(settings, "CONVERSATIONS_POST_LIMITS", DEFAULT_POST_LIMITS)


def _rate_keys(person):
    now = time.time()
    for seconds, most in _limits():
        yield f"conversations:posts:{person.pk}:{seconds}:{int(now // seconds)}", seconds, most


def _check_rate(person) -> None:
    for key, seconds, most in _rate_keys(person):
        if (cache.get(key) or 0) >= most:
            wait = "a minute" if seconds <= 60 else "a while"
            raise ValidationError(
                f"You have posted a lot in a short time. Please wait {wait} and post again; "
                "what you wrote is still here."
            )


def _count_post(person) -> None:
    for key, seconds, _ in _rate_keys(person):
        if not cache.add(key, 1, seconds + 5):
            try:
                cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.set(key, 1, seconds + 5)


def _check_may_post(*, space: Space, person) -> None:
    if not selectors.is_member(person, space):
        raise PermissionDenied
    if not selectors.has_accepted_guidelines(person, space):
        raise ValidationError("Please read and accept the space's guidelines before posting.")
    mute = selectors.mute_of(person, space)
    if mute is not None:
        until = timezone.localtime(mute.until).strftime("%-d %B %Y at %H:%M")
        raise ValidationError(f"You cannot post in this space until {until}. {mute.reason}")
    _check_rate(person)


def _needs_approval(*, space: Space, person) -> bool:
    """A new member's first post in a space that holds first posts waits for a
    facilitator, until one of theirs has been approved."""
    if not space.holds_first_posts or selectors.can_moderate(person, space):
        return False
    return not Post.objects.filter(
        thread__space=space, author=person, state=Post.State.PUBLISHED
    ).exists()


def _mentioned_people(*, markdown: str, space: Space, author) -> list:
    handles = sorted(rendering.mentioned_handles(markdown))[:MAX_MENTIONS]
    if not handles:
        return []
    User = get_user_model()
    candidates = (
        User.objects.filter(is_active=True)
        .exclude(pk=author.pk)
        .annotate(handle=Lower(Replace("display_name", Value(" "), Value(""))))
        .filter(handle__in=handles)
    )
    return [person for person in candidates if selectors.is_member(person, space)]


def _record_mentions(post: Post) -> None:
    people = _mentioned_people(markdown=post.body, space=post.thread.space, author=post.author)
    for person in people:
        Mention.objects.get_or_create(post=post, person=person)


def _follow(person, thread: Thread) -> None:
    # A person who chose to stop following keeps that choice.
    Follow.objects.get_or_create(person=person, thread=thread, defaults={"following": True})


def _add_post(*, thread: Thread, person, body: str, quote_of: Post | None, now) -> Post:
    """Number the post under the thread's row lock, so two replies never share a number."""
    thread = Thread.objects.select_for_update().get(pk=thread.pk)
    waiting = _needs_approval(space=thread.space, person=person)
    number = thread.last_number + 1
    post = Post(
        thread=thread,
        number=number,
        author=person,
        body=body,
        body_html=rendering.render(body),
        state=Post.State.WAITING if waiting else Post.State.PUBLISHED,
        quote_of=quote_of,
        created_at=now,
    )
    post.full_clean()
    post.save()
    thread.last_number = number
    if not waiting:
        thread.last_activity_at = now
    thread.save(update_fields=["last_number", "last_activity_at"])
    _record_mentions(post)
    _follow(person, thread)
    mark_read(thread=thread, person=person, number=number)
    _count_post(person)
    return post


def start_thread(*, space: Space, person, title: str, body: str, now=None) -> Post:
    """A new thread with its first post (which may wait for approval); returns the post."""
    now = now or timezone.now()
    title, body = _clean_title(title), _clean_body(body)
    _check_may_post(space=space, person=person)
    with transaction.atomic():
        thread = Thread(
            space=space, title=title, author=person, started_at=now, last_activity_at=now
        )
        thread.full_clean()
        thread.save()
        return _add_post(thread=thread, person=person, body=body, quote_of=None, now=now)


def reply(*, thread: Thread, person, body: str, quote_of: Post | None = None, now=None) -> Post:
    """A reply at the end of `thread`, optionally quoting one of its published posts."""
    now = now or timezone.now()
    body = _clean_body(body)
    if thread.locked:
        raise ValidationError("This thread is locked, so it takes no new replies.")
    if quote_of is not None and (quote_of.thread_id != thread.pk or not quote_of.is_published):
        quote_of = None
    _check_may_post(space=thread.space, person=person)
    with transaction.atomic():
        return _add_post(thread=thread, person=person, body=body, quote_of=quote_of, now=now)


def edit_post(*, post: Post, person, body: str, now=None) -> Post:
    """The author changes their post within 30 minutes of writing it; it is marked edited."""
    now = now or timezone.now()
    if post.author_id != person.pk:
        raise PermissionDenied
    if post.state not in (Post.State.PUBLISHED, Post.State.WAITING):
        raise ValidationError("This post can no longer be edited.")
    if now - post.created_at > dt.timedelta(minutes=EDIT_MINUTES):
        raise ValidationError(
            f"Posts can be edited for {EDIT_MINUTES} minutes after writing them. "
            "You can add a reply instead."
        )
    if post.thread.locked:
        raise ValidationError("This thread is locked, so its posts cannot be changed.")
    body = _clean_body(body)
    with transaction.atomic():
        post.body, post.body_html, post.edited_at = body, rendering.render(body), now
        post.save(update_fields=["body", "body_html", "edited_at"])
        _record_mentions(post)
    return post


def remove_own_post(*, post: Post, person) -> Post:
    """The author removes their post: its text goes, its place in the thread stays."""
    if post.author_id != person.pk:
        raise PermissionDenied
    with transaction.atomic():
        post.state, post.body, post.body_html = Post.State.REMOVED, "", ""
        post.save(update_fields=["state", "body", "body_html"])
        post.mentions.all().delete()
    return post


def follow_thread(*, thread: Thread, person, following: bool) -> Follow:
    """Follow a thread in one's digest, or stop following it."""
    follow, _ = Follow.objects.update_or_create(
        person=person, thread=thread, defaults={"following": following}
    )
    return follow


def mark_read(*, thread: Thread, person, number: int) -> None:
    """Remember that `person` has read `thread` up to post `number` (never backwards).
    One UPDATE when they have read it before; a row the first time."""
    if ThreadRead.objects.filter(person=person, thread=thread, last_read_number__lt=number).update(
        last_read_number=number
    ):
        return
    ThreadRead.objects.get_or_create(
        person=person, thread=thread, defaults={"last_read_number": number}
    )


def set_preferences(*, person, digest: str, on_erasure: str) -> Preferences:
    preferences = selectors.preferences_of(person)
    preferences.digest, preferences.on_erasure = digest, on_erasure
    preferences.full_clean()
    preferences.save()
    return preferences
