from django.conf import settings
from django_tasks import task

from . import services


@task()
def purge_enquiries():
    """Erase enquiries past retention (run daily by the worker's schedule). Safe to run
    twice: a second run finds nothing left to erase."""
    return services.erase_closed_enquiries(months=settings.ENQUIRY_RETENTION_MONTHS)
