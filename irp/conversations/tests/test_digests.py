"""Digests: who gets what, exactly once per period, never anything muted, hidden,
waiting or erased, and a one-click unsubscribe (RFC 8058) in every one."""

import datetime as dt

import pytest
from django.utils import timezone

from irp.accounts.testing import make_person
from irp.conversations import services
from irp.conversations.models import DigestSent, Preferences

pytestmark = pytest.mark.django_db

# A Tuesday at 09:00 in London: both daily and weekly digests are due.
TUESDAY = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)


def at(when, **delta):
    return when + dt.timedelta(**delta)


@pytest.fixture
def talk(accepted, member, other_member):
    """Sam starts a thread on Monday evening; Ada replies an hour later."""
    opening = services.start_thread(
        space=accepted, person=member, title="Listening first", body="What helps?",
        now=at(TUESDAY, hours=-14),
    )  # fmt: skip
    reply = services.reply(
        thread=opening.thread, person=other_member, body="Silence helps me.",
        now=at(TUESDAY, hours=-13),
    )  # fmt: skip
    return opening, reply


def digests(delivered):
    return {message.to[0]: message for message in delivered()}


def test_each_person_hears_of_what_others_wrote(talk, delivered):
    assert services.send_due_digests(now=TUESDAY) == 3
    sent = digests(delivered)
    # Sam follows the thread he started: Ada's reply, not his own opening post.
    assert "Silence helps me." in sent["sam@example.org"].body
    assert "What helps?" not in sent["sam@example.org"].body
    # Ada hears of the new thread; the facilitator too.
    assert "Listening first" in sent["ada@example.org"].body
    assert "Listening first" in sent["guide@example.org"].body


def test_a_digest_goes_once_per_period_however_often_the_worker_runs(talk, delivered):
    services.send_due_digests(now=TUESDAY)
    assert services.send_due_digests(now=at(TUESDAY, hours=1)) == 0
    assert services.send_due_digests(now=at(TUESDAY, days=2)) == 0
    assert len(delivered()) == 3
    assert DigestSent.objects.filter(period="weekly:2026-W49").count() == 3


def test_the_next_period_lists_only_what_is_new_since_the_last_digest(talk, delivered):
    opening, _ = talk
    services.send_due_digests(now=TUESDAY)
    delivered().clear()
    services.reply(thread=opening.thread, person=opening.author, body="Thank you.",
                   now=at(TUESDAY, days=2))  # fmt: skip
    services.send_due_digests(now=at(TUESDAY, days=7))
    sent = digests(delivered)
    assert set(sent) == {"ada@example.org"}
    assert "Thank you." in sent["ada@example.org"].body
    assert "Silence helps me." not in sent["ada@example.org"].body


def test_daily_digests_go_each_day_and_off_means_none(talk, member, other_member, delivered):
    services.set_preferences(person=member, digest="daily", on_erasure="keep")
    services.set_preferences(person=other_member, digest="off", on_erasure="keep")
    services.send_due_digests(now=TUESDAY)
    assert set(digests(delivered)) == {"sam@example.org", "guide@example.org"}
    assert DigestSent.objects.get(person=member).period == "daily:2026-12-01"


def test_nothing_is_sent_before_seven_in_the_morning_where_the_person_lives(talk, delivered):
    monday_early = dt.datetime(2026, 11, 30, 6, 30, tzinfo=dt.UTC)
    assert services.send_due_digests(now=monday_early) == 0


def test_nothing_from_hidden_waiting_or_muted_posts(talk, facilitator, member, delivered):
    opening, reply = talk
    services.hide_post(post=reply, actor=facilitator, reason="Kept back.")
    delivered().clear()
    newcomer = make_person(email="new@example.org", display_name="New Person")
    opening.thread.space.invited.add(newcomer)
    services.mute_member(space=opening.thread.space, person=newcomer, actor=facilitator,
                         days=1, reason="A pause.")  # fmt: skip
    delivered().clear()
    services.send_due_digests(now=TUESDAY)
    sent = digests(delivered)
    assert "sam@example.org" not in sent  # his only news was the hidden reply
    assert all("Silence helps me." not in message.body for message in sent.values())


def test_posts_by_someone_muted_now_are_left_out(talk, facilitator, other_member, delivered):
    # Muted for a week from the real clock: still in force on the Tuesday of the digest.
    services.mute_member(space=talk[0].thread.space, person=other_member, actor=facilitator,
                         days=7, reason="A pause.")  # fmt: skip
    delivered().clear()
    services.send_due_digests(now=TUESDAY)
    assert "sam@example.org" not in digests(delivered)


def test_a_mention_is_told_in_the_next_digest(accepted, member, other_member, delivered):
    services.set_preferences(person=member, digest="off", on_erasure="keep")
    opening = services.start_thread(space=accepted, person=member, title="Hello",
                                    body="A thought", now=at(TUESDAY, hours=-3))  # fmt: skip
    services.follow_thread(thread=opening.thread, person=other_member, following=False)
    services.start_thread(
        space=accepted, person=member, title="For Ada",
        body="What do you think, @AdaOkafor?", now=at(TUESDAY, hours=-2),
    )  # fmt: skip
    services.send_due_digests(now=TUESDAY)
    body = digests(delivered)["ada@example.org"].body
    assert "Posts that mention you" in body and "What do you think" in body


def test_people_outside_a_space_hear_nothing_of_it(talk, outsider, delivered):
    services.send_due_digests(now=TUESDAY)
    assert "outsider@example.org" not in digests(delivered)


def test_every_digest_carries_a_one_click_unsubscribe(talk, client, member, delivered):
    services.send_due_digests(now=TUESDAY)
    message = digests(delivered)["sam@example.org"]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert url in message.body
    path = url.removeprefix("http://127.0.0.1:8000")
    # A mail client's one-click POST: no cookie, no form token.
    response = client.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert Preferences.objects.get(person=member).digest == "off"


def test_a_forged_unsubscribe_link_changes_nothing(client, member):
    token = services.unsubscribe_token(member)
    response = client.post(f"/conversations/unsubscribe/{token[:-2]}xx/")
    assert response.status_code == 400
    assert not Preferences.objects.exists()


def test_a_weekly_digest_for_many_people_queues_in_one_pass(room, facilitator, delivered):
    people = [make_person(email=f"p{n}@example.org") for n in range(25)]
    room.facilitators.add(facilitator)  # so their post needs no approval
    services.accept_guidelines(space=room, person=facilitator)
    services.start_thread(space=room, person=facilitator, title="Welcome", body="Hello all",
                          now=at(TUESDAY, hours=-1))  # fmt: skip
    assert services.send_due_digests(now=TUESDAY) == len(people)
    assert timezone.is_aware(DigestSent.objects.first().sent_at)
