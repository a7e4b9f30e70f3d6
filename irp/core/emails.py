"""Outgoing email: rendered from templates, stored first, delivered by a background task.

`queue_email` writes the message into django-mailer's queue inside the caller's
transaction, so an email exists if and only if the thing that caused it was saved.
Delivery happens after commit, in the task worker, never inside a request.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string


def render_email(template: str, context: dict) -> tuple[str, str, str]:
    """Render `<template>_subject.txt`, `<template>.txt` and `<template>.html`."""
    subject = render_to_string(f"{template}_subject.txt", context).strip()
    subject = " ".join(subject.splitlines())
    text = render_to_string(f"{template}.txt", context)
    html = render_to_string(f"{template}.html", context)
    return subject, text, html


def queue_email(
    *,
    to: list[str],
    template: str,
    context: dict,
    reply_to: list[str] | None = None,
    attachments: list[tuple[str, bytes, str]] | None = None,
) -> None:
    """Queue one email (plain text and HTML) for delivery once the transaction commits."""
    subject, text, html = render_email(template, {"site_url": settings.SITE_URL, **context})
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=to,
        reply_to=reply_to,
    )
    message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments or []:
        message.attach(filename, content, mimetype)
    message.send()  # EMAIL_BACKEND is django-mailer's queue: this writes a row, sends nothing

    from .tasks import deliver_queued_email

    transaction.on_commit(deliver_queued_email.enqueue)
