"""Writes other apps may ask of the public site: adding pages, and clearing the page cache."""

from wagtail.models import Page

from .cache import clear_page_cache

__all__ = ["clear_page_cache", "ensure_page"]


def ensure_page(parent: Page, page: Page) -> Page:
    """Add `page` under `parent` and publish it, unless a page with its slug is there.
    Returns the page at that slug either way, so demo content can be loaded twice."""
    existing = parent.get_children().filter(slug=page.slug).first()
    if existing is not None:
        return existing.specific
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page
