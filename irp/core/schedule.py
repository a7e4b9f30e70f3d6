"""Periodic background work: `irp worker` enqueues each declared task, and how often.

Django's tasks API has no scheduler, so each worker process runs this small one
beside it. Apps declare their periodic tasks in the registry (irp/core/registry.py).
Every periodic task must be safe to run twice and concurrently (two workers each
enqueue it): the task itself guarantees "exactly once" in its data.
"""

import logging
import threading
import time

from django.db import close_old_connections

from . import registry

logger = logging.getLogger(__name__)


class Scheduler(threading.Thread):
    """Enqueue each periodic task once at start, then every `interval` seconds."""

    def __init__(self, entries: list[registry.Periodic] | None = None, tick: float = 5.0):
        super().__init__(name="irp-scheduler", daemon=True)
        self.entries = registry.periodic_tasks() if entries is None else list(entries)
        self.tick = tick
        self.stopped = threading.Event()

    def run(self):
        next_due = [0.0] * len(self.entries)
        while not self.stopped.is_set():
            now = time.monotonic()
            for position, periodic in enumerate(self.entries):
                if now >= next_due[position]:
                    self.enqueue(periodic)
                    next_due[position] = now + periodic.seconds
            close_old_connections()
            self.stopped.wait(self.tick)

    def enqueue(self, periodic: registry.Periodic) -> None:
        try:
            periodic.task.enqueue()
        except Exception:  # a failed enqueue must not stop the other schedules
            logger.exception("Could not enqueue periodic task %s", periodic.name)

    def stop(self):
        self.stopped.set()
