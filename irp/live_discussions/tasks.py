from django_tasks import task

from . import sending


@task()
def send_due_reminders():
    """Periodic (every minute): email the reminders that are due. Safe to run twice and
    concurrently: each reminder is recorded once, in data."""
    return sending.send_due_reminders()


@task()
def deliver_session_message(message_id: int):
    """Email a facilitator's stored message to everyone registered. Safe to run twice."""
    return sending.deliver_session_message(message_id=message_id)
