import time

import pytest
from django_tasks_db.models import DBTaskResult

from irp.core.schedule import Scheduler


@pytest.mark.django_db(transaction=True)
def test_scheduler_enqueues_each_task_at_start_and_again_after_its_interval(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    scheduler = Scheduler(entries=[("irp.emails.tasks.deliver_queued_email", 0.2)], tick=0.05)
    scheduler.start()
    time.sleep(0.5)
    scheduler.stop()
    scheduler.join(timeout=2)
    enqueued = DBTaskResult.objects.filter(task_path="irp.emails.tasks.deliver_queued_email")
    assert 2 <= enqueued.count() <= 4


@pytest.mark.django_db(transaction=True)
def test_a_task_that_cannot_be_enqueued_does_not_stop_the_others(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    entries = [("irp.no_such.task", 60), ("irp.emails.tasks.deliver_queued_email", 60)]
    scheduler = Scheduler(entries=entries, tick=0.05)
    scheduler.start()
    time.sleep(0.2)
    scheduler.stop()
    scheduler.join(timeout=2)
    assert DBTaskResult.objects.filter(task_path="irp.emails.tasks.deliver_queued_email").exists()
