"""Search within a space: PostgreSQL's full-text search (run with DATABASE_URL), or the
plain fallback on SQLite; the same answers either way for these cases."""

import pytest

from irp.conversations import selectors, services

pytestmark = pytest.mark.django_db


@pytest.fixture
def talk(accepted, thread, member, other_member, facilitator):
    services.reply(thread=thread, person=other_member, body="Silence helps me listen.")
    hidden = services.reply(thread=thread, person=other_member, body="Silence is unkind.")
    services.hide_post(post=hidden, actor=facilitator, reason="Kept back.")
    services.start_thread(space=accepted, person=member, title="Gardens and patience",
                          body="Nothing to do with it.")  # fmt: skip
    return thread


def test_search_finds_published_posts_by_their_words(talk, member):
    found = selectors.search(space=talk.space, person=member, query="silence")
    assert [post.body for post in found] == ["Silence helps me listen."]


def test_search_finds_a_thread_by_its_title(talk, member):
    found = selectors.search(space=talk.space, person=member, query="gardens")
    assert [post.thread.title for post in found] == ["Gardens and patience"]


def test_search_stays_inside_its_space(talk, member, room):
    assert selectors.search(space=room, person=member, query="silence") == []


def test_search_with_odd_input_finds_nothing_and_never_fails(talk, member):
    for query in ["", "   ", "&|!():*", "'; DROP TABLE x; --", "\x00", "x" * 500]:
        assert isinstance(selectors.search(space=talk.space, person=member, query=query), list)
