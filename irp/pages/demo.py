"""Demo pages, made through Wagtail's page tree. Idempotent: found by slug, never duplicated."""

from django.db import transaction
from wagtail.models import Page, Site

from .models import HomePage


@transaction.atomic
def load(*, stdout) -> None:
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
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
