"""What a step's content is made of: a short piece to read, watch, listen to or download.

Kept in this app because only steps use them; each renders with its own template."""

from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock


class AudioBlock(blocks.StructBlock):
    """A recording uploaded as a document (MP3 or similar), played in the page."""

    recording = DocumentChooserBlock(help_text="An audio file (MP3, M4A or OGG).")
    title = blocks.CharBlock(help_text="What the recording is, for people who cannot hear it.")
    transcript = blocks.TextBlock(required=False, help_text="Optional: the words spoken.")

    class Meta:
        icon = "media"
        template = "programmes/blocks/audio.html"
        preview_value = {"title": "A short guided pause"}
        description = "A recording people can play on the page, with an optional transcript."


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock()
    label = blocks.CharBlock(required=False, help_text="Optional: the link's words.")

    class Meta:
        icon = "doc-full"
        template = "programmes/blocks/document.html"
        preview_value = {"label": "Download the worksheet"}
        description = "A downloadable document, such as a worksheet."


class VideoBlock(blocks.StructBlock):
    video = EmbedBlock(help_text="The address of the video (for example on YouTube or Vimeo).")
    caption = blocks.CharBlock(required=False)

    class Meta:
        icon = "media"
        template = "programmes/blocks/video.html"
        preview_value = {"caption": "A conversation about the model of health"}
        description = "An embedded video with an optional caption."


class StepContentBlock(blocks.StreamBlock):
    text = blocks.RichTextBlock(
        features=["h2", "h3", "bold", "italic", "link", "ol", "ul"],
        template="programmes/blocks/text.html",
    )
    video = VideoBlock()
    audio = AudioBlock()
    document = DocumentBlock()
