"""The renderer: markdown-it-py, then nh3's allow-list. No payload may leave a script,
an event handler, a style, a frame or a dangerous URL in what a page shows."""

import re
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from irp.conversations import rendering

XSS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg/onload=alert(1)>",
    "<iframe src=javascript:alert(1)></iframe>",
    '<a href="javascript:alert(1)">x</a>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](java\nscript:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click](vbscript:msgbox(1))",
    '[click](https://example.org "title" onmouseover="alert(1)")',
    "![x](javascript:alert(1))",
    '![x](https://example.org/x.png" onerror="alert(1))',
    "<style>body{display:none}</style>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<object data=javascript:alert(1)>",
    "<embed src=javascript:alert(1)>",
    "<form action=javascript:alert(1)><button>x</button></form>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<<script>script>alert(1)<</script>/script>",
    "<!--<script>alert(1)</script>-->",
    "`<script>alert(1)</script>`",
    "```\n<script>alert(1)</script>\n```",
    "<details open ontoggle=alert(1)>",
    "<base href=javascript:alert(1)//>",
    "<meta http-equiv=refresh content=0;url=javascript:alert(1)>",
    "[a](<javascript:alert(1)>)",
    "<javascript:alert(1)>",
    '<a href="&#x6A;avascript:alert(1)">x</a>',
    "> <script>alert(1)</script>",
    "- <img src=x onerror=alert(1)>",
    "**<svg onload=alert(1)>**",
    "\x00<script>alert(1)</script>",
    "[x](https://example.org)<script>",
]

ALLOWED = rendering.ALLOWED_TAGS
DANGEROUS_SCHEMES = re.compile(r"^\s*(javascript|vbscript|data|file):", re.IGNORECASE)


class Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def elements(html: str):
    parser = Collector()
    parser.feed(html)
    parser.close()
    return parser.tags


def assert_safe(html: str):
    for tag, attrs in elements(html):
        assert tag in ALLOWED, (tag, html)
        for name, value in attrs.items():
            assert name in rendering.ALLOWED_ATTRIBUTES.get(tag, set()) | {"rel"}, (name, html)
            assert not name.startswith("on"), html
            if name == "href":
                assert not DANGEROUS_SCHEMES.match(value or ""), html
        if tag == "a":
            assert attrs.get("rel") == "nofollow ugc noopener", html


@pytest.mark.parametrize("payload", XSS)
def test_no_payload_survives(payload):
    html = rendering.render(payload)
    assert_safe(html)
    assert "<script" not in html.lower()


def test_markdown_becomes_the_allowed_html():
    html = rendering.render("Some *care* and **weight**\n\n> a quotation\n\n- one\n- two")
    assert "<em>care</em>" in html and "<strong>weight</strong>" in html
    assert "<blockquote>" in html and "<li>one</li>" in html


def test_links_are_marked_nofollow_ugc_noopener():
    html = rendering.render("[the seed page](https://example.org/professionals)")
    assert html.strip() == (
        '<p><a href="https://example.org/professionals" rel="nofollow ugc noopener">'
        "the seed page</a></p>"
    )


def test_raw_html_is_shown_as_text():
    assert "&lt;b&gt;bold&lt;/b&gt;" in rendering.render("<b>bold</b>")


def test_headings_and_images_are_not_made():
    html = rendering.render("# Loud\n\n![tracker](https://example.org/pixel.gif)")
    assert "<h1" not in html and "<img" not in html


def test_mentions_are_found_without_email_addresses():
    text = "Thank you @SamRivers and @ada.o. — write to me at sam@example.org"
    assert rendering.mentioned_handles(text) == {"samrivers", "ada.o"}


def test_a_quote_begins_a_reply_with_the_quoted_words():
    assert rendering.quote("First line\n\nSecond", name="Ada") == (
        "> **Ada** wrote:\n>\n> First line\n>\n> Second\n\n"
    )


markdown_pieces = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["*", "**", "_", "`", "```", "> ", "- ", "1. ", "[", "](", ")", "<", ">",
                     "&", "#", "\n", "\n\n", "javascript:", "https://", "<script>", "\"", "'",
                     "onerror=", "<img src=x ", "<a href=", "&#x6A;", "\\", "!["]),
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(markdown_pieces, max_size=30).map("".join))
def test_random_markdown_always_renders_safe_html(markdown):
    html = rendering.render(markdown)
    assert_safe(html)
    assert "<script" not in html.lower()
