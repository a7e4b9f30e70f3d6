"""`irp demo`: a complete local site in one command.

Creates the local database, loads the demo content (idempotently: running it again
keeps existing data and duplicates nothing), prints how to sign in, then serves the
site on 127.0.0.1 with a task worker beside it so that emails appear in this console.
"""

import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from irp.accounts.demo import (
    DEMO_PASSWORD,
    DEMO_TOTP_SECRET,
    FACILITATOR_EMAIL,
    PRACTITIONER_EMAIL,
    STAFF_EMAIL,
)
from irp.core.demo import load_demo_content


class Command(BaseCommand):
    help = "Create the local database, load demo content and serve the site."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000, help="Port to serve on.")
        parser.add_argument(
            "--no-serve",
            action="store_true",
            help="Prepare the database and content, then stop without serving.",
        )

    def handle(self, *args, port, no_serve, **options):
        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
        call_command("migrate", interactive=False, verbosity=0)
        call_command("createcachetable", verbosity=0)
        load_demo_content(stdout=self.stdout)

        address = f"http://127.0.0.1:{port}/"
        self.stdout.write(self.style.SUCCESS("\nThe Infinite Recovery demo is ready."))
        self.stdout.write(f"  Site:          {address}")
        self.stdout.write(f"  Staff admin:   {address}admin/")
        self.stdout.write(f"  Staff:         {STAFF_EMAIL} / {DEMO_PASSWORD}")
        self.stdout.write(
            f"                 then a code from an authenticator app set up with the secret "
            f"{DEMO_TOTP_SECRET}"
        )
        self.stdout.write(f"  Practitioner:  {PRACTITIONER_EMAIL} / {DEMO_PASSWORD}")
        self.stdout.write(
            f"  Facilitator:   {FACILITATOR_EMAIL} / {DEMO_PASSWORD}, then the same kind of code"
        )
        self.stdout.write("  Emails the site sends are printed in this console.\n")
        if no_serve:
            return

        # Quiet, so the emails it sends stand out in this console.
        worker = subprocess.Popen([sys.executable, "-m", "irp.cli", "worker", "--quiet"])
        try:
            call_command("runserver", f"127.0.0.1:{port}", use_reloader=False)
        finally:
            worker.terminate()
            worker.wait(timeout=10)
