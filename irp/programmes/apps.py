from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "irp.programmes"
    label = "programmes"
    verbose_name = "Programmes"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from irp.pages.services import clear_page_cache

        from .models import Cohort

        # The home page may list the open programmes with their next cohort: a cohort
        # opened, moved or closed shows there at once.
        post_save.connect(clear_page_cache, sender=Cohort, dispatch_uid="irp-cohort-saved")
        post_delete.connect(clear_page_cache, sender=Cohort, dispatch_uid="irp-cohort-del")
