import time

import pytest
from django_tasks_db.models import DBTaskResult

from irp.core import registry
from irp.core.schedule import Scheduler
from irp.emails.tasks import deliver_queued_email

TASK_PATH = "irp.emails.tasks.deliver_queued_email"


class Unqueueable:
    """A task whose queue refuses it."""

    module_path = "irp.no_such.task"

    def enqueue(self):
        raise RuntimeError("the queue refused it")


def test_every_app_declares_its_periodic_tasks_in_the_registry():
    declared = {periodic.name for periodic in registry.periodic_tasks()}
    assert declared == {
        TASK_PATH,
        "irp.emails.tasks.reduce_sent_emails",
        "irp.audit.tasks.purge_old_audit_events",
        "irp.core.tasks.prune_task_results",
        "irp.enquiries.tasks.purge_enquiries",
        "irp.live_discussions.tasks.send_due_reminders",
        "irp.pages.tasks.publish_scheduled_pages",
        "irp.programmes.tasks.send_weekly_step_emails",
        "irp.conversations.tasks.ensure_cohort_spaces",
        "irp.conversations.tasks.send_due_digests",
    }


@pytest.mark.django_db(transaction=True)
def test_scheduler_enqueues_each_task_at_start_and_again_after_its_interval(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    scheduler = Scheduler(
        entries=[registry.Periodic(task=deliver_queued_email, seconds=0.2)], tick=0.05
    )
    scheduler.start()
    time.sleep(0.5)
    scheduler.stop()
    scheduler.join(timeout=2)
    enqueued = DBTaskResult.objects.filter(task_path=TASK_PATH)
    assert 2 <= enqueued.count() <= 4


@pytest.mark.django_db(transaction=True)
def test_a_task_that_cannot_be_enqueued_does_not_stop_the_others(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    entries = [
        registry.Periodic(task=Unqueueable(), seconds=60),
        registry.Periodic(task=deliver_queued_email, seconds=60),
    ]
    scheduler = Scheduler(entries=entries, tick=0.05)
    scheduler.start()
    time.sleep(0.2)
    scheduler.stop()
    scheduler.join(timeout=2)
    assert DBTaskResult.objects.filter(task_path=TASK_PATH).exists()
