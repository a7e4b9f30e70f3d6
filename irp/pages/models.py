# ruff: noqa: RUF001  (typographic quotes, dashes and signs are intended in prose)
"""The public site's editorial pages.

Every page type says where it may live. Page content is a StreamField of the blocks
in `blocks.py`, so editors can rearrange sections, preview, schedule and revert
revisions with Wagtail's own tools. Anonymous views of these pages are cached (see
`cache.py`); a publish or unpublish clears the cache at once.
"""

from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from . import selectors
from .blocks import ContentStreamBlock, HomeStreamBlock, OfferingBlock, section_anchor

INTRO_FEATURES = ["bold", "italic", "link"]


def section_contents(body) -> list[dict[str, str]]:
    """The page's sections for its contents list: each level-2 section heading and the
    anchor its block template gives it (the editor's, or one made from its words)."""
    return [
        {"heading": block.value["heading"], "anchor": section_anchor(block.value)}
        for block in body
        if block.block_type == "section_heading" and block.value.get("level") != "h3"
    ]


class SeoMixin(models.Model):
    """What search engines and social cards read: description, canonical address, image."""

    canonical_url = models.URLField(
        blank=True,
        help_text="Only if this page's content lives at another address first. "
        "Leave empty to use this page's own address.",
    )
    social_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown when the page is shared (1200×630 works best).",
    )
    social_image_alt = models.CharField(
        max_length=250,
        blank=True,
        help_text="What the social image shows, for people who cannot see it.",
    )

    # Wagtail's own promote tab holds slug, SEO title, search description and menus.
    promote_panels = [
        *Page.promote_panels,
        MultiFieldPanel(
            [
                FieldPanel("canonical_url"),
                FieldPanel("social_image"),
                FieldPanel("social_image_alt"),
            ],
            heading="Sharing",
        ),
    ]

    # Pages with these set serve the same HTML to every anonymous visitor.
    cache_anonymous_views = True

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if self.social_image_id and not self.social_image_alt.strip():
            raise ValidationError(
                {"social_image_alt": "Describe the social image for people who cannot see it."}
            )

    def meta_description(self) -> str:
        """The search description, or the page's own summary when none was written."""
        return self.search_description or getattr(self, "summary", "") or ""

    def canonical_address(self, request=None) -> str:
        return self.canonical_url or self.get_full_url(request)

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        # Marks the response as safe to cache for anonymous visitors; the cache
        # middleware still refuses it if the page set a cookie or used a CSRF token.
        response.irp_cacheable = self.cache_anonymous_views
        return response


class HomePage(SeoMixin, Page):  # noqa: DJ008 (Page has __str__)
    """The site's front page: what the project offers, and where to go next."""

    intro = RichTextField(
        blank=True,
        features=INTRO_FEATURES,
        help_text="Shown under the title only when the page does not start with an opening block.",
    )
    body = StreamField(HomeStreamBlock(), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    parent_page_types = ["wagtailcore.Page"]
    # No subpage_types: other apps' pages (such as the contact page) live under home and
    # restrict themselves with their own parent_page_types.
    max_count = 1

    class Meta:
        verbose_name = "home page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The opening block carries the page's heading; without one the title does.
        context["opens_with_heading"] = bool(self.body) and self.body[0].block_type == "opening"
        return context


class StandardPage(SeoMixin, Page):  # noqa: DJ008 (Page has __str__)
    """A page of content built from blocks: About, the privacy notice, Professionals."""

    heading = models.CharField(
        max_length=200,
        blank=True,
        help_text="The page's main heading, when it should say more than the title "
        "(the title stays in menus and breadcrumbs).",
    )
    summary = models.TextField(
        blank=True, max_length=300, help_text="One or two sentences shown under the title."
    )
    show_contents = models.BooleanField(
        "show a contents list",
        default=False,
        help_text="A list of the page's sections (its section headings) under the summary.",
    )
    body = StreamField(ContentStreamBlock(), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("heading"),
        FieldPanel("summary"),
        FieldPanel("show_contents"),
        FieldPanel("body"),
    ]
    parent_page_types = ["pages.HomePage", "pages.SectionPage", "pages.StandardPage"]
    subpage_types = ["pages.StandardPage"]

    class Meta:
        verbose_name = "standard page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        if self.show_contents:
            context["contents"] = section_contents(self.body)
        return context


class SectionPage(SeoMixin, Page):  # noqa: DJ008 (Page has __str__)
    """A section of the site, such as "Who is this for", listing the pages inside it."""

    summary = models.TextField(blank=True, max_length=300)
    body = StreamField(ContentStreamBlock(), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("summary"), FieldPanel("body")]
    parent_page_types = ["pages.HomePage"]
    subpage_types = ["pages.StandardPage"]

    class Meta:
        verbose_name = "section page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["section_pages"] = selectors.section_pages(self)
        return context


class GetInvolvedPage(SeoMixin, Page):  # noqa: DJ008 (Page has __str__)
    """How to get involved: the offerings for practitioners, then an invitation."""

    summary = models.TextField(blank=True, max_length=300)
    offerings = StreamField([("offering", OfferingBlock())], blank=True)
    body = StreamField(ContentStreamBlock(), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("offerings"),
        FieldPanel("body"),
    ]
    parent_page_types = ["pages.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = "get involved page"


@register_setting(icon="site")
class OrganisationSettings(BaseGenericSetting):
    """Who runs the site, for the footer of every page: editable in Settings."""

    legal_name = models.CharField(
        "legal name", max_length=200, blank=True, help_text="As registered, if it differs."
    )
    charity_number = models.CharField("registered charity number", max_length=40, blank=True)
    company_number = models.CharField("company number", max_length=40, blank=True)
    address = models.TextField("postal address", blank=True, max_length=400)
    contact_email = models.EmailField("contact email address", blank=True)

    panels = [
        FieldPanel("legal_name"),
        FieldPanel("charity_number"),
        FieldPanel("company_number"),
        FieldPanel("address"),
        FieldPanel("contact_email"),
    ]

    class Meta:
        verbose_name = "organisation details"

    def __str__(self):
        return self.legal_name or "Organisation details"
