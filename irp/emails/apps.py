from django.apps import AppConfig


class EmailsConfig(AppConfig):
    name = "irp.emails"
    label = "emails"
    verbose_name = "Outgoing email"
