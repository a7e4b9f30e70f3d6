"""`irp worker`: run background tasks (emails, reminders, scheduled clean-ups)."""

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run the background task worker until stopped."

    def handle(self, *args, **options):
        call_command("db_worker", queue_name="*", interval=1)
