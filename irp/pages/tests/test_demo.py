import io

from django.core.management import call_command
from wagtail.models import Page, Revision

from irp.articles.models import ArticleCategory


def test_demo_builds_the_public_site_once_however_often_it_runs(db):
    call_command("demo", no_serve=True, stdout=io.StringIO())
    counts = (Page.objects.count(), Revision.objects.count(), ArticleCategory.objects.count())
    call_command("demo", no_serve=True, stdout=io.StringIO())
    assert (
        Page.objects.count(),
        Revision.objects.count(),
        ArticleCategory.objects.count(),
    ) == counts
    slugs = set(Page.objects.live().values_list("slug", flat=True))
    assert {
        "home",
        "who-is-this-for",
        "professionals-addiction",
        "how-to-get-involved",
        "about",
        "privacy",
        "articles",
    } <= slugs


def test_demo_keeps_an_editors_changes(db):
    call_command("demo", no_serve=True, stdout=io.StringIO())
    about = Page.objects.get(slug="about").specific
    about.title = "About the project"
    about.save_revision().publish()
    call_command("demo", no_serve=True, stdout=io.StringIO())
    assert Page.objects.get(slug="about").title == "About the project"


def test_every_call_to_action_in_the_demo_leads_to_the_contact_page(client, db):
    call_command("demo", no_serve=True, stdout=io.StringIO())
    for url in [
        "/",
        "/who-is-this-for/professionals-addiction/",
        "/how-to-get-involved/",
        "/about/",
        "/privacy/",
    ]:
        html = client.get(url).content.decode()
        buttons = [part.split('"')[0] for part in html.split('<a class="button" href="')[1:]]
        if url == "/":
            # The home page opens with its direct route to the professionals page.
            assert buttons[0] == "/who-is-this-for/professionals-addiction/"
            buttons = buttons[1:]
        assert buttons and set(buttons) == {"/contact/"}, url
