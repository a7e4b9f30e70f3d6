"""Articles: an index page, the articles under it, and the categories that group them.

The reads the pages need are methods here, each a fixed number of queries however
many articles there are; nothing outside this app reads articles yet.
"""

from django import forms
from django.db import models
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from irp.pages.blocks import ContentStreamBlock
from irp.pages.models import SeoMixin


class ArticleCategory(models.Model):
    """A topic readers can filter by, such as "Professionals". Edited as a snippet."""

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.CharField(max_length=250, blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "article categories"

    def __str__(self):
        return self.name

    @classmethod
    def by_slug(cls, slug: str):
        """The category with this slug, or None (an unknown slug shows every article)."""
        return cls.objects.filter(slug=slug).first() if slug else None


class ArticleIndexPage(SeoMixin, Page):
    """Lists the published articles, newest first, optionally in one category."""

    summary = models.TextField(blank=True, max_length=300)

    content_panels = [*Page.content_panels, FieldPanel("summary")]
    parent_page_types = ["pages.HomePage"]
    subpage_types = ["articles.ArticlePage"]
    max_count = 1

    class Meta:
        verbose_name = "article index page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        category = ArticleCategory.by_slug(request.GET.get("category", ""))
        context["category"] = category
        context["categories"] = self.categories_in_use()
        context["articles"] = self.published_articles(category=category)
        return context

    def published_articles(self, *, category: ArticleCategory | None = None) -> QuerySet:
        """Live, public articles here, newest first, with their categories prefetched."""
        articles = (
            ArticlePage.objects.child_of(self)
            .live()
            .public()
            .order_by("-date", "-first_published_at")
            .prefetch_related(
                Prefetch("categories", queryset=ArticleCategory.objects.order_by("name"))
            )
        )
        if category is not None:
            articles = articles.filter(categories=category)
        return articles

    def categories_in_use(self) -> list[ArticleCategory]:
        """The categories that at least one live article here belongs to."""
        live_articles = ArticlePage.objects.child_of(self).live().public()
        return list(
            ArticleCategory.objects.filter(articles__in=live_articles).distinct().order_by("name")
        )

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        # A filtered list is cheap to render and its addresses are endless: cache the
        # unfiltered index only.
        if request.GET:
            response.irp_cacheable = False
        return response


def _today():
    return timezone.localdate()


class ArticlePage(SeoMixin, Page):
    """One article, built from the same blocks as the site's other pages."""

    date = models.DateField(default=_today, help_text="The date shown on the article.")
    summary = models.TextField(max_length=300, help_text="Shown in lists and search results.")
    body = StreamField(ContentStreamBlock(), blank=True)
    categories = ParentalManyToManyField(ArticleCategory, blank=True, related_name="articles")

    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("summary"),
        FieldPanel("categories", widget=forms.CheckboxSelectMultiple),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["articles.ArticleIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "article"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["article_categories"] = list(self.categories.order_by("name"))
        return context
