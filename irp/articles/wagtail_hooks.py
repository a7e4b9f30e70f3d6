"""Staff screens for articles: categories are snippets editors manage beside the pages."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from irp.core import registry

from . import data_register, demo
from .models import ArticleCategory


class ArticleCategoryViewSet(SnippetViewSet):
    model = ArticleCategory
    icon = "tag"
    menu_label = "Article categories"
    list_display = ["name", "slug"]
    search_fields = ["name"]
    add_to_admin_menu = True


register_snippet(ArticleCategoryViewSet)

hooks.register(registry.DEMO_CONTENT, demo.load, order=20)


hooks.register(registry.PERSONAL_DATA_FIELDS, data_register.fields)
