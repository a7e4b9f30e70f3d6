"""Gentle moderation: reports, approvals, hiding (the author is told why, the post is
kept for staff), locking, moving and muting. Every act is recorded with who, when and
why (ModerationAct), which staff read in the admin."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from irp.audit.services import actor_label
from irp.emails.services import queue_email

from .. import selectors
from ..models import ModerationAct, Mute, Post, Report, Space, Thread

MAX_REASON = 1000
MUTE_DAYS = (1, 3, 7, 14, 30)


def _clean_reason(reason: str, *, required: bool = True) -> str:
    reason = (reason or "").replace("\x00", "").strip()
    if required and not reason:
        raise ValidationError("Please give a reason; the person concerned is told it.")
    if len(reason) > MAX_REASON:
        raise ValidationError(f"A reason can be up to {MAX_REASON:,} characters.")
    return reason


def _require_moderator(actor, space: Space) -> None:
    if not selectors.can_moderate(actor, space):
        raise PermissionDenied


def _record(*, action, actor, space, thread=None, post=None, person=None, reason="", until=None):
    return ModerationAct.objects.create(
        action=action,
        actor=actor,
        actor_label=actor_label(actor),
        space=space,
        thread=thread,
        post=post,
        person=person,
        reason=reason,
        until=until,
    )


def _resolve_reports(post: Post, now) -> int:
    return Report.objects.filter(post=post, resolved_at__isnull=True).update(resolved_at=now)


def report_post(*, post: Post, person, reason: str) -> Report:
    """Any member tells the space's facilitators and staff that a post worries them."""
    reason = _clean_reason(reason)
    if not selectors.is_member(person, post.thread.space):
        raise PermissionDenied
    report, created = Report.objects.get_or_create(
        post=post, reporter=person, resolved_at=None, defaults={"reason": reason}
    )
    if not created:
        report.reason = reason
        report.save(update_fields=["reason"])
    return report


def approve_post(*, post: Post, actor) -> Post:
    """A post waiting for approval is published (the thread's activity moves on)."""
    space = post.thread.space
    _require_moderator(actor, space)
    now = timezone.now()
    with transaction.atomic():
        if not Post.objects.filter(pk=post.pk, state=Post.State.WAITING).update(
            state=Post.State.PUBLISHED
        ):
            raise ValidationError("This post is no longer waiting for approval.")
        Thread.objects.filter(pk=post.thread_id).update(last_activity_at=now)
        _record(action=ModerationAct.Action.APPROVE, actor=actor, space=space, post=post,
                thread=post.thread, person=post.author)  # fmt: skip
    post.refresh_from_db()
    return post


def _hide(*, post: Post, actor, reason: str, action: str) -> Post:
    space = post.thread.space
    _require_moderator(actor, space)
    reason = _clean_reason(reason)
    now = timezone.now()
    with transaction.atomic():
        post.state, post.hidden_reason = Post.State.HIDDEN, reason
        post.save(update_fields=["state", "hidden_reason"])
        _resolve_reports(post, now)
        _record(action=action, actor=actor, space=space, thread=post.thread, post=post,
                person=post.author, reason=reason)  # fmt: skip
        if post.author is not None:
            queue_email(
                to=[post.author.email],
                template="conversations/emails/post_hidden",
                context={"post": post, "thread": post.thread, "space": space, "reason": reason},
            )
    return post


def hide_post(*, post: Post, actor, reason: str) -> Post:
    """Hide a post from members. Its author is told why by email; staff can still read it."""
    if post.state == Post.State.REMOVED:
        raise ValidationError("Its author has already removed this post.")
    return _hide(post=post, actor=actor, reason=reason, action=ModerationAct.Action.HIDE)


def decline_post(*, post: Post, actor, reason: str) -> Post:
    """A post waiting for approval is not published; its author is told why."""
    if post.state != Post.State.WAITING:
        raise ValidationError("This post is no longer waiting for approval.")
    return _hide(post=post, actor=actor, reason=reason, action=ModerationAct.Action.DECLINE)


def dismiss_reports(*, post: Post, actor, reason: str = "") -> int:
    """Close the open reports on a post without acting on it."""
    _require_moderator(actor, post.thread.space)
    reason = _clean_reason(reason, required=False)
    with transaction.atomic():
        closed = _resolve_reports(post, timezone.now())
        _record(action=ModerationAct.Action.DISMISS, actor=actor, space=post.thread.space,
                thread=post.thread, post=post, person=post.author, reason=reason)  # fmt: skip
    return closed


def lock_thread(*, thread: Thread, actor, locked: bool, reason: str = "") -> Thread:
    """A locked thread takes no replies or edits; it stays readable."""
    _require_moderator(actor, thread.space)
    reason = _clean_reason(reason, required=False)
    with transaction.atomic():
        thread.locked = locked
        thread.save(update_fields=["locked"])
        action = ModerationAct.Action.LOCK if locked else ModerationAct.Action.UNLOCK
        _record(action=action, actor=actor, space=thread.space, thread=thread, reason=reason)
    return thread


def move_thread(*, thread: Thread, actor, to_space: Space, reason: str = "") -> Thread:
    """Move a thread to another space the same person looks after."""
    source = thread.space
    _require_moderator(actor, source)
    _require_moderator(actor, to_space)
    if to_space.pk == source.pk:
        raise ValidationError("The thread is already in that space.")
    reason = _clean_reason(reason, required=False)
    with transaction.atomic():
        thread.space = to_space
        thread.save(update_fields=["space"])
        _record(action=ModerationAct.Action.MOVE, actor=actor, space=source, thread=thread,
                reason=f"To “{to_space.name}”. {reason}".strip())  # fmt: skip
    return thread


def mute_member(*, space: Space, person, actor, days: int, reason: str) -> Mute:
    """`person` may read `space` but not post there for `days` days; they are told why."""
    _require_moderator(actor, space)
    reason = _clean_reason(reason)
    if days not in MUTE_DAYS:
        raise ValidationError("Choose how long, from the list.")
    if person is None or person.pk == actor.pk:
        raise ValidationError("You cannot mute yourself.")
    if selectors.can_moderate(person, space):
        raise ValidationError("Facilitators and staff of a space cannot be muted in it.")
    until = timezone.now() + dt.timedelta(days=days)
    with transaction.atomic():
        mute = Mute.objects.create(space=space, person=person, until=until, reason=reason)
        _record(action=ModerationAct.Action.MUTE, actor=actor, space=space, person=person,
                reason=reason, until=until)  # fmt: skip
        queue_email(
            to=[person.email],
            template="conversations/emails/muted",
            context={"space": space, "until": until, "reason": reason, "days": days},
        )
    return mute
