"""A facilitator's message to everyone registered: stored first, sent by the worker."""

from django.db import transaction

from .. import tasks
from ..models import LiveSession, SessionMessage


def send_message_to_registered(*, session: LiveSession, author, subject: str, body: str):
    """Store a facilitator's message; a background task emails it to everyone registered."""
    message = SessionMessage(session=session, author=author, subject=subject, body=body)
    message.full_clean()
    message.save()
    transaction.on_commit(lambda: tasks.deliver_session_message.enqueue(message.pk))
    return message
