"""The caching front is told about every public change: a real HTTP server on loopback
stands in for Varnish and records the PURGE and BAN requests it receives."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest
from wagtail.models import Page, PageViewRestriction, Site

from irp.articles.models import ArticleCategory, ArticlePage
from irp.pages.models import StandardPage

from .conftest import PROFESSIONALS_URL


class Recorder(BaseHTTPRequestHandler):
    def _record(self):
        self.server.received.append((self.command, self.headers["Host"], self.path))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_PURGE = do_BAN = _record

    def log_message(self, *args):
        pass


@pytest.fixture
def front(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    server.received = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.WAGTAILFRONTENDCACHE = {
        "front1": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": f"http://127.0.0.1:{server.server_address[1]}",
        }
    }
    yield server.received
    server.shutdown()
    server.server_close()


def purged(received) -> set[str]:
    return {path for method, _host, path in received if method == "PURGE"}


def banned(received) -> int:
    return sum(method == "BAN" for method, _host, _path in received)


def test_publishing_purges_the_page_its_section_home_and_sitemap(
    front, professionals_page, django_capture_on_commit_callbacks
):
    front.clear()
    with django_capture_on_commit_callbacks(execute=True):
        professionals_page.title = "Professionals, anew"
        professionals_page.save_revision().publish()
    assert {PROFESSIONALS_URL, "/who-is-this-for/", "/", "/sitemap.xml"} <= purged(front)
    assert not banned(front)
    # Addressed as the public reaches the site, so the front finds its own entries.
    site_host = urlsplit(Site.objects.get().root_url).netloc
    assert {host for _method, host, _path in front} == {site_host}


def test_publishing_an_article_purges_the_article_index(
    front, site_pages, django_capture_on_commit_callbacks
):
    article = ArticlePage.objects.live().first()
    front.clear()
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    assert {article.url, "/articles/", "/", "/sitemap.xml"} <= purged(front)


def test_unpublishing_purges_the_page_and_its_listings(
    front, professionals_page, django_capture_on_commit_callbacks
):
    front.clear()
    with django_capture_on_commit_callbacks(execute=True):
        professionals_page.unpublish()
    assert {PROFESSIONALS_URL, "/who-is-this-for/", "/", "/sitemap.xml"} <= purged(front)


def test_nothing_is_sent_before_the_change_commits(front, professionals_page):
    front.clear()
    professionals_page.save_revision().publish()  # the test's transaction never commits
    # (Wagtail's own purge of the page itself is a task, which the tests run at once.)
    assert not {"/who-is-this-for/", "/sitemap.xml"} & purged(front)


def test_moving_a_page_bans_every_cached_page(
    front, professionals_page, django_capture_on_commit_callbacks
):
    about = StandardPage.objects.get(slug="about")
    front.clear()
    with django_capture_on_commit_callbacks(execute=True):
        professionals_page.move(about, pos="last-child")
    assert banned(front) >= 1


def test_making_a_page_private_or_public_again_bans_every_cached_page(
    front, professionals_page, django_capture_on_commit_callbacks
):
    front.clear()
    with django_capture_on_commit_callbacks(execute=True):
        restriction = PageViewRestriction.objects.create(
            page=Page.objects.get(pk=professionals_page.pk),
            restriction_type=PageViewRestriction.LOGIN,
        )
    assert banned(front) >= 1
    front.clear()
    with django_capture_on_commit_callbacks(execute=True):
        restriction.delete()
    assert banned(front) >= 1


def test_a_renamed_article_category_bans_every_cached_page(
    front, site_pages, django_capture_on_commit_callbacks
):
    category = ArticleCategory.objects.first()
    front.clear()
    with django_capture_on_commit_callbacks(execute=True):
        category.name = "Renamed"
        category.save()
    assert banned(front) >= 1


def test_a_front_that_cannot_be_reached_never_fails_the_edit(
    settings, professionals_page, django_capture_on_commit_callbacks
):
    settings.WAGTAILFRONTENDCACHE = {
        "front1": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": "http://127.0.0.1:9",  # nothing listens on the discard port
        }
    }
    with django_capture_on_commit_callbacks(execute=True):
        professionals_page.save_revision().publish()
        PageViewRestriction.objects.create(
            page=Page.objects.get(pk=professionals_page.pk),
            restriction_type=PageViewRestriction.LOGIN,
        )


def test_anonymous_pages_tell_the_front_how_long_to_keep_them(client, site_pages, settings):
    response = client.get(PROFESSIONALS_URL)
    assert "public" in response["Cache-Control"]
    assert f"s-maxage={settings.FRONT_CACHE_SECONDS}" in response["Cache-Control"]
    assert "max-age=0" in response["Cache-Control"]
    # A page with a form (a CSRF token in its HTML) is never marked for sharing.
    contact = client.get("/contact/")
    assert "public" not in contact.get("Cache-Control", "")
