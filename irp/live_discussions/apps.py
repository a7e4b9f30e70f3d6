from django.apps import AppConfig


class LiveDiscussionsConfig(AppConfig):
    name = "irp.live_discussions"
    label = "live_discussions"
    verbose_name = "Live discussions"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from irp.pages.services import clear_page_cache

        from .models import LiveSession

        # The home page may list the next sessions: a change shows there at once.
        post_save.connect(clear_page_cache, sender=LiveSession, dispatch_uid="irp-live-saved")
        post_delete.connect(clear_page_cache, sender=LiveSession, dispatch_uid="irp-live-del")
