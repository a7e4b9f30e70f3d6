"""`irp demo`: a complete local site in one command.

Creates the local database, loads the demo content (idempotently: running it again
keeps existing data and duplicates nothing), prints how to sign in, then serves the
site on 127.0.0.1 with a task worker beside it so that emails appear in this console.

Serving runs three child processes in one environment (`demo_environment`): the
preparation, the web server and the worker. So all three agree on SITE_URL (the
port actually served, for links in emails and calendar files) and on the demo
settings (DEBUG off: the site's own error pages), whatever this process loaded.
"""

import os
import subprocess
import sys
from collections.abc import Mapping

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from irp.core import registry

DEMO_SETTINGS = "irp.settings.demo"


def demo_environment(*, port: int, environ: Mapping[str, str]) -> dict[str, str]:
    """The environment the demo's children run in: `environ` plus the address served
    on, the demo settings (unless other settings were chosen) and unbuffered output,
    so emails reach the console at once even when it is redirected to a file."""
    env = dict(environ)
    env["SITE_URL"] = f"http://127.0.0.1:{port}"
    if env.get("DJANGO_SETTINGS_MODULE", "irp.settings.base") == "irp.settings.base":
        env["DJANGO_SETTINGS_MODULE"] = DEMO_SETTINGS
    env["PYTHONUNBUFFERED"] = "1"
    return env


def _irp(*arguments: str) -> list[str]:
    return [sys.executable, "-m", "irp.cli", *arguments]


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
        if no_serve:
            self.prepare(port=port)
        else:
            self.serve(port=port)

    def serve(self, *, port: int) -> None:
        env = demo_environment(port=port, environ=os.environ)
        # Prepared in a child too: the demo pages' canonical addresses come from SITE_URL.
        # S603: our own command, with arguments we made.
        subprocess.run(_irp("demo", "--no-serve", "--port", str(port)), env=env, check=True)  # noqa: S603
        # Quiet, so the emails it sends stand out in this console.
        worker = subprocess.Popen(_irp("worker", "--quiet"), env=env)  # noqa: S603
        server = subprocess.Popen(_irp("runserver", f"127.0.0.1:{port}", "--noreload"), env=env)  # noqa: S603
        try:
            server.wait()
        except KeyboardInterrupt:
            # Ctrl-C reached the children too; let them finish.
            pass
        finally:
            for child in (server, worker):
                child.terminate()
            for child in (server, worker):
                child.wait(timeout=10)

    def prepare(self, *, port: int) -> None:
        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
        call_command("migrate", interactive=False, verbosity=0)
        call_command("createcachetable", verbosity=0)
        # Each app declares its own demo content, in order (irp/core/registry.py).
        for load in registry.demo_loaders():
            load(stdout=self.stdout)

        address = f"http://127.0.0.1:{port}/"
        self.stdout.write(self.style.SUCCESS("\nThe Infinite Recovery demo is ready."))
        self.stdout.write(f"  Site:          {address}")
        for line in registry.demo_sign_ins(address):
            self.stdout.write(line)
        self.stdout.write("  Emails the site sends are printed in this console.\n")
