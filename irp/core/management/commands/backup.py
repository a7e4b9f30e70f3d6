"""`irp backup FOLDER`: the database (pg_dump, custom format) and a manifest of the media.

The reflection keys are not in the backup, on purpose (irp/core/backups.py).
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from irp.core import backups


class Command(BaseCommand):
    help = "Back up the database and list the media files, into a new folder."

    def add_arguments(self, parser):
        parser.add_argument("folder", help="a folder to create for this backup")

    def handle(self, *args, folder, **options):
        def report(done, total, table):
            self.stdout.write(f"[{done}/{total}] {table}")

        try:
            about = backups.back_up(Path(folder), report)
        except FileExistsError as error:
            raise CommandError(f"{folder} exists already: name a new folder.") from error
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        files = sum(about["media_files"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up {about['tables']} tables and listed {files} media files."
            )
        )
        self.stdout.write(
            "Remember: the reflection keys (REFLECTION_KEYS) are not in this backup. Keep "
            "them apart from it, for as long as you keep the backup: without them the "
            "reflections in it cannot be read."
        )
