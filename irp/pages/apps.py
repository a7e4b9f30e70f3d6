from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "irp.pages"
    label = "pages"
    verbose_name = "Pages"
