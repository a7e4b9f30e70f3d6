"""StreamField blocks for the public site's pages.

Every block has its own template under `pages/blocks/`, a description and a preview
value for editors, and `clean()` where fields depend on each other. The blocks are
plain content: nothing here queries the database while rendering, except the image
block, whose image is chosen (and prefetched by Wagtail) once per stream.
"""

from django.core.exceptions import ValidationError
from django.utils.text import slugify
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError
from wagtail.images.blocks import ImageChooserBlock

from irp.core import registry

INLINE_FEATURES = ["bold", "italic", "link"]
RICH_TEXT_FEATURES = ["h3", "h4", "bold", "italic", "link", "ol", "ul"]


class ItemBlock(blocks.CharBlock):
    """A line in a list block. Wagtail shows list items without a label, so the input
    carries its name for screen readers (axe: every input has a label)."""

    def __init__(self, item_name: str, **kwargs):
        super().__init__(**kwargs)
        self.field.widget.attrs["aria-label"] = item_name


def _refuse(errors: dict[str, str]) -> None:
    """Raise a StructBlock error that shows each message next to its own field."""
    raise StructBlockValidationError(
        block_errors={name: ValidationError(message) for name, message in errors.items()}
    )


def section_anchor(value) -> str:
    """The id a section heading carries: the editor's anchor, or one made from its words."""
    return value.get("anchor") or slugify(value.get("heading", ""))


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

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["anchor"] = section_anchor(value)
        return context

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
    questions = blocks.ListBlock(ItemBlock("Question", max_length=240), min_num=1)
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
    items = blocks.ListBlock(ItemBlock("Takeaway", max_length=300), min_num=1, max_num=10)

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
        _check_link(value)
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


def _check_link(value, *, page="page", url="url") -> None:
    """A link is a page on this site or an address, never both and never neither."""
    if not value.get(page) and not value.get(url):
        _refuse({url: "Choose a page or give an address for the link."})
    if value.get(page) and value.get(url):
        _refuse({url: "Choose a page or give an address, not both."})
    address = value.get(url) or ""
    if address and not address.startswith(("/", "https://", "http://", "mailto:")):
        _refuse({url: "Start the address with /, https:// or mailto:."})


class OpeningBlock(blocks.StructBlock):
    """The home page's opening: what this is and for whom, and the way in.
    It carries the page's only level-1 heading."""

    heading = blocks.CharBlock(max_length=120, help_text="What this is, in a few words.")
    text = blocks.RichTextBlock(features=INLINE_FEATURES, help_text="Who it is for, and why.")
    link_text = blocks.CharBlock(max_length=60)
    page = blocks.PageChooserBlock(required=False, help_text="The main way in.")
    url = blocks.CharBlock(required=False, max_length=300, help_text="Or an address.")
    second_link_text = blocks.CharBlock(max_length=60, required=False)
    second_url = blocks.CharBlock(
        required=False, max_length=300, help_text="A second, quieter link (e.g. /contact/)."
    )

    def clean(self, value):
        value = super().clean(value)
        _check_link(value)
        if bool(value.get("second_link_text")) != bool(value.get("second_url")):
            _refuse({"second_url": "Give both the words and the address of the second link."})
        if value.get("second_url"):
            _check_link(value, page="second_page", url="second_url")
        return value

    class Meta:
        template = "pages/blocks/opening.html"
        icon = "home"
        description = "The page's opening: its heading, who it is for and the main way in."
        preview_value = {
            "heading": "A model of health for professionals in addiction and recovery",
            "text": "<p>For practitioners who sense something is missing.</p>",
            "link_text": "Read about the approach",
            "url": "/who-is-this-for/professionals-addiction/",
        }


class FeatureBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=80)
    text = blocks.TextBlock(max_length=300)
    link_text = blocks.CharBlock(max_length=60, required=False)
    page = blocks.PageChooserBlock(required=False)
    url = blocks.CharBlock(required=False, max_length=300)

    def clean(self, value):
        value = super().clean(value)
        if value.get("link_text") or value.get("page") or value.get("url"):
            if not value.get("link_text"):
                _refuse({"link_text": "Give the words for the link."})
            _check_link(value)
        return value


class FeatureListBlock(blocks.StructBlock):
    """What someone can do here, side by side: the journal, live discussions, an account."""

    heading = blocks.CharBlock(max_length=120)
    features = blocks.ListBlock(FeatureBlock(), min_num=1, max_num=6)

    class Meta:
        template = "pages/blocks/feature_list.html"
        icon = "list-ul"
        description = "A few things people can do here, each with a link."
        preview_value = {
            "heading": "What you can do here",
            "features": [
                {"title": "Reflect", "text": "A private journal only you can read."},
                {"title": "Talk", "text": "Live discussions with other practitioners."},
            ],
        }


class PersonBlock(blocks.StructBlock):
    name = blocks.CharBlock(max_length=120)
    role = blocks.CharBlock(max_length=120)
    about = blocks.TextBlock(max_length=400, required=False)


class PeopleBlock(blocks.StructBlock):
    """Who we are: the people behind the organisation, named with their roles."""

    heading = blocks.CharBlock(max_length=120, default="Who we are")
    intro = blocks.RichTextBlock(features=INLINE_FEATURES, required=False)
    people = blocks.ListBlock(PersonBlock(), min_num=1, max_num=12)

    class Meta:
        template = "pages/blocks/people.html"
        icon = "group"
        description = "The people behind the organisation, with their roles."
        preview_value = {
            "heading": "Who we are",
            "people": [{"name": "Alex Example", "role": "Director"}],
        }


def _listing_choices():
    return [(key, listing.title) for key, listing in registry.home_listings().items()]


class ListingBlock(blocks.StructBlock):
    """A list the platform keeps up to date, such as the next live discussions. Each app
    offers its own (irp.core.registry.HOME_LISTINGS); nothing is shown while it is empty
    unless the block gives words for that."""

    heading = blocks.CharBlock(max_length=120)
    kind = blocks.ChoiceBlock(choices=_listing_choices, label="What to list")
    count = blocks.IntegerBlock(default=3, min_value=1, max_value=6, label="How many")
    when_empty = blocks.CharBlock(
        max_length=200, required=False, help_text="Shown when there is nothing to list."
    )
    link_text = blocks.CharBlock(max_length=60, required=False)
    url = blocks.CharBlock(required=False, max_length=300, help_text="e.g. /live/")

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("link_text")) != bool(value.get("url")):
            _refuse({"url": "Give both the words and the address of the link."})
        if value.get("url"):
            _check_link({"url": value["url"]})
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        listing = registry.home_listings().get(value["kind"])
        context["listing"] = listing
        context["items"] = listing.items(value["count"]) if listing else []
        return context

    class Meta:
        template = "pages/blocks/listing.html"
        icon = "date"
        description = (
            "A list kept up to date by the platform: the next live discussions, "
            "the open programmes."
        )


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


class HomeStreamBlock(ContentStreamBlock):
    """The home page's blocks: every content block, and the ones only home uses."""

    opening = OpeningBlock()
    feature_list = FeatureListBlock()
    people = PeopleBlock()
    listing = ListingBlock()

    class Meta:
        block_counts = {"opening": {"max_num": 1}}
