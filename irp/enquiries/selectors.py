"""Reads about enquiries, for the staff inbox and other apps."""

from dataclasses import dataclass
from datetime import datetime

from irp.emails.models import OutgoingEmail
from irp.emails.selectors import emails_about, has_failed_email_about

from .models import ContactPage, Enquiry


def inbox_enquiries(*, suspected_spam: bool = False):
    """Enquiries for the staff inbox (or the suspected-spam box), with failed-email counts."""
    return (
        Enquiry.objects.filter(is_suspected_spam=suspected_spam)
        .select_related("assignee")
        .annotate(has_failed_email=has_failed_email_about(Enquiry))
    )


def suspected_spam_count() -> int:
    """How many enquiries wait in the suspected-spam box, for its label in the inbox."""
    return Enquiry.objects.filter(is_suspected_spam=True).count()


def enquiry_for_staff(pk) -> Enquiry:
    """One enquiry with what its staff screen shows. Raises Enquiry.DoesNotExist."""
    return Enquiry.objects.select_related("assignee").get(pk=pk)


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    kind: str
    label: str
    who: str
    text: str
    email: OutgoingEmail | None = None


def enquiry_timeline(enquiry: Enquiry) -> list[TimelineEntry]:
    """Everything that happened to an enquiry, oldest first: its events and its emails."""
    entries = [
        TimelineEntry(
            at=event.occurred_at,
            kind=event.kind,
            label=event.get_kind_display(),
            who=event.actor_label,
            text=event.text,
        )
        for event in enquiry.events.all()
    ]
    for email in emails_about(enquiry):
        at = email.sent_at or email.created_at
        entries.append(
            TimelineEntry(
                at=at,
                kind=f"email_{email.status}",
                label=f"Email {email.get_status_display().lower()}",
                who="system",
                text=f"{email.subject} → {email.to}"
                + (
                    f" (attempts: {email.attempts}; {email.last_error})" if email.last_error else ""
                ),
                email=email,
            )
        )
    return sorted(entries, key=lambda entry: entry.at)


def contact_page() -> ContactPage | None:
    """The live contact page, for other apps' calls to action (its URL is /contact/)."""
    return ContactPage.objects.live().first()


def people_who_answer_enquiries():
    """Active staff who may be given an enquiry: holders of the enquiries permission."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(
            Q(is_superuser=True)
            | Q(groups__permissions__codename="answer_enquiries")
            | Q(user_permissions__codename="answer_enquiries")
        )
        .distinct()
        .order_by("display_name", "email")
    )


def unanswered_enquiries():
    """New enquiries nobody has answered yet (not suspected spam), oldest first: the
    dashboard lists the ones waiting longest. Uses the (status, closed_at) index."""
    return (
        Enquiry.objects.filter(status=Enquiry.Status.NEW, is_suspected_spam=False)
        .only("pk", "name", "role", "role_other", "received_at")
        .order_by("received_at", "pk")
    )


def enquiries_from(email: str, *, limit: int = 20):
    """Enquiries sent from `email` (any case), newest first: for the people screen."""
    return Enquiry.objects.filter(email__iexact=email.strip()).order_by("-received_at")[:limit]


def enquiries_by_month(*, months: int = 24) -> list[tuple[str, int]]:
    """How many enquiries arrived each month (suspected spam left out), newest first."""
    from django.db.models import Count
    from django.db.models.functions import TruncMonth

    rows = (
        Enquiry.objects.filter(is_suspected_spam=False)
        .annotate(month=TruncMonth("received_at"))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by("-month")[:months]
    )
    return [(row["month"].strftime("%Y-%m"), row["n"]) for row in rows]


def enquiries_by_heard_from(*, limit: int = 50) -> list[tuple[str, int]]:
    """How people said they heard of us, as they wrote it (case and spaces evened out),
    most common first; "(not given)" for those who left it blank."""
    from collections import Counter

    counts = Counter(
        " ".join(value.split()).lower() or "(not given)"
        for value in Enquiry.objects.filter(is_suspected_spam=False)
        .values_list("heard_from", flat=True)
        .iterator()
    )
    return counts.most_common(limit)
