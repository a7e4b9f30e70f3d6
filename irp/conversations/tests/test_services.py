"""Taking part and moderation, through the services on the real database."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from irp.accounts.testing import make_person
from irp.conversations import selectors, services
from irp.conversations.models import ModerationAct, Mute, Post, Report, Space

pytestmark = pytest.mark.django_db


def test_a_first_post_needs_the_guidelines_accepted(circle, member):
    with pytest.raises(ValidationError, match="guidelines"):
        services.start_thread(space=circle, person=member, title="Hello", body="Hi")
    services.accept_guidelines(space=circle, person=member)
    post = services.start_thread(space=circle, person=member, title="Hello", body="Hi")
    assert post.number == 1 and post.is_published


def test_a_new_version_of_the_guidelines_asks_again(accepted, member):
    accepted.guidelines = "New words, to read again."
    services.update_space(space=accepted)
    assert accepted.guidelines_version == 2
    with pytest.raises(ValidationError, match="guidelines"):
        services.start_thread(space=accepted, person=member, title="Hello", body="Hi")
    services.accept_guidelines(space=accepted, person=member)
    assert services.start_thread(space=accepted, person=member, title="Hello", body="Hi")


def test_saving_unchanged_guidelines_keeps_the_version(accepted):
    accepted.name = "Renamed"
    services.update_space(space=accepted)
    assert accepted.guidelines_version == 1


def test_replies_are_numbered_and_the_thread_moves_up(thread, other_member):
    later = timezone.now() + dt.timedelta(minutes=5)
    post = services.reply(thread=thread, person=other_member, body="Silence helps.", now=later)
    thread.refresh_from_db()
    assert post.number == 2 and thread.last_number == 2
    assert thread.last_activity_at == later


def test_replying_follows_the_thread_unless_the_person_chose_to_stop(thread, other_member):
    services.reply(thread=thread, person=other_member, body="One")
    assert selectors.is_following(other_member, thread)
    services.follow_thread(thread=thread, person=other_member, following=False)
    services.reply(thread=thread, person=other_member, body="Two")
    assert not selectors.is_following(other_member, thread)


def test_empty_and_very_long_bodies_are_refused_with_a_clear_message(thread, other_member):
    with pytest.raises(ValidationError, match="Write something"):
        services.reply(thread=thread, person=other_member, body="   \n ")
    with pytest.raises(ValidationError, match="20,000 characters; this one has 50,000"):
        services.reply(thread=thread, person=other_member, body="x" * 50_000)
    assert thread.posts.count() == 1


def test_a_quote_from_another_thread_is_ignored(accepted, thread, member, other_member):
    elsewhere = services.start_thread(space=accepted, person=member, title="Other", body="Else")
    post = services.reply(thread=thread, person=other_member, body="Hm", quote_of=elsewhere)
    assert post.quote_of is None
    first = thread.posts.get(number=1)
    assert services.reply(thread=thread, person=other_member, body="Yes", quote_of=first).quote_of


def test_edits_within_thirty_minutes_are_marked(thread, member):
    post = thread.posts.get()
    edited = services.edit_post(post=post, person=member, body="What helps you *listen*?")
    assert edited.edited_at is not None and "<em>listen</em>" in edited.body_html


def test_edits_after_thirty_minutes_are_refused(thread, member):
    post = thread.posts.get()
    later = post.created_at + dt.timedelta(minutes=31)
    with pytest.raises(ValidationError, match="30 minutes"):
        services.edit_post(post=post, person=member, body="Changed", now=later)


def test_only_the_author_edits_or_removes(thread, other_member):
    post = thread.posts.get()
    with pytest.raises(PermissionDenied):
        services.edit_post(post=post, person=other_member, body="Mine now")
    with pytest.raises(PermissionDenied):
        services.remove_own_post(post=post, person=other_member)


def test_removing_a_post_keeps_its_place_without_its_text(thread, member, other_member):
    services.reply(thread=thread, person=other_member, body="A reply")
    post = services.remove_own_post(post=thread.posts.get(number=1), person=member)
    post.refresh_from_db()
    assert post.state == Post.State.REMOVED and post.body == "" and post.body_html == ""
    assert thread.posts.count() == 2


def test_mentions_of_members_are_recorded_and_outsiders_are_not(thread, member, outsider):
    post = services.reply(thread=thread, person=member, body="Hello @AdaOkafor and @OutSider")
    assert [m.person.email for m in post.mentions.all()] == ["ada@example.org"]


def test_posting_is_rate_limited_per_person(settings, thread, other_member, member):
    settings.CONVERSATIONS_POST_LIMITS = ((60, 2),)
    services.reply(thread=thread, person=other_member, body="One")
    services.reply(thread=thread, person=other_member, body="Two")
    with pytest.raises(ValidationError, match="wait a minute"):
        services.reply(thread=thread, person=other_member, body="Three")
    assert services.reply(thread=thread, person=member, body="Someone else may post")


def test_a_first_post_in_the_open_room_waits_for_approval(room, member, facilitator):
    room.facilitators.add(facilitator)
    services.accept_guidelines(space=room, person=member)
    first = services.start_thread(space=room, person=member, title="Hello", body="New here")
    assert first.state == Post.State.WAITING
    second = services.reply(thread=first.thread, person=member, body="Still new")
    assert second.state == Post.State.WAITING
    services.approve_post(post=first, actor=facilitator)
    assert services.reply(thread=first.thread, person=member, body="Now").is_published
    act = ModerationAct.objects.get()
    assert (act.action, act.actor, act.post) == ("approve", facilitator, first)


def test_a_locked_thread_takes_no_replies(thread, facilitator, other_member):
    services.lock_thread(thread=thread, actor=facilitator, locked=True, reason="Resting")
    with pytest.raises(ValidationError, match="locked"):
        services.reply(thread=thread, person=other_member, body="Hello?")
    assert ModerationAct.objects.get().reason == "Resting"


def test_hiding_tells_the_author_why_and_keeps_the_post_for_staff(
    thread, facilitator, other_member, delivered
):
    post = services.reply(thread=thread, person=other_member, body="Something unkind")
    services.report_post(post=post, person=thread.author, reason="This hurt")
    services.hide_post(post=post, actor=facilitator, reason="It labels a person.")
    post.refresh_from_db()
    assert post.state == Post.State.HIDDEN and post.body == "Something unkind"
    assert not Report.objects.filter(resolved_at__isnull=True).exists()
    [email] = delivered()
    assert email.to == ["ada@example.org"] and "It labels a person." in email.body
    act = ModerationAct.objects.get(action="hide")
    assert act.actor_label == facilitator.email and act.reason == "It labels a person."


def test_hiding_needs_a_reason_and_a_moderator(thread, facilitator, other_member):
    post = thread.posts.get()
    with pytest.raises(ValidationError, match="reason"):
        services.hide_post(post=post, actor=facilitator, reason=" ")
    with pytest.raises(PermissionDenied):
        services.hide_post(post=post, actor=other_member, reason="I dislike it")


def test_a_muted_member_reads_but_cannot_post_until_the_mute_ends(
    thread, facilitator, other_member, delivered
):
    mute = services.mute_member(
        space=thread.space, person=other_member, actor=facilitator, days=3, reason="A pause."
    )
    assert selectors.thread_for(other_member, thread.pk) is not None
    with pytest.raises(ValidationError, match="cannot post in this space until"):
        services.reply(thread=thread, person=other_member, body="Hello")
    Mute.objects.filter(pk=mute.pk).update(until=timezone.now() - dt.timedelta(seconds=1))
    assert services.reply(thread=thread, person=other_member, body="Back")
    assert "A pause." in delivered()[0].body


def test_a_space_name_reaches_the_subject_as_written(room, member, facilitator, delivered):
    room.facilitators.add(facilitator)
    services.mute_member(space=room, person=member, actor=facilitator, days=1, reason="Rest")
    assert delivered()[0].subject == "A pause on posting in Practitioners' room"


def test_facilitators_cannot_be_muted_in_their_space(thread, facilitator, staff_member):
    with pytest.raises(ValidationError, match="cannot be muted"):
        services.mute_member(
            space=thread.space, person=facilitator, actor=staff_member, days=1, reason="No"
        )


def test_a_thread_moves_only_between_spaces_its_mover_looks_after(thread, facilitator, room):
    with pytest.raises(PermissionDenied):
        services.move_thread(thread=thread, actor=facilitator, to_space=room)
    room.facilitators.add(facilitator)
    room = Space.objects.get(pk=room.pk)  # as the next request reads it
    services.move_thread(thread=thread, actor=facilitator, to_space=room, reason="Wider")
    thread.refresh_from_db()
    assert thread.space == room
    assert "Practitioners' room" in ModerationAct.objects.get(action="move").reason


def test_staff_are_members_of_every_space_and_moderate_it(circle, staff_member, outsider):
    assert selectors.space_for(staff_member, circle.pk) == circle
    assert selectors.can_moderate(staff_member, circle)
    assert selectors.space_for(outsider, circle.pk) is None


def test_a_new_person_is_a_member_of_the_open_room_only(room, circle):
    newcomer = make_person(email="new@example.org")
    assert selectors.spaces_for(newcomer) == [room]
