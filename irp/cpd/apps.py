from django.apps import AppConfig


class CpdConfig(AppConfig):
    name = "irp.cpd"
    verbose_name = "CPD records"
