"""Markdown to safe HTML: markdown-it-py parses, nh3 (ammonia) keeps only an allow-list.

Raw HTML in a post is shown as text (markdown-it's `html` is off); headings and images
are not parsed (a post is not a page, and a remote image would tell its host who read
it). Whatever the parser makes then passes nh3's allow-list, so no tag, attribute or
URL scheme outside it can reach a page, and every link gets rel="nofollow ugc noopener".
"""

import re

import nh3
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "a", "ul", "ol", "li", "blockquote", "code", "pre", "hr", "s",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow ugc noopener"

_parser = (
    MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    .disable(["heading", "lheading", "image"])
    .enable("strikethrough")
)
# "@" then a name written without spaces (letters, digits, dot, hyphen, underscore).
MENTION = re.compile(r"(?<![\w@])@([^\W_][\w.\-]{0,59})")


def render(markdown: str) -> str:
    """HTML for a post's Markdown, safe to show as it is."""
    html = _parser.render(markdown)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
    )


def mention_handle(display_name: str) -> str:
    """How a person is mentioned: their display name without spaces, e.g. @SamRivers."""
    return re.sub(r"\s+", "", display_name or "")


def mentioned_handles(markdown: str) -> set[str]:
    """Every @handle written in a post, lower-cased."""
    return {match.lower().rstrip(".-") for match in MENTION.findall(markdown or "")}


def quote(markdown: str, *, name: str) -> str:
    """A Markdown quotation of another post, to begin a reply with."""
    lines = (markdown or "").strip().splitlines() or [""]
    quoted = "\n".join(f"> {line}" if line else ">" for line in lines)
    return f"> **{name}** wrote:\n>\n{quoted}\n\n"
