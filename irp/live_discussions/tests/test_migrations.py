import base64
import hashlib

import pytest
from cryptography.fernet import Fernet
from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from irp.live_discussions.models import LiveSession

from .factories import JOIN_LINK, LiveSessionFactory

BEFORE = [("live_discussions", "0001_initial")]


def secret_key_fernet() -> Fernet:
    """How join links were encrypted before the key ring: a key derived from SECRET_KEY."""
    digest = hashlib.sha256(b"irp.live_discussions.join-link:" + settings.SECRET_KEY.encode())
    return Fernet(base64.urlsafe_b64encode(digest.digest()))


@pytest.mark.django_db(transaction=True)
def test_join_links_written_under_the_old_key_are_readable_after_the_migration():
    session = LiveSessionFactory()
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    table = connection.ops.quote_name(LiveSession._meta.db_table)
    old_token = secret_key_fernet().encrypt(JOIN_LINK.encode()).decode()
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET join_link = %s WHERE id = %s",  # noqa: S608
            [old_token, session.pk],
        )

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert LiveSession.objects.get(pk=session.pk).join_link == JOIN_LINK
