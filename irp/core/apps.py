from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "irp.core"
    label = "core"
    verbose_name = "Core"

    def ready(self):
        from django.db.backends.signals import connection_created
        from django_tasks.signals import task_enqueued, task_finished, task_started

        from . import logs
        from .data_dir import on_connection_created

        # Task log lines carry the id of the request that queued the task (logs.py).
        task_enqueued.connect(logs.remember_for_task, dispatch_uid="irp-task-request-id")
        task_started.connect(logs.task_started, dispatch_uid="irp-task-started-id")
        task_finished.connect(logs.task_finished, dispatch_uid="irp-task-finished-id")

        # The demo's database is readable by its owner only (irp/core/data_dir.py).
        connection_created.connect(on_connection_created, dispatch_uid="irp-private-sqlite")
