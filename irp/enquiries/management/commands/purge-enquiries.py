"""`irp purge-enquiries`: erase enquiries past their retention period.

What: closed enquiries closed more than ENQUIRY_RETENTION_MONTHS (default 24) months
ago, and enquiries set apart as spam that long ago, with their timeline, internal
notes and every stored copy of the emails about them. Why: we keep what people send
only as long as we need it to answer them (data minimisation, UK GDPR Art. 5(1)(e)).
The worker runs this daily (irp/core/schedule.py); `--dry-run` only counts.
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from irp.enquiries import services


class Command(BaseCommand):
    help = "Erase closed enquiries older than the retention period (default 24 months)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--months",
            type=int,
            default=None,
            help="Retention in months (default: ENQUIRY_RETENTION_MONTHS).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would be erased; erase nothing."
        )

    def handle(self, *args, months, dry_run, **options):
        months = settings.ENQUIRY_RETENTION_MONTHS if months is None else months
        if months < 1:
            self.stderr.write("The retention period must be at least one month.")
            raise SystemExit(2)
        if dry_run:
            count = services.erasable_enquiries(months=months).count()
            self.stdout.write(f"Would erase {count} enquiries closed over {months} months ago.")
            return
        count = services.erase_closed_enquiries(months=months)
        self.stdout.write(f"Erased {count} enquiries closed over {months} months ago.")
