"""Scheduled publishing: what editors schedule goes live (and expires) on its own."""

import datetime

from django.core.cache import cache
from django.utils import timezone

from irp.pages import tasks
from irp.pages.models import StandardPage

from .conftest import PROFESSIONALS_URL


def test_a_revision_scheduled_for_now_is_published_and_visitors_see_it_at_once(
    client, professionals_page
):
    client.get(PROFESSIONALS_URL)  # an anonymous view, now cached
    professionals_page.heading = "Professionals in addiction and recovery"
    revision = professionals_page.save_revision(
        approved_go_live_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    new_heading = "<h1>Professionals in addiction and recovery</h1>"
    assert new_heading not in client.get(PROFESSIONALS_URL).content.decode()

    assert tasks.publish_scheduled_pages.call() is True

    revision.refresh_from_db()
    assert revision.approved_go_live_at is None
    assert new_heading in client.get(PROFESSIONALS_URL).content.decode()


def test_a_page_past_its_expiry_is_taken_offline(client, professionals_page):
    client.get(PROFESSIONALS_URL)
    StandardPage.objects.filter(pk=professionals_page.pk).update(
        expire_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    tasks.publish_scheduled_pages.call()
    assert client.get(PROFESSIONALS_URL).status_code == 404


def test_only_one_worker_publishes_at_a_time(professionals_page):
    professionals_page.title = "Scheduled while another worker runs"
    professionals_page.save_revision(
        approved_go_live_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    cache.add(tasks.LOCK_KEY, "running")  # another worker holds the lock
    assert tasks.publish_scheduled_pages.call() is False
    professionals_page.refresh_from_db()
    assert professionals_page.title != "Scheduled while another worker runs"
    cache.delete(tasks.LOCK_KEY)
    assert tasks.publish_scheduled_pages.call() is True
    professionals_page.refresh_from_db()
    assert professionals_page.title == "Scheduled while another worker runs"
