"""Every write and every rule of conversations, by concern. Call them as
`services.<name>`."""

from .digests import digest_period, send_due_digests, unsubscribe, unsubscribe_token
from .moderation import (
    approve_post,
    decline_post,
    dismiss_reports,
    hide_post,
    lock_thread,
    move_thread,
    mute_member,
    report_post,
)
from .personal_data import erase_for, export_for
from .posting import (
    EDIT_MINUTES,
    MAX_BODY,
    accept_guidelines,
    edit_post,
    follow_thread,
    mark_read,
    remove_own_post,
    reply,
    set_preferences,
    start_thread,
)
from .spaces import (
    create_space,
    ensure_cohort_spaces,
    ensure_open_room,
    space_for_cohort,
    update_space,
)

__all__ = [
    "EDIT_MINUTES",
    "MAX_BODY",
    "accept_guidelines",
    "approve_post",
    "create_space",
    "decline_post",
    "digest_period",
    "dismiss_reports",
    "edit_post",
    "ensure_cohort_spaces",
    "ensure_open_room",
    "erase_for",
    "export_for",
    "follow_thread",
    "hide_post",
    "lock_thread",
    "mark_read",
    "move_thread",
    "mute_member",
    "remove_own_post",
    "reply",
    "report_post",
    "send_due_digests",
    "set_preferences",
    "space_for_cohort",
    "start_thread",
    "unsubscribe",
    "unsubscribe_token",
    "update_space",
]
