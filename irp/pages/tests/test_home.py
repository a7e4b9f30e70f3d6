"""The home page as editors build it from blocks, and the organisation in the footer."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from irp.live_discussions.tests.factories import LiveSessionFactory, PersonFactory
from irp.pages.blocks import HomeStreamBlock, ListingBlock, OpeningBlock
from irp.pages.models import OrganisationSettings
from irp.programmes.tests.factories import CohortFactory, make_programme

pytestmark = pytest.mark.django_db


def test_the_home_page_opens_with_what_it_is_and_a_route_to_the_professionals_page(
    client, site_pages
):
    html = client.get("/").content.decode()
    main = html[html.index("<main") :]
    assert main.count("<h1>") == 1
    assert "<h1>A model of health for professionals in addiction and recovery</h1>" in main
    assert '<a class="button" href="/who-is-this-for/professionals-addiction/">' in main
    # Not a list of pages describing themselves any more.
    assert "About the Infinite Recovery Project." not in main
    for words in ["What you can do here", "Keep a private journal", "Who we are", "Jo Ashworth"]:
        assert words in main


def test_the_home_page_lists_the_next_live_discussions_and_sees_a_new_one_at_once(
    client, site_pages
):
    facilitator = PersonFactory(display_name="Robin Guide")
    starts = timezone.now() + dt.timedelta(days=2)
    LiveSessionFactory(title="An open conversation", facilitators=[facilitator], starts_at=starts)
    html = client.get("/").content.decode()
    assert "The next live discussions" in html
    assert "An open conversation" in html and "with Robin Guide" in html
    # Cached for visitors, yet a session added later shows at once.
    LiveSessionFactory(title="A second conversation", starts_at=starts + dt.timedelta(days=1))
    assert "A second conversation" in client.get("/").content.decode()


def test_the_home_page_lists_open_programmes_with_their_next_cohort_and_sees_one_open_at_once(
    client, site_pages
):
    html = client.get("/").content.decode()
    # Nothing open: no heading and no empty words, the programmes' listing is left out.
    assert "Programmes open for applications" not in html
    programme = make_programme(title="This begins with you", slug="this-begins-with-you")
    starts = timezone.localdate() + dt.timedelta(days=21)
    CohortFactory(programme=programme, starts_on=starts)
    html = client.get("/").content.decode()
    main = html[html.index("<main") :]
    assert "Programmes open for applications" in main
    assert '<a href="/programmes/this-begins-with-you/">This begins with you</a>' in main
    assert f"The next cohort starts on {starts:%-d %B %Y}." in main
    assert '<a href="/programmes/">All programmes</a>' in main


def test_an_empty_listing_says_so_in_the_editors_words(client, site_pages):
    html = client.get("/").content.decode()
    assert "No sessions are planned just now." in html


def test_the_footer_shows_the_organisation_as_editors_set_it_and_changes_at_once(
    client, site_pages
):
    client.get("/about/")  # cached
    details = OrganisationSettings.objects.get()
    details.charity_number = "1234567"
    details.save()
    html = client.get("/about/").content.decode()
    footer = html[html.index("<footer") :]
    assert "Registered charity number 1234567." in footer
    assert 'href="mailto:hello@demo.infiniterecovery.example"' in footer
    assert "1 Example Street<br>Bristol" in footer


def test_the_footer_needs_no_settings_row_and_writes_none(client, site_pages):
    OrganisationSettings.objects.all().delete()
    assert client.get("/privacy/").status_code == 200
    assert not OrganisationSettings.objects.exists()


def test_an_opening_needs_a_link_and_a_second_link_needs_both_parts():
    block = OpeningBlock()
    value = block.to_python({"heading": "Hello", "text": "<p>For you</p>", "link_text": "Go"})
    with pytest.raises(ValidationError):
        block.clean(value)
    value = block.to_python(
        {
            "heading": "Hello",
            "text": "<p>For you</p>",
            "link_text": "Go",
            "url": "/somewhere/",
            "second_link_text": "Also",
        }
    )
    with pytest.raises(ValidationError):
        block.clean(value)


def test_a_home_page_has_at_most_one_opening():
    stream = HomeStreamBlock()
    opening = {"heading": "Hi", "text": "<p>x</p>", "link_text": "Go", "url": "/a/"}
    value = stream.to_python(
        [{"type": "opening", "value": opening}, {"type": "opening", "value": opening}]
    )
    with pytest.raises(ValidationError):
        stream.clean(value)


def test_a_listing_offers_what_the_apps_declare():
    choices = dict(ListingBlock().child_blocks["kind"].field.choices)
    assert choices["live_discussions"] == "The next live discussions"
    assert choices["programmes"] == "Programmes open for applications"
