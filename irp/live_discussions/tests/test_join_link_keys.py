"""Join links are encrypted on the platform's key ring, and rotate with it."""

import io

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection

from irp.live_discussions.models import LiveSession

from .factories import JOIN_LINK, LiveSessionFactory

pytestmark = pytest.mark.django_db


def stored_join_link(session) -> str:
    with connection.cursor() as cursor:
        table = connection.ops.quote_name(LiveSession._meta.db_table)
        cursor.execute(f"SELECT join_link FROM {table} WHERE id = %s", [session.pk])  # noqa: S608
        return cursor.fetchone()[0]


def test_a_join_link_is_stored_encrypted_and_survives_a_new_secret_key(settings):
    session = LiveSessionFactory()
    assert JOIN_LINK not in stored_join_link(session)
    settings.SECRET_KEY = "another-secret-key-entirely"
    assert LiveSession.objects.get(pk=session.pk).join_link == JOIN_LINK


def test_rotating_the_keys_covers_join_links(settings):
    sessions = [LiveSessionFactory() for _ in range(3)]
    old = settings.REFLECTION_KEYS[0]
    new = Fernet.generate_key().decode()
    settings.REFLECTION_KEYS = [new, old]
    output = io.StringIO()
    call_command("rotate-reflection-keys", stdout=output)
    assert "3 join links" in output.getvalue()
    settings.REFLECTION_KEYS = [new]
    for session in sessions:
        assert LiveSession.objects.get(pk=session.pk).join_link == JOIN_LINK
