"""One queue: each message is stored on its own delivery record (`content`), and
django-mailer goes. Messages still waiting in django-mailer's queue (allauth's, which
nothing delivered, and ours not yet sent) move into ours; its tables are dropped,
including its log of sent messages (copies of their text)."""

import base64
import pickle

from django.db import migrations, models
from django.utils import timezone

from irp.emails.stored import to_stored

MAILER_TABLES = ["mailer_message", "mailer_messagelog", "mailer_dontsendentry"]


def _unpickle(data: str):
    # django-mailer stored each message as a base64 pickle of an EmailMessage, written
    # by this application itself; this is the last time one is read.
    try:
        return pickle.loads(base64.decodebytes(data.encode("ascii")))  # noqa: S301
    except Exception:
        return None


def _message_id(email) -> str:
    for name, value in email.extra_headers.items():
        if name.lower() == "message-id":
            return str(value)
    return ""


def move_mailer_queue(apps, schema_editor):
    connection = schema_editor.connection
    if "mailer_message" not in connection.introspection.table_names():
        return
    OutgoingEmail = apps.get_model("emails", "OutgoingEmail")
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, message_data, when_added FROM mailer_message")
        rows = cursor.fetchall()
    now = timezone.now()
    for pk, data, when_added in rows:
        email = _unpickle(data)
        linked = OutgoingEmail.objects.filter(message=pk).first()
        if email is None:
            if linked is not None:
                linked.last_error = "The stored message could not be read."
                linked.status = "failed"
                linked.save(update_fields=["last_error", "status"])
            continue
        if linked is not None:
            linked.content = to_stored(email)
            linked.save(update_fields=["content"])
            continue
        created = OutgoingEmail.objects.create(
            content=to_stored(email),
            to=", ".join(str(a) for a in email.recipients())[:2000],
            subject=" ".join(str(email.subject).splitlines())[:998],
            template="",
            header_message_id=_message_id(email)[:255],
            status="queued",
            next_attempt_at=now,
        )
        if when_added is not None:
            OutgoingEmail.objects.filter(pk=created.pk).update(created_at=when_added)


def drop_mailer_tables(apps, schema_editor):
    connection = schema_editor.connection
    existing = set(connection.introspection.table_names())
    for table in MAILER_TABLES:
        if table in existing:
            schema_editor.execute(f"DROP TABLE {schema_editor.quote_name(table)}")
    schema_editor.execute("DELETE FROM django_migrations WHERE app = 'mailer'")


class Migration(migrations.Migration):

    dependencies = [
        ('emails', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='outgoingemail',
            name='content',
            field=models.JSONField(blank=True, editable=False, null=True),
        ),
        migrations.AlterField(
            model_name='outgoingemail',
            name='template',
            field=models.CharField(blank=True, max_length=200),
        ),
        migrations.AlterModelOptions(
            name='outgoingemail',
            options={'ordering': ['-created_at', '-id'], 'permissions': [('see_failed_emails', 'Can see failed emails and send them again')]},
        ),
        migrations.RunPython(move_mailer_queue, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name='outgoingemail',
            name='message',
        ),
        migrations.RunPython(drop_mailer_tables, migrations.RunPython.noop),
    ]
