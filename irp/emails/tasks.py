from django_tasks import task


@task()
def deliver_queued_email():
    """Send every email that is due (see irp.emails.services). Safe to run twice and beside
    other workers: each message is claimed by exactly one run before it is sent."""
    from .services import deliver_due_emails

    return deliver_due_emails()
