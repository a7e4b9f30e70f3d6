"""Programme steps as self-directed hours, and programme certificates."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from irp.cpd import selectors, services
from irp.cpd.models import Certificate, Kind
from irp.programmes import selectors as programmes
from irp.programmes import services as programme_services
from irp.programmes.tests.factories import CohortFactory, EnrolmentFactory, make_programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def enrolment(person):
    programme = make_programme(modules=1, steps_per_module=2)
    cohort = CohortFactory(programme=programme, starts_on=timezone.localdate() - dt.timedelta(21))
    return EnrolmentFactory(cohort=cohort, person=person)


def take_all(enrolment):
    for step in programmes.steps_of(enrolment.cohort.programme):
        programme_services.mark_step_taken(enrolment=enrolment, step=step)


def test_steps_taken_count_as_self_directed_hours(person, enrolment):
    step = programmes.steps_of(enrolment.cohort.programme).first()
    programme_services.mark_step_taken(enrolment=enrolment, step=step)
    today = timezone.localdate()
    totals = selectors.hours_by_kind(person, today - dt.timedelta(days=1), today)
    assert totals[Kind.SELF_DIRECTED] == Decimal("1.5")
    [record] = selectors.step_records(person)
    assert record.source == "step" and "Step 1.1" in record.title
    # Hours editors change on the step are followed.
    step.cpd_hours = Decimal("2")
    step.save_revision().publish()
    assert selectors.hours_by_kind(person, today, today)[Kind.SELF_DIRECTED] == Decimal("2")


def test_a_completed_programme_gives_a_certificate(person, enrolment, other):
    key = f"cohort:{enrolment.cohort_id}"
    with pytest.raises(Exception, match="every step"):
        services.issue_certificate(person=person, source_key=key)
    take_all(enrolment)
    certificate = services.issue_certificate(person=person, source_key=key)
    assert certificate.source == Certificate.Source.PROGRAMME
    assert certificate.hours == Decimal("3")
    assert certificate.title == enrolment.cohort.programme.title
    assert selectors.certificate_stands(certificate)
    with pytest.raises(Exception, match="every step"):
        services.issue_certificate(person=other, source_key=key)
