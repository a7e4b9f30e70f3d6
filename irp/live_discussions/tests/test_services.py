import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from irp.emails.selectors import emails_about
from irp.live_discussions import selectors, sending, services
from irp.live_discussions.models import LiveSession, Place

from .factories import JOIN_LINK, LiveSessionFactory, PersonFactory, PlaceFactory

pytestmark = pytest.mark.django_db


def _text(content) -> str:
    return content.decode() if isinstance(content, bytes) else content


def test_registration_confirms_a_place_while_seats_remain(session, person, delivered):
    place = services.register_for_session(session=session, person=person)
    assert place.status == Place.Status.CONFIRMED
    [email] = delivered()
    assert email.to == [person.email]
    assert "confirmed" in email.subject
    assert email.attachments[0][0] == "live-discussion.ics"
    assert "/cant-come/" in email.body
    assert JOIN_LINK not in email.body
    assert JOIN_LINK not in email.alternatives[0][0]


def test_emails_say_which_session_they_are_about(session, person, delivered):
    other = LiveSessionFactory()
    place = services.register_for_session(session=session, person=person)
    services.cancel_session(session=session)
    services.register_for_session(session=other, person=PersonFactory())

    about = emails_about(session)
    assert [e.template for e in about] == [
        "live_discussions/emails/confirmed",
        "live_discussions/emails/session_cancelled",
    ]
    assert all(e.to == place.person.email for e in about)
    assert len(emails_about(other)) == 1


def test_full_session_puts_the_next_person_on_the_waiting_list(delivered):
    session = LiveSessionFactory(capacity=1)
    services.register_for_session(session=session, person=PersonFactory())
    second = services.register_for_session(session=session, person=PersonFactory())
    third = services.register_for_session(session=session, person=PersonFactory())
    assert (second.status, third.status) == (Place.Status.WAITING, Place.Status.WAITING)
    assert selectors.waiting_position(second) == 1
    assert selectors.waiting_position(third) == 2
    waiting_email = delivered()[-1]
    assert "number 2 on the waiting list" in waiting_email.body


def test_cancelling_a_confirmed_place_promotes_the_first_person_waiting(delivered):
    session = LiveSessionFactory(capacity=1)
    first = services.register_for_session(session=session, person=PersonFactory())
    waiting = services.register_for_session(session=session, person=PersonFactory())
    later = services.register_for_session(session=session, person=PersonFactory())
    delivered().clear()

    services.cancel_place(place=first)

    waiting.refresh_from_db()
    later.refresh_from_db()
    assert waiting.status == Place.Status.CONFIRMED
    assert waiting.queue_number is None
    assert selectors.waiting_position(later) == 1
    [email] = delivered()
    assert email.to == [waiting.person.email]
    assert "come free" in email.subject
    assert email.attachments and "/cant-come/" in email.body


def test_leaving_the_waiting_list_promotes_nobody(delivered):
    session = LiveSessionFactory(capacity=1)
    services.register_for_session(session=session, person=PersonFactory())
    waiting = services.register_for_session(session=session, person=PersonFactory())
    delivered().clear()
    services.cancel_place(place=waiting)
    assert delivered() == []
    assert session.places.filter(status=Place.Status.CONFIRMED).count() == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"status": LiveSession.Status.CANCELLED}, "cancelled"),
        ({"status": LiveSession.Status.DRAFT}, "not open"),
        ({"starts_at": timezone.now() - dt.timedelta(minutes=5)}, "already started"),
        ({"registration_closes_at": timezone.now() - dt.timedelta(minutes=1)}, "closed"),
        ({"registration_opens_at": timezone.now() + dt.timedelta(hours=1)}, "not opened"),
    ],
)
def test_registration_is_refused_with_a_clear_message_and_nothing_changes(change, message):
    fields = {"starts_at": timezone.now() + dt.timedelta(days=1), **change}
    fields["ends_at"] = fields["starts_at"] + dt.timedelta(hours=1)
    session = LiveSessionFactory(**fields)
    with pytest.raises(ValidationError, match=message):
        services.register_for_session(session=session, person=PersonFactory())
    assert not Place.objects.exists()
    session.refresh_from_db()
    assert session.last_queue_number == 0


def test_registering_twice_is_refused_and_keeps_one_place(session, person):
    services.register_for_session(session=session, person=person)
    with pytest.raises(ValidationError, match="already have a place"):
        services.register_for_session(session=session, person=person)
    assert Place.objects.filter(person=person).count() == 1


def test_an_unconfirmed_email_address_cannot_register(session):
    with pytest.raises(ValidationError, match="confirm your email"):
        services.register_for_session(session=session, person=PersonFactory(verified=False))
    assert not Place.objects.exists()


def test_a_person_who_gave_up_can_register_again(session, person):
    place = services.register_for_session(session=session, person=person)
    services.cancel_place(place=place)
    again = services.register_for_session(session=session, person=person)
    assert again.pk != place.pk and again.is_confirmed


def test_giving_up_twice_is_refused(session, person):
    place = services.register_for_session(session=session, person=person)
    services.cancel_place(place=place)
    with pytest.raises(ValidationError, match="already been given up"):
        services.cancel_place(place=place)


def test_raising_capacity_promotes_people_waiting_in_order(delivered):
    session = LiveSessionFactory(capacity=1)
    people = [PersonFactory() for _ in range(4)]
    places = [services.register_for_session(session=session, person=p) for p in people]
    delivered().clear()
    session.capacity = 3
    services.update_session(session=session)
    statuses = [Place.objects.get(pk=p.pk).status for p in places]
    assert statuses == ["confirmed", "confirmed", "confirmed", "waiting"]
    assert sorted(e.to[0] for e in delivered()) == sorted([people[1].email, people[2].email])


def test_capacity_below_confirmed_places_is_refused(session):
    for _ in range(3):
        services.register_for_session(session=session, person=PersonFactory())
    session.capacity = 2
    with pytest.raises(ValidationError, match="lower than the 3 places"):
        services.update_session(session=session)
    session.refresh_from_db()
    assert session.capacity == 10


def test_end_before_start_and_negative_capacity_are_refused(facilitator):
    start = timezone.now() + dt.timedelta(days=1)
    bad = LiveSessionFactory.build(starts_at=start, ends_at=start - dt.timedelta(hours=1))
    with pytest.raises(ValidationError) as refusal:
        services.create_sessions(session=bad)
    assert refusal.value.message_dict["ends_at"] == ["The end must be after the start."]
    negative = LiveSessionFactory.build(capacity=-1)
    with pytest.raises(ValidationError) as refusal:
        services.create_sessions(session=negative)
    assert refusal.value.message_dict["capacity"] == ["Capacity cannot be below zero."]
    assert not LiveSession.objects.exists()


def test_cancelling_a_session_emails_everyone_registered_and_confirmed_places_a_cancellation(
    delivered,
):
    session = LiveSessionFactory(capacity=1)
    confirmed = services.register_for_session(session=session, person=PersonFactory())
    waiting = services.register_for_session(session=session, person=PersonFactory())
    delivered().clear()
    services.cancel_session(session=session)
    emails = {e.to[0]: e for e in delivered()}
    assert sorted(emails) == sorted([confirmed.person.email, waiting.person.email])
    _, content, mimetype = emails[confirmed.person.email].attachments[0]
    assert "METHOD:CANCEL" in _text(content) and "STATUS:CANCELLED" in _text(content)
    assert "method=CANCEL" in mimetype
    # Someone waiting never had a calendar file for it, so there is nothing to remove.
    assert emails[waiting.person.email].attachments == []
    session.refresh_from_db()
    assert session.sequence == 1


def test_changing_the_time_raises_sequence_and_tells_confirmed_people(session, delivered):
    place = services.register_for_session(session=session, person=PersonFactory())
    delivered().clear()
    session.starts_at += dt.timedelta(hours=1)
    session.ends_at += dt.timedelta(hours=1)
    services.update_session(session=session)
    session.refresh_from_db()
    assert session.sequence == 1
    [email] = delivered()
    assert email.to == [place.person.email] and "SEQUENCE:1" in _text(email.attachments[0][1])
    session.capacity = 12  # seats only: no calendar change
    services.update_session(session=session)
    session.refresh_from_db()
    assert session.sequence == 1


def test_a_cancelled_session_cannot_be_reopened(session):
    services.cancel_session(session=session)
    session.status = LiveSession.Status.PUBLISHED
    with pytest.raises(ValidationError, match="cannot be reopened"):
        services.update_session(session=session)


def test_weekly_series_keeps_the_local_time_across_the_clock_change(facilitator):
    # 19:00 London on Tuesdays from 17 March 2026: the clocks go forward on 29 March.
    start = dt.datetime(2026, 3, 17, 19, 0, tzinfo=dt.UTC)  # 19:00 GMT
    template = LiveSessionFactory.build(starts_at=start, ends_at=start + dt.timedelta(hours=1))
    made = services.create_sessions(session=template, facilitators=[facilitator], weekly_count=4)
    assert len(made) == 4 and len({s.series_id for s in made}) == 1
    local = [s.starts_at.astimezone(s.zone) for s in made]
    assert [t.strftime("%d %H:%M %Z") for t in local] == [
        "17 19:00 GMT", "24 19:00 GMT", "31 19:00 BST", "07 19:00 BST",
    ]  # fmt: skip
    assert made[2].starts_at.astimezone(dt.UTC).hour == 18
    assert all(list(s.facilitators.all()) == [facilitator] for s in made)


def test_attendance_is_recorded_from_the_start_only(session, facilitator):
    place = PlaceFactory(session=session)
    with pytest.raises(ValidationError, match="once the session has started"):
        services.record_attendance(session=session, marks={place.pk: "attended"}, by=facilitator)
    later = session.starts_at + dt.timedelta(minutes=1)
    services.record_attendance(
        session=session, marks={place.pk: "attended"}, by=facilitator, now=later
    )
    place.refresh_from_db()
    assert place.attendance == Place.Attendance.ATTENDED


def test_a_facilitator_message_is_stored_then_sent_once_to_everyone_registered(
    session, facilitator, delivered, django_capture_on_commit_callbacks
):
    places = [PlaceFactory(session=session), PlaceFactory(session=session, status="waiting",
                                                         queue_number=1)]  # fmt: skip
    PlaceFactory(session=session, status="cancelled")
    with django_capture_on_commit_callbacks(execute=True):
        message = services.send_message_to_registered(
            session=session, author=facilitator, subject="Before we meet", body="Bring tea."
        )
    assert sending.deliver_session_message(message_id=message.pk) == 0  # already sent
    emails = delivered()
    assert sorted(e.to[0] for e in emails) == sorted(p.person.email for p in places)
    assert "Bring tea." in emails[0].body and JOIN_LINK not in emails[0].body


def test_revoking_the_calendar_feed_replaces_its_token(person):
    old = services.calendar_feed_for(person=person).token
    new = services.revoke_calendar_feed(person=person).token
    assert old != new and len(new) >= 40


def test_next_open_sessions_lists_published_upcoming_sessions_open_for_registration():
    now = timezone.now()
    soon = LiveSessionFactory(starts_at=now + dt.timedelta(days=1))
    LiveSessionFactory(starts_at=now + dt.timedelta(days=2), status=LiveSession.Status.DRAFT)
    LiveSessionFactory(starts_at=now + dt.timedelta(days=3), registration_closes_at=now)
    later = LiveSessionFactory(starts_at=now + dt.timedelta(days=4))
    LiveSessionFactory(starts_at=now + dt.timedelta(days=5), status="cancelled")
    last = LiveSessionFactory(starts_at=now + dt.timedelta(days=6))
    LiveSessionFactory(starts_at=now + dt.timedelta(days=7))
    assert selectors.next_open_sessions() == [soon, later, last]
    assert selectors.next_open_sessions(limit=1) == [soon]


@pytest.mark.parametrize(
    ("person_zone", "shows_session_time"), [("Europe/London", False), ("Asia/Tokyo", True)]
)
def test_the_confirmation_gives_the_sessions_own_time_only_when_it_reads_differently(
    delivered, person_zone, shows_session_time
):
    session = LiveSessionFactory(time_zone="Europe/London")
    person = PersonFactory(time_zone=person_zone)
    services.register_for_session(session=session, person=person)
    [email] = delivered()
    assert f"({person_zone})\n" in email.body
    assert ("Session time:" in email.body) is shows_session_time
    assert ("Session time:" in _text(email.alternatives[0][0])) is shows_session_time


def test_a_series_skips_boxing_day_by_the_sessions_own_calendar():
    """26 December is judged in the session's zone: 23:30 in London on Christmas Day is
    already Boxing Day in Auckland."""
    import zoneinfo

    auckland = zoneinfo.ZoneInfo("Pacific/Auckland")
    starts = dt.datetime(2026, 12, 19, 11, 30, tzinfo=auckland)  # Saturday morning there
    session = LiveSessionFactory.build(
        time_zone="Pacific/Auckland", starts_at=starts, ends_at=starts + dt.timedelta(hours=1)
    )
    made = services.create_sessions(session=session, weekly_count=2)
    assert [s.starts_at.astimezone(auckland).date() for s in made] == [
        dt.date(2026, 12, 19),
        dt.date(2027, 1, 2),
    ]


def test_a_place_cannot_be_given_up_once_the_session_has_started():
    started = timezone.now() - dt.timedelta(seconds=1)
    session = LiveSessionFactory(starts_at=started, ends_at=started + dt.timedelta(hours=1))
    place = PlaceFactory(session=session)
    with pytest.raises(ValidationError, match="already started"):
        services.cancel_place(place=place)
    place.refresh_from_db()
    assert place.is_confirmed
