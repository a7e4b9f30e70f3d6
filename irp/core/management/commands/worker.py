"""`irp worker`: run background tasks (emails, reminders, scheduled clean-ups).

Runs django-tasks-db's worker on every queue, with the periodic scheduler from
irp/core/schedule.py beside it. Run one or more in production; each is safe beside others.
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from irp.core.schedule import Scheduler


class Command(BaseCommand):
    help = "Run the background task worker, and its periodic schedule, until stopped."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-schedule", action="store_true", help="Run queued tasks only; enqueue nothing."
        )

    def handle(self, *args, no_schedule, **options):
        scheduler = None if no_schedule else Scheduler()
        if scheduler:
            scheduler.start()
        try:
            call_command("db_worker", queue_name="*", interval=1, reload=False)
        finally:
            if scheduler:
                scheduler.stop()
