"""An EmailMessage as JSON, and back: how a queued message waits in the database.

Plain data (not a pickle) so that a stored message survives upgrades of Django and
never runs code when it is read. Everything Django's EmailMessage and
EmailMultiAlternatives carry is kept: addresses, subject, body and its subtype,
alternatives (the HTML part), attachments and extra headers.
"""

import base64
from email import message_from_bytes
from email.mime.base import MIMEBase

from django.core.mail import EmailMultiAlternatives

VERSION = 1


def _content(value) -> dict:
    if isinstance(value, bytes):
        return {"base64": base64.b64encode(value).decode("ascii")}
    return {"text": str(value)}


def _value(stored: dict):
    if "base64" in stored:
        return base64.b64decode(stored["base64"])
    return stored["text"]


def _attachment(attachment) -> dict:
    if isinstance(attachment, MIMEBase):
        # A ready-made MIME part (e.g. an inline image): kept exactly as it would be sent.
        return {"mime": base64.b64encode(attachment.as_bytes()).decode("ascii")}
    filename, content, mimetype = attachment
    return {"filename": filename, "mimetype": mimetype, **_content(content)}


def _mime_part(stored: str) -> MIMEBase:
    parsed = message_from_bytes(base64.b64decode(stored))
    part = MIMEBase(parsed.get_content_maintype(), parsed.get_content_subtype())
    for name in list(part.keys()):
        del part[name]
    for name, value in parsed.items():
        part[name] = value
    part.set_payload(parsed.get_payload())
    return part


def to_stored(email) -> dict:
    """The message as JSON-ready data."""
    return {
        "version": VERSION,
        "from_email": str(email.from_email),
        "to": [str(a) for a in email.to],
        "cc": [str(a) for a in email.cc],
        "bcc": [str(a) for a in email.bcc],
        "reply_to": [str(a) for a in email.reply_to],
        "subject": str(email.subject),
        "body": str(email.body),
        "content_subtype": email.content_subtype,
        "encoding": email.encoding,
        "headers": {str(k): str(v) for k, v in email.extra_headers.items()},
        "alternatives": [
            {"mimetype": mimetype, **_content(content)}
            for content, mimetype in getattr(email, "alternatives", [])
        ],
        "attachments": [_attachment(a) for a in email.attachments],
    }


def from_stored(data: dict) -> EmailMultiAlternatives:
    """Rebuild the message for sending (raises KeyError or ValueError if unreadable)."""
    if data.get("version") != VERSION:
        raise ValueError(f"unknown stored message version {data.get('version')!r}")
    email = EmailMultiAlternatives(
        subject=data["subject"],
        body=data["body"],
        from_email=data["from_email"],
        to=data["to"],
        cc=data["cc"],
        bcc=data["bcc"],
        reply_to=data["reply_to"],
        headers=data["headers"],
    )
    email.content_subtype = data["content_subtype"]
    email.encoding = data["encoding"]
    for alternative in data["alternatives"]:
        email.attach_alternative(_value(alternative), alternative["mimetype"])
    for attachment in data["attachments"]:
        if "mime" in attachment:
            email.attach(_mime_part(attachment["mime"]))
        else:
            email.attach(attachment["filename"], _value(attachment), attachment["mimetype"])
    return email
