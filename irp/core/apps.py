from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "irp.core"
    label = "core"
    verbose_name = "Core"

    def ready(self):
        from django.db.backends.signals import connection_created

        from .data_dir import on_connection_created

        # The demo's database is readable by its owner only (irp/core/data_dir.py).
        connection_created.connect(on_connection_created, dispatch_uid="irp-private-sqlite")
