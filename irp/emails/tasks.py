from django_tasks import task

from . import delivery


@task()
def deliver_queued_email():
    """Send every email that is due. Safe to run twice and beside other workers: each
    message is claimed by exactly one run before it is sent."""
    return delivery.deliver_due_emails()


@task()
def reduce_sent_emails():
    """Remove the text of messages sent longer ago than EMAIL_BODY_RETENTION_DAYS (run
    daily by the worker's schedule); their delivery records stay."""
    return delivery.reduce_sent_emails()
