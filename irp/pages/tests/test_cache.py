import pytest
from django.middleware.csrf import get_token

from irp.accounts.models import User
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
    professionals_page.title = "Professionals in addiction and recovery"
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
    professionals_page.title = "Renamed"
    professionals_page.save_revision().publish()
    cache.delete(GENERATION_KEY)  # as if the cache evicted the counter
    response = client.get(PROFESSIONALS_URL)
    assert response["X-Page-Cache"] == "miss"
    assert "<h1>Renamed</h1>" in response.content.decode()
