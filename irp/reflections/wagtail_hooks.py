"""Staff edit the prompt library as snippets. Journals have no admin screen at all."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from irp.core import registry

from . import data_register, demo, services
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

hooks.register(registry.DEMO_CONTENT, demo.load, order=50)
# The journal comes first in the archive, after the profile.
hooks.register(registry.EXPORT_PERSONAL_DATA, services.export_for, order=10)
hooks.register(registry.ERASE_PERSONAL_DATA, services.erase_for, order=10)
hooks.register(registry.KEY_ROTATIONS, services.rotate_keys)


@hooks.register(registry.NAVIGATION, order=20)
def reflect_link():
    return registry.NavLink("Reflect", "reflections:home", shown_to=registry.signed_in)


hooks.register(registry.PERSONAL_DATA_FIELDS, data_register.fields)
