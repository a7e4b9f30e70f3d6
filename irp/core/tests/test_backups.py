"""The restore drill: back up, restore into a new database, and find the same site and
the same reflections there (decrypted with the same keys)."""

import io
import os
import subprocess
import sys

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from irp.accounts.testing import make_person
from irp.pages import demo as page_demo
from irp.reflections.services import write_reflection

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

# Run against the restored database: the home page and the person's reflections.
READ_BACK = """
from django.test import Client
from irp.reflections.models import Reflection
page = Client().get("/about/?fresh=1")
print("STATUS", page.status_code)
print("TITLE", page.content.decode().split("<title>")[1].split("</title>")[0])
for entry in Reflection.objects.order_by("pk"):
    print("BODY", entry.body)
"""


def database_url(name: str) -> str:
    settings = connection.settings_dict
    return f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{name}"


@pytest.fixture
def new_database():
    name = connection.settings_dict["NAME"] + "_restored"
    admin = database_url("postgres")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    yield database_url(name)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def irp(*command: str, url: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "irp.settings.test"}
    return subprocess.run(  # noqa: S603 (our own command)
        [sys.executable, "-m", "irp.cli", *command], env=env, capture_output=True, text=True
    )


def test_a_backup_restored_into_a_new_database_serves_the_same_site(tmp_path, new_database):
    page_demo.load(stdout=io.StringIO())
    person = make_person(email="reflecting@example.org")
    write_reflection(author=person, body="What I notice today is quiet.")
    write_reflection(author=person, body="Then and now, side by side.")
    original = irp("shell", "-c", READ_BACK, url=database_url(connection.settings_dict["NAME"]))

    out = io.StringIO()
    call_command("backup", str(tmp_path / "backup"), stdout=out)
    assert "[1/" in out.getvalue()  # progress, table by table
    assert "REFLECTION_KEYS" in out.getvalue()
    assert (tmp_path / "backup" / "database.dump").stat().st_size > 0

    restored = irp("restore", str(tmp_path / "backup"), url=new_database)
    assert restored.returncode == 0, restored.stderr
    assert "Restored the database." in restored.stdout
    assert "[1/" in restored.stdout

    read_back = irp("shell", "-c", READ_BACK, url=new_database)
    assert read_back.returncode == 0, read_back.stderr
    assert "STATUS 200" in read_back.stdout
    assert "BODY What I notice today is quiet." in read_back.stdout
    assert read_back.stdout == original.stdout


def test_restore_refuses_a_database_that_is_not_empty(tmp_path):
    call_command("backup", str(tmp_path / "backup"), stdout=io.StringIO())
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(tmp_path / "backup"), stdout=io.StringIO())


def test_backup_refuses_a_folder_that_exists(tmp_path):
    with pytest.raises(CommandError, match="exists already"):
        call_command("backup", str(tmp_path), stdout=io.StringIO())


def test_restore_says_what_is_wrong_with_a_folder_that_is_no_backup(tmp_path):
    with pytest.raises(CommandError, match="is that a backup folder"):
        call_command("restore", str(tmp_path), stdout=io.StringIO())
