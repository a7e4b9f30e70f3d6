import pytest

from .factories import FacilitatorFactory, LiveSessionFactory, PersonFactory


@pytest.fixture
def person(db):
    return PersonFactory()


@pytest.fixture
def facilitator(db):
    return FacilitatorFactory()


@pytest.fixture
def session(db, facilitator):
    return LiveSessionFactory(facilitators=[facilitator])
