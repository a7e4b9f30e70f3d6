from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "irp.audit"
    label = "audit"
    verbose_name = "Audit log"
