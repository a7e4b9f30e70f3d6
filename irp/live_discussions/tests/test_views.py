import datetime as dt

import pytest
from django.utils import timezone

from irp.accounts.testing import sign_in_with_two_steps
from irp.audit.models import AuditEvent
from irp.live_discussions import services
from irp.live_discussions.models import Place

from .factories import (
    JOIN_LINK,
    FacilitatorFactory,
    LiveSessionFactory,
    PersonFactory,
    PlaceFactory,
)

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "practitioner", "other_practitioner", "facilitator", "other_facilitator",
         "staff"]  # fmt: skip


@pytest.fixture
def world(session, facilitator):
    """One session; `practitioner` holds a confirmed place, everyone else holds none."""
    practitioner = PersonFactory()
    place = PlaceFactory(session=session, person=practitioner)
    return {
        "session": session,
        "place": place,
        "practitioner": practitioner,
        "other_practitioner": PersonFactory(),
        "facilitator": facilitator,
        "other_facilitator": FacilitatorFactory(),
        "staff": PersonFactory(is_staff=True),
        "feed": services.calendar_feed_for(person=practitioner),
        "cant_come": services.cant_come_token(place),
    }


def as_role(client, world, role):
    if role in ("facilitator", "other_facilitator", "staff"):
        # Their roles see other people's data: signed in with two steps.
        sign_in_with_two_steps(client, world[role])
    elif role != "anonymous":
        client.force_login(world[role])
    return client


LOGIN = "login"
TWO_STEP = "two-step"
EXPECTED = {
    # url name: (method, {role: status}) -- roles not named expect the "*" status
    "upcoming": ("get", {"*": 200}),
    "session": ("get", {"*": 200}),
    "session_ics": ("get", {"*": 200}),
    "register": ("post", {"anonymous": LOGIN, "*": 302}),
    "cancel": ("post", {"anonymous": LOGIN, "*": 302}),
    "reminders": ("post", {"anonymous": LOGIN, "practitioner": 302, "*": 404}),
    "mine": ("get", {"anonymous": LOGIN, "*": 200}),
    "calendar_feed": ("get", {"anonymous": LOGIN, "*": 200}),
    "feed": ("get", {"*": 200}),
    "cant_come": ("get", {"*": 200}),
    # The facilitator screens show other people's data: practitioners, who sign in with
    # a password only, are asked for two steps before anything else (TWO_STEP); with
    # two steps they are refused (irp/accounts/tests/test_two_step.py).
    "facilitated": (
        "get",
        {"anonymous": LOGIN, "practitioner": TWO_STEP, "other_practitioner": TWO_STEP, "*": 200},
    ),
    # Somebody else's session's list of people answers as if it did not exist.
    "attendees": (
        "get",
        {
            "anonymous": LOGIN,
            "facilitator": 200,
            "staff": 200,
            "other_facilitator": 404,
            "*": TWO_STEP,
        },
    ),
    "attendees_csv": (
        "get",
        {
            "anonymous": LOGIN,
            "facilitator": 200,
            "staff": 200,
            "other_facilitator": 404,
            "*": TWO_STEP,
        },
    ),
    "send_message": (
        "post",
        {
            "anonymous": LOGIN,
            "facilitator": 400,
            "staff": 400,
            "other_facilitator": 404,
            "*": TWO_STEP,
        },
    ),
}


def url_for(name, world):
    from django.urls import reverse

    if name in ("upcoming", "mine", "calendar_feed", "facilitated"):
        return reverse(f"live_discussions:{name}")
    if name == "feed":
        return reverse("live_discussions:feed", args=[world["feed"].token])
    if name == "cant_come":
        return reverse("live_discussions:cant_come", args=[world["cant_come"]])
    return reverse(f"live_discussions:{name}", args=[world["session"].pk])


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_authorisation_matrix_and_the_join_link_never_leaks(client, world, role, name):
    method, statuses = EXPECTED[name]
    expected = statuses.get(role, statuses["*"])
    response = getattr(as_role(client, world, role), method)(url_for(name, world))
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    elif expected == TWO_STEP:
        assert response.status_code == 302
        assert response["Location"] == "/accounts/2fa/"
    else:
        assert response.status_code == expected
    # Two days before the start nobody, not even the confirmed person, gets the link.
    assert JOIN_LINK not in response.content.decode()


def test_unknown_feed_and_cant_come_tokens_are_not_found(client, world):
    assert client.get("/live/calendar/not-a-token.ics").status_code == 404
    assert client.get("/live/places/forged/cant-come/").status_code == 404


def test_drafts_are_hidden_from_everyone_but_staff_and_their_facilitators(client, facilitator):
    draft = LiveSessionFactory(status="draft", facilitators=[facilitator])
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(PersonFactory())
    assert client.get(draft.get_absolute_url()).status_code == 404
    sign_in_with_two_steps(client, facilitator)
    assert client.get(draft.get_absolute_url()).status_code == 200


@pytest.mark.parametrize(
    ("minutes_to_start", "status", "sees_link"),
    [
        (16, "confirmed", False),
        (15, "confirmed", True),
        (-60, "confirmed", True),
        (-91, "confirmed", False),  # the session has ended
        (10, "waiting", False),
        (10, "cancelled", False),
    ],
)
def test_join_link_only_for_confirmed_people_from_15_minutes_before_until_the_end(
    client, minutes_to_start, status, sees_link
):
    starts_at = timezone.now() + dt.timedelta(minutes=minutes_to_start, seconds=-1 if
                                              minutes_to_start == 15 else 0)  # fmt: skip
    session = LiveSessionFactory(starts_at=starts_at, ends_at=starts_at + dt.timedelta(minutes=90))
    place = PlaceFactory(session=session, status=status,
                         queue_number=1 if status == "waiting" else None)  # fmt: skip
    client.force_login(place.person)
    assert (JOIN_LINK in client.get(session.get_absolute_url()).content.decode()) is sees_link
    client.force_login(PersonFactory())  # someone else, at the same moment
    assert JOIN_LINK not in client.get(session.get_absolute_url()).content.decode()
    # Never in the calendar file or the feed either.
    assert JOIN_LINK not in client.get(f"/live/{session.pk}/calendar.ics").content.decode()
    feed = services.calendar_feed_for(person=place.person)
    assert JOIN_LINK not in client.get(feed.get_absolute_url()).content.decode()


def test_the_join_link_is_stored_encrypted(session):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT join_link FROM live_discussions_livesession WHERE id = %s",
                       [session.pk])  # fmt: skip
        [stored] = cursor.fetchone()
    assert JOIN_LINK not in stored and stored


def test_one_click_registration_then_the_page_shows_the_confirmed_place(client, session):
    person = PersonFactory()
    client.force_login(person)
    response = client.post(f"/live/{session.pk}/register/", {"wants_reminders": "on"},
                           follow=True)  # fmt: skip
    assert "Your place is confirmed" in response.content.decode()
    place = Place.objects.get(person=person)
    assert place.is_confirmed and place.wants_reminders


def test_registering_without_a_confirmed_email_explains_why(client, session):
    client.force_login(PersonFactory(verified=False))
    response = client.post(f"/live/{session.pk}/register/", follow=True)
    assert "confirm your email address" in response.content.decode()
    assert not Place.objects.exists()


def test_registering_for_a_full_session_shows_the_waiting_position(client):
    session = LiveSessionFactory(capacity=0)
    client.force_login(PersonFactory())
    response = client.post(f"/live/{session.pk}/register/", follow=True)
    assert "number 1 on the waiting list" in response.content.decode()


def test_cant_come_asks_first_and_acts_only_on_post(client, world):
    url = url_for("cant_come", world)
    page = client.get(url)
    assert "Give up my place" in page.content.decode()
    world["place"].refresh_from_db()
    assert world["place"].is_confirmed
    response = client.post(url)
    assert response.status_code == 200
    world["place"].refresh_from_db()
    assert world["place"].status == Place.Status.CANCELLED
    assert client.post(url).status_code == 200  # a second click is harmless


def test_waiting_people_are_not_offered_a_calendar_file(client, world):
    session = world["session"]
    session.capacity = 1
    session.save()
    waiting = PersonFactory()
    place = PlaceFactory(session=session, person=waiting, status="waiting", queue_number=1)
    client.force_login(waiting)

    page = client.get(session.get_absolute_url()).content.decode()
    mine = client.get("/live/mine/").content.decode()

    assert "number 1 on the waiting list" in page
    assert "calendar.ics" not in page and "calendar.ics" not in mine
    assert client.get(f"/live/{session.pk}/calendar.ics").status_code == 404
    # Once promoted, the file is theirs.
    place.status = Place.Status.CONFIRMED
    place.save()
    assert "calendar.ics" in client.get(session.get_absolute_url()).content.decode()
    assert client.get(f"/live/{session.pk}/calendar.ics").status_code == 200


@pytest.mark.parametrize(("where", "next_page"), [("session", None), ("mine", "/live/mine/")])
def test_giving_up_a_place_asks_once_then_acts_on_post(client, world, where, next_page):
    session, place = world["session"], world["place"]
    client.force_login(world["practitioner"])
    page_url = session.get_absolute_url() if where == "session" else "/live/mine/"
    page = client.get(page_url).content.decode()
    ask = f"/live/{session.pk}/cancel/" + ("?next=mine" if where == "mine" else "")
    assert f'href="{ask}"' in page
    # The link only asks: nothing is given up yet.
    confirming = client.get(ask)
    html = confirming.content.decode()
    assert confirming.status_code == 200
    assert f"Give up your place in {session.title}?" in html
    assert "Keep my place" in html
    place.refresh_from_db()
    assert place.is_confirmed

    response = client.post(f"/live/{session.pk}/cancel/", {"next": "mine"} if next_page else {})

    assert response["Location"] == (next_page or session.get_absolute_url())
    place.refresh_from_db()
    assert place.status == Place.Status.CANCELLED


def test_leaving_the_waiting_list_asks_in_its_own_words(client, world):
    session = world["session"]
    waiting = PersonFactory()
    PlaceFactory(session=session, person=waiting, status="waiting", queue_number=1)
    client.force_login(waiting)
    html = client.get(f"/live/{session.pk}/cancel/").content.decode()
    assert "Leave the waiting list for" in html and "Stay on the waiting list" in html


def test_asking_to_give_up_a_place_you_do_not_have_explains(client, world):
    client.force_login(world["other_practitioner"])
    response = client.get(f"/live/{world['session'].pk}/cancel/", follow=True)
    assert "You have no place in this session to give up." in response.content.decode()


def test_the_calendar_feed_address_uses_site_url(client, world, settings):
    settings.SITE_URL = "https://irp.example"
    client.force_login(world["practitioner"])
    page = client.get("/live/calendar/", HTTP_HOST="internal-app-3:8080").content.decode()
    assert f"https://irp.example{world['feed'].get_absolute_url()}" in page
    assert "internal-app-3" not in page


def test_revoked_feed_url_stops_working(client, world):
    old = url_for("feed", world)
    client.force_login(world["practitioner"])
    client.post("/live/calendar/")
    assert client.get(old).status_code == 404


def test_staff_viewing_and_exporting_an_attendee_list_is_audited(client, world):
    sign_in_with_two_steps(client, world["staff"])
    client.get(url_for("attendees", world))
    client.get(url_for("attendees_csv", world))
    actions = sorted(AuditEvent.objects.values_list("action", flat=True))
    assert actions == ["live_discussions.attendees_exported", "live_discussions.attendees_viewed"]
    sign_in_with_two_steps(client, world["facilitator"])
    client.get(url_for("attendees", world))
    assert AuditEvent.objects.count() == 2  # a session's own facilitator is not audited


def test_csv_lists_confirmed_and_waiting_people_and_defuses_formulas(client, world):
    PlaceFactory(session=world["session"], status="waiting", queue_number=1,
                 person=PersonFactory(display_name="=HYPERLINK(1)"))  # fmt: skip
    sign_in_with_two_steps(client, world["facilitator"])
    body = client.get(url_for("attendees_csv", world)).content.decode()
    lines = body.strip().splitlines()
    assert lines[0].startswith("name,email,place")
    assert world["practitioner"].email in lines[1] and "Confirmed" in lines[1]
    assert lines[2].startswith("'=HYPERLINK(1)") and "Waiting list" in lines[2]


def test_facilitator_records_attendance_after_the_start(client, facilitator):
    started = timezone.now() - dt.timedelta(minutes=5)
    session = LiveSessionFactory(starts_at=started, ends_at=started + dt.timedelta(hours=1),
                                 facilitators=[facilitator])  # fmt: skip
    place = PlaceFactory(session=session)
    sign_in_with_two_steps(client, facilitator)
    client.post(f"/live/facilitate/{session.pk}/", {f"attendance-{place.pk}": "did_not_attend"})
    place.refresh_from_db()
    assert place.attendance == "did_not_attend"


def test_an_empty_message_is_refused_next_to_its_field(client, world):
    sign_in_with_two_steps(client, world["facilitator"])
    response = client.post(url_for("send_message", world), {"subject": "Hello", "body": ""})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Write the message you want to send." in html
    assert 'aria-describedby="id_body-error"' in html and 'value="Hello"' in html


def test_upcoming_list_uses_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    person = PersonFactory()
    for _ in range(25):
        PlaceFactory(person=person)
    client.force_login(person)
    # Ten with an empty cache: the menu's first render also reads the sites, the footer's
    # the organisation's details, the two-step rule reads the person's roles, and one
    # query brings every session's facilitators.
    with django_assert_max_num_queries(10):
        response = client.get("/live/")
    assert response.status_code == 200 and response.content.decode().count("live-card") == 20


def test_my_sessions_uses_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    person = PersonFactory()
    for _ in range(10):
        PlaceFactory(person=person)
    for n in range(5):
        PlaceFactory(person=person, status="waiting", queue_number=n + 1)
    client.force_login(person)
    # Nine with an empty cache: the menu's first render also reads the sites, the footer's
    # the organisation's details, and the two-step rule reads the person's roles.
    with django_assert_max_num_queries(9):
        response = client.get("/live/mine/")
    html = response.content.decode()
    assert response.status_code == 200 and html.count("live-card") == 15
    assert html.count("number 1 on the waiting list") == 5


def test_paths_built_from_the_prefix_match_the_url_patterns():
    from django.urls import reverse

    live = reverse("live_discussions:upcoming")
    assert reverse("live_discussions:session", args=[7]) == f"{live}7/"
    assert reverse("live_discussions:session_ics", args=[7]) == f"{live}7/calendar.ics"
    assert reverse("live_discussions:cancel", args=[7]) == f"{live}7/cancel/"


def test_cant_come_links_stop_working_when_the_session_starts(client):
    started = timezone.now() - dt.timedelta(minutes=1)
    session = LiveSessionFactory(starts_at=started, ends_at=started + dt.timedelta(hours=1))
    place = PlaceFactory(session=session)
    url = url_for("cant_come", {"cant_come": services.cant_come_token(place)})
    page = client.get(url).content.decode()
    assert "already started" in page and "Give up my place" not in page
    response = client.post(url)
    assert response.status_code == 409
    assert "This session has already started" in response.content.decode()
    place.refresh_from_db()
    assert place.is_confirmed


def test_a_session_names_its_facilitators_says_what_to_expect_and_reads_cpd_in_hours(client):
    from decimal import Decimal

    facilitator = PersonFactory(display_name="Robin Guide")
    session = LiveSessionFactory(facilitators=[facilitator], cpd_hours=Decimal("1.50"))
    html = client.get(f"/live/{session.pk}/").content.decode()
    assert "Facilitated by Robin Guide" in html
    assert "What to expect" in html
    assert "1.5 hours" in html and "1.50" not in html
    assert "Facilitated by Robin Guide" in client.get("/live/").content.decode()


def test_facilitators_find_facilitate_in_the_header_and_practitioners_do_not(client):
    from irp.accounts import roles
    from irp.accounts.testing import make_person

    client.force_login(PersonFactory())
    assert ">Facilitate</a>" not in client.get("/live/").content.decode()
    client.logout()
    sign_in_with_two_steps(client, make_person(email="f@example.org", role=roles.FACILITATORS))
    assert 'href="/live/facilitate/">Facilitate</a>' in client.get("/live/").content.decode()


def test_a_facilitator_sees_sessions_to_come_soonest_first(client):
    from irp.accounts import roles
    from irp.accounts.testing import make_person

    facilitator = make_person(email="f@example.org", role=roles.FACILITATORS)
    now = timezone.now()
    for title, days in [("Later", 9), ("Sooner", 2), ("Past", -3)]:
        starts = now + dt.timedelta(days=days)
        LiveSessionFactory(
            title=title,
            facilitators=[facilitator],
            starts_at=starts,
            ends_at=starts + dt.timedelta(hours=1),
        )
    sign_in_with_two_steps(client, facilitator)
    html = client.get("/live/facilitate/").content.decode()
    assert html.index("Sooner") < html.index("Later") < html.index("Earlier sessions")
    assert html.index("Earlier sessions") < html.index("Past")
