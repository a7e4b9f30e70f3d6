"""Routing from the home page: a page Wagtail found once is found again in one step."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from irp.pages.models import StandardPage

from .conftest import PROFESSIONALS_URL


def queries_for(client, url) -> tuple[int, int]:
    """The status, and how many child-by-slug lookups (Wagtail's routing steps) were made."""
    # A query string bypasses the page cache, so the page is routed and rendered afresh.
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"fresh": "1"})
    steps = sum('"wagtailcore_page"."slug" =' in query["sql"] for query in queries)
    return response.status_code, steps


def test_a_page_found_once_is_found_again_in_one_step(client, site_pages):
    assert queries_for(client, PROFESSIONALS_URL) == (200, 2)  # two levels below home
    assert queries_for(client, PROFESSIONALS_URL) == (200, 0)


def test_a_page_taken_offline_behind_the_caches_back_is_not_found(client, professionals_page):
    assert queries_for(client, PROFESSIONALS_URL)[0] == 200
    StandardPage.objects.filter(pk=professionals_page.pk).update(live=False)
    assert queries_for(client, PROFESSIONALS_URL)[0] == 404


def test_a_page_that_no_longer_lives_at_an_address_is_not_found_there(client, professionals_page):
    assert queries_for(client, PROFESSIONALS_URL)[0] == 200
    new_url_path = professionals_page.url_path.replace("professionals-addiction", "addiction")
    StandardPage.objects.filter(pk=professionals_page.pk).update(
        slug="addiction", url_path=new_url_path
    )
    assert queries_for(client, PROFESSIONALS_URL)[0] == 404
    assert queries_for(client, "/who-is-this-for/addiction/")[0] == 200


def test_an_unknown_address_is_not_found_each_time(client, site_pages):
    assert queries_for(client, "/who-is-this-for/nobody/")[0] == 404
    assert queries_for(client, "/who-is-this-for/nobody/")[0] == 404
