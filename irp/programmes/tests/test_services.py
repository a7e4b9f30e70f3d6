import datetime as dt
import zoneinfo

import pytest
from django.core.exceptions import ValidationError

from irp.live_discussions import services as live_services
from irp.live_discussions.tests.factories import LiveSessionFactory
from irp.programmes import selectors, sending, services
from irp.programmes.models import Cohort, Enrolment, SharedReflectionReply, StepTaken
from irp.reflections import selectors as reflection_selectors
from irp.reflections import services as reflection_services
from irp.reflections.models import ReflectionShare

from .factories import CohortFactory, EnrolmentFactory, PersonFactory

pytestmark = pytest.mark.django_db
LONDON = zoneinfo.ZoneInfo("Europe/London")
UTC = dt.UTC


def answers(cohort):
    return {q: "A few honest words." for q in cohort.questions}


def applied(cohort, person=None):
    return services.apply_for_cohort(
        cohort=cohort, person=person or PersonFactory(), answers=answers(cohort)
    )


# --- Release dates and the clocks changing -------------------------------------------------


@pytest.mark.parametrize(
    ("starts_on", "weeks", "opens_utc"),
    [
        # Spring forward: 29 March 2026 at 01:00 UTC. Midnight on 29 March is still GMT.
        (dt.date(2026, 3, 22), 1, dt.datetime(2026, 3, 29, 0, 0, tzinfo=UTC)),
        # The week after, midnight is BST: 23:00 UTC the evening before.
        (dt.date(2026, 3, 22), 2, dt.datetime(2026, 4, 4, 23, 0, tzinfo=UTC)),
        # Fall back: 25 October 2026 at 01:00 UTC. Midnight on 25 October is still BST.
        (dt.date(2026, 10, 18), 1, dt.datetime(2026, 10, 24, 23, 0, tzinfo=UTC)),
        # The week after, midnight is GMT again.
        (dt.date(2026, 10, 18), 2, dt.datetime(2026, 11, 1, 0, 0, tzinfo=UTC)),
    ],
)
def test_a_step_opens_at_local_midnight_across_both_uk_clock_changes(
    programme, starts_on, weeks, opens_utc
):
    cohort = CohortFactory(programme=programme, starts_on=starts_on, status="closed")
    step = selectors.steps_of(programme)[weeks]
    assert step.opens_after_weeks == weeks
    assert cohort.step_opens_at(step) == opens_utc
    local = cohort.step_opens_at(step).astimezone(LONDON)
    assert (local.hour, local.minute) == (0, 0)


@pytest.mark.parametrize(
    ("now", "is_open"),
    [
        (dt.datetime(2026, 4, 4, 22, 59, tzinfo=UTC), False),  # 23:59 BST on the 4th
        (dt.datetime(2026, 4, 4, 23, 0, tzinfo=UTC), True),  # 00:00 BST on the 5th
    ],
)
def test_a_member_sees_the_step_open_exactly_at_local_midnight(programme, person, now, is_open):
    cohort = CohortFactory(programme=programme, starts_on=dt.date(2026, 3, 22), status="closed")
    enrolment = EnrolmentFactory(cohort=cohort, person=person)
    step = selectors.steps_of(programme)[2]
    assert (
        selectors.step_for_member(enrolment=enrolment, step_id=step.pk, now=now) is not None
    ) is is_open
    rows = selectors.step_rows(enrolment=enrolment, now=now)
    assert rows[2]["is_open"] is is_open


def test_a_cohort_in_another_zone_opens_at_its_own_midnight(programme):
    cohort = CohortFactory(
        programme=programme, starts_on=dt.date(2026, 3, 1), zone="America/New_York"
    )
    step = selectors.steps_of(programme)[2]
    # 15 March 2026: New York is on EDT (UTC-4) since 8 March.
    assert cohort.step_opens_at(step) == dt.datetime(2026, 3, 15, 4, 0, tzinfo=UTC)


# --- Applying and the capacity rule ----------------------------------------------------------


def test_applying_twice_is_refused(cohort, person):
    applied(cohort, person)
    with pytest.raises(ValidationError, match="already applied"):
        applied(cohort, person)


def test_an_unconfirmed_address_cannot_apply(cohort):
    with pytest.raises(ValidationError, match="confirm your email"):
        applied(cohort, PersonFactory(verified=False))


def test_every_question_needs_an_answer(cohort, person):
    with pytest.raises(ValidationError):
        services.apply_for_cohort(cohort=cohort, person=person, answers={"Why now?": "x"})


def test_accepting_beyond_capacity_puts_people_on_the_waiting_list_in_order(programme, delivered):
    cohort = CohortFactory(programme=programme, capacity=2)
    people = [applied(cohort) for _ in range(4)]
    results = [services.accept_application(enrolment=e, note="Welcome.") for e in people]
    assert [e.state for e in results] == ["enrolled", "enrolled", "waiting", "waiting"]
    assert [selectors.waiting_position(e) for e in results[2:]] == [1, 2]
    assert selectors.places_held(cohort) == 2
    mails = delivered()
    assert len(mails) == 4
    assert "You have a place" in mails[0].subject
    assert "Welcome." in mails[0].body
    assert "number 1 on its waiting list" in mails[2].body


def test_leaving_promotes_the_first_person_waiting(programme, delivered):
    cohort = CohortFactory(programme=programme, capacity=1)
    first, second, third = (
        services.accept_application(enrolment=applied(cohort)) for _ in range(3)
    )
    services.leave_cohort(enrolment=first)
    second.refresh_from_db()
    third.refresh_from_db()
    assert (second.state, third.state) == ("enrolled", "waiting")
    assert selectors.waiting_position(third) == 1
    assert "A place has opened" in delivered()[-1].subject


def test_pausing_keeps_the_place(programme):
    cohort = CohortFactory(programme=programme, capacity=1)
    member = services.accept_application(enrolment=applied(cohort))
    waiting = services.accept_application(enrolment=applied(cohort))
    services.pause_enrolment(enrolment=member)
    waiting.refresh_from_db()
    assert waiting.state == "waiting"
    assert selectors.places_held(cohort) == 1


def test_declining_emails_the_note(cohort, person, delivered):
    enrolment = services.decline_application(
        enrolment=applied(cohort, person), note="The next cohort may suit you better."
    )
    assert enrolment.state == "declined"
    [mail] = delivered()
    assert "The next cohort may suit you better." in mail.body
    with pytest.raises(ValidationError, match="already been answered"):
        services.accept_application(enrolment=enrolment)


def test_bulk_accept_reports_what_could_not_be_done(cohort):
    fresh = applied(cohort)
    done = services.decline_application(enrolment=applied(cohort))
    accepted, refusals = services.accept_applications(enrolments=[fresh, done])
    assert [e.pk for e in accepted] == [fresh.pk]
    assert len(refusals) == 1 and "already been answered" in refusals[0]


def test_capacity_cannot_drop_below_places_given_and_raising_it_promotes(programme):
    cohort = CohortFactory(programme=programme, capacity=1)
    services.accept_application(enrolment=applied(cohort))
    waiting = services.accept_application(enrolment=applied(cohort))
    cohort.capacity = 0
    with pytest.raises(ValidationError, match="cannot be lower than the 1 places"):
        services.save_cohort(cohort=cohort)
    cohort = Cohort.objects.get(pk=cohort.pk)
    cohort.capacity = 2
    services.save_cohort(cohort=cohort)
    waiting.refresh_from_db()
    assert waiting.state == "enrolled"


def test_moving_frees_the_old_place_and_takes_a_new_one(programme, delivered):
    old = CohortFactory(programme=programme, capacity=1)
    new = CohortFactory(programme=programme, capacity=1)
    member = services.accept_application(enrolment=applied(old))
    waiting = services.accept_application(enrolment=applied(old))
    moved = services.move_to_cohort(enrolment=member, cohort=new)
    assert moved.cohort == new and moved.state == "enrolled"
    member.refresh_from_db()
    waiting.refresh_from_db()
    assert member.state == "moved"
    assert waiting.state == "enrolled"
    assert "has moved" in delivered()[-1].subject


def test_moving_to_another_programme_is_refused(cohort, person):
    other = CohortFactory()
    member = services.accept_application(enrolment=applied(cohort, person))
    with pytest.raises(ValidationError, match="one programme"):
        services.move_to_cohort(enrolment=member, cohort=other)


# --- Steps, sharing --------------------------------------------------------------------------


def test_steps_can_be_taken_in_any_order_once_open(running_cohort, person):
    enrolment = EnrolmentFactory(cohort=running_cohort, person=person)
    first, second, *_rest, last = selectors.steps_of(running_cohort.programme)
    services.mark_step_taken(enrolment=enrolment, step=second)
    services.mark_step_taken(enrolment=enrolment, step=first)
    services.mark_step_taken(enrolment=enrolment, step=first)  # twice changes nothing
    assert StepTaken.objects.filter(person=person).count() == 2
    with pytest.raises(ValidationError, match="not opened"):
        services.mark_step_taken(enrolment=enrolment, step=last)


def test_only_a_reflection_for_one_of_the_programmes_steps_can_be_shared(running_cohort, person):
    enrolment = EnrolmentFactory(cohort=running_cohort, person=person)
    free = reflection_services.write_reflection(author=person, body="Free writing.")
    with pytest.raises(ValidationError, match="steps can be shared"):
        services.share_with_facilitator(enrolment=enrolment, reflection_id=free.pk)
    assert not ReflectionShare.objects.exists()


def test_stopping_sharing_takes_the_replies_with_it(running_cohort, person, facilitator):
    enrolment = EnrolmentFactory(cohort=running_cohort, person=person)
    step = selectors.steps_of(running_cohort.programme).first()
    entry = reflection_services.write_reflection(author=person, body="Shared.", step_id=step.pk)
    [share] = services.share_with_facilitator(enrolment=enrolment, reflection_id=entry.pk)
    assert reflection_selectors.reflection_for_reader(reader=facilitator, pk=entry.pk) == entry
    services.reply_to_shared_reflection(
        share_id=share.pk, cohort=running_cohort, author=facilitator, body="Thank you."
    )
    assert SharedReflectionReply.objects.get().body == "Thank you."
    services.stop_sharing(enrolment=enrolment, reflection_id=entry.pk)
    assert not SharedReflectionReply.objects.exists()
    from django.http import Http404

    with pytest.raises(Http404):
        reflection_selectors.reflection_for_reader(reader=facilitator, pk=entry.pk)


# --- The weekly email ------------------------------------------------------------------------


def test_the_weekly_email_goes_once_to_members_who_want_it(programme, delivered):
    starts_on = dt.date(2026, 3, 22)
    cohort = CohortFactory(programme=programme, starts_on=starts_on, status="closed")
    wants = EnrolmentFactory(cohort=cohort)
    EnrolmentFactory(cohort=cohort, wants_weekly_email=False)
    EnrolmentFactory(cohort=cohort, state=Enrolment.State.PAUSED)
    # 00:30 BST on 5 April, the day step 3 (week 2) opens.
    now = dt.datetime(2026, 4, 4, 23, 30, tzinfo=UTC)
    assert sending.send_weekly_step_emails(now=now) == 1
    assert sending.send_weekly_step_emails(now=now) == 0  # a second run sends nothing
    [mail] = delivered()
    assert mail.to == [wants.person.email]
    assert "Step 2.1" in mail.subject
    # The day after, nothing opens.
    assert sending.send_weekly_step_emails(now=now + dt.timedelta(days=1)) == 0


# --- Live discussions of a cohort ------------------------------------------------------------


def test_a_cohorts_live_discussion_keeps_its_seats_for_members(running_cohort, person):
    session = LiveSessionFactory()
    services.link_session(cohort=running_cohort, session=session)
    outsider = PersonFactory()
    with pytest.raises(ValidationError, match="kept for the members"):
        live_services.register_for_session(session=session, person=outsider)
    EnrolmentFactory(cohort=running_cohort, person=person)
    place = live_services.register_for_session(session=session, person=person)
    assert place.is_confirmed
    assert selectors.next_cohort_session(running_cohort) == session


# --- Personal data ---------------------------------------------------------------------------


def test_export_holds_everything_and_erasure_removes_it(running_cohort, person, facilitator):
    enrolment = EnrolmentFactory(cohort=running_cohort, person=person)
    step = selectors.steps_of(running_cohort.programme).first()
    services.mark_step_taken(enrolment=enrolment, step=step)
    entry = reflection_services.write_reflection(author=person, body="Shared.", step_id=step.pk)
    [share] = services.share_with_facilitator(enrolment=enrolment, reflection_id=entry.pk)
    services.reply_to_shared_reflection(
        share_id=share.pk, cohort=running_cohort, author=facilitator, body="A reply."
    )
    section = services.export_for(person=person)
    assert section.data["steps_taken"][0]["step"] == step.title
    assert section.data["enrolments"][0]["answers"]
    assert section.data["replies_to_your_shared_reflections"][0]["reply"] == "A reply."
    journal = reflection_services.export_for(person=person)
    assert journal.data[0]["shared_with"] == [facilitator.get_short_name()]
    reflection_services.erase_for(person=person)
    counts = services.erase_for(person=person)
    assert counts["programme_enrolments"] == 1
    assert counts["programme_steps_taken"] == 1
    assert not Enrolment.objects.filter(person=person).exists()
    assert not ReflectionShare.objects.exists()
    assert not SharedReflectionReply.objects.exists()
