"""Periodic background work: which tasks `irp worker` enqueues, and how often.

Django's tasks API has no scheduler, so each worker process runs this small one
beside it. Every periodic task must be safe to run twice and concurrently (two
workers each enqueue it): the task itself guarantees "exactly once" in its data.
"""

import logging
import threading
import time

from django.db import close_old_connections
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

# (dotted path of a django-tasks task, every how many seconds)
PERIODIC_TASKS: list[tuple[str, int]] = [
    ("irp.emails.tasks.deliver_queued_email", 60),
    ("irp.emails.tasks.reduce_sent_emails", 24 * 60 * 60),
    ("irp.core.tasks.prune_task_results", 24 * 60 * 60),
    ("irp.enquiries.tasks.purge_enquiries", 24 * 60 * 60),
    ("irp.live_discussions.tasks.send_due_reminders", 60),
    ("irp.pages.tasks.publish_scheduled_pages", 60),
]


class Scheduler(threading.Thread):
    """Enqueue each periodic task once at start, then every `interval` seconds."""

    def __init__(self, entries=None, tick: float = 5.0):
        super().__init__(name="irp-scheduler", daemon=True)
        self.entries = list(PERIODIC_TASKS if entries is None else entries)
        self.tick = tick
        self.stopped = threading.Event()

    def run(self):
        next_due = dict.fromkeys((path for path, _ in self.entries), 0.0)
        while not self.stopped.is_set():
            now = time.monotonic()
            for path, interval in self.entries:
                if now >= next_due[path]:
                    self.enqueue(path)
                    next_due[path] = now + interval
            close_old_connections()
            self.stopped.wait(self.tick)

    def enqueue(self, path: str) -> None:
        try:
            import_string(path).enqueue()
        except Exception:  # a failed enqueue must not stop the other schedules
            logger.exception("Could not enqueue periodic task %s", path)

    def stop(self):
        self.stopped.set()
