from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "irp.articles"
    label = "articles"
    verbose_name = "Articles"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from irp.pages.services import clear_page_cache

        from .models import ArticleCategory

        # A renamed category shows on every article in it: clear cached pages.
        post_save.connect(clear_page_cache, sender=ArticleCategory, dispatch_uid="irp-cat-saved")
        post_delete.connect(clear_page_cache, sender=ArticleCategory, dispatch_uid="irp-cat-del")
