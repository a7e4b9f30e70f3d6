"""Races on PostgreSQL: real threads, each with its own database connection.

Each race test has a control run with the row lock taken away from the test's side
(`without_the_row_lock`) that must see the invariant broken, so we know the test can fail.
"""

import random
import threading

import pytest
from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.db import connection

from irp.accounts.models import User
from irp.emails.models import OutgoingEmail
from irp.live_discussions import selectors, sending, services
from irp.live_discussions.models import LiveSession, Place, ReminderSent
from irp.live_discussions.services import places

from .factories import LiveSessionFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

# The PostgreSQL server is shared (max_connections is about 100): at most this many
# connections at once, while every one of the jobs still runs in its own thread.
MAX_CONNECTIONS = 40


def without_the_row_lock(monkeypatch):
    """For a control run only: places read the session without locking its row."""
    monkeypatch.setattr(places, "lock_session", lambda pk: LiveSession.objects.get(pk=pk))


@pytest.fixture(autouse=True)
def no_delivery(settings):
    # Emails are still queued in each transaction; delivery is not what is under test.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def people(count: int) -> list[User]:
    users = User.objects.bulk_create(
        [User(email=f"racer{i}@example.org", display_name=f"Racer {i}") for i in range(count)]
    )
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users]
    )
    return users


def run_at_once(jobs) -> tuple[list, list]:
    """Start every job in its own thread, release them together, collect what happened."""
    start = threading.Event()
    gate = threading.Semaphore(MAX_CONNECTIONS)
    results, errors, lock = [], [], threading.Lock()

    def worker(job):
        start.wait()
        with gate:
            try:
                outcome = job()
            except ValidationError as refusal:
                outcome = refusal
            except Exception as error:  # anything else is a failure the test reports
                with lock:
                    errors.append(error)
                return
            finally:
                connection.close()
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=worker, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    start.set()
    for thread in threads:
        thread.join(timeout=120)
    return results, errors


def register_job(session, person):
    return lambda: services.register_for_session(session=session, person=person)


def counts(session) -> tuple[int, int]:
    places = Place.objects.filter(session=session)
    return (
        places.filter(status=Place.Status.CONFIRMED).count(),
        places.filter(status=Place.Status.WAITING).count(),
    )


def test_200_concurrent_registrations_for_20_seats_confirm_exactly_20():
    session = LiveSessionFactory(capacity=20)
    racers = people(200)

    results, errors = run_at_once([register_job(session, p) for p in racers])

    assert errors == [] and len(results) == 200
    assert not any(isinstance(r, ValidationError) for r in results)
    assert counts(session) == (20, 180)
    waiting = Place.objects.filter(session=session, status=Place.Status.WAITING)
    assert sorted(selectors.waiting_position(p) for p in waiting) == list(range(1, 181))
    assert len({p.queue_number for p in waiting}) == 180
    per_person = Place.objects.filter(session=session).values_list("person_id", flat=True)
    assert sorted(per_person) == sorted(p.pk for p in racers)


def test_control_without_the_row_lock_the_same_race_overbooks(monkeypatch):
    without_the_row_lock(monkeypatch)
    session = LiveSessionFactory(capacity=20)

    run_at_once([register_job(session, p) for p in people(200)])

    confirmed, _ = counts(session)
    assert confirmed > 20


def _mixed_race(session, racers):
    """Start with 20 confirmed and 40 waiting, then race 30 give-ups against 60 sign-ups."""
    for person in racers[:60]:
        services.register_for_session(session=session, person=person)
    leaving = random.Random(5).sample(list(Place.objects.filter(session=session)), 30)
    jobs = [lambda p=p: services.cancel_place(place=p) for p in leaving]
    jobs += [register_job(session, p) for p in racers[60:]]
    random.Random(7).shuffle(jobs)
    return run_at_once(jobs)


def mixed_invariant_holds(session, results, errors) -> bool:
    """What the mixed race must leave: every request served without a refusal, exactly
    the seats confirmed, everyone else waiting at positions 1..n, one place per person."""
    confirmed, waiting = counts(session)
    queue = Place.objects.filter(session=session, status=Place.Status.WAITING)
    active = Place.objects.filter(session=session, status__in=Place.ACTIVE)
    return (
        errors == []
        and not any(isinstance(r, ValidationError) for r in results)
        and (confirmed, waiting) == (20, 120 - 30 - 20)
        and sorted(selectors.waiting_position(p) for p in queue) == list(range(1, waiting + 1))
        and active.values("person").distinct().count() == active.count()
    )


def test_concurrent_cancellations_and_registrations_keep_the_invariant():
    session = LiveSessionFactory(capacity=20)
    results, errors = _mixed_race(session, people(120))

    assert errors == []
    assert counts(session) == (20, 70)
    assert mixed_invariant_holds(session, results, errors)


def test_control_without_the_row_lock_mixed_races_break_the_invariant(monkeypatch):
    session = LiveSessionFactory(capacity=20)
    racers = people(120)
    for person in racers[:60]:  # the starting point is made with the guard on
        services.register_for_session(session=session, person=person)
    without_the_row_lock(monkeypatch)
    leaving = random.Random(5).sample(list(Place.objects.filter(session=session)), 30)
    jobs = [lambda p=p: services.cancel_place(place=p) for p in leaving]
    jobs += [register_job(session, p) for p in racers[60:]]
    results, errors = run_at_once(jobs)

    assert not mixed_invariant_holds(session, results, errors)


def test_ten_parallel_clicks_by_one_person_give_one_place_and_never_a_500(client):
    from django.test import Client

    session = LiveSessionFactory(capacity=5)
    [person] = people(1)

    def click():
        browser = Client()
        browser.force_login(person)
        return browser.post(f"/live/{session.pk}/register/").status_code

    results, errors = run_at_once([click] * 10)

    assert errors == [] and results == [302] * 10
    assert Place.objects.filter(session=session, person=person).count() == 1


def test_two_workers_send_each_reminder_exactly_once():
    import datetime as dt

    from django.utils import timezone

    session = LiveSessionFactory(starts_at=timezone.now() + dt.timedelta(minutes=50))
    for person in people(30):
        Place.objects.create(session=session, person=person, status="confirmed",
                             wants_reminders=True)  # fmt: skip

    results, errors = run_at_once([sending.send_due_reminders] * 4)

    assert errors == [] and sum(results) == 30
    assert ReminderSent.objects.filter(kind="1h").count() == 30
    # Delivery is switched off here: every reminder is stored for sending exactly once.
    queued = OutgoingEmail.objects.filter(template="live_discussions/emails/reminder")
    assert sorted(queued.values_list("to", flat=True)) == sorted(
        f"racer{i}@example.org" for i in range(30)
    )
