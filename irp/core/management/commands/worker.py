"""`irp worker`: run background tasks (emails, reminders, scheduled clean-ups).

Runs django-tasks-db's worker on every queue, with the periodic scheduler from
irp/core/schedule.py beside it. Run one or more in production; each is safe beside others.
"""

import logging

from django.core.management import call_command
from django.core.management.base import BaseCommand

from irp.core.schedule import Scheduler

TASK_LOGGERS = ("django.tasks", "django_tasks", "django_tasks_db")


def _warnings_and_failures(record: logging.LogRecord) -> bool:
    return record.levelno >= logging.WARNING


def quiet_task_logs() -> None:
    """Keep only warnings and failures from the task worker's logs. A filter, because
    the worker sets its loggers' levels itself when it starts."""
    for name in TASK_LOGGERS:
        logging.getLogger(name).addFilter(_warnings_and_failures)


class Command(BaseCommand):
    help = "Run the background task worker, and its periodic schedule, until stopped."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-schedule", action="store_true", help="Run queued tasks only; enqueue nothing."
        )
        parser.add_argument(
            "--quiet",
            action="store_true",
            help="Log only warnings and failures, not each task as it runs.",
        )

    def handle(self, *args, no_schedule, quiet, **options):
        if quiet:
            quiet_task_logs()
        scheduler = None if no_schedule else Scheduler()
        if scheduler:
            scheduler.start()
        try:
            call_command("db_worker", queue_name="*", interval=1, reload=False)
        finally:
            if scheduler:
                scheduler.stop()
