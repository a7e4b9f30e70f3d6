"""Reads the public site's frame and pages need. Each returns live, public pages only."""

from wagtail.models import Page, Site


def site_root(request) -> Page | None:
    """The home page of the site serving this request (None when no site matches)."""
    site = Site.find_for_request(request)
    return site.root_page if site else None


def menu_pages(root: Page) -> list[Page]:
    """The pages under the home page that editors chose to show in menus, in tree order."""
    return list(root.get_children().live().public().in_menu().order_by("path"))


def section_pages(section: Page) -> list[Page]:
    """A section's live, public pages, each as its own type (so summaries are available)."""
    return list(section.get_children().live().public().specific().order_by("path"))


def breadcrumbs(page: Page) -> list[Page]:
    """The page's ancestors below the tree's root, home first, for the breadcrumb trail."""
    return list(page.get_ancestors().filter(depth__gt=1).order_by("depth"))
