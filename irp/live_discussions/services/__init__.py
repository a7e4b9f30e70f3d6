"""Every write about live discussions, by concern:

- `places`: registering, the waiting list, giving up a place (the seat rule lives here);
- `series`: sessions and weekly series as staff make and change them;
- `messages`: a facilitator's message to everyone registered;
- `attendance`: what facilitators record, and who saw the attendee list;
- `feeds`: each person's private calendar feed;
- `personal_data`: the archive, erasure and key rotation.

What the worker sends (messages, reminders) is in ../sending.py; the emails themselves
in ../notices.py. Other code calls `services.<name>` for any of them.
"""

from ..notices import cant_come_token, place_for_cant_come_token
from .attendance import note_attendee_list_viewed, record_attendance
from .feeds import calendar_feed_for, revoke_calendar_feed
from .messages import send_message_to_registered
from .personal_data import erase_for, export_for, rotate_join_link_keys
from .places import (
    REGISTRATION_CHECKS,
    cancel_place,
    check_capacity,
    confirmed_count,
    promote_from_waiting_list,
    register_for_session,
    set_reminders,
)
from .series import (
    HOLIDAYS,
    cancel_session,
    create_sessions,
    is_holiday,
    update_session,
    weekly_dates,
)

__all__ = [
    "HOLIDAYS",
    "REGISTRATION_CHECKS",
    "calendar_feed_for",
    "cancel_place",
    "cancel_session",
    "cant_come_token",
    "check_capacity",
    "confirmed_count",
    "create_sessions",
    "erase_for",
    "export_for",
    "is_holiday",
    "note_attendee_list_viewed",
    "place_for_cant_come_token",
    "promote_from_waiting_list",
    "record_attendance",
    "register_for_session",
    "revoke_calendar_feed",
    "rotate_join_link_keys",
    "send_message_to_registered",
    "set_reminders",
    "update_session",
    "weekly_dates",
]
