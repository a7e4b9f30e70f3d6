"""Every write about enquiries: receiving one, answering it, and erasing it in time."""

import calendar
import hashlib
from datetime import datetime

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from wagtail import hooks
from wagtail.models import Site

from irp.audit.services import acting_person, actor_label, record_event
from irp.emails.selectors import emails_about
from irp.emails.services import erase_emails_about, queue_email

from .models import Enquiry, EnquiryEvent, EnquirySettings

RATE_WINDOW_SECONDS = 3600


class RateLimited(ValidationError):
    """Too many enquiries from one address (client or email) within the hour."""


def _event(enquiry, kind, *, actor=None, text="") -> EnquiryEvent:
    return EnquiryEvent.objects.create(
        enquiry=enquiry,
        kind=kind,
        actor=acting_person(actor),
        actor_label=actor_label(actor),
        text=text,
    )


def _rate_key(kind: str, value: str) -> str:
    # Hashed: the cache never holds a readable address.
    digest = hashlib.sha256(value.strip().lower().encode()).hexdigest()[:32]
    return f"enquiries:rate:{kind}:{digest}"


def check_rate_limits(*, client_address: str, email: str, limit: int) -> None:
    """Count one submission against the client address and the email address; refuse
    politely once either has sent `limit` within the hour. Uses the shared cache, so the
    limit holds across app servers."""
    addresses = (("client", client_address), ("email", email))
    keys = [_rate_key(kind, value) for kind, value in addresses if value]
    # One read and one write for both counters: on the database cache each call is a
    # transaction, and this runs inside every submission. A burst of simultaneous
    # submissions may slip one or two past the limit; the limit is a courtesy brake.
    counts = cache.get_many(keys)
    if any(counts.get(key, 0) >= limit for key in keys):
        raise RateLimited(
            "Thank you for your patience: we have received several messages from you in "
            "the last hour, so the form is paused for now. Please try again in an hour, "
            "or write to us by email.",
            code="rate_limited",
        )
    cache.set_many({key: counts.get(key, 0) + 1 for key in keys}, timeout=RATE_WINDOW_SECONDS)


def next_steps_extras(*, enquiry: Enquiry | None) -> list[dict]:
    """What other apps add to the thank-you page and acknowledgement email.

    Each function registered with the Wagtail hook "enquiries_next_steps" receives the
    enquiry (None on the page) and returns None or {"template": base name, "context":
    {...}}; `<template>.html` and `<template>.txt` are included in the email, the
    `.html` one on the page (e.g. the next open live discussions).
    """
    extras = []
    for provide in hooks.get_hooks("enquiries_next_steps"):
        extra = provide(enquiry=enquiry)
        if extra:
            extras.append(extra)
    return extras


def staff_actions(*, enquiry: Enquiry) -> list[dict]:
    """What other apps offer staff on an enquiry's screen in the inbox.

    Each function registered with the Wagtail hook "enquiries_staff_actions" receives
    the enquiry and returns None or {"template": a template name, "context": {...}},
    included under the enquiry's actions (e.g. programmes' invitation to apply). The
    form it holds posts to its own app's admin view, which checks its own permissions.
    """
    actions = []
    for provide in hooks.get_hooks("enquiries_staff_actions"):
        action = provide(enquiry=enquiry)
        if action:
            actions.append(action)
    return actions


def _email_settings() -> EnquirySettings:
    site = Site.objects.filter(is_default_site=True).first()
    return EnquirySettings.for_site(site) if site is not None else EnquirySettings()


def _send_enquiry_emails(enquiry: Enquiry, *, response_time: str) -> None:
    wording = _email_settings()
    context = {
        "enquiry": enquiry,
        "wording": wording,
        "response_time": response_time,
        "next_steps_extras": next_steps_extras(enquiry=enquiry),
        "inbox_url": reverse("enquiries:inspect", args=[enquiry.pk]),
    }
    queue_email(
        to=[enquiry.email],
        template="enquiries/emails/acknowledgement",
        context=context,
        about=enquiry,
    )
    staff = wording.notification_address_list
    if staff:
        queue_email(
            to=staff,
            template="enquiries/emails/staff_notification",
            context=context,
            reply_to=[enquiry.email],
            about=enquiry,
        )


@transaction.atomic
def submit_enquiry(
    *,
    name: str,
    email: str,
    role: str,
    hopes: str,
    consent_text: str,
    consent_version: str,
    role_other: str = "",
    organisation: str = "",
    heard_from: str = "",
    spam_reasons: list[str] | None = None,
    response_time: str = "",
) -> Enquiry:
    """Store an enquiry with the consent exactly as shown, then queue its emails.

    Everything happens in one transaction: the enquiry, its timeline entry and its
    queued emails are saved together or not at all. Suspected spam is kept for staff
    review and sends nothing, so a forged address never receives our mail.
    """
    enquiry = Enquiry(
        name=name,
        email=email,
        role=role,
        role_other=role_other,
        organisation=organisation,
        hopes=hopes,
        heard_from=heard_from,
        consent_text=consent_text,
        consent_version=consent_version,
        consented_at=timezone.now(),
        is_suspected_spam=bool(spam_reasons),
        spam_reasons="; ".join(spam_reasons or [])[:200],
    )
    # A new enquiry's status is "new", so the closed-date constraint holds; skipping its
    # check saves a query on every submission (the database still enforces it).
    enquiry.full_clean(validate_constraints=False)
    enquiry.save()
    _event(enquiry, EnquiryEvent.Kind.RECEIVED)
    if not enquiry.is_suspected_spam:
        _send_enquiry_emails(enquiry, response_time=response_time)
    return enquiry


@transaction.atomic
def change_status(*, enquiry: Enquiry, status: str, actor) -> Enquiry:
    """Move an enquiry to `status` (new, in conversation, joined, closed), on the timeline."""
    if status not in Enquiry.Status.values:
        raise ValidationError("Please choose one of the statuses listed.")
    enquiry = Enquiry.objects.select_for_update().get(pk=enquiry.pk)
    if enquiry.status == status:
        return enquiry
    before = enquiry.get_status_display()
    enquiry.status = status
    enquiry.closed_at = timezone.now() if status == Enquiry.Status.CLOSED else None
    enquiry.full_clean()
    enquiry.save(update_fields=["status", "closed_at"])
    _event(
        enquiry,
        EnquiryEvent.Kind.STATUS_CHANGED,
        actor=actor,
        text=f"{before} → {enquiry.get_status_display()}",
    )
    return enquiry


@transaction.atomic
def assign_enquiry(*, enquiry: Enquiry, assignee, actor) -> Enquiry:
    """Give the enquiry to `assignee` (a staff member who answers enquiries), or to nobody."""
    if assignee is not None and not assignee.has_perm("enquiries.answer_enquiries"):
        raise ValidationError("That person cannot answer enquiries.")
    enquiry = Enquiry.objects.select_for_update().get(pk=enquiry.pk)
    if enquiry.assignee_id == (assignee.pk if assignee else None):
        return enquiry
    enquiry.assignee = assignee
    enquiry.save(update_fields=["assignee"])
    label = assignee.display_name or assignee.email if assignee else "nobody"
    _event(enquiry, EnquiryEvent.Kind.ASSIGNED, actor=actor, text=f"Assigned to {label}")
    return enquiry


def add_note(*, enquiry: Enquiry, text: str, actor) -> EnquiryEvent:
    """Add an internal note (seen by staff only) to the enquiry's timeline."""
    text = text.strip()
    if not text:
        raise ValidationError("Please write the note before adding it.")
    if len(text) > 5000:
        raise ValidationError("Please keep a note to 5,000 characters or fewer.")
    if "\x00" in text:  # PostgreSQL cannot store it in text
        raise ValidationError("A note cannot contain a null character; please retype it.")
    return _event(enquiry, EnquiryEvent.Kind.NOTE, actor=actor, text=text)


@transaction.atomic
def mark_spam(*, enquiry: Enquiry, actor) -> Enquiry:
    """Set the enquiry apart as spam; it is erased with closed enquiries in time."""
    enquiry = Enquiry.objects.select_for_update().get(pk=enquiry.pk)
    if not enquiry.is_suspected_spam:
        enquiry.is_suspected_spam = True
        enquiry.spam_reasons = f"marked by {actor_label(actor)}"[:200]
        enquiry.save(update_fields=["is_suspected_spam", "spam_reasons"])
        _event(enquiry, EnquiryEvent.Kind.MARKED_SPAM, actor=actor)
    return enquiry


@transaction.atomic
def mark_not_spam(*, enquiry: Enquiry, actor, response_time: str = "") -> Enquiry:
    """Return a suspected-spam enquiry to the inbox. If it never had its emails (held
    back as suspected spam), they are queued now."""
    enquiry = Enquiry.objects.select_for_update().get(pk=enquiry.pk)
    if enquiry.is_suspected_spam:
        enquiry.is_suspected_spam = False
        enquiry.save(update_fields=["is_suspected_spam"])
        _event(enquiry, EnquiryEvent.Kind.MARKED_NOT_SPAM, actor=actor)
        already_emailed = emails_about(enquiry).exists()
        if not already_emailed:
            _send_enquiry_emails(enquiry, response_time=response_time)
    return enquiry


def record_opening(*, enquiry: Enquiry, actor) -> None:
    """Note in the audit log that `actor` opened this enquiry (who and when, no content)."""
    record_event(actor=actor, action="enquiry.viewed", subject=enquiry)


def months_before(moment: datetime, months: int) -> datetime:
    """The same day and time `months` calendar months earlier (clamped to the month's end)."""
    year, month = divmod(moment.year * 12 + moment.month - 1 - months, 12)
    month += 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def erasable_enquiries(*, months: int, now: datetime | None = None):
    """Enquiries past retention: closed, or set apart as spam, more than `months` ago."""
    cutoff = months_before(now or timezone.now(), months)
    return Enquiry.objects.filter(
        Q(status=Enquiry.Status.CLOSED, closed_at__lt=cutoff)
        | Q(is_suspected_spam=True, received_at__lt=cutoff)
    )


@transaction.atomic
def erase_closed_enquiries(*, months: int, now: datetime | None = None) -> int:
    """Erase enquiries past retention, with their timeline and their emails. Returns how many."""
    doomed = list(erasable_enquiries(months=months, now=now).values_list("pk", flat=True))
    if not doomed:
        return 0
    erase_emails_about(model=Enquiry, ids=doomed)
    Enquiry.objects.filter(pk__in=doomed).delete()
    record_event(actor=None, action="enquiry.erased", detail={"count": len(doomed)})
    return len(doomed)
