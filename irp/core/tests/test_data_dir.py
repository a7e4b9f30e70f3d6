"""The embedded default's database and key file are readable by their owner only."""

import stat

import pytest
from django.db import connections
from django.db.backends.sqlite3.base import DatabaseWrapper

from irp.core import crypto


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def open_umask():
    import os

    old = os.umask(0o022)  # the usual umask: files 0644, folders 0755 unless we say
    yield
    os.umask(old)


def test_a_new_sqlite_database_and_its_wal_files_are_private(
    tmp_path, open_umask, django_db_blocker
):
    data = tmp_path / "data"
    data.mkdir()  # as the demo command makes it: 0755
    settings_dict = {
        **connections["default"].settings_dict,
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(data / "irp.sqlite3"),
        "OPTIONS": {"init_command": "PRAGMA journal_mode=WAL;"},
    }
    wrapper = DatabaseWrapper(settings_dict, alias="private-test")
    try:
        with django_db_blocker.unblock(), wrapper.cursor() as cursor:
            cursor.execute("CREATE TABLE t (x)")
            cursor.execute("INSERT INTO t VALUES (1)")
        files = {p.name: mode(p) for p in data.iterdir()}
    finally:
        wrapper.close()
    assert mode(data) == 0o700
    assert files["irp.sqlite3"] == 0o600
    assert files["irp.sqlite3-wal"] == 0o600 and files["irp.sqlite3-shm"] == 0o600


def test_the_local_reflection_key_is_private(tmp_path, settings, open_umask):
    settings.DATA_DIR = tmp_path / "data"
    settings.REFLECTION_KEYS = []
    assert crypto.decrypt(crypto.encrypt("A first reflection.")) == "A first reflection."
    assert mode(settings.DATA_DIR) == 0o700
    assert mode(settings.DATA_DIR / "reflection-keys") == 0o600
