import pytest

from irp.accounts.models import User
from irp.audit.selectors import events_about
from irp.audit.services import record_event


@pytest.mark.django_db
def test_an_event_names_the_actor_and_subject_and_outlives_the_actor():
    staff = User.objects.create_user("staff@example.org", is_staff=True)
    subject = User.objects.create_user("person@example.org")
    record_event(actor=staff, action="account.viewed", subject=subject)
    staff.delete()
    [event] = events_about(subject)
    assert event.action == "account.viewed"
    assert event.actor is None
    assert event.actor_label == "staff@example.org"
