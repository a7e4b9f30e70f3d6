"""EMAIL_BACKEND is our queue: whatever Django, allauth or Wagtail send is stored,
then delivered by the worker like our own messages."""

import pytest
from django.core import mail
from django.core.mail import EmailMessage, send_mail
from django.db import transaction

from irp.emails import delivery
from irp.emails.models import OutgoingEmail
from irp.emails.testing import email_parts

pytestmark = pytest.mark.django_db


def test_send_mail_is_stored_not_sent_until_the_worker_delivers_it():
    send_mail("Plain subject", "Plain body", "from@example.org", ["to@example.org"])

    assert mail.outbox == []
    outgoing = OutgoingEmail.objects.get()
    assert (outgoing.to, outgoing.subject, outgoing.template) == (
        "to@example.org",
        "Plain subject",
        "",
    )
    assert outgoing.status == OutgoingEmail.Status.QUEUED
    assert outgoing.header_message_id  # fixed at storing, so a resend is the same message

    assert delivery.deliver_due_emails()["sent"] == 1
    [sent] = mail.outbox
    assert (sent.subject, sent.body, sent.to) == ("Plain subject", "Plain body", ["to@example.org"])


def test_every_part_of_a_message_survives_the_queue():
    email = EmailMessage(
        subject="Everything",
        body="<p>HTML only</p>",
        from_email="Sender <from@example.org>",
        to=["Ada <ada@example.org>"],
        cc=["cc@example.org"],
        bcc=["hidden@example.org"],
        reply_to=["reply@example.org"],
        headers={"X-Kind": "test"},
    )
    email.content_subtype = "html"
    email.attach("notes.txt", "Some notes", "text/plain")
    email.attach("data.bin", b"\x00\x01binary", "application/octet-stream")
    email.send()

    delivery.deliver_due_emails()

    [sent] = mail.outbox
    assert sent.to == ["Ada <ada@example.org>"] and sent.cc == ["cc@example.org"]
    assert sent.bcc == ["hidden@example.org"] and sent.reply_to == ["reply@example.org"]
    assert sent.from_email == "Sender <from@example.org>"
    assert sent.content_subtype == "html" and sent.body == "<p>HTML only</p>"
    assert sent.extra_headers["X-Kind"] == "test"
    assert [tuple(a) for a in sent.attachments] == [
        ("notes.txt", "Some notes", "text/plain"),
        ("data.bin", b"\x00\x01binary", "application/octet-stream"),
    ]
    # Everyone it goes to is on the record, hidden copies included.
    assert OutgoingEmail.objects.get().to == (
        "Ada <ada@example.org>, cc@example.org, hidden@example.org"
    )


def test_a_message_with_no_recipients_is_not_stored():
    assert send_mail("Nobody", "Body", "from@example.org", []) == 0
    assert not OutgoingEmail.objects.exists()


def test_stored_mail_rolls_back_with_the_callers_transaction():
    with pytest.raises(RuntimeError), transaction.atomic():
        send_mail("Subject", "Body", "from@example.org", ["to@example.org"])
        raise RuntimeError
    assert not OutgoingEmail.objects.exists()


def test_one_delivery_run_is_enqueued_when_the_transaction_commits(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        send_mail("One", "Body", "from@example.org", ["a@example.org"])
        send_mail("Two", "Body", "from@example.org", ["b@example.org"])

    # Tests run tasks at once: the single run delivered both.
    assert len(callbacks) == 1
    assert sorted(m.subject for m in mail.outbox) == ["One", "Two"]


def test_a_sign_up_verification_email_is_queued_and_delivered_over_smtp(client, smtp_server):
    response = client.post(
        "/accounts/signup/",
        {
            "email": "newcomer@example.org",
            "password1": "a-long-Password-7",
            "password2": "a-long-Password-7",
        },
    )
    assert response.status_code == 302

    outgoing = OutgoingEmail.objects.get(to="newcomer@example.org")
    assert outgoing.status == OutgoingEmail.Status.QUEUED
    assert delivery.deliver_due_emails()["sent"] == 1

    [envelope] = smtp_server.messages
    assert envelope.rcpt_tos == ["newcomer@example.org"]
    message, parts = email_parts(envelope)
    assert "Confirm" in message["Subject"]
    assert "/accounts/confirm-email/" in parts["text/plain"]
    outgoing.refresh_from_db()
    assert outgoing.status == OutgoingEmail.Status.SENT
