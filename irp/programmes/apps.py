from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "irp.programmes"
    label = "programmes"
    verbose_name = "Programmes"
    default_auto_field = "django.db.models.BigAutoField"
