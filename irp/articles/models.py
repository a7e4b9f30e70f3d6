"""Articles: an index page, the articles under it, and the categories that group them."""

from django import forms
from django.db import models
from django.utils import timezone
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from irp.pages.blocks import ContentStreamBlock
from irp.pages.models import SeoMixin

from . import selectors


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
        category = selectors.category_by_slug(request.GET.get("category", ""))
        context["category"] = category
        context["categories"] = selectors.categories_in_use(self)
        context["articles"] = selectors.published_articles(self, category=category)
        return context

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
        context["article_categories"] = selectors.categories_of(self)
        return context
