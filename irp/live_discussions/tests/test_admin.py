"""The staff screens, through HTTP: times typed in the session's zone, series, refusals."""

import datetime as dt
import zoneinfo

import pytest

from irp.accounts.testing import sign_in_with_two_steps
from irp.live_discussions.models import LiveSession, Place

from .factories import JOIN_LINK, LiveSessionFactory, PersonFactory, PlaceFactory

pytestmark = pytest.mark.django_db

EMPTY_RICH_TEXT = '{"blocks":[{"key":"a","text":"","type":"unstyled","depth":0,"inlineStyleRanges":[],"entityRanges":[]}],"entityMap":{}}'  # noqa: E501


@pytest.fixture
def staff_client(client):
    sign_in_with_two_steps(client, PersonFactory(is_staff=True, is_superuser=True))
    return client


def form_data(**overrides):
    data = {
        "title": "Seeing well-being",
        "description": EMPTY_RICH_TEXT,
        "format": "online",
        "join_link": JOIN_LINK,
        "venue_address": "",
        "time_zone": "America/New_York",
        "starts_at": "2026-03-09 12:00",
        "ends_at": "2026-03-09 13:30",
        "weekly_count": "1",
        "capacity": "12",
        "registration_opens_at": "",
        "registration_closes_at": "",
        "series": "",
        "cpd_hours": "1.5",
        "status": "published",
    }
    return {**data, **overrides}


def test_staff_enter_times_in_the_sessions_zone_and_they_are_stored_in_utc(staff_client):
    response = staff_client.post("/admin/live_sessions/new/", form_data())
    assert response.status_code == 302, response.content.decode()[:3000]
    session = LiveSession.objects.get()
    # 12:00 in New York on 9 March 2026 (the day after clocks went forward: EDT, UTC-4).
    assert session.starts_at == dt.datetime(2026, 3, 9, 16, 0, tzinfo=dt.UTC)
    assert session.time_zone == "America/New_York" and session.join_link == JOIN_LINK
    edit = staff_client.get(f"/admin/live_sessions/edit/{session.pk}/").content.decode()
    assert "2026-03-09 12:00" in edit  # shown again in the session's zone, not the admin's


def test_a_weekly_series_is_made_from_the_add_form(staff_client):
    data = form_data(time_zone="Europe/London", starts_at="2026-03-17 19:00",
                     ends_at="2026-03-17 20:00", weekly_count="3")  # fmt: skip
    assert staff_client.post("/admin/live_sessions/new/", data).status_code == 302
    sessions = list(LiveSession.objects.order_by("starts_at"))
    assert len(sessions) == 3 and sessions[0].series_id == sessions[2].series_id
    london = zoneinfo.ZoneInfo("Europe/London")
    assert [s.starts_at.astimezone(london).hour for s in sessions] == [19, 19, 19]
    assert [s.starts_at.hour for s in sessions] == [19, 19, 18]  # UTC: BST from 29 March


def test_a_weekly_series_skips_christmas_and_new_year_unless_staff_choose_them(staff_client):
    # Fridays: 18 December 2026, then 25 December and 1 January, which are skipped.
    data = form_data(time_zone="Europe/London", starts_at="2026-12-18 19:00",
                     ends_at="2026-12-18 20:00", weekly_count="3")  # fmt: skip
    assert staff_client.post("/admin/live_sessions/new/", data).status_code == 302
    london = zoneinfo.ZoneInfo("Europe/London")
    dates = [
        s.starts_at.astimezone(london).date() for s in LiveSession.objects.order_by("starts_at")
    ]
    assert dates == [dt.date(2026, 12, 18), dt.date(2027, 1, 8), dt.date(2027, 1, 15)]
    assert LiveSession.objects.first().series.meets_on_holidays is False

    LiveSession.objects.all().delete()
    assert (
        "Meet on 25 and 26 December and 1 January"
        in staff_client.get("/admin/live_sessions/new/").content.decode()
    )
    data["meets_on_holidays"] = "on"
    assert staff_client.post("/admin/live_sessions/new/", data).status_code == 302
    dates = [
        s.starts_at.astimezone(london).date() for s in LiveSession.objects.order_by("starts_at")
    ]
    assert dates == [dt.date(2026, 12, 18), dt.date(2026, 12, 25), dt.date(2027, 1, 1)]
    assert LiveSession.objects.first().series.meets_on_holidays is True


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"ends_at": "2026-03-09 11:00"}, "ends_at", "The end must be after the start."),
        ({"capacity": "-1"}, "capacity", "Capacity cannot be below zero."),
        (
            {
                "time_zone": "Europe/London",
                "starts_at": "2026-03-29 01:30",
                "ends_at": "2026-03-29 03:00",
            },
            "starts_at",
            "does not exist",
        ),
        (
            {
                "time_zone": "America/New_York",
                "starts_at": "2026-03-08 02:15",
                "ends_at": "2026-03-08 04:00",
            },
            "starts_at",
            "does not exist",
        ),
        ({"join_link": ""}, "join_link", "needs a join link"),
    ],
)
def test_bad_input_is_refused_next_to_the_field_and_keeps_what_was_typed(
    staff_client, overrides, field, message
):
    response = staff_client.post("/admin/live_sessions/new/", form_data(**overrides))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert "Seeing well-being" in response.content.decode()
    assert not LiveSession.objects.exists()


def test_raising_capacity_in_the_admin_promotes_people_waiting(staff_client):
    session = LiveSessionFactory(capacity=1, time_zone="Europe/London")
    PlaceFactory(session=session)
    waiting = PlaceFactory(session=session, status="waiting", queue_number=1)
    london = zoneinfo.ZoneInfo("Europe/London")
    data = form_data(
        time_zone="Europe/London",
        starts_at=session.starts_at.astimezone(london).strftime("%Y-%m-%d %H:%M"),
        ends_at=session.ends_at.astimezone(london).strftime("%Y-%m-%d %H:%M"),
        title=session.title,
        capacity="2",
    )
    response = staff_client.post(f"/admin/live_sessions/edit/{session.pk}/", data)
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == Place.Status.CONFIRMED


def test_lowering_capacity_below_confirmed_places_is_refused_in_the_admin(staff_client):
    session = LiveSessionFactory(capacity=2, time_zone="Europe/London")
    PlaceFactory(session=session)
    PlaceFactory(session=session)
    london = zoneinfo.ZoneInfo("Europe/London")
    data = form_data(
        time_zone="Europe/London",
        starts_at=session.starts_at.astimezone(london).strftime("%Y-%m-%d %H:%M"),
        ends_at=session.ends_at.astimezone(london).strftime("%Y-%m-%d %H:%M"),
        capacity="1",
    )
    response = staff_client.post(f"/admin/live_sessions/edit/{session.pk}/", data)
    assert response.status_code == 200
    assert "lower than the 2 places" in " ".join(response.context["form"].errors["capacity"])
    session.refresh_from_db()
    assert session.capacity == 2


def test_practitioners_cannot_reach_the_session_admin(client):
    client.force_login(PersonFactory())
    assert client.get("/admin/live_sessions/").status_code in (302, 403)


def test_cancelling_in_the_admin_emails_everyone_registered(
    staff_client, mailoutbox, django_capture_on_commit_callbacks
):
    session = LiveSessionFactory(capacity=1, time_zone="Europe/London")
    people = [PlaceFactory(session=session).person,
              PlaceFactory(session=session, status="waiting", queue_number=1).person]  # fmt: skip
    london = zoneinfo.ZoneInfo("Europe/London")
    data = form_data(
        time_zone="Europe/London",
        starts_at=session.starts_at.astimezone(london).strftime("%Y-%m-%d %H:%M"),
        ends_at=session.ends_at.astimezone(london).strftime("%Y-%m-%d %H:%M"),
        capacity="1",
        status="cancelled",
    )
    with django_capture_on_commit_callbacks(execute=True):  # delivery starts after commit
        response = staff_client.post(f"/admin/live_sessions/edit/{session.pk}/", data)
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mailoutbox) == sorted(p.email for p in people)
    assert all("Cancelled" in m.subject for m in mailoutbox)
    # A calendar file (METHOD:CANCEL) only for the confirmed place; the person who was
    # waiting never had the session in their calendar.
    attached = {m.to[0]: [a for a in m.attachments if "calendar" in a[2]] for m in mailoutbox}
    assert len(attached[people[0].email]) == 1 and attached[people[1].email] == []
    waiting_email = next(m for m in mailoutbox if m.to == [people[1].email])
    assert "calendar" not in waiting_email.body
    session.refresh_from_db()
    assert session.is_cancelled and session.sequence == 1


def test_a_session_nobody_registered_for_can_be_deleted(staff_client):
    session = LiveSessionFactory()
    delete_url = f"/admin/live_sessions/delete/{session.pk}/"
    assert staff_client.get(delete_url).status_code == 200
    assert staff_client.post(delete_url).status_code == 302
    assert not LiveSession.objects.filter(pk=session.pk).exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_session_people_registered_for_is_cancelled_not_deleted(staff_client, method):
    session = LiveSessionFactory(title="Seeing well-being")
    PlaceFactory(session=session)
    PlaceFactory(session=session, status=Place.Status.CANCELLED)
    response = getattr(staff_client, method)(
        f"/admin/live_sessions/delete/{session.pk}/", follow=True
    )
    assert response.redirect_chain[-1][0] == f"/admin/live_sessions/edit/{session.pk}/"
    html = response.content.decode()
    assert "2 people have registered for “Seeing well-being”, so it cannot be deleted" in html
    assert "set its status to Cancelled" in html
    assert LiveSession.objects.filter(pk=session.pk).exists()
    assert session.places.count() == 2


def test_the_staff_list_shows_places_taken_of_the_capacity(staff_client):
    session = LiveSessionFactory(title="Counted session", capacity=12)
    for _ in range(3):
        PlaceFactory(session=session)
    html = staff_client.get("/admin/live_sessions/").content.decode()
    assert "Places taken / capacity" in html
    assert "3 / 12" in html


def test_facilitators_are_chosen_with_labelled_checkboxes(staff_client):
    facilitator = PersonFactory(is_staff=True, email="guide@example.org")
    html = staff_client.get("/admin/live_sessions/new/").content.decode()
    assert f'type="checkbox" name="facilitators" value="{facilitator.pk}"' in html
    assert '<select name="facilitators"' not in html
    response = staff_client.post(
        "/admin/live_sessions/new/", form_data(facilitators=[str(facilitator.pk)])
    )
    assert response.status_code == 302
    assert list(LiveSession.objects.get().facilitators.all()) == [facilitator]
