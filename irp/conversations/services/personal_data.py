"""A person's conversations in their data archive, and their erasure.

On erasure, posts stay in their threads as "a former member" with their text removed
(others' replies still make sense), unless the person chose to delete them: then their
posts go, except an opening post others replied to, whose text is removed. Either way
nothing they wrote stays in digests or search (both read only posts with text and an
author), and their follows, reading places, mentions, reports and preferences go.
"""

from django.db import transaction

from irp.core.registry import Section

from .. import selectors
from ..models import (
    DigestSent,
    Follow,
    GuidelinesAcceptance,
    Mention,
    ModerationAct,
    Mute,
    Post,
    Preferences,
    Report,
    Thread,
    ThreadRead,
)

FORMER_MEMBER_TITLE = "A conversation started by a former member"
ERASED_LABEL = "an erased account"


def export_for(*, person) -> Section:
    """Every post the person wrote (with its text), their threads and their choices."""
    posts = [
        {
            "space": post.thread.space.name,
            "thread": post.thread.title,
            "number": post.number,
            "written_at": post.created_at.isoformat(),
            "edited_at": post.edited_at.isoformat() if post.edited_at else None,
            "state": post.get_state_display(),
            "text": post.body,
            "hidden_reason": post.hidden_reason,
        }
        for post in selectors.posts_of(person)
    ]
    preferences = selectors.preferences_of(person)
    data = {
        "posts": posts,
        "following": list(
            Follow.objects.filter(person=person, following=True).values_list(
                "thread__title", flat=True
            )
        ),
        "digest": preferences.digest,
        "on_erasure": preferences.on_erasure,
        "guidelines_accepted": [
            {"space": name, "version": version, "accepted_at": at.isoformat()}
            for name, version, at in GuidelinesAcceptance.objects.filter(person=person).values_list(
                "space__name", "version", "accepted_at"
            )
        ],
        "reports_made": list(
            Report.objects.filter(reporter=person).values_list("reason", flat=True)
        ),
        "posting_paused": [
            {"space": name, "until": until.isoformat(), "reason": reason}
            for name, until, reason in Mute.objects.filter(person=person).values_list(
                "space__name", "until", "reason"
            )
        ],
    }
    lines = [f"Digest: {preferences.get_digest_display()}.", ""]
    for post in posts:
        lines += [
            f"### {post['thread']} ({post['space']}), post {post['number']}, "
            f"{post['written_at'][:16].replace('T', ' ')} UTC",
            "",
            post["text"] or f"({post['state']})",
            "",
        ]
    if not posts:
        lines.append("You have not written in any conversation.")
    return Section(
        key="conversations", title="Your conversations", data=data, markdown="\n".join(lines)
    )


def erase_for(*, person) -> dict:
    """Remove or anonymise everything of the person's in conversations (see above)."""
    delete = selectors.preferences_of(person).on_erasure == Preferences.OnErasure.DELETE
    with transaction.atomic():
        started = list(Thread.objects.filter(author=person).values_list("pk", flat=True))
        Thread.objects.filter(pk__in=started).update(title=FORMER_MEMBER_TITLE, author=None)
        posts = Post.objects.filter(author=person)
        deleted = 0
        if delete:
            # An opening post keeps its place when others replied to it.
            deleted = posts.exclude(number=1, thread__last_number__gt=1).delete()[0]
            Thread.objects.filter(pk__in=started, posts__isnull=True).delete()
        kept = Post.objects.filter(author=person).update(
            author=None, body="", body_html="", hidden_reason=""
        )
        Mention.objects.filter(person=person).delete()
        for model in (Follow, ThreadRead, GuidelinesAcceptance, DigestSent, Mute, Preferences):
            model.objects.filter(person=person).delete()
        Report.objects.filter(reporter=person).delete()
        ModerationAct.objects.filter(person=person).update(person=None)
        # Staff still see that an act happened, never who the erased person was.
        ModerationAct.objects.filter(actor=person).update(actor=None, actor_label=ERASED_LABEL)
    return {"conversation_posts_deleted": deleted, "conversation_posts_anonymised": kept}
