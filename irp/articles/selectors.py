"""Reads for the article pages. Each makes a fixed number of queries, however many articles."""

from django.db.models import Prefetch, QuerySet
from wagtail.models import Page


def published_articles(index: Page, *, category=None) -> QuerySet:
    """Live, public articles under `index`, newest first, with their categories prefetched."""
    from .models import ArticleCategory, ArticlePage

    articles = (
        ArticlePage.objects.child_of(index)
        .live()
        .public()
        .order_by("-date", "-first_published_at")
        .prefetch_related(Prefetch("categories", queryset=ArticleCategory.objects.order_by("name")))
    )
    if category is not None:
        articles = articles.filter(categories=category)
    return articles


def categories_in_use(index: Page) -> list:
    """The categories that at least one live article under `index` belongs to."""
    from .models import ArticleCategory, ArticlePage

    live_articles = ArticlePage.objects.child_of(index).live().public()
    return list(
        ArticleCategory.objects.filter(articles__in=live_articles).distinct().order_by("name")
    )


def category_by_slug(slug: str):
    """The category with this slug, or None (an unknown slug shows every article)."""
    from .models import ArticleCategory

    if not slug:
        return None
    return ArticleCategory.objects.filter(slug=slug).first()


def categories_of(article) -> list:
    """An article's categories, by name."""
    return list(article.categories.order_by("name"))
