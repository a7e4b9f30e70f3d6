"""Every read of programmes other code needs, scoped to who asks.

Names here are stable: other apps (conversations, CPD) build on them.
"""

import datetime as dt

from django.db.models import Count, Max, Prefetch, Q
from django.urls import reverse
from django.utils import timezone

from irp.accounts.models import User
from irp.live_discussions.models import Place
from irp.reflections import selectors as reflection_selectors

from .models import (
    Cohort,
    CohortSession,
    Enrolment,
    ModulePage,
    ProgrammeIndexPage,
    ProgrammePage,
    StepPage,
    StepTaken,
)

HOLDING = Q(state__in=Enrolment.HOLDS_PLACE)


# --- Membership: who belongs where ----------------------------------------------------


def cohorts_of(person):
    """Cohorts where `person` is an enrolled member (enrolled or paused), oldest start
    first, with their programme."""
    if not getattr(person, "is_authenticated", False):
        return Cohort.objects.none()
    return (
        Cohort.objects.filter(
            enrolments__person=person, enrolments__state__in=Enrolment.HOLDS_PLACE
        )
        .exclude(status=Cohort.Status.CANCELLED)
        .select_related("programme")
        .distinct()
    )


def facilitated_cohorts(person):
    """Cohorts `person` facilitates, with their programme."""
    if not getattr(person, "is_authenticated", False):
        return Cohort.objects.none()
    return Cohort.objects.filter(facilitators=person).select_related("programme")


def is_member(person, cohort) -> bool:
    """True when `person` holds a place (enrolled or paused) in `cohort`."""
    if not getattr(person, "is_authenticated", False):
        return False
    return Enrolment.objects.filter(
        cohort=cohort, person=person, state__in=Enrolment.HOLDS_PLACE
    ).exists()


def can_facilitate(person, cohort) -> bool:
    """True for the cohort's own facilitators and for staff."""
    if not getattr(person, "is_authenticated", False):
        return False
    if person.is_staff:
        return True
    return cohort.facilitators.filter(pk=person.pk).exists()


def members_of(cohort):
    """The people holding a place in `cohort` (enrolled or paused), by name."""
    return User.objects.filter(
        programme_enrolments__cohort=cohort,
        programme_enrolments__state__in=Enrolment.HOLDS_PLACE,
    ).order_by("display_name", "email", "pk")


def steps_taken(person):
    """Every step `person` marked as taken: rows with `step` (and `step.cpd_hours`),
    `cohort` (and its programme) and `taken_at`, oldest first."""
    return StepTaken.objects.filter(person=person).select_related(
        "step", "cohort", "cohort__programme"
    )


def programmes_completed(person) -> list[dict]:
    """The cohorts in which `person` took every step of the programme, each as
    {"cohort": Cohort, "completed_at": when the last step was taken}."""
    taken = (
        StepTaken.objects.filter(person=person)
        .values("cohort")
        .annotate(count=Count("step", distinct=True), last=Max("taken_at"))
    )
    by_cohort = {row["cohort"]: row for row in taken}
    if not by_cohort:
        return []
    cohorts = Cohort.objects.filter(pk__in=by_cohort).select_related("programme")
    completed = []
    for cohort in cohorts:
        total = step_count(cohort.programme)
        row = by_cohort[cohort.pk]
        if total and row["count"] >= total:
            completed.append({"cohort": cohort, "completed_at": row["last"]})
    return sorted(completed, key=lambda item: item["completed_at"])


# --- Programmes and their steps ---------------------------------------------------------


def steps_of(programme):
    """The live steps of a programme, in tree order (module by module)."""
    return programme.steps()


def step_count(programme) -> int:
    return steps_of(programme).count()


def outline_of(programme) -> list[dict]:
    """Modules with their steps' titles, for the public page: two queries."""
    return programme.outline()


def programmes_index_page():
    """The live index page of programmes (its title and introduction), or None."""
    return ProgrammeIndexPage.objects.live().first()


def open_programmes():
    """Live programmes with at least one cohort open for applications, with the
    start date of the next one (`next_start`)."""
    return ProgrammePage.open_for_applications()


def cohorts_open_for_applications(*, programme=None) -> list:
    """Cohorts open for applications that have not started, with `held` (places taken)
    and `places_left`."""
    cohorts = Cohort.objects.open_for_applications()
    if programme is not None:
        cohorts = cohorts.filter(programme=programme)
    return list(cohorts)


def cohort_open_for_applications(pk) -> Cohort | None:
    return Cohort.objects.open_for_applications().filter(pk=pk).first()


def places_held(cohort) -> int:
    return cohort.enrolments.filter(HOLDING).count()


# --- Enrolments ---------------------------------------------------------------------


def enrolments_of(person):
    """Every application and place of `person`, newest first, with cohort and programme."""
    return (
        Enrolment.objects.filter(person=person)
        .select_related("cohort", "cohort__programme")
        .order_by("-created_at", "-pk")
    )


def enrolment_of(person, cohort) -> Enrolment | None:
    """The person's active enrolment (applied, enrolled, waiting, paused) in `cohort`."""
    if not getattr(person, "is_authenticated", False):
        return None
    return Enrolment.objects.filter(
        cohort=cohort, person=person, state__in=Enrolment.ACTIVE
    ).first()


def membership(person, cohort_id) -> Enrolment | None:
    """The person's place (enrolled or paused) in cohort `cohort_id`, with the cohort and
    programme: one query. None for anyone else, so views answer 404."""
    if not getattr(person, "is_authenticated", False):
        return None
    return (
        Enrolment.objects.filter(
            cohort_id=cohort_id, person=person, state__in=Enrolment.HOLDS_PLACE
        )
        .exclude(cohort__status=Cohort.Status.CANCELLED)
        .select_related("cohort", "cohort__programme")
        .first()
    )


def applications_waiting():
    """Applications not yet answered, oldest first, for staff."""
    return (
        Enrolment.objects.filter(state=Enrolment.State.APPLIED)
        .select_related("person", "cohort", "cohort__programme")
        .order_by("created_at", "pk")
    )


def waiting_list(cohort):
    """People accepted but waiting for a place, in the order places will be offered."""
    return (
        cohort.enrolments.filter(state=Enrolment.State.WAITING)
        .select_related("person")
        .order_by("queue_number")
    )


def waiting_position(enrolment) -> int | None:
    if enrolment.state != Enrolment.State.WAITING:
        return None
    return (
        Enrolment.objects.filter(
            cohort_id=enrolment.cohort_id,
            state=Enrolment.State.WAITING,
            queue_number__lt=enrolment.queue_number,
        ).count()
        + 1
    )


# --- A member's cohort and steps --------------------------------------------------------


def step_rows(*, enrolment, now=None) -> list[dict]:
    """Every step of the enrolment's programme, for its member: when it opens, whether
    it is open, whether they took it. Two queries, whatever the size of the programme."""
    now = now or timezone.now()
    cohort = enrolment.cohort
    taken = set(
        StepTaken.objects.filter(person_id=enrolment.person_id, cohort=cohort).values_list(
            "step_id", flat=True
        )
    )
    steps = steps_of(cohort.programme).only(
        "title", "path", "depth", "opens_after_weeks", "content_note", "url_path"
    )
    rows = []
    for number, step in enumerate(steps, start=1):
        opens_at = cohort.step_opens_at(step)
        rows.append(
            {
                "number": number,
                "step": step,
                "opens_at": opens_at,
                "opens_on": cohort.step_opens_on(step),
                "is_open": now >= opens_at,
                "taken": step.pk in taken,
            }
        )
    return rows


def step_for_member(*, enrolment, step_id, now=None) -> StepPage | None:
    """The step `step_id` of the member's programme if it is open for their cohort."""
    step = steps_of(enrolment.cohort.programme).filter(pk=step_id).first()
    if step is None or (now or timezone.now()) < enrolment.cohort.step_opens_at(step):
        return None
    return step


def has_taken(*, person, cohort, step) -> bool:
    return StepTaken.objects.filter(person=person, cohort=cohort, step=step).exists()


def steps_opening_on(*, cohort, day: dt.date):
    """Steps of the cohort's programme whose release date is `day`."""
    if day < cohort.starts_on or (day - cohort.starts_on).days % 7:
        return StepPage.objects.none()
    weeks = (day - cohort.starts_on).days // 7
    return steps_of(cohort.programme).filter(opens_after_weeks=weeks)


# --- Live discussions of a cohort -------------------------------------------------------


def cohort_sessions(cohort):
    """The live discussions that belong to `cohort`, by start."""
    return CohortSession.objects.filter(cohort=cohort).select_related("session")


def next_cohort_session(cohort, *, now=None):
    """The cohort's next live discussion not yet ended, or None."""
    now = now or timezone.now()
    link = (
        CohortSession.objects.filter(cohort=cohort, session__ends_at__gt=now)
        .exclude(session__status="cancelled")
        .select_related("session")
        .order_by("session__starts_at")
        .first()
    )
    return link.session if link else None


def cohort_of_session(session_id):
    link = CohortSession.objects.filter(session_id=session_id).select_related("cohort").first()
    return link.cohort if link else None


# --- The facilitator's view ----------------------------------------------------------


def cohort_for_facilitator(*, person, cohort_id) -> Cohort | None:
    """The cohort if `person` may facilitate it (its facilitators, staff), else None."""
    if not getattr(person, "is_authenticated", False):
        return None
    cohorts = Cohort.objects.select_related("programme").prefetch_related(
        Prefetch("facilitators", queryset=User.objects.order_by("display_name"))
    )
    if not person.is_staff:
        cohorts = cohorts.filter(facilitators=person)
    return cohorts.filter(pk=cohort_id).first()


def member_rows(cohort) -> list[dict]:
    """Each member of the cohort with their steps taken (a plain count): two queries."""
    enrolments = list(
        cohort.enrolments.filter(HOLDING)
        .select_related("person")
        .order_by("person__display_name", "person__email", "pk")
    )
    counts = dict(
        StepTaken.objects.filter(cohort=cohort)
        .values("person")
        .annotate(n=Count("pk"))
        .values_list("person", "n")
    )
    return [
        {"enrolment": e, "person": e.person, "taken": counts.get(e.person_id, 0)}
        for e in enrolments
    ]


def attendance_counts(cohort) -> tuple[int, dict[int, int]]:
    """How many of the cohort's live discussions have ended, and how many of those each
    person attended (as facilitators recorded it): two queries."""
    now = timezone.now()
    session_ids = list(
        CohortSession.objects.filter(cohort=cohort, session__ends_at__lte=now)
        .exclude(session__status="cancelled")
        .values_list("session_id", flat=True)
    )
    if not session_ids:
        return 0, {}
    attended = dict(
        Place.objects.filter(session_id__in=session_ids, attendance=Place.Attendance.ATTENDED)
        .values("person")
        .annotate(n=Count("pk"))
        .values_list("person", "n")
    )
    return len(session_ids), attended


def member_outline(*, enrolment, now=None) -> dict:
    """The member's view of their cohort: modules with their step rows (see step_rows)
    and the plain count of steps taken. Three queries."""
    rows = step_rows(enrolment=enrolment, now=now)
    modules = list(ModulePage.objects.live().child_of(enrolment.cohort.programme).order_by("path"))
    outline = [
        {"module": m, "rows": [r for r in rows if r["step"].path.startswith(m.path)]}
        for m in modules
    ]
    return {
        "outline": outline,
        "taken_count": sum(1 for r in rows if r["taken"]),
        "step_total": len(rows),
        "rows": rows,
    }


def step_neighbours(rows, step_id) -> dict:
    """The row of `step_id` and the steps before and after it, from step_rows."""
    for index, row in enumerate(rows):
        if row["step"].pk == step_id:
            return {
                "row": row,
                "previous": rows[index - 1] if index > 0 else None,
                "next": rows[index + 1] if index + 1 < len(rows) else None,
            }
    return {"row": None, "previous": None, "next": None}


def shared_reflections(*, reader, cohort) -> list:
    """The reflections shared with `reader` in `cohort`, with their replies (oldest
    first): what a facilitator may read, and nothing more. Staff see only what was
    shared with them too."""
    return list(
        reflection_selectors.shares_with(
            reader=reader, context=f"cohort:{cohort.pk}"
        ).prefetch_related("programme_replies")
    )


def my_shares_and_replies(*, person, reflection_ids) -> dict[int, dict]:
    """For the person's own entries: whether each is shared, and the replies to it."""
    shares = list(
        reflection_selectors.shares_of(
            author=person, reflection_ids=reflection_ids
        ).prefetch_related("programme_replies")
    )
    result = {}
    for share in shares:
        item = result.setdefault(share.reflection_id, {"shared": True, "replies": []})
        item["replies"].extend(share.programme_replies.all())
    return result


def describe_step_for_journal(person, step_id) -> dict | None:
    """For the journal's "write about this step": the step's title, prompt and address
    for a member whose cohort has opened it, else None."""
    if not getattr(person, "is_authenticated", False):
        return None
    step = StepPage.objects.live().filter(pk=step_id).first()
    if step is None:
        return None
    now = timezone.now()
    enrolments = Enrolment.objects.filter(
        person=person, state__in=Enrolment.HOLDS_PLACE
    ).select_related("cohort", "cohort__programme")
    for enrolment in enrolments:
        cohort = enrolment.cohort
        if cohort.status == Cohort.Status.CANCELLED or not step.path.startswith(
            cohort.programme.path
        ):
            continue
        if now >= cohort.step_opens_at(step):
            return {
                "title": step.title,
                "prompt": step.reflection_prompt,
                "url": reverse("programmes:step", args=[cohort.pk, step.pk]),
            }
    return None
