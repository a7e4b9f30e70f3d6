import datetime

from irp.articles.models import ArticleCategory, ArticleIndexPage
from irp.articles.tests.factories import ArticleCategoryFactory, ArticlePageFactory


def test_index_lists_articles_newest_first_with_their_categories(client, site_pages):
    html = client.get("/articles/").content.decode()
    titles = [
        "Recovery as uncovering",
        "Beyond the expert position",
        "Trained in illness, not in health",
    ]
    positions = [html.find(title) for title in titles]
    assert -1 not in positions and positions == sorted(positions)
    assert "Professionals, Reflective practice" in html


def test_index_filters_by_category(client, site_pages):
    html = client.get("/articles/", {"category": "recovery"}).content.decode()
    assert "<h1>Articles: Recovery</h1>" in html
    assert "Recovery as uncovering" in html
    assert "Beyond the expert position" not in html


def test_an_unknown_category_shows_every_article(client, site_pages):
    html = client.get("/articles/", {"category": "nothing-like-this"}).content.decode()
    assert "Beyond the expert position" in html and "Recovery as uncovering" in html


def test_index_queries_do_not_grow_with_the_number_of_articles(
    client, site_pages, django_assert_max_num_queries
):
    index = ArticleIndexPage.objects.get()
    category = ArticleCategoryFactory()
    for day in range(1, 16):
        article = ArticlePageFactory(parent=index, date=datetime.date(2026, 1, day))
        article.categories.add(category)
        article.save_revision().publish()
    # 15 with 3 articles or 18: a query per article or per category would exceed it.
    with django_assert_max_num_queries(16):
        response = client.get("/articles/", {"fresh": "1"})
    assert response.content.decode().count('<li class="card">') == 18


def test_article_page_shows_date_categories_and_body(client, site_pages):
    html = client.get("/articles/beyond-the-expert/").content.decode()
    assert '<time datetime="2026-10-03">3 October 2026</time>' in html
    assert '<a href="/articles/?category=professionals">Professionals</a>' in html
    assert '<meta property="og:type" content="article">' in html


def test_renaming_a_category_shows_on_cached_pages_at_once(client, site_pages):
    client.get("/articles/beyond-the-expert/")
    ArticleCategory.objects.filter(slug="professionals").update(name="unused")  # no signal
    category = ArticleCategory.objects.get(slug="professionals")
    category.name = "For professionals"
    category.save()
    assert "For professionals" in client.get("/articles/beyond-the-expert/").content.decode()


def test_unpublished_articles_are_not_listed(client, site_pages):
    from irp.articles.models import ArticlePage

    ArticlePage.objects.get(slug="recovery-as-uncovering").unpublish()
    assert "Recovery as uncovering" not in client.get("/articles/").content.decode()
