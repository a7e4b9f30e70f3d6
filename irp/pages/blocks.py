"""StreamField blocks for the public site's pages.

Every block has its own template under `pages/blocks/`, a description and a preview
value for editors, and `clean()` where fields depend on each other. The blocks are
plain content: nothing here queries the database while rendering, except the image
block, whose image is chosen (and prefetched by Wagtail) once per stream.
"""

from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError
from wagtail.images.blocks import ImageChooserBlock

INLINE_FEATURES = ["bold", "italic", "link"]
RICH_TEXT_FEATURES = ["h3", "h4", "bold", "italic", "link", "ol", "ul"]


def _refuse(errors: dict[str, str]) -> None:
    """Raise a StructBlock error that shows each message next to its own field."""
    raise StructBlockValidationError(
        block_errors={name: ValidationError(message) for name, message in errors.items()}
    )


class SectionHeadingBlock(blocks.StructBlock):
    """A section's heading, with an optional anchor so other pages can link to it."""

    heading = blocks.CharBlock(max_length=120)
    anchor = blocks.RegexBlock(
        regex=r"^[a-z0-9-]+$",
        required=False,
        max_length=60,
        error_messages={"invalid": "Use lower-case letters, digits and hyphens only."},
        help_text="Optional: a short name for links to this section, e.g. 'how-to-get-involved'.",
    )
    level = blocks.ChoiceBlock(
        choices=[("h2", "Section (level 2)"), ("h3", "Sub-section (level 3)")], default="h2"
    )

    class Meta:
        template = "pages/blocks/section_heading.html"
        icon = "title"
        description = "Starts a new section of the page."
        preview_value = {"heading": "Why traditional approaches fall short", "level": "h2"}


class RichTextBlock(blocks.RichTextBlock):
    """Paragraphs, lists and links."""

    def __init__(self, **kwargs):
        kwargs.setdefault("features", RICH_TEXT_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        template = "pages/blocks/rich_text.html"
        icon = "pilcrow"
        description = "Paragraphs of text, with lists and links."
        preview_value = (
            "<p>This is not another technique or modality. It is a different way of "
            "seeing human experience, and healing.</p>"
        )


class QuestionListBlock(blocks.StructBlock):
    """Questions put to the reader, with an optional line before and after."""

    intro = blocks.RichTextBlock(features=INLINE_FEATURES, required=False)
    questions = blocks.ListBlock(blocks.CharBlock(max_length=240), min_num=1)
    closing = blocks.RichTextBlock(features=INLINE_FEATURES, required=False)

    class Meta:
        template = "pages/blocks/question_list.html"
        icon = "help"
        description = "A list of questions for the reader to sit with."
        preview_value = {
            "questions": [
                "Why do so many people return to using after treatment?",
                "Why does it feel as if our tools bring only brief relief?",
            ]
        }


class QuotationBlock(blocks.StructBlock):
    """Someone's words, with who said them and where, shown as a figure with a caption."""

    text = blocks.TextBlock(help_text="The exact words, without quotation marks.")
    person = blocks.CharBlock(max_length=120)
    role = blocks.CharBlock(max_length=200, required=False, help_text="e.g. a former post.")
    source = blocks.CharBlock(max_length=200, required=False, help_text="Where it was said.")
    year = blocks.IntegerBlock(required=False, min_value=1800, max_value=2100)
    link = blocks.URLBlock(required=False, help_text="A page where readers can check the source.")

    def clean(self, value):
        value = super().clean(value)
        if value.get("link") and not value.get("source"):
            _refuse({"source": "Name the source the link points to."})
        return value

    class Meta:
        template = "pages/blocks/quotation.html"
        icon = "openquote"
        description = "A quotation with the person's name, role and source."
        preview_value = {
            "text": "There is no definition of a mental disorder.",
            "person": "Dr Allen Frances",
            "role": "psychiatrist",
            "source": "interview",
        }


class PrincipleBlock(blocks.StructBlock):
    name = blocks.CharBlock(max_length=80)
    explanation = blocks.TextBlock(max_length=400)


class ComparisonBlock(blocks.StructBlock):
    """Two models side by side, with their principles paired row by row.

    Rendered as two headed description lists, so a screen reader announces each
    model's name and then its principles, rather than a grid of table cells.
    """

    intro = blocks.RichTextBlock(features=INLINE_FEATURES, required=False)
    first_name = blocks.CharBlock(max_length=80, label="First model")
    first_principles = blocks.ListBlock(PrincipleBlock(), min_num=1, max_num=8)
    second_name = blocks.CharBlock(max_length=80, label="Second model")
    second_principles = blocks.ListBlock(PrincipleBlock(), min_num=1, max_num=8)

    def clean(self, value):
        value = super().clean(value)
        if len(value["first_principles"]) != len(value["second_principles"]):
            _refuse(
                {
                    "second_principles": (
                        "Give both models the same number of principles, so they pair up "
                        f"(the first has {len(value['first_principles'])}, "
                        f"the second {len(value['second_principles'])})."
                    )
                }
            )
        if value["first_name"].strip().lower() == value["second_name"].strip().lower():
            _refuse({"second_name": "The two models need different names."})
        return value

    class Meta:
        template = "pages/blocks/comparison.html"
        icon = "list-ul"
        description = "Two models compared, principle by principle."
        preview_value = {
            "first_name": "The model of illness",
            "first_principles": [{"name": "Separation", "explanation": "The expert and the case."}],
            "second_name": "The model of health",
            "second_principles": [{"name": "Wholeness", "explanation": "Nothing is broken."}],
        }


class TakeawayListBlock(blocks.StructBlock):
    """The points a reader should leave with."""

    heading = blocks.CharBlock(max_length=120, default="Key takeaways")
    items = blocks.ListBlock(blocks.CharBlock(max_length=300), min_num=1, max_num=10)

    class Meta:
        template = "pages/blocks/takeaway_list.html"
        icon = "tick"
        description = "A short, boxed list of the main points."
        preview_value = {
            "heading": "Key takeaways",
            "items": ["Well-being is already present.", "It begins with the practitioner."],
        }


class CallToActionBlock(blocks.StructBlock):
    """An invitation to act, with one link: a page on this site or an address."""

    heading = blocks.CharBlock(max_length=120)
    text = blocks.RichTextBlock(features=INLINE_FEATURES, required=False)
    link_text = blocks.CharBlock(max_length=60)
    page = blocks.PageChooserBlock(required=False)
    url = blocks.CharBlock(
        required=False,
        max_length=300,
        help_text="A path on this site (e.g. /contact/) or a full address, if no page is chosen.",
    )

    def clean(self, value):
        value = super().clean(value)
        if not value.get("page") and not value.get("url"):
            _refuse({"url": "Choose a page or give an address for the link."})
        if value.get("page") and value.get("url"):
            _refuse({"url": "Choose a page or give an address, not both."})
        url = value.get("url") or ""
        if url and not url.startswith(("/", "https://", "http://", "mailto:")):
            _refuse({"url": "Start the address with /, https:// or mailto:."})
        return value

    class Meta:
        template = "pages/blocks/call_to_action.html"
        icon = "pick"
        description = "An invitation with a single, clear link."
        preview_value = {
            "heading": "Are you ready to explore?",
            "link_text": "Get in touch",
            "url": "/contact/",
        }


class ImageBlock(blocks.StructBlock):
    """An image with the words a screen reader speaks in its place (always required)."""

    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        max_length=250,
        help_text="Describe what the image shows for someone who cannot see it.",
    )
    caption = blocks.CharBlock(max_length=250, required=False)

    def clean(self, value):
        value = super().clean(value)
        alt = value.get("alt_text", "").strip()
        if alt.lower() in {"image", "picture", "photo"} or alt.lower().endswith(
            (".jpg", ".jpeg", ".png", ".webp", ".gif")
        ):
            _refuse({"alt_text": "Describe what the image shows, not that it is an image."})
        return value

    class Meta:
        template = "pages/blocks/image.html"
        icon = "image"
        description = "An image with alternative text and an optional caption."


class CitationBlock(blocks.StructBlock):
    """A reference to a published work, shown as a formatted citation."""

    authors = blocks.CharBlock(max_length=200, help_text="e.g. Siegel, D. J.")
    year = blocks.IntegerBlock(min_value=1800, max_value=2100)
    title = blocks.CharBlock(max_length=300)
    medium = blocks.CharBlock(max_length=60, required=False, help_text="e.g. Audiobook.")
    publisher = blocks.CharBlock(max_length=200, required=False)
    link = blocks.URLBlock(required=False)
    note = blocks.RichTextBlock(
        features=INLINE_FEATURES, required=False, help_text="What the work says, in our words."
    )

    def clean(self, value):
        value = super().clean(value)
        if not value.get("publisher") and not value.get("link"):
            _refuse({"publisher": "Give a publisher or a link, so readers can find the work."})
        return value

    class Meta:
        template = "pages/blocks/citation.html"
        icon = "doc-full"
        description = "A reference to a book, paper or recording."
        preview_value = {
            "authors": "Siegel, D. J.",
            "year": 2011,
            "title": "The Neurobiology of “We”",
            "medium": "Audiobook",
            "publisher": "Sounds True",
        }


class OfferingBlock(blocks.StructBlock):
    """One way a practitioner can take part, with a short description."""

    title = blocks.CharBlock(max_length=120)
    description = blocks.TextBlock(max_length=600)

    class Meta:
        template = "pages/blocks/offering.html"
        icon = "group"
        description = "One offering for practitioners: a name and a few sentences."
        preview_value = {
            "title": "Experiential learning",
            "description": "Not only theory: something you see and live for yourself.",
        }


class ContentStreamBlock(blocks.StreamBlock):
    """Every block an editorial page can use, in any order."""

    section_heading = SectionHeadingBlock()
    rich_text = RichTextBlock()
    question_list = QuestionListBlock()
    quotation = QuotationBlock()
    comparison = ComparisonBlock()
    takeaway_list = TakeawayListBlock()
    call_to_action = CallToActionBlock()
    image = ImageBlock()
    citation = CitationBlock()
