import time
import warnings

import pytest
from django.core.cache import CacheKeyWarning, cache
from django.middleware.csrf import get_token
from wagtail.models import PageViewRestriction

from irp.accounts.models import User
from irp.pages.cache import GENERATION_KEY, GenerationStore, current_generation
from irp.pages.models import StandardPage

from .conftest import PROFESSIONALS_URL


def test_anonymous_views_are_rendered_once_then_served_from_the_cache(
    client, site_pages, django_assert_num_queries
):
    first = client.get(PROFESSIONALS_URL)
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client.get(PROFESSIONALS_URL)
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    # Security headers still come with a cached copy.
    assert "script-src 'self'" in second["Content-Security-Policy"]
    assert second["X-Frame-Options"] == "DENY"


def test_publishing_shows_at_once(client, professionals_page):
    client.get(PROFESSIONALS_URL)
    professionals_page.heading = "Professionals in addiction and recovery"
    professionals_page.save_revision().publish()
    response = client.get(PROFESSIONALS_URL)
    assert response["X-Page-Cache"] == "miss"
    assert "<h1>Professionals in addiction and recovery</h1>" in response.content.decode()


def test_a_new_menu_page_shows_on_cached_pages_at_once(client, site_pages):
    client.get("/about/")
    page = StandardPage(title="Events", slug="events", show_in_menus=True)
    site_pages.add_child(instance=page)
    page.save_revision().publish()
    assert '<a href="/events/">Events</a>' in client.get("/about/").content.decode()


def test_unpublishing_removes_the_page_at_once(client, professionals_page):
    client.get(PROFESSIONALS_URL)
    professionals_page.unpublish()
    assert client.get(PROFESSIONALS_URL).status_code == 404


def test_signed_in_people_never_get_or_fill_the_cache(client, site_pages):
    person = User.objects.create_user(email="reader@example.org", password="a-long-password-1")
    client.force_login(person)
    response = client.get("/about/")
    assert "X-Page-Cache" not in response
    assert "Sign out" in response.content.decode()
    client.logout()
    client.cookies.clear()
    anonymous = client.get("/about/")
    assert anonymous["X-Page-Cache"] == "miss"
    assert "Sign out" not in anonymous.content.decode()


def test_a_page_that_uses_a_csrf_token_is_never_cached(client, site_pages, monkeypatch):
    original_serve = StandardPage.serve

    def serve_with_form(self, request, *args, **kwargs):
        get_token(request)  # what {% csrf_token %} in a form does
        return original_serve(self, request, *args, **kwargs)

    monkeypatch.setattr(StandardPage, "serve", serve_with_form)
    client.get("/about/")
    assert "X-Page-Cache" not in client.get("/about/")


@pytest.mark.parametrize("path", ["/robots.txt", "/accounts/login/"])
def test_only_pages_are_cached(client, site_pages, path):
    client.get(path)
    assert "X-Page-Cache" not in client.get(path)


def test_query_strings_bypass_the_cache(client, site_pages):
    client.get("/articles/?category=recovery")
    assert "X-Page-Cache" not in client.get("/articles/?category=recovery")


def test_a_lost_generation_counter_never_revives_old_pages(client, professionals_page):
    from django.core.cache import cache

    from irp.pages.cache import GENERATION_KEY

    client.get(PROFESSIONALS_URL)  # cached under the current generation
    professionals_page.heading = "Renamed"
    professionals_page.save_revision().publish()
    cache.delete(GENERATION_KEY)  # as if the cache evicted the counter
    response = client.get(PROFESSIONALS_URL)
    assert response["X-Page-Cache"] == "miss"
    assert "<h1>Renamed</h1>" in response.content.decode()


def test_a_page_made_private_leaves_the_cache_and_the_menu_at_once(client, site_pages):
    about = StandardPage.objects.get(slug="about")
    client.get("/about/")
    assert '<a href="/about/">About</a>' in main_navigation(client.get("/"))
    PageViewRestriction.objects.create(page=about, restriction_type=PageViewRestriction.LOGIN)
    response = client.get("/about/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/about/"
    assert '<a href="/about/">About</a>' not in main_navigation(client.get("/"))


def main_navigation(response) -> str:
    html = response.content.decode()
    return html[html.index('<nav class="site-nav"') : html.index("</nav>")]


def test_a_change_published_by_another_process_is_seen_at_once(client, site_pages):
    # Another process's publish moves the shared generation on; nothing else tells
    # this process, which must not serve the copy it kept.
    assert client.get("/about/")["X-Page-Cache"] == "miss"
    assert client.get("/about/")["X-Page-Cache"] == "hit"
    cache.incr(GENERATION_KEY)
    assert client.get("/about/")["X-Page-Cache"] == "miss"


def test_a_change_committed_after_a_render_began_moves_the_generation_on_again(
    professionals_page, django_capture_on_commit_callbacks
):
    before = current_generation()
    with django_capture_on_commit_callbacks(execute=True):
        professionals_page.save_revision().publish()
    # Once as the change is made, once more as it is committed.
    assert current_generation() == before + 2


class TestGenerationStore:
    def test_keeps_values_for_the_generation_they_were_derived_in(self):
        store = GenerationStore()
        store.put(5, "menu", ["About"])
        assert store.get(5, "menu") == ["About"]
        assert store.get(6, "menu") is None

    def test_a_newer_generation_drops_what_was_kept_for_the_older_one(self):
        store = GenerationStore()
        store.put(5, "menu", ["About"])
        store.put(6, "trail", ["Home"])
        assert store.get(6, "menu") is None
        assert store.get(5, "menu") is None
        assert store.get(6, "trail") == ["Home"]

    def test_a_value_from_an_older_generation_is_never_kept(self):
        store = GenerationStore()
        store.put(6, "menu", ["New"])
        store.put(5, "menu", ["Old"])
        assert store.get(6, "menu") == ["New"]
        assert store.get(5, "menu") is None

    def test_keeps_nothing_longer_than_its_maximum_age(self, monkeypatch):
        store = GenerationStore(max_age=60)
        store.put(5, "menu", ["About"])
        later = time.monotonic() + 61
        monkeypatch.setattr(time, "monotonic", lambda: later)
        assert store.get(5, "menu") is None
        store.put(5, "trail", ["Home"])
        assert store.get(5, "trail") == ["Home"]

    def test_starts_afresh_when_full(self):
        store = GenerationStore(limit=2)
        store.put(5, "a", 1)
        store.put(5, "b", 2)
        store.put(5, "c", 3)
        assert store.get(5, "a") is None
        assert store.get(5, "c") == 3


def test_a_page_with_a_very_long_address_is_cached_under_a_short_key(client, site_pages):
    outer = StandardPage(title="Outer", slug="o" * 150)
    site_pages.add_child(instance=outer)
    outer.save_revision().publish()
    inner = StandardPage(title="Inner", slug="i" * 150)
    outer.add_child(instance=inner)
    inner.save_revision().publish()
    url = f"/{'o' * 150}/{'i' * 150}/"
    with warnings.catch_warnings():
        # Keys over 250 characters break memcached-style caches (and endless paths
        # would make endless long keys): every key is a fixed-length digest.
        warnings.simplefilter("error", CacheKeyWarning)
        assert client.get(url)["X-Page-Cache"] == "miss"
        assert client.get(url)["X-Page-Cache"] == "hit"
