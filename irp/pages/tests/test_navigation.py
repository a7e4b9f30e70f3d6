import re

from irp.accounts.models import User
from irp.pages.models import StandardPage

from .conftest import PROFESSIONALS_URL


def _nav(html):
    return re.search(r'<nav class="site-nav".*?</nav>', html, re.S).group(0)


def test_header_lists_pages_shown_in_menus_in_tree_order(client, site_pages):
    nav = _nav(client.get("/").content.decode())
    titles = re.findall(r'<a href="[^"]+"[^>]*>([^<]+)</a>', nav)
    assert titles == [
        "Home",
        "Who is this for",
        "How to get involved",
        "About",
        "Articles",
        "Live discussions",
        "Programmes",
        "Sign in",
    ]
    assert "Privacy notice" not in nav  # not shown in menus


def test_a_page_shown_in_menus_appears_once_published(client, site_pages):
    page = StandardPage(title="Contact", slug="contact", show_in_menus=True)
    site_pages.add_child(instance=page)
    page.save_revision().publish()
    nav = _nav(client.get("/").content.decode())
    assert '<a href="/contact/">Contact</a>' in nav


def test_current_section_is_marked_for_screen_readers(client, site_pages):
    nav = _nav(client.get(PROFESSIONALS_URL).content.decode())
    assert '<a href="/who-is-this-for/" aria-current="true">Who is this for</a>' in nav
    nav = _nav(client.get("/about/").content.decode())
    assert '<a href="/about/" aria-current="page">About</a>' in nav


def test_breadcrumbs_lead_from_home_to_the_page(client, site_pages):
    html = client.get(PROFESSIONALS_URL).content.decode()
    crumbs = re.search(r'<nav class="breadcrumbs".*?</nav>', html, re.S).group(0)
    assert re.findall(r">([^<]+)</a>", crumbs) == [
        "Home",
        "Who is this for",
        "Professionals in addiction",
    ]


def test_signed_in_people_see_a_sign_out_link(client, site_pages):
    person = User.objects.create_user(email="reader@example.org", password="a-long-password-1")
    client.force_login(person)
    nav = _nav(client.get("/").content.decode())
    assert 'href="/accounts/logout/">Sign out</a>' in nav
    assert "Sign in" not in nav


def test_anonymous_visitors_see_a_sign_in_link(client, site_pages):
    nav = _nav(client.get("/about/").content.decode())
    assert 'href="/accounts/login/">Sign in</a>' in nav


def test_the_platform_areas_follow_the_pages_and_mark_where_you_are(client, site_pages):
    nav = _nav(client.get("/live/").content.decode())
    assert '<a href="/live/" aria-current="page">Live discussions</a>' in nav


def test_signed_in_people_also_find_their_reflections(client, site_pages):
    client.force_login(User.objects.create_user("reader@example.org"))
    nav = _nav(client.get("/").content.decode())
    assert '<a href="/reflect/">Reflect</a>' in nav
    assert "Sign out" in nav
