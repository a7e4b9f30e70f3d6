import datetime as dt

import pytest
from django.utils import timezone

from .factories import CohortFactory, FacilitatorFactory, PersonFactory, make_programme


@pytest.fixture
def person(db):
    return PersonFactory(display_name="Ada Member")


@pytest.fixture
def facilitator(db):
    return FacilitatorFactory(display_name="Fran Facilitator")


@pytest.fixture
def programme(db):
    return make_programme(slug="this-begins-with-you")


@pytest.fixture
def cohort(programme, facilitator):
    """Open for applications, starting in two weeks."""
    return CohortFactory(programme=programme, facilitators=[facilitator])


@pytest.fixture
def running_cohort(programme, facilitator):
    """Started 8 days ago (London): steps opening at weeks 0 and 1 are open."""
    return CohortFactory(
        programme=programme,
        facilitators=[facilitator],
        starts_on=timezone.localdate() - dt.timedelta(days=8),
        status="closed",
    )
