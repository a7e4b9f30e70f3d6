"""Clear the anonymous page cache, here and in the caching front, whenever what the
public sees may have changed (front.py says what is purged when)."""

from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import front
from .cache import clear_page_cache, move_to_a_new_generation
from .models import OrganisationSettings


def _page_published_or_unpublished(sender, instance, **kwargs):
    move_to_a_new_generation()
    front.purge_page_and_listings(instance)


def _clear_after_page_delete(sender, instance, **kwargs):
    if isinstance(instance, Page):
        clear_page_cache()


def connect() -> None:
    page_published.connect(_page_published_or_unpublished, dispatch_uid="irp-pages-published")
    page_unpublished.connect(_page_published_or_unpublished, dispatch_uid="irp-pages-unpublished")
    post_page_move.connect(clear_page_cache, dispatch_uid="irp-pages-moved")
    # Deleting a subtree sends one signal per page; each is a cheap increment.
    post_delete.connect(_clear_after_page_delete, dispatch_uid="irp-pages-deleted")
    # A site's host name or root page decides every address the cached pages link to.
    post_save.connect(clear_page_cache, sender=Site, dispatch_uid="irp-site-saved")
    post_delete.connect(clear_page_cache, sender=Site, dispatch_uid="irp-site-deleted")
    # Making a page private (or public again) changes who may see it and its subpages.
    post_save.connect(
        clear_page_cache, sender=PageViewRestriction, dispatch_uid="irp-restriction-saved"
    )
    post_delete.connect(
        clear_page_cache, sender=PageViewRestriction, dispatch_uid="irp-restriction-deleted"
    )
    # The organisation's details are in every page's footer.
    post_save.connect(
        clear_page_cache, sender=OrganisationSettings, dispatch_uid="irp-organisation-saved"
    )
