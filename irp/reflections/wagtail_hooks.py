"""Staff edit the prompt library as snippets. Journals have no admin screen at all."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import PromptCollection


class PromptCollectionViewSet(SnippetViewSet):
    model = PromptCollection
    icon = "help"
    menu_label = "Reflection prompts"
    menu_name = "reflection_prompts"
    add_to_admin_menu = True
    list_display = ["title"]
    search_fields = ["title"]


register_snippet(PromptCollectionViewSet)
