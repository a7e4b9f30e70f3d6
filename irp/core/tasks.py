from django.conf import settings
from django.core.management import call_command
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task, task_backends
from django_tasks_db import DatabaseBackend


@task()
def prune_task_results() -> None:
    """Delete finished task rows older than TASK_RESULT_RETENTION_DAYS (run daily by the
    worker's schedule), so the tasks table keeps recent work only. Uses django-tasks-db's
    own command; with any other task backend there is nothing to prune."""
    if not isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], DatabaseBackend):
        return
    # As command-line arguments: the command converts them (the backend name to the
    # backend itself) only when they are parsed.
    call_command(
        "prune_db_task_results",
        f"--backend={DEFAULT_TASK_BACKEND_ALIAS}",
        "--queue-name=*",
        f"--min-age-days={settings.TASK_RESULT_RETENTION_DAYS}",
        verbosity=0,
    )
