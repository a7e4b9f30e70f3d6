import pytest
from django.core.exceptions import ValidationError
from wagtail.blocks import StructBlockValidationError

from irp.pages import blocks

ALL_BLOCKS = [
    blocks.SectionHeadingBlock,
    blocks.RichTextBlock,
    blocks.QuestionListBlock,
    blocks.QuotationBlock,
    blocks.ComparisonBlock,
    blocks.TakeawayListBlock,
    blocks.CallToActionBlock,
    blocks.CitationBlock,
    blocks.OfferingBlock,
]


@pytest.mark.parametrize("block_class", ALL_BLOCKS)
def test_every_block_renders_its_preview_value_with_its_own_template(block_class):
    block = block_class()
    assert block.meta.template.startswith("pages/blocks/")
    assert block.meta.description
    value = block.get_preview_value()
    html = block.render(value)
    assert html.strip()


def _struct(block, data):
    return block.to_python(data)


def test_quotation_renders_as_a_figure_with_blockquote_and_cited_source():
    block = blocks.QuotationBlock()
    value = _struct(
        block,
        {
            "text": "Words worth keeping.",
            "person": "Dr Example",
            "role": "researcher",
            "source": "An interview",
            "year": 2017,
            "link": "https://example.org/interview",
        },
    )
    html = block.render(value)
    assert "<figure" in html and "<blockquote" in html and "<figcaption>" in html
    assert 'cite="https://example.org/interview"' in html
    assert "<cite>An interview</cite>" in html
    assert "Dr Example" in html and "(2017)" in html


def test_quotation_with_a_link_needs_a_source():
    block = blocks.QuotationBlock()
    value = _struct(block, {"text": "x", "person": "y", "link": "https://example.org/"})
    with pytest.raises(StructBlockValidationError) as refusal:
        block.clean(value)
    assert "source" in refusal.value.block_errors


def _principles(n):
    return [{"name": f"P{i}", "explanation": f"Explained {i}"} for i in range(n)]


def test_comparison_renders_two_headed_description_lists_not_a_table():
    block = blocks.ComparisonBlock()
    value = _struct(
        block,
        {
            "intro": "",
            "first_name": "Illness",
            "first_principles": _principles(2),
            "second_name": "Health",
            "second_principles": _principles(2),
        },
    )
    html = block.render(value)
    assert "<table" not in html
    assert html.count("<dl>") == 2
    assert "<h3>Illness</h3>" in html and "<h3>Health</h3>" in html
    assert html.count("<dt>") == 4


def test_comparison_refuses_unpaired_principles():
    block = blocks.ComparisonBlock()
    value = _struct(
        block,
        {
            "first_name": "Illness",
            "first_principles": _principles(4),
            "second_name": "Health",
            "second_principles": _principles(3),
        },
    )
    with pytest.raises(StructBlockValidationError) as refusal:
        block.clean(value)
    assert "same number" in str(refusal.value.block_errors["second_principles"])


def test_comparison_refuses_two_models_with_one_name():
    block = blocks.ComparisonBlock()
    value = _struct(
        block,
        {
            "first_name": "Health",
            "first_principles": _principles(1),
            "second_name": "health ",
            "second_principles": _principles(1),
        },
    )
    with pytest.raises(StructBlockValidationError) as refusal:
        block.clean(value)
    assert "second_name" in refusal.value.block_errors


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"url": ""}, "Choose a page or give an address"),
        ({"url": "javascript:alert(1)"}, "Start the address with"),
    ],
)
def test_call_to_action_needs_one_safe_link(data, message):
    block = blocks.CallToActionBlock()
    value = _struct(block, {"heading": "Talk", "link_text": "Go", "page": None, **data})
    with pytest.raises(StructBlockValidationError) as refusal:
        block.clean(value)
    assert message in str(refusal.value.block_errors["url"])


def test_call_to_action_links_to_its_address():
    block = blocks.CallToActionBlock()
    value = _struct(block, {"heading": "Talk", "link_text": "Get in touch", "url": "/contact/"})
    assert block.clean(value)
    assert 'href="/contact/"' in block.render(value)


def test_citation_needs_a_publisher_or_a_link():
    block = blocks.CitationBlock()
    value = _struct(block, {"authors": "Siegel, D. J.", "year": 2011, "title": "A book"})
    with pytest.raises(StructBlockValidationError) as refusal:
        block.clean(value)
    assert "publisher" in refusal.value.block_errors


def test_citation_renders_the_title_as_a_cite():
    block = blocks.CitationBlock()
    html = block.render(block.get_preview_value())
    assert "Siegel, D. J. (2011)." in html and "<cite>The Neurobiology" in html


def test_image_block_requires_alt_text():
    block = blocks.ImageBlock()
    with pytest.raises(ValidationError):
        block.child_blocks["alt_text"].clean("")


def test_image_block_refuses_alt_text_that_only_says_image(db):
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    image = Image.objects.create(title="Calm water", file=get_test_image_file())
    block = blocks.ImageBlock()
    value = _struct(block, {"image": image.pk, "alt_text": "photo.jpg", "caption": ""})
    with pytest.raises(StructBlockValidationError) as refusal:
        block.clean(value)
    assert "alt_text" in refusal.value.block_errors
    good = _struct(block, {"image": image.pk, "alt_text": "Still water at dawn", "caption": ""})
    html = block.render(block.clean(good))
    assert 'alt="Still water at dawn"' in html
