import io

import pytest
from django.core.management import call_command

from irp.accounts.demo import PRACTITIONER_EMAIL
from irp.accounts.models import User
from irp.cpd import selectors
from irp.cpd.models import Activity, Certificate, ReflectiveAccount

pytestmark = pytest.mark.django_db


def test_the_demo_practitioner_has_a_record_and_loading_twice_duplicates_nothing():
    call_command("demo", no_serve=True, stdout=io.StringIO())
    call_command("demo", no_serve=True, stdout=io.StringIO())
    person = User.objects.get(email=PRACTITIONER_EMAIL)
    assert len(selectors.session_records(person)) == 2
    assert len(selectors.step_records(person)) == 3
    assert Activity.objects.filter(person=person).count() == 2
    account = ReflectiveAccount.objects.get(person=person)
    assert account.activity is not None
    assert Certificate.objects.filter(person=person).count() == 1
    assert selectors.body_of(person).code == "nmc"
