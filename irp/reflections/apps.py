from django.apps import AppConfig


class ReflectionsConfig(AppConfig):
    name = "irp.reflections"
    verbose_name = "Reflective inquiry"
