import io

import pytest
from django.core.management import call_command

from irp.accounts.selectors import has_verified_email
from irp.live_discussions.demo import FACILITATOR_EMAIL
from irp.live_discussions.models import LiveSession, Place
from irp.live_discussions.selectors import next_open_sessions, upcoming_sessions

pytestmark = pytest.mark.django_db


def test_demo_sessions_cover_each_case_and_loading_twice_duplicates_nothing():
    call_command("demo", no_serve=True, stdout=io.StringIO())
    before = (LiveSession.objects.count(), Place.objects.count())
    call_command("demo", no_serve=True, stdout=io.StringIO())
    assert (LiveSession.objects.count(), Place.objects.count()) == before

    sessions = list(upcoming_sessions())
    assert {s.format for s in sessions} == {"online", "venue"}
    assert any(s.series_id for s in sessions)
    assert any(s.capacity - s.confirmed_count == 1 for s in sessions)  # nearly full
    assert Place.objects.filter(status="waiting").exists()
    assert len(next_open_sessions()) == 3

    from irp.accounts.models import User

    facilitator = User.objects.get(email=FACILITATOR_EMAIL)
    assert has_verified_email(facilitator) and facilitator.check_password("demo-password-1")
    assert facilitator.groups.filter(name="Facilitators").exists()
    # The demo facilitator runs every session to come (past ones exist for CPD records).
    upcoming_ids = [s.pk for s in sessions]
    assert facilitator.facilitated_sessions.filter(pk__in=upcoming_ids).count() == len(sessions)
