from django_tasks import task

from . import sending


@task()
def send_weekly_step_emails():
    """Periodic (hourly): announce the steps that opened today in each cohort's zone.
    Safe to run twice and concurrently: each email is recorded once, in data."""
    return sending.send_weekly_step_emails()


@task()
def deliver_cohort_message(message_id: int):
    """Email a facilitator's stored message to the cohort. Safe to run twice."""
    return sending.deliver_cohort_message(message_id=message_id)
