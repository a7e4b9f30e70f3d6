"""Demo articles in categories, under an article index. Idempotent: found by slug."""

import datetime

from django.db import transaction

from irp.pages.models import HomePage
from irp.pages.services import ensure_page

from .models import ArticleCategory, ArticleIndexPage, ArticlePage

CATEGORIES = [
    ("Professionals", "professionals", "For practitioners in addiction and mental health."),
    ("Recovery", "recovery", "On recovery as something uncovered, not achieved."),
    ("Reflective practice", "reflective-practice", "Inquiry into our own experience."),
]

ARTICLES = [
    {
        "slug": "trained-in-illness",
        "title": "Trained in illness, not in health",
        "date": datetime.date(2026, 9, 14),
        "categories": ["professionals"],
        "summary": "Most clinical training teaches us to name disorders. Very little of it "
        "asks what mental health is.",
        "body": [
            (
                "rich_text",
                "<p>Ask a room of clinicians where they learnt about mental health and many "
                "will pause. We learnt about conditions, criteria and treatments. Health "
                "was, at best, what remained when the symptoms were gone.</p>"
                "<p>That gap shapes our work. If health is only an absence, our job becomes "
                "endless management. If health is already present, our job is to help "
                "people find it.</p>",
            ),
        ],
    },
    {
        "slug": "beyond-the-expert",
        "title": "Beyond the expert position",
        "date": datetime.date(2026, 10, 3),
        "categories": ["professionals", "reflective-practice"],
        "summary": "What changes in a session when the practitioner stops being the one "
        "who knows best.",
        "body": [
            (
                "rich_text",
                "<p>Clients often arrive certain that something is wrong with them. The "
                "expert stance, however kind, can quietly agree. Setting it down does not "
                "mean giving up skill; it means meeting the person as whole.</p>",
            ),
        ],
    },
    {
        "slug": "recovery-as-uncovering",
        "title": "Recovery as uncovering",
        "date": datetime.date(2026, 11, 2),
        "categories": ["recovery"],
        "summary": "Seeing recovery as a return to well-being that was never lost.",
        "body": [
            (
                "rich_text",
                "<p>When addiction is understood as a learned way of coping, the question "
                "changes from “how do we control this?” to “what is it protecting?”. "
                "As that becomes clear, the need for the habit often loosens by itself.</p>",
            ),
        ],
    },
]


@transaction.atomic
def load(*, stdout) -> None:
    home = HomePage.objects.first()
    categories = {}
    for name, slug, description in CATEGORIES:
        categories[slug], _ = ArticleCategory.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description}
        )
    index = ensure_page(
        home,
        ArticleIndexPage(
            title="Articles",
            slug="articles",
            show_in_menus=True,
            summary="Writing on a model of health for addiction and mental health work.",
            search_description="Articles from the Infinite Recovery Project.",
        ),
    )
    for article in ARTICLES:
        if index.get_children().filter(slug=article["slug"]).exists():
            continue
        page = ArticlePage(
            title=article["title"],
            slug=article["slug"],
            date=article["date"],
            summary=article["summary"],
            search_description=article["summary"],
            body=article["body"],
        )
        page.categories.set([categories[slug] for slug in article["categories"]])
        ensure_page(index, page)
    stdout.write("Demo articles are ready.")
