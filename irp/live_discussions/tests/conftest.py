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
    """The emails sent so far. pytest-django swaps in the in-memory email backend, so a
    message queued by queue_email lands here; send_all() covers django-mailer's queue."""

    def deliver():
        send_all()
        return mail.outbox

    return deliver
