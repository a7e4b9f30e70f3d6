"""The articles' part of the data register (irp/privacy): editors' text only."""

from irp.privacy.register import not_personal

_SEO = ["canonical_url", "social_image", "social_image_alt"]


def fields():
    return [
        *not_personal("articles.articlecategory", ["name", "slug", "description"]),
        *not_personal("articles.articleindexpage", [*_SEO, "summary"]),
        *not_personal("articles.articlepage", [*_SEO, "date", "summary", "body", "categories"]),
    ]
