"""Races on PostgreSQL: real threads, each with its own database connection.

The race has a control run with the cohort's row lock taken away from the test's side
(`without_the_row_lock`) that must overbook, so we know the test can fail."""

import pytest
from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError

from irp.accounts.models import User
from irp.live_discussions.tests.test_concurrency import run_at_once
from irp.programmes import services
from irp.programmes.models import Cohort, Enrolment

from .factories import CohortFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def no_delivery(settings):
    # Emails are still queued in each transaction; delivery is not what is under test.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def without_the_row_lock(monkeypatch):
    """For a control run only: services read the cohort without locking its row."""
    monkeypatch.setattr(
        services,
        "lock_cohort",
        lambda pk: Cohort.objects.select_related("programme").get(pk=pk),
    )


def applicants(count: int) -> list[User]:
    users = User.objects.bulk_create(
        [
            User(email=f"applicant{i}@example.org", display_name=f"Applicant {i}")
            for i in range(count)
        ]
    )
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users]
    )
    return users


def apply_and_accept(cohort, person):
    def job():
        answers = {q: "Now is the time." for q in cohort.questions}
        enrolment = services.apply_for_cohort(cohort=cohort, person=person, answers=answers)
        return services.accept_application(enrolment=enrolment)

    return job


def states(cohort) -> tuple[int, int]:
    enrolments = Enrolment.objects.filter(cohort=cohort)
    return (
        enrolments.filter(state__in=Enrolment.HOLDS_PLACE).count(),
        enrolments.filter(state=Enrolment.State.WAITING).count(),
    )


def test_100_people_applying_and_accepted_at_once_for_10_places_enrol_exactly_10():
    cohort = CohortFactory(capacity=10)
    people = applicants(100)

    results, errors = run_at_once([apply_and_accept(cohort, p) for p in people])

    assert errors == [] and len(results) == 100
    assert not any(isinstance(r, ValidationError) for r in results)
    assert states(cohort) == (10, 90)
    queue = Enrolment.objects.filter(cohort=cohort, state=Enrolment.State.WAITING)
    assert sorted(queue.values_list("queue_number", flat=True)) == list(range(1, 91))


def test_control_without_the_row_lock_the_same_race_overbooks(monkeypatch):
    without_the_row_lock(monkeypatch)
    cohort = CohortFactory(capacity=10)

    run_at_once([apply_and_accept(cohort, p) for p in applicants(100)])

    held, _ = states(cohort)
    assert held > 10
