from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "irp.privacy"
    verbose_name = "Data register"
