# ruff: noqa: RUF002  (typographic quotes, dashes and signs are intended in prose)
import io

import pytest

from irp.articles import demo as article_demo
from irp.pages import demo as page_demo
from irp.pages.models import HomePage, StandardPage

PROFESSIONALS_URL = "/who-is-this-for/professionals-addiction/"


@pytest.fixture
def site_pages(db):
    """The demo site: home, who is this for › professionals, get involved, about,
    privacy, and the articles."""
    page_demo.load(stdout=io.StringIO())
    article_demo.load(stdout=io.StringIO())
    return HomePage.objects.get()


@pytest.fixture
def professionals_page(site_pages):
    return StandardPage.objects.get(slug="professionals-addiction")
