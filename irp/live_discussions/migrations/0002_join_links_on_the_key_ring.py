"""Join links move from a key derived from SECRET_KEY to the platform's key ring
(irp.core.crypto), so changing SECRET_KEY no longer makes them unreadable and
`irp rotate-reflection-keys` covers them. Values the old key cannot open (already
moved, or written under an earlier SECRET_KEY) are left as they are."""

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.db import migrations

from irp.core import crypto


def _old_fernet() -> Fernet:
    digest = hashlib.sha256(b"irp.live_discussions.join-link:" + settings.SECRET_KEY.encode())
    return Fernet(base64.urlsafe_b64encode(digest.digest()))


def _recrypt(schema_editor, table, convert):
    connection = schema_editor.connection
    table = connection.ops.quote_name(table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, join_link FROM {table} WHERE join_link <> ''")  # noqa: S608
        rows = cursor.fetchall()
        for pk, token in rows:
            try:
                new_token = convert(token)
            except InvalidToken:
                continue
            cursor.execute(
                f"UPDATE {table} SET join_link = %s WHERE id = %s",  # noqa: S608
                [new_token, pk],
            )


def to_key_ring(apps, schema_editor):
    table = apps.get_model("live_discussions", "LiveSession")._meta.db_table
    old = _old_fernet()
    _recrypt(schema_editor, table, lambda token: crypto.encrypt(old.decrypt(token.encode()).decode()))


def to_secret_key(apps, schema_editor):
    table = apps.get_model("live_discussions", "LiveSession")._meta.db_table
    old = _old_fernet()
    _recrypt(schema_editor, table, lambda token: old.encrypt(crypto.decrypt(token).encode()).decode())


class Migration(migrations.Migration):
    dependencies = [("live_discussions", "0001_initial")]

    operations = [migrations.RunPython(to_key_ring, to_secret_key)]
