from django.apps import AppConfig


class ConversationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "irp.conversations"
    verbose_name = "Conversations"

    def ready(self):
        from . import receivers  # noqa: F401
