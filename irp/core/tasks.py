from django_tasks import task
from mailer.engine import send_all


@task()
def deliver_queued_email():
    """Send whatever is waiting in the mail queue. Safe to run twice: a sent message
    leaves the queue before the next run looks at it."""
    send_all()
