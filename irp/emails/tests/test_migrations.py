"""Moving from django-mailer: what was still waiting in its queue is delivered by ours."""

import base64
import pickle

import pytest
from django.core import mail
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from irp.emails import delivery
from irp.emails.models import OutgoingEmail

BEFORE = [("emails", "0001_initial")]


def _as_mailer_stored(email) -> str:
    # How django-mailer kept each message: a base64 pickle of the EmailMessage.
    return base64.encodebytes(pickle.dumps(email)).decode("ascii")


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    return executor


@pytest.mark.django_db(transaction=True)
def test_messages_waiting_in_django_mailers_queue_move_into_ours():
    executor = _migrate(BEFORE)
    moment = "timestamp with time zone" if connection.vendor == "postgresql" else "datetime"
    ours = EmailMultiAlternatives(
        "Ours", "Plain", "from@example.org", ["ours@example.org"], headers={"Message-ID": "<1@x>"}
    )
    ours.attach_alternative("<p>HTML</p>", "text/html")
    allauths = EmailMessage("Confirm", "Link", "from@example.org", ["new@example.org"])
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE mailer_message (id bigint PRIMARY KEY, message_data text NOT NULL,"
            f" when_added {moment} NOT NULL, priority smallint NOT NULL,"
            " retry_count integer NOT NULL)"
        )
        cursor.execute("CREATE TABLE mailer_messagelog (id bigint PRIMARY KEY, message_data text)")
        cursor.execute("CREATE TABLE mailer_dontsendentry (id bigint PRIMARY KEY)")
        for pk, email in ((1, ours), (2, allauths)):
            cursor.execute(
                "INSERT INTO mailer_message VALUES (%s, %s, %s, 2, 0)",
                [pk, _as_mailer_stored(email), timezone.now()],
            )
    old = executor.loader.project_state(BEFORE).apps.get_model("emails", "OutgoingEmail")
    old.objects.create(
        message=1,
        to="ours@example.org",
        subject="Ours",
        template="t",
        next_attempt_at=timezone.now(),
    )
    old.objects.create(  # already sent: django-mailer had dropped its copy
        message=None, to="sent@example.org", subject="Sent", template="t", status="sent",
        next_attempt_at=timezone.now(),
    )  # fmt: skip

    _migrate(None)

    assert not {"mailer_message", "mailer_messagelog", "mailer_dontsendentry"} & set(
        connection.introspection.table_names()
    )
    records = {e.to: e for e in OutgoingEmail.objects.all()}
    assert set(records) == {"ours@example.org", "new@example.org", "sent@example.org"}
    assert records["sent@example.org"].content is None
    assert records["new@example.org"].status == OutgoingEmail.Status.QUEUED
    assert delivery.deliver_due_emails()["sent"] == 2
    delivered = {m.to[0]: m for m in mail.outbox}
    assert delivered["ours@example.org"].alternatives[0][0] == "<p>HTML</p>"
    assert delivered["ours@example.org"].extra_headers["Message-ID"] == "<1@x>"
    assert delivered["new@example.org"].body == "Link"
