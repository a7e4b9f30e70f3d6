"""`irp restore FOLDER`: a backup from `irp backup`, into an empty database.

Refuses a database that has any table, so nothing is ever overwritten; then checks the
media storage has every file the backup's manifest lists.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from irp.core import backups


class Command(BaseCommand):
    help = "Restore a backup into the configured (empty) database."

    def add_arguments(self, parser):
        parser.add_argument("folder", help="a folder made by `irp backup`")
        parser.add_argument("--jobs", type=int, default=2, help="tables restored at once")

    def handle(self, *args, folder, jobs, **options):
        def report(done, total, table):
            self.stdout.write(f"[{done}/{total or '?'}] {table}")

        try:
            missing = backups.restore(Path(folder), report, jobs=jobs)
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS("Restored the database."))
        for alias, names in missing.items():
            if names:
                self.stdout.write(
                    self.style.WARNING(
                        f"{len(names)} files the backup lists are not in the {alias} media "
                        f"storage, e.g. {names[0]}: restore the media too."
                    )
                )
        self.stdout.write(
            "The reflections need the same REFLECTION_KEYS as when the backup was made."
        )
