# ruff: noqa: RUF001  (typographic quotes, dashes and signs are intended in prose)
import json
import re
from unittest import mock

import pytest
from wagtail.models import Page

from irp.articles.models import ArticleIndexPage
from irp.pages.models import GetInvolvedPage, HomePage, SectionPage, StandardPage

from .conftest import PROFESSIONALS_URL

SEED_SECTIONS_IN_ORDER = [
    "Why do so many people relapse",  # the opening questions
    "Why traditional approaches do not bring lasting change",
    "Dr Thomas Insel",
    "Dr Allen Frances",
    "The core issue: a model of illness, or a model of health",
    "The practitioner’s role: beyond the expert position",
    "Why most professionals have not been trained in mental health",
    "Siegel, D. J. (2011)",
    "The Infinite Recovery approach for professionals",
    "This begins with you",
    "How to get involved",
    "Key takeaways",
    "Are you ready to explore?",
]


def test_professionals_page_carries_every_seed_section_in_order(client, professionals_page):
    html = client.get(PROFESSIONALS_URL).content.decode()
    html = html[html.index("<main") :]  # the header's menu also names some sections
    # The contents list names the sections first; the order is checked after it.
    start = html.index('<nav class="contents"')
    end = html.index("</nav>", start)
    contents = html[start:end]
    for heading in ["Why traditional approaches", "This begins with you", "How to get involved"]:
        assert heading in contents
    assert 'href="#how-to-get-involved"' in contents
    html = html[end:]
    positions = [html.find(marker) for marker in SEED_SECTIONS_IN_ORDER]
    assert -1 not in positions, dict(zip(SEED_SECTIONS_IN_ORDER, positions, strict=True))
    assert positions == sorted(positions)


def test_professionals_page_shows_quotations_comparison_citation_and_call_to_action(
    client, professionals_page
):
    html = client.get(PROFESSIONALS_URL).content.decode()
    assert html.count('<figure class="quotation">') == 2
    assert "13 years" in html and "$20 billion" in html
    assert "<table" not in html
    assert html.count("<dl>") == 2
    assert "74,000" in html and "5%" in html
    assert "<cite>The Neurobiology of “We”" in html
    assert re.search(r'<a class="button" href="/contact/">Get in touch</a>', html)
    # The five offerings.
    for offering in [
        "trauma-informed",
        "Experiential learning",
        "innate well-being",
        "Live discussions",
        "Practitioner transformation",
    ]:
        assert offering in html
    # Each way of getting involved links to where it happens.
    for link in ['href="/live/"', 'href="/reflect/"', 'href="/contact/">Talk to us</a> to']:
        assert link in html


def test_professionals_page_renders_with_a_bounded_number_of_queries(
    client, professionals_page, django_assert_max_num_queries
):
    # Rendered afresh (not from the page cache): a query per block or per menu item fails.
    # (The footer's organisation details are read once per cache generation.)
    with django_assert_max_num_queries(13):
        response = client.get(PROFESSIONALS_URL, {"fresh": "1"})
    assert response.status_code == 200
    # Rendered again in the same generation: the menu and the breadcrumb trail are kept,
    # leaving Wagtail's own site lookup, routing (two queries a level) and privacy check.
    # Anonymous views are cached in front (Varnish), so this is the signed-in cost.
    with django_assert_max_num_queries(8):
        response = client.get(PROFESSIONALS_URL, {"fresh": "2"})
    assert response.status_code == 200


def test_each_page_has_its_own_title_description_canonical_and_open_graph(client, site_pages):
    html = client.get(PROFESSIONALS_URL).content.decode()
    assert "<title>A new approach to addiction and mental health: a model of health · " in html
    assert '<meta name="description" content="For professionals in addiction' in html
    assert re.search(
        r'<link rel="canonical" href="http://[^"]+/who-is-this-for/professionals-addiction/">', html
    )
    assert '<meta property="og:title" content="A new approach' in html
    assert '<meta property="og:type" content="website">' in html
    about = client.get("/about/").content.decode()
    assert "<title>About · Infinite Recovery</title>" in about
    assert '<meta name="description" content="About the Infinite Recovery Project.">' in about


def test_an_editor_set_canonical_address_wins(client, professionals_page):
    professionals_page.canonical_url = "https://example.org/original/"
    professionals_page.save_revision().publish()
    html = client.get(PROFESSIONALS_URL).content.decode()
    assert '<link rel="canonical" href="https://example.org/original/">' in html


def test_pages_carry_organisation_json_ld_as_data_not_script(client, site_pages):
    html = client.get("/").content.decode()
    blocks = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    assert len(blocks) == 1
    attributes, payload = blocks[0]
    assert attributes.strip() == 'type="application/ld+json"'
    data = json.loads(payload)
    assert data["@type"] == "Organization" and data["name"] == "Infinite Recovery"


def test_public_pages_have_no_inline_styles_or_scripts(client, site_pages):
    for url in [
        "/",
        "/who-is-this-for/",
        PROFESSIONALS_URL,
        "/how-to-get-involved/",
        "/about/",
        "/privacy/",
        "/articles/",
    ]:
        html = client.get(url).content.decode()
        assert " style=" not in html and "<style" not in html, url
        assert re.findall(r"<script(?![^>]*application/ld\+json)", html) == [], url


def test_section_page_lists_its_pages(client, site_pages):
    html = client.get("/who-is-this-for/").content.decode()
    assert 'href="/who-is-this-for/professionals-addiction/"' in html


def test_get_involved_page_lists_the_five_offerings(client, site_pages):
    html = client.get("/how-to-get-involved/").content.decode()
    assert html.count('<li class="offering">') == 5
    assert 'href="/contact/"' in html


def test_privacy_notice_lives_at_privacy(client, site_pages):
    response = client.get("/privacy/")
    assert response.status_code == 200
    assert "Privacy notice" in response.content.decode()


@pytest.mark.parametrize(
    ("child", "parent", "allowed"),
    [
        (StandardPage, HomePage, True),
        (SectionPage, HomePage, True),
        (GetInvolvedPage, HomePage, True),
        (ArticleIndexPage, HomePage, True),
        (StandardPage, SectionPage, True),
        (SectionPage, SectionPage, False),
        (GetInvolvedPage, StandardPage, False),
        (HomePage, HomePage, False),
    ],
)
def test_page_types_live_only_where_they_belong(child, parent, allowed):
    fits = child in parent.allowed_subpage_models() and parent in child.allowed_parent_page_models()
    assert fits is allowed


def test_social_image_needs_alt_text(site_pages):
    from django.core.exceptions import ValidationError
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    page = StandardPage.objects.get(slug="about")
    page.social_image = Image.objects.create(title="x", file=get_test_image_file())
    with pytest.raises(ValidationError) as refusal:
        page.full_clean()
    assert "social_image_alt" in refusal.value.message_dict


def test_social_image_appears_as_open_graph_image(client, site_pages):
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    page = StandardPage.objects.get(slug="about")
    page.social_image = Image.objects.create(title="x", file=get_test_image_file())
    page.social_image_alt = "Two people talking"
    page.save_revision().publish()
    html = client.get("/about/").content.decode()
    assert '<meta property="og:image" content="http' in html
    assert '<meta property="og:image:alt" content="Two people talking">' in html


def test_unknown_address_shows_the_sites_own_404_page(client, site_pages):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "We could not find that page" in html
    assert 'class="site-header"' in html


def test_500_page_renders_without_a_database():
    # No django_db mark: any query while rendering raises, failing the test.
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Something went wrong on our side" in html


def test_scheduled_revision_goes_live_only_when_its_time_comes(client, site_pages):
    import datetime

    from django.core.management import call_command
    from django.utils import timezone

    page = StandardPage.objects.get(slug="about")
    client.get("/about/")  # now in the page cache
    page.title = "About us"
    page.go_live_at = timezone.now() + datetime.timedelta(days=1)
    revision = page.save_revision()
    revision.publish()
    assert "About us" not in client.get("/about/").content.decode()
    assert Page.objects.get(pk=page.pk).has_unpublished_changes

    # The scheduled time arrives (a faked clock): Wagtail's publish_scheduled publishes it.
    revision.refresh_from_db()
    assert revision.approved_go_live_at is not None
    later = timezone.now() + datetime.timedelta(days=2)
    with mock.patch("django.utils.timezone.now", return_value=later):
        call_command("publish_scheduled")
    assert "<h1>About us</h1>" in client.get("/about/").content.decode()
