"""Every write about programmes: applications and places, steps taken, sharing one
reflection with a facilitator, messages and the weekly step email.

The rule that matters most: never more places than a cohort has, under any
concurrency. Every change to a cohort's places first locks the cohort's row
(`lock_cohort`, SELECT ... FOR UPDATE), so acceptances, leavings, moves and capacity
changes on one cohort run one after another; the partial unique constraint on
Enrolment refuses a second active enrolment of one person even if two requests race
past the checks. The same technique as live discussions' places.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from irp.accounts.selectors import has_verified_email
from irp.audit.services import record_event
from irp.core.registry import Section
from irp.emails.services import queue_email
from irp.reflections import selectors as reflection_selectors
from irp.reflections import services as reflection_services

from . import selectors, tasks
from .models import (
    Cohort,
    CohortMessage,
    CohortSession,
    Enrolment,
    SharedReflectionReply,
    StepPage,
    StepTaken,
    WeeklyEmailSent,
)
from .notices import email_enrolment

MAX_ANSWER = 3000


def lock_cohort(cohort_id: int) -> Cohort:
    """The cohort's row, locked until the transaction ends (a no-op on SQLite, where
    writes are serialised anyway)."""
    return Cohort.objects.select_for_update().select_related("programme").get(pk=cohort_id)


def _held(cohort: Cohort) -> int:
    return cohort.enrolments.filter(state__in=Enrolment.HOLDS_PLACE).count()


def share_context(cohort: Cohort) -> str:
    """The journal's name for shares made in a cohort."""
    return f"cohort:{cohort.pk}"


# --- Applying -------------------------------------------------------------------------


def apply_for_cohort(*, cohort: Cohort, person, answers: dict[str, str], now=None) -> Enrolment:
    """Store an application with the person's answers to the cohort's questions. Staff
    accept or decline it; the person sees its state on /programmes/mine/."""
    today = timezone.localdate(now or timezone.now())
    if not has_verified_email(person):
        raise ValidationError("Please confirm your email address before applying.")
    missing = [q for q in cohort.questions if not (answers.get(q) or "").strip()]
    if missing:
        raise ValidationError({"answers": "Please answer each question."})
    too_long = [q for q in cohort.questions if len(answers.get(q) or "") > MAX_ANSWER]
    if too_long:
        raise ValidationError(
            {"answers": f"Please keep each answer under {MAX_ANSWER:,} characters."}
        )
    with transaction.atomic():
        cohort = lock_cohort(cohort.pk)
        if cohort.status != Cohort.Status.OPEN or cohort.starts_on < today:
            raise ValidationError("This cohort is not taking applications.")
        if cohort.enrolments.filter(person=person, state__in=Enrolment.ACTIVE).exists():
            raise ValidationError("You have already applied for this cohort.")
        enrolment = Enrolment(
            cohort=cohort,
            person=person,
            state=Enrolment.State.APPLIED,
            answers=[{"question": q, "answer": answers[q].strip()} for q in cohort.questions],
        )
        enrolment.full_clean(exclude=["cohort", "person"], validate_constraints=False)
        try:
            with transaction.atomic():
                enrolment.save()
        except IntegrityError as error:
            raise ValidationError("You have already applied for this cohort.") from error
    return enrolment


def withdraw_application(*, enrolment: Enrolment) -> Enrolment:
    """The applicant takes back an application not yet answered."""
    with transaction.atomic():
        lock_cohort(enrolment.cohort_id)
        enrolment = Enrolment.objects.get(pk=enrolment.pk)
        if enrolment.state != Enrolment.State.APPLIED:
            raise ValidationError("This application has already been answered.")
        enrolment.state = Enrolment.State.WITHDRAWN
        enrolment.save(update_fields=["state", "updated_at"])
    return enrolment


# --- Staff answer ------------------------------------------------------------------------


def _give_place_or_queue(cohort: Cohort, enrolment: Enrolment) -> None:
    """Enrol while places remain, otherwise the next number on the waiting list.
    The caller holds the cohort's lock."""
    if _held(cohort) < cohort.capacity:
        enrolment.state = Enrolment.State.ENROLLED
        enrolment.queue_number = None
    else:
        cohort.last_queue_number += 1
        cohort.save(update_fields=["last_queue_number"])
        enrolment.state = Enrolment.State.WAITING
        enrolment.queue_number = cohort.last_queue_number


def accept_application(*, enrolment: Enrolment, note: str = "", now=None) -> Enrolment:
    """Say yes: a place while places remain, otherwise the waiting list. Locks the
    cohort's row first, so concurrent acceptances never give more places than it has.
    The email carries staff's note."""
    with transaction.atomic():
        cohort = lock_cohort(enrolment.cohort_id)
        enrolment = Enrolment.objects.select_related("person").get(pk=enrolment.pk)
        if enrolment.state != Enrolment.State.APPLIED:
            raise ValidationError("This application has already been answered.")
        if cohort.status == Cohort.Status.CANCELLED:
            raise ValidationError("This cohort has been cancelled.")
        _give_place_or_queue(cohort, enrolment)
        enrolment.decision_note = (note or "").strip()
        enrolment.decided_at = now or timezone.now()
        enrolment.full_clean(exclude=["cohort", "person"], validate_constraints=False)
        enrolment.save()
        enrolment.cohort = cohort
        email_enrolment(
            enrolment,
            "accepted" if enrolment.state == Enrolment.State.ENROLLED else "accepted_waiting",
            position=selectors.waiting_position(enrolment),
        )
    return enrolment


def add_member(*, cohort: Cohort, person, note: str = "") -> Enrolment:
    """Staff put a person straight into a cohort (no application): a place while places
    remain, otherwise its waiting list. Under the cohort's lock, as every change is."""
    with transaction.atomic():
        cohort = lock_cohort(cohort.pk)
        if cohort.status == Cohort.Status.CANCELLED:
            raise ValidationError("This cohort has been cancelled.")
        if cohort.enrolments.filter(person=person, state__in=Enrolment.ACTIVE).exists():
            raise ValidationError("This person already has an application or place here.")
        enrolment = Enrolment(cohort=cohort, person=person, decision_note=(note or "").strip())
        _give_place_or_queue(cohort, enrolment)
        enrolment.decided_at = timezone.now()
        enrolment.full_clean(exclude=["cohort", "person"], validate_constraints=False)
        enrolment.save()
    return enrolment


def decline_application(*, enrolment: Enrolment, note: str = "", now=None) -> Enrolment:
    """Say no, kindly; the email carries staff's note."""
    with transaction.atomic():
        cohort = lock_cohort(enrolment.cohort_id)
        enrolment = Enrolment.objects.select_related("person").get(pk=enrolment.pk)
        if enrolment.state != Enrolment.State.APPLIED:
            raise ValidationError("This application has already been answered.")
        enrolment.state = Enrolment.State.DECLINED
        enrolment.decision_note = (note or "").strip()
        enrolment.decided_at = now or timezone.now()
        enrolment.full_clean(exclude=["cohort", "person"], validate_constraints=False)
        enrolment.save()
        enrolment.cohort = cohort
        email_enrolment(enrolment, "declined")
    return enrolment


def accept_applications(*, enrolments, note: str = "") -> tuple[list[Enrolment], list[str]]:
    """Bulk accept, one application at a time (each under its cohort's lock): returns
    the accepted and a sentence for each one that could not be."""
    accepted, refusals = [], []
    for enrolment in enrolments:
        try:
            accepted.append(accept_application(enrolment=enrolment, note=note))
        except ValidationError as refusal:
            refusals.append(f"{enrolment.person}: {' '.join(refusal.messages)}")
    return accepted, refusals


def invite_to_apply(*, enquiry, cohort: Cohort, by) -> None:
    """Staff answer an enquiry with an invitation to apply for a cohort open for
    applications: an email to the enquirer with the programme's page and the form."""
    if cohort.status != Cohort.Status.OPEN or cohort.starts_on < timezone.localdate():
        raise ValidationError("That cohort is not taking applications.")
    queue_email(
        to=[enquiry.email],
        template="programmes/emails/invitation",
        context={
            "name": enquiry.name,
            "cohort": cohort,
            "programme": cohort.programme,
            "programme_path": cohort.programme.url,
            "apply_path": reverse("programmes:apply", args=[cohort.pk]),
        },
        about=enquiry,
    )


# --- Places: leaving, pausing, the waiting list, moving ---------------------------------


def _promote(cohort: Cohort) -> list[Enrolment]:
    """Fill free places from the waiting list, first come first served, and email each
    person. The caller holds the cohort's lock."""
    if cohort.status == Cohort.Status.CANCELLED:
        return []
    free = cohort.capacity - _held(cohort)
    if free <= 0:
        return []
    promoted = list(
        cohort.enrolments.filter(state=Enrolment.State.WAITING)
        .select_related("person")
        .order_by("queue_number")[:free]
    )
    for enrolment in promoted:
        enrolment.state = Enrolment.State.ENROLLED
        enrolment.queue_number = None
        enrolment.save(update_fields=["state", "queue_number", "updated_at"])
        enrolment.cohort = cohort
        email_enrolment(enrolment, "promoted")
    return promoted


def promote_from_waiting_list(*, cohort: Cohort) -> list[Enrolment]:
    """Offer free places to the people waiting longest."""
    with transaction.atomic():
        return _promote(lock_cohort(cohort.pk))


def leave_cohort(*, enrolment: Enrolment) -> Enrolment:
    """Leave a cohort (or its waiting list). A freed place goes at once to the first
    person waiting. What the person took and wrote stays theirs."""
    with transaction.atomic():
        cohort = lock_cohort(enrolment.cohort_id)
        enrolment = Enrolment.objects.get(pk=enrolment.pk)
        if enrolment.state not in Enrolment.ACTIVE or enrolment.state == Enrolment.State.APPLIED:
            raise ValidationError("You are not in this cohort any more.")
        held = enrolment.holds_place
        enrolment.state = Enrolment.State.LEFT
        enrolment.queue_number = None
        enrolment.save(update_fields=["state", "queue_number", "updated_at"])
        if held:
            _promote(cohort)
    return enrolment


def pause_enrolment(*, enrolment: Enrolment) -> Enrolment:
    """Pause: the place is kept and the steps stay readable, but no weekly emails."""
    with transaction.atomic():
        lock_cohort(enrolment.cohort_id)
        enrolment = Enrolment.objects.get(pk=enrolment.pk)
        if enrolment.state != Enrolment.State.ENROLLED:
            raise ValidationError("Only a place you are using can be paused.")
        enrolment.state = Enrolment.State.PAUSED
        enrolment.save(update_fields=["state", "updated_at"])
    return enrolment


def resume_enrolment(*, enrolment: Enrolment) -> Enrolment:
    """Carry on after a pause."""
    with transaction.atomic():
        lock_cohort(enrolment.cohort_id)
        enrolment = Enrolment.objects.get(pk=enrolment.pk)
        if enrolment.state != Enrolment.State.PAUSED:
            raise ValidationError("This place is not paused.")
        enrolment.state = Enrolment.State.ENROLLED
        enrolment.save(update_fields=["state", "updated_at"])
    return enrolment


def move_to_cohort(*, enrolment: Enrolment, cohort: Cohort) -> Enrolment:
    """Staff move a person to another cohort of the same programme: a place there if
    one is free, otherwise its waiting list; the old place goes to the next person
    waiting. Both cohorts are locked, always in id order, so two moves never deadlock."""
    if cohort.pk == enrolment.cohort_id:
        raise ValidationError("The person is already in this cohort.")
    with transaction.atomic():
        locked = {c: lock_cohort(c) for c in sorted({enrolment.cohort_id, cohort.pk})}
        old_cohort, new_cohort = locked[enrolment.cohort_id], locked[cohort.pk]
        enrolment = Enrolment.objects.select_related("person").get(pk=enrolment.pk)
        if enrolment.state not in Enrolment.ACTIVE:
            raise ValidationError("Only an active application or place can be moved.")
        if new_cohort.programme_id != old_cohort.programme_id:
            raise ValidationError("People can only move between cohorts of one programme.")
        if new_cohort.status == Cohort.Status.CANCELLED:
            raise ValidationError("That cohort has been cancelled.")
        if new_cohort.enrolments.filter(
            person=enrolment.person, state__in=Enrolment.ACTIVE
        ).exists():
            raise ValidationError("The person already has an application or place there.")
        had_place = enrolment.holds_place
        was_applied = enrolment.state == Enrolment.State.APPLIED
        enrolment.state = Enrolment.State.MOVED
        enrolment.queue_number = None
        enrolment.save(update_fields=["state", "queue_number", "updated_at"])
        moved = Enrolment(
            cohort=new_cohort,
            person=enrolment.person,
            answers=enrolment.answers,
            wants_weekly_email=enrolment.wants_weekly_email,
            decision_note=enrolment.decision_note,
            decided_at=enrolment.decided_at,
        )
        if was_applied:
            moved.state = Enrolment.State.APPLIED
        else:
            _give_place_or_queue(new_cohort, moved)
        moved.save()
        if had_place:
            _promote(old_cohort)
        moved.cohort = new_cohort
        email_enrolment(
            moved, "moved", old_cohort=old_cohort, position=selectors.waiting_position(moved)
        )
    return moved


def check_capacity(*, cohort: Cohort, capacity: int) -> None:
    """Refuse a capacity below the places already given: a place once given is never
    taken away by a change of numbers. The admin form asks here too."""
    held = _held(cohort) if cohort.pk else 0
    if capacity < held:
        raise ValidationError(
            {"capacity": f"Capacity cannot be lower than the {held} places already given."}
        )


def save_cohort(*, cohort: Cohort, facilitators=None) -> Cohort:
    """Create or change a cohort (the admin saves through here): capacity is checked
    under the lock, and a raised capacity offers places to the people waiting."""
    with transaction.atomic():
        if cohort.pk:
            lock_cohort(cohort.pk)
        check_capacity(cohort=cohort, capacity=cohort.capacity)
        cohort.full_clean(exclude=["facilitators"])
        cohort.save()
        if facilitators is not None:
            cohort.facilitators.set(facilitators)
        _promote(cohort)
    return cohort


def note_cohort_people_viewed(*, cohort: Cohort, viewer, action: str) -> None:
    """Staff looking at a cohort they do not facilitate is access to personal data: audited."""
    if viewer.is_staff and not cohort.facilitators.filter(pk=viewer.pk).exists():
        record_event(actor=viewer, action=action, subject=cohort)


def set_weekly_email(*, enrolment: Enrolment, wants: bool) -> Enrolment:
    """Turn the weekly step email on or off for one place."""
    enrolment.wants_weekly_email = wants
    enrolment.save(update_fields=["wants_weekly_email", "updated_at"])
    return enrolment


# --- Steps ---------------------------------------------------------------------------------


def mark_step_taken(*, enrolment: Enrolment, step: StepPage, now=None) -> StepTaken:
    """Record that the member took an open step. Steps can be taken in any order;
    marking twice changes nothing."""
    now = now or timezone.now()
    if not enrolment.holds_place:
        raise ValidationError("Only members of the cohort can mark its steps.")
    if selectors.step_for_member(enrolment=enrolment, step_id=step.pk, now=now) is None:
        raise ValidationError("This step has not opened yet.")
    taken, _ = StepTaken.objects.get_or_create(
        person_id=enrolment.person_id,
        cohort_id=enrolment.cohort_id,
        step=step,
        defaults={"taken_at": now},
    )
    return taken


def unmark_step_taken(*, enrolment: Enrolment, step: StepPage) -> None:
    """Take the mark back (a mistaken click)."""
    StepTaken.objects.filter(
        person_id=enrolment.person_id, cohort_id=enrolment.cohort_id, step=step
    ).delete()


# --- Sharing one reflection with the facilitator --------------------------------------------


def share_with_facilitator(*, enrolment: Enrolment, reflection_id: int) -> list:
    """Show one of the member's own reflections, written for a step of this cohort's
    programme, to the cohort's facilitators. Nothing else of the journal is shown."""
    person = enrolment.person
    reflection = reflection_selectors.own_reflection(author=person, pk=reflection_id)
    if not enrolment.holds_place:
        raise ValidationError("Only members of the cohort can share with its facilitator.")
    step_ids = set(selectors.steps_of(enrolment.cohort.programme).values_list("pk", flat=True))
    if reflection.step_id not in step_ids:
        raise ValidationError(
            "Only a reflection written for one of this programme's steps can be shared."
        )
    return reflection_services.share_reflection(
        reflection=reflection,
        author=person,
        readers=list(enrolment.cohort.facilitators.all()),
        context=share_context(enrolment.cohort),
    )


def stop_sharing(*, enrolment: Enrolment, reflection_id: int) -> int:
    """Take a shared reflection back: the facilitator's view, and their replies, go at once."""
    reflection = reflection_selectors.own_reflection(author=enrolment.person, pk=reflection_id)
    return reflection_services.stop_sharing(
        reflection=reflection, author=enrolment.person, context=share_context(enrolment.cohort)
    )


def reply_to_shared_reflection(*, share_id: int, cohort: Cohort, author, body: str):
    """A facilitator's reply to a reflection shared with them in this cohort; the author
    reads it beside the step. Only the reader the entry was shared with may reply."""
    share = (
        reflection_selectors.shares_with(reader=author, context=share_context(cohort))
        .filter(pk=share_id)
        .first()
    )
    if share is None:
        raise ValidationError("This reflection is not shared with you.")
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": "There is nothing written yet."})
    if len(body) > MAX_ANSWER:
        raise ValidationError({"body": f"Please keep a reply under {MAX_ANSWER:,} characters."})
    reply = SharedReflectionReply(share=share, author=author, body=body)
    reply.full_clean()
    reply.save()
    # The email only says there is a reply: the words stay on the platform.
    author_of_entry = share.reflection.author
    queue_email(
        to=[author_of_entry.email],
        template="programmes/emails/reply",
        context={"person": author_of_entry, "cohort": cohort, "programme": cohort.programme},
        about=cohort,
    )
    return reply


# --- Messages and the weekly email -----------------------------------------------------


def send_message_to_cohort(*, cohort: Cohort, author, subject: str, body: str) -> CohortMessage:
    """Store a facilitator's message; a background task emails every member."""
    message = CohortMessage(cohort=cohort, author=author, subject=subject, body=body)
    message.full_clean()
    message.save()
    transaction.on_commit(lambda: tasks.deliver_cohort_message.enqueue(message.pk))
    return message


# --- Live discussions of a cohort -------------------------------------------------------


def link_session(*, cohort: Cohort, session) -> CohortSession:
    """Make a live discussion belong to a cohort: its seats are then kept for members."""
    link, _ = CohortSession.objects.get_or_create(session=session, defaults={"cohort": cohort})
    if link.cohort_id != cohort.pk:
        raise ValidationError("That live discussion already belongs to another cohort.")
    return link


def check_cohort_seat(session, person) -> None:
    """Live discussions ask this before giving a place: a cohort's discussion is for
    its members (and its facilitators)."""
    cohort = selectors.cohort_of_session(session.pk)
    if cohort is None:
        return
    if not (selectors.is_member(person, cohort) or selectors.can_facilitate(person, cohort)):
        raise ValidationError(
            "The places in this live discussion are kept for the members of its cohort."
        )


# --- Personal data ---------------------------------------------------------------------------


def export_for(*, person) -> Section:
    """Every application, place, step taken and reply the person received."""
    enrolments = list(selectors.enrolments_of(person).order_by("created_at", "pk"))
    taken = list(selectors.steps_taken(person))
    replies = list(
        SharedReflectionReply.objects.filter(share__reflection__author=person).select_related(
            "share__reflection"
        )
    )
    # A facilitator's own words: the reply only, never the reflection it answers.
    written = SharedReflectionReply.objects.filter(author=person).order_by("written_at", "pk")
    data = {
        "enrolments": [
            {
                "programme": e.cohort.programme.title,
                "cohort_starts_on": e.cohort.starts_on.isoformat(),
                "state": e.state,
                "answers": e.answers,
                "decision_note": e.decision_note,
                "applied_at": e.created_at.isoformat(),
                "wants_weekly_email": e.wants_weekly_email,
            }
            for e in enrolments
        ],
        "steps_taken": [
            {
                "step": t.step.title,
                "programme": t.cohort.programme.title,
                "taken_at": t.taken_at.isoformat(),
            }
            for t in taken
        ],
        "replies_to_your_shared_reflections": [
            {
                "reflection_written_at": r.share.reflection.written_at.isoformat(),
                "reply": r.body,
                "written_at": r.written_at.isoformat(),
            }
            for r in replies
        ],
        "replies_you_wrote": [
            {"reply": r.body, "written_at": r.written_at.isoformat()} for r in written
        ],
    }
    lines = [f"- {e.cohort}: {e.get_state_display()}" for e in enrolments]
    lines += [f"- Took “{t.step.title}” on {t.taken_at:%Y-%m-%d}" for t in taken]
    markdown = "\n".join(lines) or "You have not applied for any programme."
    return Section(key="programmes", title="Your programmes", data=data, markdown=markdown)


def erase_for(*, person) -> dict:
    """Remove the person's applications, places, steps taken and the replies they wrote.
    A place they held goes to the next person waiting. Their shared reflections go with
    the journal (reflections erases them, and the shares and replies cascade)."""
    for enrolment in Enrolment.objects.filter(person=person, state__in=Enrolment.HOLDS_PLACE):
        leave_cohort(enrolment=enrolment)
    taken = StepTaken.objects.filter(person=person).delete()[0]
    replies = SharedReflectionReply.objects.filter(author=person).delete()[0]
    WeeklyEmailSent.objects.filter(person=person).delete()
    enrolments = Enrolment.objects.filter(person=person).delete()[0]
    for cohort in Cohort.objects.filter(facilitators=person):
        cohort.facilitators.remove(person)
    return {
        "programme_enrolments": enrolments,
        "programme_steps_taken": taken,
        "programme_replies": replies,
    }


def rotate_keys() -> dict:
    """Re-encrypt facilitators' replies with the newest key (saving re-encrypts)."""
    done = 0
    for reply in SharedReflectionReply.objects.iterator():
        reply.save(update_fields=["body"])
        done += 1
    return {"programme_replies": done}
