import factory
import wagtail_factories

from irp.articles.models import ArticleCategory, ArticlePage


class ArticleCategoryFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")

    class Meta:
        model = ArticleCategory


class ArticlePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Article {n}")
    summary = "What this article is about."

    class Meta:
        model = ArticlePage
