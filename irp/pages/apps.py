from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "irp.pages"
    label = "pages"
    verbose_name = "Pages"

    def ready(self):
        from . import receivers

        receivers.connect()
