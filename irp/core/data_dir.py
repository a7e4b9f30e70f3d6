"""The embedded default keeps everything private in IRP_DATA_DIR: the SQLite database
(with its -wal and -shm files) and the local reflection key. Only the owner of the
process may read them: the folder is 0700, the files 0600, whatever the umask."""

import os
from pathlib import Path

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600
SQLITE_SIDE_FILES = ("-wal", "-shm", "-journal")


def make_private_dir(path: Path) -> None:
    """Create `path` (and parents) if needed, and make it the owner's alone."""
    path.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR)
    os.chmod(path, PRIVATE_DIR)


def make_private_file(path: Path) -> None:
    if path.exists():
        os.chmod(path, PRIVATE_FILE)


def protect_sqlite_database(database: str) -> None:
    """Called as each SQLite connection opens: the database and its side files 0600,
    its folder 0700. SQLite gives new -wal and -shm files the database file's mode."""
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    path = Path(database)
    os.chmod(path.parent, PRIVATE_DIR)
    for candidate in (path, *(Path(f"{path}{suffix}") for suffix in SQLITE_SIDE_FILES)):
        make_private_file(candidate)


def on_connection_created(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        protect_sqlite_database(str(connection.settings_dict.get("NAME") or ""))
