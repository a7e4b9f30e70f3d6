"""What the worker sends for programmes (run by tasks.py): facilitators' messages and the
weekly step email. Each is safe to run twice and beside other workers: what was sent is
recorded in the same transaction as the queued emails."""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone

from . import selectors
from .models import Cohort, CohortMessage, Enrolment, WeeklyEmailSent
from .notices import cohort_context, email_enrolment


def deliver_cohort_message(*, message_id: int) -> int:
    """Email a stored message to everyone holding a place. Safe to run twice: sent once."""
    with transaction.atomic():
        message = (
            CohortMessage.objects.select_for_update(of=("self",))
            .select_related("cohort__programme", "author")
            .get(pk=message_id)
        )
        if message.sent_at:
            return 0
        count = 0
        shared = cohort_context(message.cohort)
        enrolments = message.cohort.enrolments.filter(
            state__in=Enrolment.HOLDS_PLACE
        ).select_related("person")
        for enrolment in enrolments:
            enrolment.cohort = message.cohort
            email_enrolment(enrolment, "cohort_message", shared=shared, message=message)
            count += 1
        message.sent_at = timezone.now()
        message.save(update_fields=["sent_at"])
    return count


def send_weekly_step_emails(*, now=None) -> int:
    """Announce the steps opening today (in each cohort's zone) to members who want
    the weekly email and have not paused. Exactly once per person and release date:
    the WeeklyEmailSent rows and the queued emails share a transaction, and a unique
    constraint turns a second worker's attempt into a no-op."""
    now = now or timezone.now()
    sent = 0
    cohorts = Cohort.objects.exclude(status__in=[Cohort.Status.CANCELLED, Cohort.Status.DRAFT])
    cohorts = cohorts.filter(starts_on__lte=now.date() + dt.timedelta(days=1)).select_related(
        "programme"
    )
    for cohort in cohorts:
        today = now.astimezone(cohort.tz).date()
        steps = list(selectors.steps_opening_on(cohort=cohort, day=today))
        if steps:
            sent += _send_weekly_for(cohort=cohort, day=today, steps=steps)
    return sent


def _send_weekly_for(*, cohort: Cohort, day: dt.date, steps) -> int:
    already = set(
        WeeklyEmailSent.objects.filter(cohort=cohort, opens_on=day).values_list(
            "person_id", flat=True
        )
    )
    enrolments = [
        e
        for e in cohort.enrolments.filter(
            state=Enrolment.State.ENROLLED, wants_weekly_email=True
        ).select_related("person")
        if e.person_id not in already
    ]
    if not enrolments:
        return 0
    next_session = selectors.next_cohort_session(cohort)
    # The discussion's time as its own zone reads it, named, whatever the server's zone.
    next_session_when = (
        f"{next_session.starts_at.astimezone(next_session.zone):%A %-d %B, %H:%M} "
        f"({next_session.time_zone})"
        if next_session
        else ""
    )
    try:
        with transaction.atomic():
            WeeklyEmailSent.objects.bulk_create(
                [
                    WeeklyEmailSent(cohort=cohort, person_id=e.person_id, opens_on=day)
                    for e in enrolments
                ]
            )
            shared = cohort_context(cohort)  # the same for everyone: made once
            for enrolment in enrolments:
                enrolment.cohort = cohort
                email_enrolment(
                    enrolment,
                    "weekly_step",
                    shared=shared,
                    steps=steps,
                    next_session=next_session,
                    next_session_when=next_session_when,
                )
    except IntegrityError:
        # Another worker sent this week's emails at the same moment: nothing to do.
        return 0
    return len(enrolments)
