"""The site serving a request, kept per generation of the page cache."""

from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from irp.pages.models import HomePage, StandardPage
from irp.pages.sites import find_for_request

from .conftest import PROFESSIONALS_URL


def site_queries(client, url, **headers) -> int:
    with CaptureQueriesContext(connection) as queries:
        # A query string bypasses the page cache, so the site is needed.
        assert client.get(url, {"fresh": "1"}, headers=headers).status_code == 200
    return sum('FROM "wagtailcore_site"' in query["sql"] for query in queries)


def test_the_site_is_looked_up_once_then_kept(client, site_pages):
    assert site_queries(client, PROFESSIONALS_URL) >= 1
    assert site_queries(client, "/about/") == 0


def test_a_new_site_is_used_at_once(client, site_pages):
    client.get("/", {"fresh": "1"}, headers={"host": "other.example"})
    other_home = StandardPage(title="Another home", slug="other-home")
    site_pages.get_parent().add_child(instance=other_home)
    other_home.save_revision().publish()
    Site.objects.create(hostname="other.example", root_page=other_home)
    html = client.get("/", {"fresh": "2"}, headers={"host": "other.example"}).content.decode()
    assert "<h1>Another home</h1>" in html


def test_the_home_page_kept_with_the_site_shows_a_publish_at_once(client, site_pages):
    client.get("/", {"fresh": "1"})
    home = HomePage.objects.get()
    home.seo_title = "Welcome, practitioners"  # the home page's <title>
    home.save_revision().publish()
    assert "Welcome, practitioners" in client.get("/", {"fresh": "2"}).content.decode()


def test_each_request_gets_its_own_copy(site_pages):
    first, second = RequestFactory().get("/"), RequestFactory().get("/")
    assert find_for_request(first) == find_for_request(second) == Site.objects.get()
    assert first._wagtail_site is not second._wagtail_site
    assert first._wagtail_site.root_page is not second._wagtail_site.root_page


def test_views_other_than_pages_do_not_look_up_the_site(client, db):
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/robots.txt").status_code == 200
    assert not queries
