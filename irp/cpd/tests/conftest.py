import pytest

from .factories import PersonFactory


@pytest.fixture
def person(db):
    return PersonFactory()


@pytest.fixture
def other(db):
    return PersonFactory()
