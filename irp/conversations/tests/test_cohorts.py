"""A cohort's space: made with the cohort, for its members and facilitators, asked of
programmes each time (leaving the cohort means leaving the space)."""

import pytest

from irp.conversations import selectors, services
from irp.conversations.models import Space
from irp.programmes.models import Enrolment
from irp.programmes.tests.factories import (
    CohortFactory,
    EnrolmentFactory,
    FacilitatorFactory,
    PersonFactory,
    make_programme,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort():
    return CohortFactory(programme=make_programme(slug="p"), facilitators=[FacilitatorFactory()])


def test_each_cohort_gets_one_space(cohort):
    space = Space.objects.get(cohort_id=cohort.pk)
    assert space.kind == Space.Kind.COHORT and str(cohort) == space.name
    assert services.ensure_cohort_spaces() == []


def test_members_and_facilitators_belong_and_others_do_not(cohort):
    space = Space.objects.get(cohort_id=cohort.pk)
    member = EnrolmentFactory(cohort=cohort).person
    elsewhere = EnrolmentFactory(cohort=CohortFactory(programme=cohort.programme)).person
    guide = cohort.facilitators.get()
    assert selectors.is_member(member, space) and not selectors.can_moderate(member, space)
    assert selectors.can_moderate(guide, space)
    assert not selectors.is_member(elsewhere, space)
    assert not selectors.is_member(PersonFactory(), space)
    assert space in selectors.spaces_for(member) and space in selectors.spaces_for(guide)
    assert space not in selectors.spaces_for(elsewhere)


def test_leaving_the_cohort_means_leaving_its_space(cohort):
    space = Space.objects.get(cohort_id=cohort.pk)
    enrolment = EnrolmentFactory(cohort=cohort)
    Enrolment.objects.filter(pk=enrolment.pk).update(state=Enrolment.State.LEFT)
    assert selectors.space_for(enrolment.person, space.pk) is None
