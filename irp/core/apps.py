from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "irp.core"
    label = "core"
    verbose_name = "Core"
