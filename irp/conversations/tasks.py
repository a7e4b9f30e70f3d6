from django_tasks import task

from . import services


@task()
def send_due_digests():
    """Queue the digests due now (each person's choice, once per period)."""
    return services.send_due_digests()


@task()
def ensure_cohort_spaces():
    """Give every cohort made since the last run its conversation space."""
    return len(services.ensure_cohort_spaces())
