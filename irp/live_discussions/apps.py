from django.apps import AppConfig


class LiveDiscussionsConfig(AppConfig):
    name = "irp.live_discussions"
    label = "live_discussions"
    verbose_name = "Live discussions"
    default_auto_field = "django.db.models.BigAutoField"
