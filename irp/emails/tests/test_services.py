import threading
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone

from irp.emails import delivery, services
from irp.emails.models import OutgoingEmail
from irp.emails.testing import SilentServer, email_parts

pytestmark = pytest.mark.django_db

LATER = timedelta(days=2)


def queue(to="person@example.org", name="Ada"):
    return services.queue_email(to=[to], template="emails/tests/hello", context={"name": name})


def test_queued_email_is_stored_and_sends_nothing_until_delivered(smtp_server):
    outgoing = queue()

    assert outgoing.content["to"] == ["person@example.org"]
    assert outgoing.status == OutgoingEmail.Status.QUEUED
    assert outgoing.subject == "Hello Ada"
    assert smtp_server.messages == []


def test_delivery_sends_both_parts_with_headers_over_real_smtp(smtp_server):
    outgoing = queue()

    counts = delivery.deliver_due_emails()

    assert counts["sent"] == 1
    [envelope] = smtp_server.messages
    assert envelope.rcpt_tos == ["person@example.org"]
    message, parts = email_parts(envelope)
    assert message["Subject"] == "Hello Ada"
    assert message["To"] == "person@example.org"
    assert "Infinite Recovery" in message["From"]
    assert message["Message-ID"] == outgoing.header_message_id
    assert "Plain hello, Ada." in parts["text/plain"]
    assert "<p>HTML hello, Ada.</p>" in parts["text/html"]
    outgoing.refresh_from_db()
    assert outgoing.status == OutgoingEmail.Status.SENT
    assert outgoing.sent_at is not None


def test_extra_headers_are_stored_and_sent_as_given(smtp_server):
    services.queue_email(
        to=["person@example.org"],
        template="emails/tests/hello",
        context={"name": "Ada"},
        headers={
            "List-Unsubscribe": "<https://example.org/unsubscribe/abc/>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )

    delivery.deliver_due_emails()

    [envelope] = smtp_server.messages
    message, _ = email_parts(envelope)
    assert message["List-Unsubscribe"] == "<https://example.org/unsubscribe/abc/>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_a_header_with_a_line_break_is_refused_before_anything_is_stored():
    from django.core.mail import BadHeaderError

    with pytest.raises(BadHeaderError):
        services.queue_email(
            to=["person@example.org"],
            template="emails/tests/hello",
            context={"name": "Ada"},
            headers={"List-Unsubscribe": "<https://example.org/>\r\nBcc: someone@example.org"},
        )
    assert not OutgoingEmail.objects.exists()


def test_many_emails_are_queued_at_once_and_each_delivered(smtp_server):
    made = services.queue_emails(
        messages=[
            {"to": [f"p{n}@example.org"], "template": "emails/tests/hello",
             "context": {"name": f"P{n}"}, "headers": {"List-Unsubscribe": f"<https://e/{n}>"}}
            for n in range(3)
        ]
    )  # fmt: skip

    assert [outgoing.subject for outgoing in made] == ["Hello P0", "Hello P1", "Hello P2"]
    assert delivery.deliver_due_emails()["sent"] == 3
    received = sorted(
        email_parts(envelope)[0]["List-Unsubscribe"] for envelope in smtp_server.messages
    )
    assert received == ["<https://e/0>", "<https://e/1>", "<https://e/2>"]


def test_a_second_run_sends_nothing_again(smtp_server):
    queue()
    delivery.deliver_due_emails()
    delivery.deliver_due_emails(now=timezone.now() + LATER)
    assert len(smtp_server.messages) == 1


def test_refused_connection_is_retried_later_with_backoff(smtp_server, settings):
    outgoing = queue()
    smtp_server.stop()

    counts = delivery.deliver_due_emails()

    outgoing.refresh_from_db()
    assert counts == {"sent": 0, "failed": 1, "stale": 0}
    assert outgoing.status == OutgoingEmail.Status.QUEUED
    assert outgoing.attempts == 1
    assert outgoing.next_attempt_at > timezone.now() + timedelta(seconds=50)
    assert "Connection" in outgoing.last_error or "refused" in outgoing.last_error.lower()
    # Not due yet: the next run leaves it alone.
    assert delivery.deliver_due_emails()["failed"] == 0


def test_retry_delay_doubles_and_is_capped(settings):
    settings.EMAIL_RETRY_BASE_SECONDS = 60
    settings.EMAIL_RETRY_MAX_SECONDS = 3600
    delays = [delivery.retry_delay(n).total_seconds() for n in range(1, 9)]
    assert delays == [60, 120, 240, 480, 960, 1920, 3600, 3600]


def test_after_the_last_attempt_the_email_is_marked_failed(smtp_server, settings):
    settings.EMAIL_MAX_ATTEMPTS = 3
    outgoing = queue()
    smtp_server.stop()

    for day in range(1, 6):
        delivery.deliver_due_emails(now=timezone.now() + timedelta(days=day))

    outgoing.refresh_from_db()
    assert outgoing.status == OutgoingEmail.Status.FAILED
    assert outgoing.attempts == 3
    assert outgoing in services_failed()


def services_failed():
    from irp.emails.selectors import failed_emails

    return list(failed_emails())


def test_once_the_server_is_back_a_queued_email_is_delivered(smtp_server):
    outgoing = queue()
    smtp_server.stop()
    delivery.deliver_due_emails()
    smtp_server.start()

    delivery.deliver_due_emails(now=timezone.now() + LATER)

    outgoing.refresh_from_db()
    assert outgoing.status == OutgoingEmail.Status.SENT
    assert len(smtp_server.messages) == 1


def test_a_message_left_sending_by_a_crashed_worker_is_never_sent_again(smtp_server):
    outgoing = queue()
    # A worker claimed it, handed it to SMTP, then died before recording the result.
    OutgoingEmail.objects.filter(pk=outgoing.pk).update(
        status=OutgoingEmail.Status.SENDING, attempts=1, claimed_at=timezone.now()
    )

    assert delivery.deliver_due_emails()["sent"] == 0
    counts = delivery.deliver_due_emails(now=timezone.now() + LATER)

    outgoing.refresh_from_db()
    assert counts["stale"] == 1
    assert outgoing.status == OutgoingEmail.Status.FAILED
    assert "may or may not have arrived" in outgoing.last_error
    assert smtp_server.messages == []


def test_staff_can_send_a_failed_email_again(smtp_server):
    outgoing = queue()
    OutgoingEmail.objects.filter(pk=outgoing.pk).update(status=OutgoingEmail.Status.FAILED)
    outgoing.refresh_from_db()

    services.send_again(outgoing=outgoing)
    delivery.deliver_due_emails()

    outgoing.refresh_from_db()
    assert outgoing.status == OutgoingEmail.Status.SENT
    assert len(smtp_server.messages) == 1


def test_a_server_that_never_answers_does_not_hang_the_worker(settings):
    silent = SilentServer()
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", silent.port, 1
    outgoing = queue()
    queue(to="second@example.org")
    try:
        counts = delivery.deliver_due_emails()
    finally:
        silent.stop()
    outgoing.refresh_from_db()
    # One timed-out attempt ends the run; the other message waits for the next run.
    assert counts["failed"] == 1
    assert outgoing.status == OutgoingEmail.Status.QUEUED
    assert "timed out" in outgoing.last_error.lower()


def test_email_is_not_stored_when_the_transaction_rolls_back():
    with pytest.raises(RuntimeError), transaction.atomic():
        queue()
        raise RuntimeError
    assert not OutgoingEmail.objects.exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_several_workers_at_once_send_each_email_exactly_once(smtp_server):
    for n in range(30):
        queue(to=f"person{n}@example.org")
    errors = []

    def work():
        try:
            delivery.deliver_due_emails()
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    workers = [threading.Thread(target=work) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()

    assert errors == []
    recipients = [envelope.rcpt_tos[0] for envelope in smtp_server.messages]
    assert sorted(recipients) == sorted(f"person{n}@example.org" for n in range(30))
    assert OutgoingEmail.objects.filter(status=OutgoingEmail.Status.SENT).count() == 30


@pytest.fixture
def refusing_smtp_server(settings):
    """A real SMTP server that refuses one recipient for good and one for now."""
    from irp.emails.testing import SMTPServer

    server = SMTPServer(
        refuse={
            "gone@example.org": "550 5.1.1 No such mailbox here",
            "full@example.org": "452 4.2.2 Mailbox full, try later",
        }
    ).start()
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield server
    server.stop()


def test_one_refused_recipient_does_not_stop_the_others(refusing_smtp_server):
    first = queue(to="first@example.org")
    gone = queue(to="gone@example.org")
    full = queue(to="full@example.org")
    last = queue(to="last@example.org")

    counts = delivery.deliver_due_emails()

    assert counts == {"sent": 2, "failed": 2, "stale": 0}
    delivered_to = [envelope.rcpt_tos for envelope in refusing_smtp_server.messages]
    assert delivered_to == [["first@example.org"], ["last@example.org"]]
    for outgoing in (first, gone, full, last):
        outgoing.refresh_from_db()
    assert first.status == last.status == OutgoingEmail.Status.SENT
    # A 5xx refusal is final; a 4xx one is tried again later.
    assert gone.status == OutgoingEmail.Status.FAILED
    assert "550" in gone.last_error and "No such mailbox" in gone.last_error
    assert full.status == OutgoingEmail.Status.QUEUED and "452" in full.last_error
    assert full.next_attempt_at > timezone.now()


def test_sent_message_text_is_removed_after_the_retention_period(settings):
    settings.EMAIL_BODY_RETENTION_DAYS = 30
    old = queue(to="old@example.org")
    recent = queue(to="recent@example.org")
    failed = queue(to="failed@example.org")
    delivery.deliver_due_emails()
    OutgoingEmail.objects.filter(pk=old.pk).update(sent_at=timezone.now() - timedelta(days=31))
    OutgoingEmail.objects.filter(pk=recent.pk).update(sent_at=timezone.now() - timedelta(days=29))
    OutgoingEmail.objects.filter(pk=failed.pk).update(
        status=OutgoingEmail.Status.FAILED, sent_at=None
    )

    from irp.emails.tasks import reduce_sent_emails

    reduce_sent_emails.call()  # what the worker's daily schedule runs
    assert delivery.reduce_sent_emails() == 0  # a second run finds nothing left

    old.refresh_from_db()
    recent.refresh_from_db()
    failed.refresh_from_db()
    assert old.content is None
    # The delivery record stays.
    assert (old.to, old.subject, old.status) == ("old@example.org", "Hello Ada", "sent")
    assert old.sent_at is not None and old.created_at is not None
    assert recent.content is not None and failed.content is not None


def test_a_message_whose_text_is_gone_cannot_be_sent_again():
    outgoing = queue()
    OutgoingEmail.objects.filter(pk=outgoing.pk).update(
        status=OutgoingEmail.Status.FAILED, content=None
    )
    outgoing.refresh_from_db()

    assert services.send_again(outgoing=outgoing).status == OutgoingEmail.Status.FAILED


def test_the_delivery_backend_cannot_be_the_queue_itself(settings):
    from django.core.exceptions import ImproperlyConfigured

    settings.EMAIL_DELIVERY_BACKEND = "irp.emails.backends.QueueBackend"
    queue()
    with pytest.raises(ImproperlyConfigured):
        delivery.deliver_due_emails()
