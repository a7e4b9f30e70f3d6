"""Encryption at rest, key rotation, export and erasure of the journal."""

import os
import subprocess

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from irp.accounts.testing import make_person
from irp.reflections import services
from irp.reflections.models import Draft, Reflection
from irp.reflections.tests.factories import PromptFactory

SECRET_TEXT = "Under the noise I found a stillness I had forgotten: plum tree 7741."


@pytest.fixture
def author(db):
    return make_person(email="writer@example.org", display_name="Wren Writer")


@pytest.mark.django_db
def test_the_sqlite_file_never_holds_a_reflection_in_plain_text(author):
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite file check runs on SQLite")
    services.write_reflection(author=author, body=SECRET_TEXT, prompt=PromptFactory())
    services.save_draft(author=author, body=SECRET_TEXT + " draft", place="free")
    connection.ensure_connection()
    raw = connection.connection.serialize()  # the database file's bytes, page by page
    assert b"writer@example.org" in raw  # the check can see plain text…
    assert b"plum tree 7741" not in raw  # …and the reflection is not there
    assert SECRET_TEXT.encode("utf-16-le")[:40] not in raw


@pytest.mark.postgres
# Committed rows, so pg_dump (another connection) sees them.
@pytest.mark.django_db(transaction=True)
def test_pg_dump_never_holds_a_reflection_in_plain_text(author):
    services.write_reflection(author=author, body=SECRET_TEXT)
    services.save_draft(author=author, body=SECRET_TEXT + " draft", place="free")
    db = connection.settings_dict
    env = {**os.environ, "PGPASSWORD": db.get("PASSWORD") or ""}
    dump = subprocess.run(  # noqa: S603
        [  # noqa: S607
            "pg_dump",
            "-h",
            db["HOST"] or "127.0.0.1",
            "-p",
            str(db["PORT"] or 5432),
            "-U",
            db["USER"],
            db["NAME"],
        ],
        capture_output=True,
        check=True,
        env=env,
    ).stdout
    assert b"writer@example.org" in dump
    assert b"plum tree 7741" not in dump


def test_after_rotation_old_keys_can_be_dropped(author, settings):
    old = settings.REFLECTION_KEYS[0]
    entries = [
        services.write_reflection(author=author, body=f"Entry {n}: {SECRET_TEXT}") for n in range(7)
    ]
    services.save_draft(author=author, body="a draft", place="free")
    new = Fernet.generate_key().decode()
    settings.REFLECTION_KEYS = [new, old]
    call_command("rotate-reflection-keys", stdout=open(os.devnull, "w"))  # noqa: SIM115
    settings.REFLECTION_KEYS = [new]
    for entry in entries:
        assert Reflection.objects.get(pk=entry.pk).body == entry.body
    assert Draft.objects.get().body == "a draft"
    # The old key alone can read nothing any more.
    settings.REFLECTION_KEYS = [old]
    with pytest.raises(Exception):  # noqa: B017
        Reflection.objects.first().body  # noqa: B018


def test_without_a_key_for_it_an_entry_cannot_be_read(author, settings):
    entry = services.write_reflection(author=author, body=SECRET_TEXT)
    settings.REFLECTION_KEYS = [Fernet.generate_key().decode()]
    from irp.core.crypto import InvalidToken

    with pytest.raises(InvalidToken):
        Reflection.objects.get(pk=entry.pk).body  # noqa: B018


@pytest.mark.django_db
def test_an_embedded_default_generates_one_local_key(tmp_path):
    from irp.core import crypto

    with override_settings(REFLECTION_KEYS=[], DATA_DIR=tmp_path):
        token = crypto.encrypt("hello")
        assert crypto.decrypt(token) == "hello"
        key_file = tmp_path / "reflection-keys"
        assert oct(key_file.stat().st_mode & 0o777) == "0o600"
        assert len(key_file.read_text().split()) == 1


def test_export_for_holds_every_entry_verbatim_in_order(author):
    bodies = ["First line\n\nsecond paragraph", "Ünïcode — “quotes” and <tags>", SECRET_TEXT]
    for body in bodies:
        services.write_reflection(author=author, body=body)
    section = services.export_for(person=author)
    assert [item["body"] for item in section.data] == bodies
    for body in bodies:
        assert body in section.markdown


def test_erase_for_removes_entries_and_drafts_and_returns_counts(author):
    other = make_person(email="other@example.org")
    services.write_reflection(author=author, body="mine")
    services.write_reflection(author=other, body="theirs")
    services.save_draft(author=author, body="draft", place="free")
    assert services.erase_for(person=author) == {
        "reflections": 1,
        "reflection_drafts": 1,
        "reflection_shares": 0,
    }
    assert Reflection.objects.get().body == "theirs"


def test_search_is_bounded_and_says_so(author):
    for n in range(5):
        services.write_reflection(author=author, body=f"needle {n}")
    from irp.reflections.selectors import search_reflections

    found, truncated = search_reflections(person=author, query="NEEDLE", limit=3)
    assert [e.body for e in found] == ["needle 4", "needle 3", "needle 2"]
    assert truncated is True
