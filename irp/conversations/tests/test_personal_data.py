"""A person's conversations in their archive, and what erasure leaves."""

import datetime as dt
import io
import json
import zipfile

import pytest

from irp.accounts.services import build_data_archive, erase_account
from irp.conversations import selectors, services
from irp.conversations.models import ModerationAct, Post, Thread

pytestmark = pytest.mark.django_db
TUESDAY = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)


def test_the_archive_holds_every_post_the_person_wrote(thread, member):
    archive = zipfile.ZipFile(io.BytesIO(build_data_archive(person=member)))
    data = json.loads(archive.read("your-data.json"))
    [post] = data["conversations"]["posts"]
    assert post["thread"] == "Listening first" and post["text"] == "What helps you listen?"
    assert "What helps you listen?" in archive.read("your-data.md").decode()


def test_erasure_keeps_posts_as_a_former_member_without_their_text(
    thread, member, other_member, delivered
):
    services.reply(thread=thread, person=other_member, body="A reply that stays.")
    erase_account(person=member)
    opening = thread.posts.get(number=1)
    assert opening.author is None and opening.body == "" and opening.body_html == ""
    thread.refresh_from_db()
    assert thread.title == "A conversation started by a former member"
    assert thread.posts.get(number=2).body == "A reply that stays."
    assert selectors.search(space=thread.space, person=other_member, query="listen") == []


def test_a_person_may_choose_to_have_their_posts_deleted(accepted, thread, member, other_member):
    services.set_preferences(person=member, digest="weekly", on_erasure="delete")
    alone = services.start_thread(space=accepted, person=member, title="Alone", body="Only me")
    services.reply(thread=thread, person=other_member, body="A reply that stays.")
    services.reply(thread=thread, person=member, body="My second post")
    erase_account(person=member)
    assert not Thread.objects.filter(pk=alone.thread_id).exists()
    # The opening post others replied to keeps its place, without its text.
    assert list(thread.posts.values_list("number", "body")) == [
        (1, ""),
        (2, "A reply that stays."),
    ]


def test_nothing_of_an_erased_person_stays_in_digests(accepted, member, other_member, delivered):
    services.start_thread(space=accepted, person=member, title="Mine", body="My words",
                          now=TUESDAY - dt.timedelta(hours=2))  # fmt: skip
    erase_account(person=member)
    delivered().clear()
    services.send_due_digests(now=TUESDAY)
    assert all("My words" not in m.body and "Mine" not in m.body for m in delivered())


def test_moderators_acts_stay_without_their_name_after_erasure(thread, facilitator):
    services.lock_thread(thread=thread, actor=facilitator, locked=True)
    erase_account(person=facilitator)
    act = ModerationAct.objects.get()
    assert act.actor is None and act.actor_label == "an erased account"


def test_a_hidden_posts_kept_text_goes_with_its_author(thread, member, facilitator):
    post = thread.posts.get()
    services.hide_post(post=post, actor=facilitator, reason="Kept back.")
    erase_account(person=member)
    post = Post.objects.get(pk=post.pk)
    assert post.body == "" and post.hidden_reason == ""
