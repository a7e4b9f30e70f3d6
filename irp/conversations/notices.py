"""The emails conversations send, declared for the editable email texts (irp/emails).
Each may show only what its default text shows: never a post's own words, except the
short excerpts a digest gives of what others posted in spaces the person belongs to."""

import datetime as dt

from irp.core.registry import Email

_SPACE = {"space.name": "The space's name."}
_REASON = {"reason": "The reason the facilitator gave."}


def _digest_item(title: str, space: str, author: str, excerpt: str, number: int) -> dict:
    return {
        "post": {
            "get_absolute_url": f"/conversations/threads/{number}/#post-1",
            "thread": {"title": title, "space": {"name": space}},
            "author": {"display_name": author},
        },
        "excerpt": excerpt,
    }


def _sample() -> dict:
    return {
        "person": {"display_name": "Alex"},
        "space": {"name": "Practitioners' circle"},
        "thread": {
            "title": "Listening without fixing",
            "get_absolute_url": "/conversations/threads/1/",
        },
        "post": {"number": 3},
        "reason": "Please keep to what you have seen for yourself, without naming clients.",
        "days": 7,
        "until": dt.datetime(2026, 3, 9, 18, 0, tzinfo=dt.UTC),
        "new_threads": [
            _digest_item(
                "Listening without fixing",
                "Practitioners' circle",
                "Sam",
                "I noticed how quiet the room became when I stopped…",
                1,
            )
        ],
        "replies": [
            _digest_item(
                "Seeing fresh in a hard week",
                "Practitioners' circle",
                "Jo",
                "What helped me was remembering that…",
                2,
            )
        ],
        "mentions": [],
        "settings_url": "https://example.org/conversations/settings/",
        "unsubscribe_url": "https://example.org/conversations/unsubscribe/sample/",
    }


def declared_emails() -> list[Email]:
    items = "Each with .excerpt and .post (.get_absolute_url, .thread.title, " + (
        ".thread.space.name, .author.display_name)."
    )
    return [
        Email(
            template="conversations/emails/post_hidden",
            title="Conversations: a post was hidden",
            description="Sent to a post's author when a facilitator hides it, with the reason.",
            placeholders={
                **_SPACE,
                **_REASON,
                "post.number": "The post's number in its thread.",
                "thread.title": "The thread's title.",
                "thread.get_absolute_url": "The thread's address (after site_url).",
            },
            sample=_sample(),
        ),
        Email(
            template="conversations/emails/muted",
            title="Conversations: posting paused",
            description="Sent when a facilitator pauses a person's posting in a space.",
            placeholders={
                **_SPACE,
                **_REASON,
                "days": "How many days the pause lasts.",
                "until": "When it ends (use with |date).",
            },
            sample=_sample(),
        ),
        Email(
            template="conversations/emails/digest",
            title="Conversations: digest",
            description="The daily or weekly digest of new threads, replies and mentions, "
            "with a one-click unsubscribe.",
            placeholders={
                "person.display_name": "The person's name as they show it (may be empty).",
                "new_threads": "New threads in their spaces. " + items,
                "replies": "Replies in threads they follow. " + items,
                "mentions": "Posts that mention them. " + items,
                "settings_url": "Their digest settings (a full address).",
                "unsubscribe_url": "Their one-click unsubscribe (a full address).",
            },
            sample=_sample(),
        ),
    ]
