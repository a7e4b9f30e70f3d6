"""Backups of the database and a manifest of the media, and restoring them.

A backup is a folder: `database.dump` (pg_dump's custom format, restored with
pg_restore), `media.json` (every stored file's name and size, per storage: the files
themselves live in the media storage, which is backed up by its own means, such as
bucket versioning or a copy of the media folder), and `backup.json` (when, from which
database, how many tables). The reflection keys (REFLECTION_KEYS) are never in a backup:
a stolen backup must not be readable. Keep them apart, and keep them as long as any
backup made with them.
"""

import json
import os
import re
import subprocess
from collections.abc import Callable
from pathlib import Path

from django.core.files.storage import storages
from django.db import connection
from django.utils import timezone

DUMP = "database.dump"
MEDIA = "media.json"
ABOUT = "backup.json"
# The storages whose files people uploaded (static files are rebuilt by collectstatic).
MEDIA_STORAGES = ("default", "private")


class BackupError(Exception):
    """Something a person can act on, in a sentence."""


def _libpq_environment(settings_dict: dict) -> dict:
    if settings_dict["ENGINE"] != "django.db.backends.postgresql":
        raise BackupError("Backups need PostgreSQL (DATABASE_URL=postgres://…).")
    env = {**os.environ}
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if settings_dict.get(key):
            env[name] = str(settings_dict[key])
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    env["PGDATABASE"] = settings_dict["NAME"]
    return env


def _table_count() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = current_schema()"
        )
        return cursor.fetchone()[0]


def _run_with_progress(command: list[str], env: dict, pattern: str, total: int, report):
    """Run a pg_dump/pg_restore with --verbose, reporting each table it reaches."""
    seen = 0
    with subprocess.Popen(  # noqa: S603 (pg_dump/pg_restore, arguments of our own)
        command, env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True
    ) as process:
        errors = []
        for line in process.stderr:
            match = re.search(pattern, line)
            if match:
                seen += 1
                report(seen, total, match.group(1))
            elif "error" in line.lower():
                errors.append(line.strip())
        process.wait()
    if process.returncode != 0:
        raise BackupError(" ".join(errors[-3:]) or f"{command[0]} failed ({process.returncode}).")


def media_manifest() -> dict:
    """Every stored file's name and size, per storage."""
    manifest = {}
    for alias in MEDIA_STORAGES:
        storage = storages[alias]
        files = []

        def walk(folder: str, storage=storage, files=files):
            try:
                folders, names = storage.listdir(folder)
            except (FileNotFoundError, NotADirectoryError):
                return
            for name in names:
                path = f"{folder}/{name}" if folder else name
                files.append({"name": path, "size": storage.size(path)})
            for sub in folders:
                walk(f"{folder}/{sub}" if folder else sub)

        walk("")
        manifest[alias] = sorted(files, key=lambda f: f["name"])
    return manifest


def back_up(folder: Path, report: Callable[[int, int, str], None]) -> dict:
    """Write a backup of the database and the media manifest into `folder` (made new)."""
    env = _libpq_environment(connection.settings_dict)
    folder.mkdir(parents=True, exist_ok=False)
    total = _table_count()
    _run_with_progress(
        ["pg_dump", "--format=custom", "--verbose", "--no-owner", "-f", str(folder / DUMP)],
        env,
        r'dumping contents of table "?[^".]*"?\.?"?([^"]+)"?',
        total,
        report,
    )
    manifest = media_manifest()
    (folder / MEDIA).write_text(json.dumps(manifest, indent=1))
    about = {
        "made_at": timezone.now().isoformat(),
        "database": connection.settings_dict["NAME"],
        "tables": total,
        "media_files": {alias: len(files) for alias, files in manifest.items()},
        "reflection_keys": "not included: restore needs the same REFLECTION_KEYS",
    }
    (folder / ABOUT).write_text(json.dumps(about, indent=1))
    return about


def restore(folder: Path, report: Callable[[int, int, str], None], jobs: int = 2) -> dict:
    """Restore a backup into the configured database, which must be empty. Returns the
    media files the manifest names that the media storage does not have."""
    env = _libpq_environment(connection.settings_dict)
    dump = folder / DUMP
    if not dump.exists():
        raise BackupError(f"There is no {DUMP} in {folder}: is that a backup folder?")
    if _table_count():
        raise BackupError(
            "The database is not empty: restore only into a new, empty database, so "
            "nothing there is overwritten."
        )
    about = json.loads((folder / ABOUT).read_text()) if (folder / ABOUT).exists() else {}
    connection.close()  # pg_restore works on its own connections
    _run_with_progress(
        ["pg_restore", "--verbose", "--no-owner", "--exit-on-error", f"--jobs={jobs}",
         "-d", env["PGDATABASE"], str(dump)],
        env,
        r'processing data for table "?[^".]*"?\.?"?([^"]+)"?',
        about.get("tables", 0),
        report,
    )  # fmt: skip
    missing = {}
    if (folder / MEDIA).exists():
        wanted = json.loads((folder / MEDIA).read_text())
        for alias, files in wanted.items():
            storage = storages[alias]
            missing[alias] = [f["name"] for f in files if not storage.exists(f["name"])]
    return missing
