import pytest
from django.core import mail
from mailer.engine import send_all

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


@pytest.fixture
def delivered(settings):
    """Send what django-mailer has queued (as the worker would) and return the outbox."""

    def deliver():
        send_all()
        return mail.outbox

    return deliver
