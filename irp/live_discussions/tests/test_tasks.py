import datetime as dt

import pytest
from django.utils import timezone

from irp.core import registry
from irp.live_discussions import sending, tasks
from irp.live_discussions.models import ReminderSent

from .factories import JOIN_LINK, LiveSessionFactory, PlaceFactory

pytestmark = pytest.mark.django_db


def test_reminders_run_every_minute_from_the_worker_schedule():
    assert ("irp.live_discussions.tasks.send_due_reminders", 60) in [
        (periodic.name, periodic.seconds) for periodic in registry.periodic_tasks()
    ]


def session_starting_in(**delta):
    starts_at = timezone.now() + dt.timedelta(**delta)
    return LiveSessionFactory(starts_at=starts_at, ends_at=starts_at + dt.timedelta(hours=1))


def test_day_before_reminder_goes_to_people_who_opted_in_once(delivered):
    session = session_starting_in(hours=23)
    wants = PlaceFactory(session=session, wants_reminders=True)
    PlaceFactory(session=session, wants_reminders=False)
    PlaceFactory(session=session, wants_reminders=True, status="waiting", queue_number=1)

    assert tasks.send_due_reminders.call() == 1
    assert tasks.send_due_reminders.call() == 0  # run again: nothing new

    [email] = delivered()
    assert email.to == [wants.person.email]
    assert "tomorrow" in email.subject and "/cant-come/" in email.body
    assert JOIN_LINK not in email.body and JOIN_LINK not in email.alternatives[0][0]
    assert ReminderSent.objects.get().kind == "24h"


def test_hour_before_reminder_follows_the_day_before_one(delivered):
    session = session_starting_in(minutes=55)
    place = PlaceFactory(session=session, wants_reminders=True)
    ReminderSent.objects.create(session=session, person=place.person, kind="24h")

    assert sending.send_due_reminders() == 1
    [email] = delivered()
    assert "in an hour" in email.subject


def test_no_reminders_far_ahead_after_the_start_or_for_cancelled_sessions():
    PlaceFactory(session=session_starting_in(hours=25), wants_reminders=True)
    PlaceFactory(session=session_starting_in(minutes=-1), wants_reminders=True)
    cancelled = session_starting_in(hours=2)
    cancelled.status = "cancelled"
    cancelled.save()
    PlaceFactory(session=cancelled, wants_reminders=True)
    assert sending.send_due_reminders() == 0


def test_someone_who_registers_within_the_hour_gets_only_the_hour_reminder():
    place = PlaceFactory(session=session_starting_in(minutes=30), wants_reminders=True)
    assert sending.send_due_reminders() == 1
    assert list(ReminderSent.objects.values_list("kind", flat=True)) == ["1h"]
    assert ReminderSent.objects.get().person == place.person
