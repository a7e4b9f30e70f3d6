import io

from django.core.cache import cache
from django.core.management import call_command
from django_tasks import task

LOCK_KEY = "irp:pages:publishing-scheduled"
LOCK_SECONDS = 5 * 60  # longer than any run; a crashed run's lock lapses by then


@task()
def publish_scheduled_pages() -> bool:
    """Publish the revisions editors scheduled and unpublish pages past their expiry
    (Wagtail's `publish_scheduled`), every minute from the worker's schedule.

    Two workers may both enqueue it: a lock in the shared cache lets one run at a time,
    and a second run finds nothing left to do. Returns whether this run did the work.
    Each publish clears the page cache, as a publish in the admin does.
    """
    if not cache.add(LOCK_KEY, "running", timeout=LOCK_SECONDS):
        return False
    try:
        call_command("publish_scheduled", stdout=io.StringIO())
    finally:
        cache.delete(LOCK_KEY)
    return True
