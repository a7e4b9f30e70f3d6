"""Deliver queued email: what the worker runs (tasks.py), never sending a message twice.

`deliver_due_emails` sends each due message through EMAIL_DELIVERY_BACKEND.
How a message is never sent twice, even with several workers or a crash mid-way:
each message is claimed by one conditional UPDATE (queued → sending) in its own short
transaction, committed *before* SMTP is contacted. Only the worker whose UPDATE
changed the row sends it. If a worker dies after claiming, the row stays "sending":
we cannot know whether the SMTP server accepted it, so once it is clearly stale it
is marked failed for staff to look at, never resent on its own (at most once).
"""

import logging
import smtplib
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import get_connection
from django.db import connection as db_connection
from django.db import models, transaction
from django.utils import timezone

from .models import OutgoingEmail
from .stored import from_stored

logger = logging.getLogger(__name__)

# EMAIL_BACKEND, which queues: delivery must never hand a message back to it.
QUEUE_BACKEND = "irp.emails.backends.QueueBackend"

STALE_SENDING_ERROR = (
    "The worker stopped while sending this message, so it may or may not have arrived. "
    "It was not sent again, so that nobody receives it twice."
)
# The receiving server refused this one message (a recipient, the sender or the
# content): record it against the message and go on with the others.
REFUSALS = (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError)


def retry_delay(attempts: int) -> timedelta:
    """Back off exponentially: 1, 2, 4, 8 … minutes after each failed attempt, capped."""
    base = settings.EMAIL_RETRY_BASE_SECONDS
    return timedelta(
        seconds=min(base * 2 ** max(attempts - 1, 0), settings.EMAIL_RETRY_MAX_SECONDS)
    )


def _claim_next(now: datetime) -> OutgoingEmail | None:
    """Claim the next due message for this worker, or return None when none is due."""
    while True:
        with transaction.atomic():
            due = OutgoingEmail.objects.filter(
                status=OutgoingEmail.Status.QUEUED, next_attempt_at__lte=now
            ).order_by("next_attempt_at", "id")
            if db_connection.features.has_select_for_update_skip_locked:
                # On PostgreSQL, workers pass over rows another worker is claiming.
                due = due.select_for_update(skip_locked=True)
            candidate = due.values_list("pk", flat=True).first()
            if candidate is None:
                return None
            # The status transition is the claim: only one UPDATE can change this row.
            won = OutgoingEmail.objects.filter(
                pk=candidate, status=OutgoingEmail.Status.QUEUED
            ).update(
                status=OutgoingEmail.Status.SENDING,
                attempts=models.F("attempts") + 1,
                claimed_at=timezone.now(),
            )
        if won:
            return OutgoingEmail.objects.get(pk=candidate)


def _record_success(outgoing: OutgoingEmail) -> None:
    OutgoingEmail.objects.filter(pk=outgoing.pk).update(
        status=OutgoingEmail.Status.SENT, sent_at=timezone.now(), last_error=""
    )


def _is_permanent(error: Exception) -> bool:
    """A 5xx refusal will not change by trying again; a 4xx one may (a full mailbox,
    greylisting), so it is retried like an outage."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in error.recipients.values())
    if isinstance(error, smtplib.SMTPSenderRefused | smtplib.SMTPDataError):
        return error.smtp_code >= 500
    return isinstance(error, ValueError | KeyError | TypeError)  # an unreadable message


def _record_failure(outgoing: OutgoingEmail, error: Exception, now: datetime) -> None:
    attempts = outgoing.attempts  # already counts this attempt (set by the claim)
    gave_up = _is_permanent(error) or attempts >= settings.EMAIL_MAX_ATTEMPTS
    OutgoingEmail.objects.filter(pk=outgoing.pk).update(
        status=OutgoingEmail.Status.FAILED if gave_up else OutgoingEmail.Status.QUEUED,
        next_attempt_at=now + retry_delay(attempts),
        last_error=f"{type(error).__name__}: {error}"[:2000],
    )
    logger.warning("Email %s attempt %s failed: %s", outgoing.pk, attempts, error)


def fail_stale_sending(*, now: datetime | None = None) -> int:
    """Mark messages whose worker died mid-send as failed (never resent on their own)."""
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.EMAIL_SENDING_STALE_SECONDS)
    return OutgoingEmail.objects.filter(
        status=OutgoingEmail.Status.SENDING, claimed_at__lt=cutoff
    ).update(status=OutgoingEmail.Status.FAILED, last_error=STALE_SENDING_ERROR)


def _open_delivery_connection():
    connection = get_connection(
        backend=settings.EMAIL_DELIVERY_BACKEND, timeout=settings.EMAIL_TIMEOUT
    )
    connection.open()
    return connection


def deliver_due_emails(*, now: datetime | None = None) -> dict[str, int]:
    """Send every message that is due, one claim at a time; safe beside other workers.

    A failed attempt is retried later with backoff, and after EMAIL_MAX_ATTEMPTS the
    message is marked failed. A message the server refuses (a recipient, the sender,
    the content) is recorded as failed and the others are still sent. When the server
    cannot be reached at all, this run stops after one attempt instead of waiting out
    the timeout for every message.
    """
    if settings.EMAIL_DELIVERY_BACKEND == QUEUE_BACKEND:
        # It would put each message straight back in the queue, for ever.
        raise ImproperlyConfigured(
            "EMAIL_DELIVERY_BACKEND must send mail, not queue it again (see irp.emails)."
        )
    now = now or timezone.now()
    counts = {"sent": 0, "failed": 0, "stale": fail_stale_sending(now=now)}
    connection = None
    try:
        while (outgoing := _claim_next(now)) is not None:
            try:
                if outgoing.content is None:
                    raise ValueError("the message's text is no longer kept")
                email = from_stored(outgoing.content)
            except (ValueError, KeyError, TypeError) as error:
                _record_failure(outgoing, error, now)
                counts["failed"] += 1
                continue
            try:
                if connection is None:
                    connection = _open_delivery_connection()
                email.connection = connection
                email.send()
            except REFUSALS as error:
                # smtplib resets the SMTP session after a refusal: the connection goes on.
                _record_failure(outgoing, error, now)
                counts["failed"] += 1
                continue
            except Exception as error:
                _record_failure(outgoing, error, now)
                counts["failed"] += 1
                _close(connection)
                connection = None
                if isinstance(error, OSError):
                    # Refused, timed out, disconnected, or any other SMTP trouble that is
                    # not about this message: leave the rest for the next run.
                    break
                continue
            _record_success(outgoing)
            counts["sent"] += 1
    finally:
        _close(connection)
    return counts


def _close(connection) -> None:
    if connection is not None:
        try:
            connection.close()
        except Exception:  # closing a broken connection may fail too; nothing to keep
            logger.debug("Closing the mail connection failed", exc_info=True)


def reduce_sent_emails(*, now: datetime | None = None) -> int:
    """Remove the text and attachments of messages sent more than
    EMAIL_BODY_RETENTION_DAYS ago; their delivery record (to, subject, status, dates)
    stays. Returns how many were reduced. Safe to run twice."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.EMAIL_BODY_RETENTION_DAYS)
    return OutgoingEmail.objects.filter(
        status=OutgoingEmail.Status.SENT, sent_at__lt=cutoff, content__isnull=False
    ).update(content=None)
