import pytest
from django.contrib.auth.models import AnonymousUser

from irp.conversations import tasks
from irp.core import registry

pytestmark = pytest.mark.django_db


def test_the_header_shows_conversations_to_signed_in_people_only(member):
    def titles(user):
        return [link.title for link in registry.navigation_links(user)]

    assert "Conversations" in titles(member)
    assert "Conversations" not in titles(AnonymousUser())


def test_the_worker_sends_digests_and_makes_cohort_spaces():
    scheduled = {periodic.task for periodic in registry.periodic_tasks()}
    assert {tasks.send_due_digests, tasks.ensure_cohort_spaces} <= scheduled
