"""Demo pages, made through Wagtail's page tree. Idempotent: found by slug, never duplicated."""

from django.db import transaction
from wagtail.models import Page, Site

from .models import HomePage


def _new_page_tree() -> Page:
    """A database emptied by a transactional test has no page tree and no locale (both are
    made by Wagtail's migrations): start them again, as those migrations do."""
    from django.conf import settings
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Locale

    Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    return Page.add_root(instance=Page(title="Root", slug="root"))


@transaction.atomic
def load(*, stdout) -> None:
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node() or _new_page_tree()
        # Wagtail's own migration leaves a placeholder "Welcome" page at the site root.
        for placeholder in root.get_children().filter(content_type__model="page"):
            placeholder.delete()
        home = root.add_child(
            instance=HomePage(
                title="Infinite Recovery",
                slug="home",
                intro="<p>A model of health for professionals in addiction and mental health.</p>",
            )
        )
        home.save_revision().publish()
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={
            "hostname": "localhost",
            "port": 80,
            "root_page": home,
            "site_name": "Infinite Recovery",
        },
    )
