"""Queue email: stored first, then sent by the worker (delivery.py), never sent twice.

`store_email` writes the message and its delivery record (`OutgoingEmail`) inside the
caller's transaction, so an email exists if and only if whatever caused it was saved.
Every message takes this path: `queue_email` (our templates) calls it, and so does
EMAIL_BACKEND (`irp.emails.backends.QueueBackend`) for whatever allauth, Django or
Wagtail send. After commit, one delivery run is enqueued (tasks.py), which runs
`delivery.deliver_due_emails`.
"""

import logging
from email.utils import getaddresses

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.core.mail.message import make_msgid
from django.core.mail.utils import DNS_NAME
from django.db import connection as db_connection
from django.db import models, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from irp.core.registry import Email, declared_emails

from .models import EmailText, OutgoingEmail
from .stored import to_stored
from .texts import Texts, default_texts, render_texts, sample_context

logger = logging.getLogger(__name__)


def render_email(template: str, context: dict) -> tuple[str, str, str]:
    """Render `<template>_subject.txt`, `<template>.txt` and `<template>.html`, or the
    texts staff wrote for this email in the admin (`EmailText`), when they did."""
    custom = render_custom_email(template, context)
    if custom is not None:
        return custom
    subject = render_to_string(f"{template}_subject.txt", context).strip()
    subject = " ".join(subject.splitlines())
    text = render_to_string(f"{template}.txt", context)
    html = render_to_string(f"{template}.html", context)
    return subject, text, html


def build_email(
    *,
    to: list[str],
    template: str,
    context: dict,
    reply_to: list[str] | None = None,
    attachments: list[tuple[str, bytes, str]] | None = None,
    headers: dict[str, str] | None = None,
) -> EmailMultiAlternatives:
    """One templated email (plain text and HTML), not yet stored."""
    subject, text, html = render_email(template, {"site_url": settings.SITE_URL, **context})
    email = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=to,
        reply_to=reply_to,
        headers=dict(headers or {}),
    )
    if html:  # staff-written texts may be plain text alone
        email.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments or []:
        email.attach(filename, content, mimetype)
    return email


def queue_email(
    *,
    to: list[str],
    template: str,
    context: dict,
    reply_to: list[str] | None = None,
    attachments: list[tuple[str, bytes, str]] | None = None,
    about: models.Model | None = None,
    headers: dict[str, str] | None = None,
) -> OutgoingEmail:
    """Store one email (plain text and HTML) for delivery once the transaction commits.

    `about` names the record the message concerns (e.g. an enquiry), for staff screens.
    `headers` are extra headers sent as given (e.g. List-Unsubscribe, RFC 8058); a header
    holding a line break is refused here, before anything is stored.
    """
    email = build_email(
        to=to,
        template=template,
        context=context,
        reply_to=reply_to,
        attachments=attachments,
        headers=headers,
    )
    return store_email(email=email, template=template, about=about)


def queue_emails(*, messages: list[dict]) -> list[OutgoingEmail]:
    """Store many templated emails in one INSERT (e.g. a digest run for thousands of
    people), inside the caller's transaction. Each item takes `queue_email`'s arguments."""
    rows = []
    for message in messages:
        message = dict(message)
        about = message.pop("about", None)
        email = build_email(**message)
        rows.append(_outgoing(email=email, template=message["template"], about=about))
    with transaction.atomic(savepoint=False):
        made = OutgoingEmail.objects.bulk_create(rows, batch_size=500)
    if made:
        _deliver_after_commit()
    return made


def _message_id(email: EmailMessage) -> str:
    for name, value in email.extra_headers.items():
        if name.lower() == "message-id":
            return str(value)
    # Fixed now, so a message we resend by hand is recognisably the same one.
    email.extra_headers["Message-ID"] = make_msgid(domain=DNS_NAME)
    return email.extra_headers["Message-ID"]


def _outgoing(*, email: EmailMessage, template: str, about) -> OutgoingEmail:
    message_id = _message_id(email)
    # Build the MIME message once now: a header Django refuses (a newline in the subject)
    # fails here, in the code that sent it, rather than later in the worker.
    email.message()
    return OutgoingEmail(
        content=to_stored(email),
        to=", ".join(str(a) for a in email.recipients())[:2000],
        subject=" ".join(str(email.subject).splitlines())[:998],
        template=template,
        header_message_id=message_id[:255],
        about_type=about._meta.label_lower if about is not None else "",
        about_id=str(about.pk) if about is not None else "",
        next_attempt_at=timezone.now(),
    )


def store_email(
    *, email: EmailMessage, template: str = "", about: models.Model | None = None
) -> OutgoingEmail:
    """Put any Django EmailMessage in the queue, inside the caller's transaction, and
    enqueue a delivery run for when it commits."""
    outgoing = _outgoing(email=email, template=template, about=about)
    # No savepoint: inside the caller's transaction, the row stands or falls with it.
    with transaction.atomic(savepoint=False):
        outgoing.save()
    _deliver_after_commit()
    return outgoing


def _enqueue_delivery():
    from .tasks import deliver_queued_email

    try:
        deliver_queued_email.enqueue()
    except Exception:  # the periodic run delivers it anyway; the commit must stand
        logger.exception("Could not enqueue email delivery")


def _deliver_after_commit() -> None:
    """Enqueue one delivery run when the transaction commits, however many emails it
    queued (one run sends them all). Callbacks of a rolled-back savepoint are dropped
    by Django, so a pending run is never lost with them."""
    pending = getattr(db_connection, "run_on_commit", [])
    if not any(callback is _enqueue_delivery for _, callback, _ in pending):
        transaction.on_commit(_enqueue_delivery)


def send_again(*, outgoing: OutgoingEmail) -> OutgoingEmail:
    """Put a failed message back in the queue, at a person's request. A message whose
    text is no longer kept cannot be sent again and is left as it is."""
    updated = OutgoingEmail.objects.filter(
        pk=outgoing.pk, status=OutgoingEmail.Status.FAILED, content__isnull=False
    ).update(status=OutgoingEmail.Status.QUEUED, next_attempt_at=timezone.now(), attempts=0)
    if updated:
        _deliver_after_commit()
    outgoing.refresh_from_db()
    return outgoing


def _recipients(outgoing: OutgoingEmail) -> set[str]:
    return {address.lower() for _, address in getaddresses([outgoing.to]) if address}


def erase_emails_to(*, addresses: list[str]) -> int:
    """Remove every message (and its delivery record) addressed to any of `addresses`,
    whatever its state, so an erased person's address and subjects are gone. Returns
    how many were removed."""
    wanted = {address.strip().lower() for address in addresses if address.strip()}
    if not wanted:
        return 0
    candidates = models.Q()
    for address in wanted:
        candidates |= models.Q(to__icontains=address)
    doomed = [
        outgoing.pk
        for outgoing in OutgoingEmail.objects.filter(candidates).only("pk", "to")
        if _recipients(outgoing) & wanted
    ]
    return OutgoingEmail.objects.filter(pk__in=doomed).delete()[0]


def erase_emails_about(*, model: type[models.Model], ids: list) -> int:
    """Remove every message (and its delivery record) about these rows of `model`, as
    when the records they were about are erased. Returns how many were removed."""
    return OutgoingEmail.objects.filter(
        about_type=model._meta.label_lower, about_id__in=[str(pk) for pk in ids]
    ).delete()[0]


# --- Email texts staff edit in the admin --------------------------------------------


def custom_texts(template: str) -> Texts | None:
    """The texts staff wrote for `template`, or None while the code's defaults apply."""
    row = (
        EmailText.objects.filter(template=template, uses_default=False)
        .values_list("subject", "text", "html")
        .first()
    )
    return Texts(*row) if row is not None else None


def render_custom_email(template: str, context: dict) -> tuple[str, str, str] | None:
    """Subject, plain text and HTML from staff's texts for `template`, or None when
    there are none (the caller renders its files). allauth's adapter asks this too."""
    texts = custom_texts(template)
    return render_texts(texts, context) if texts is not None else None


def ensure_email_texts() -> int:
    """One `EmailText` for every declared email, holding the code's texts, so staff find
    every email in the list. Idempotent; returns how many were added."""
    known = set(EmailText.objects.values_list("template", flat=True))
    missing = [
        EmailText(template=email.template, uses_default=True, **vars(default_texts(email)))
        for name, email in declared_emails().items()
        if name not in known
    ]
    EmailText.objects.bulk_create(missing, ignore_conflicts=True)
    return len(missing)


def matches_default(email_text: EmailText) -> bool:
    """True when the texts are the code's own, so the email keeps following the code
    (a default improved later reaches people until staff write their own)."""
    return vars(default_texts(email_text.declared)) == {
        "subject": email_text.subject,
        "text": email_text.text,
        "html": email_text.html,
    }


def reset_email_text(*, email_text: EmailText, user) -> EmailText:
    """Go back to the code's texts in one step; the staff version stays in the history."""
    for part, value in vars(default_texts(email_text.declared)).items():
        setattr(email_text, part, value)
    email_text.uses_default = True
    email_text.save()
    email_text.save_revision(user=user, log_action=True)
    return email_text


def send_test_email(*, email_text: EmailText, to: str) -> OutgoingEmail:
    """Send the email as it now reads, with the sample data, to `to` (the staff member
    asking), marked as a test in its subject."""
    declared: Email = email_text.declared
    texts = (
        default_texts(declared)
        if email_text.uses_default
        else Texts(email_text.subject, email_text.text, email_text.html)
    )
    subject, text, html = render_texts(texts, sample_context(declared))
    email = EmailMultiAlternatives(
        subject=f"[Test] {subject}", body=text, from_email=settings.DEFAULT_FROM_EMAIL, to=[to]
    )
    if html:
        email.attach_alternative(html, "text/html")
    return store_email(email=email, template=email_text.template)
