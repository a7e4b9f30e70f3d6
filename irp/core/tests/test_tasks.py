from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from irp.core import registry
from irp.core.tasks import prune_task_results
from irp.emails.tasks import deliver_queued_email

pytestmark = pytest.mark.django_db


def test_finished_task_rows_older_than_the_retention_are_pruned(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.TASK_RESULT_RETENTION_DAYS = 7
    now = timezone.now()
    rows = {}
    for name, status, age in [
        ("old_done", TaskResultStatus.SUCCESSFUL, 8),
        ("old_failed", TaskResultStatus.FAILED, 8),
        ("recent_done", TaskResultStatus.SUCCESSFUL, 6),
        ("waiting", TaskResultStatus.READY, None),
    ]:
        result = deliver_queued_email.enqueue()
        DBTaskResult.objects.filter(pk=result.id).update(
            status=status, finished_at=now - timedelta(days=age) if age else None
        )
        rows[name] = str(result.id)

    prune_task_results.call()  # what the worker's daily schedule runs

    left = {str(pk) for pk in DBTaskResult.objects.values_list("pk", flat=True)}
    assert left == {rows["recent_done"], rows["waiting"]}


def test_without_the_database_task_backend_there_is_nothing_to_prune():
    prune_task_results.call()  # tests run tasks at once, with no rows to prune


def test_the_worker_schedules_pruning_and_email_retention_daily():
    schedule = {periodic.name: periodic.seconds for periodic in registry.periodic_tasks()}
    assert schedule["irp.core.tasks.prune_task_results"] == 24 * 60 * 60
    assert schedule["irp.emails.tasks.reduce_sent_emails"] == 24 * 60 * 60
    assert schedule["irp.emails.tasks.deliver_queued_email"] == 60
