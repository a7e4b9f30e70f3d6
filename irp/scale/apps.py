from django.apps import AppConfig


class ScaleConfig(AppConfig):
    name = "irp.scale"
    label = "scale"
    verbose_name = "Scale data"
