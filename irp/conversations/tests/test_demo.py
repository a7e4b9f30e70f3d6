import io

import pytest
from django.core.management import call_command

from irp.conversations.models import Post, Space, Thread

pytestmark = pytest.mark.django_db


def test_demo_cohort_space_and_open_room_and_loading_twice_duplicates_nothing():
    call_command("demo", no_serve=True, stdout=io.StringIO())
    before = (Thread.objects.count(), Post.objects.count())
    call_command("demo", no_serve=True, stdout=io.StringIO())
    assert (Thread.objects.count(), Post.objects.count()) == before

    room = Space.objects.get(kind=Space.Kind.EVERYONE)
    assert room.threads.count() == 1
    [space] = Space.objects.filter(kind=Space.Kind.COHORT, threads__isnull=False).distinct()
    assert space.threads.count() == 2
    posts = Post.objects.filter(thread__space=space, state=Post.State.PUBLISHED)
    authors = set(posts.values_list("author__email", flat=True))
    assert {
        "practitioner@demo.infiniterecovery.example",
        "facilitator@demo.infiniterecovery.example",
        "jamie@demo.infiniterecovery.example",
        "priya@demo.infiniterecovery.example",
    } == authors
    assert all(thread.posts.count() > 1 for thread in space.threads.all())
