import datetime as dt
from decimal import Decimal

from django.utils import timezone

from irp.programmes import selectors
from irp.programmes.models import Enrolment, StepTaken

from .factories import CohortFactory, EnrolmentFactory, PersonFactory


def take(person, cohort, step, when=None):
    return StepTaken.objects.create(
        person=person, cohort=cohort, step=step, taken_at=when or timezone.now()
    )


def test_cohorts_of_lists_only_cohorts_where_the_person_holds_a_place(person, cohort, programme):
    other = CohortFactory(programme=programme)
    applied = CohortFactory(programme=programme)
    EnrolmentFactory(person=person, cohort=cohort)
    EnrolmentFactory(person=person, cohort=other, state=Enrolment.State.LEFT)
    EnrolmentFactory(person=person, cohort=applied, state=Enrolment.State.APPLIED)
    assert list(selectors.cohorts_of(person)) == [cohort]
    assert selectors.is_member(person, cohort)
    assert not selectors.is_member(person, other)
    assert not selectors.is_member(person, applied)


def test_paused_members_are_still_members(person, cohort):
    EnrolmentFactory(person=person, cohort=cohort, state=Enrolment.State.PAUSED)
    assert selectors.is_member(person, cohort)
    assert list(selectors.members_of(cohort)) == [person]


def test_facilitators_facilitate_only_their_own_cohorts(facilitator, cohort, programme, person):
    other = CohortFactory(programme=programme)
    assert list(selectors.facilitated_cohorts(facilitator)) == [cohort]
    assert selectors.can_facilitate(facilitator, cohort)
    assert not selectors.can_facilitate(facilitator, other)
    assert not selectors.can_facilitate(person, cohort)


def test_steps_taken_carry_the_steps_cpd_hours_and_cohort(person, running_cohort, programme):
    EnrolmentFactory(person=person, cohort=running_cohort)
    first = selectors.steps_of(programme).first()
    take(person, running_cohort, first)
    [row] = selectors.steps_taken(person)
    assert row.step == first
    assert row.step.cpd_hours == Decimal("1.50")
    assert row.cohort == running_cohort
    assert row.taken_at is not None


def test_a_programme_is_completed_when_every_step_is_taken(person, running_cohort, programme):
    EnrolmentFactory(person=person, cohort=running_cohort)
    steps = list(selectors.steps_of(programme))
    start = timezone.now() - dt.timedelta(days=3)
    for n, step in enumerate(steps[:-1]):
        take(person, running_cohort, step, start + dt.timedelta(hours=n))
    assert selectors.programmes_completed(person) == []
    last = take(person, running_cohort, steps[-1], start + dt.timedelta(days=1))
    assert selectors.programmes_completed(person) == [
        {"cohort": running_cohort, "completed_at": last.taken_at}
    ]


def test_members_of_lists_people_not_applications(cohort):
    member = EnrolmentFactory(cohort=cohort).person
    EnrolmentFactory(cohort=cohort, state=Enrolment.State.APPLIED)
    EnrolmentFactory(cohort=cohort, person=PersonFactory(), state=Enrolment.State.WAITING)
    assert list(selectors.members_of(cohort)) == [member]


def test_anonymous_visitors_belong_nowhere(cohort):
    from django.contrib.auth.models import AnonymousUser

    nobody = AnonymousUser()
    assert not selectors.is_member(nobody, cohort)
    assert not selectors.can_facilitate(nobody, cohort)
    assert list(selectors.cohorts_of(nobody)) == []


def test_open_programmes_lists_those_with_a_cohort_open_for_applications(cohort, programme):
    assert [p.pk for p in selectors.open_programmes()] == [programme.pk]
    cohort.status = "closed"
    cohort.save()
    assert list(selectors.open_programmes()) == []
