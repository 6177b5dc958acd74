"""HtmlParser: only visible content, in order, with structure kept as Markdown."""

from __future__ import annotations

import pytest

from souverain.domain import Block, BlockKind, ParsedDocument
from souverain.errors import EmptyFile
from souverain.parse.base import Limits
from souverain.parse.html import HtmlParser

PAGE = """<!DOCTYPE html>
<html><head><title> Price list  2024 </title>
<style>p { color: red }</style><script>var secret = "script text";</script></head>
<body>
<nav><a href="/">Home</a> <a href="/about">About us</a></nav>
<h1>Prices</h1>
<p>All prices <b>include</b> VAT.<br>Valid until June.</p>
<div>Loose text in a div<span hidden>hidden span</span></div>
<div style="display: none">invisible div</div>
<p aria-hidden="true">screen-reader hidden</p>
<noscript>enable JavaScript</noscript><template><p>template text</p></template>
<ul><li>Paper<ul><li>A4</li><li>A3</li></ul></li><li>Ink</li></ul>
<table>
  <thead><tr><th>Item</th><th>Price</th></tr></thead>
  <tbody><tr><td>Paper | A4</td><td>9,90 €</td></tr><tr><td>Ink</td></tr></tbody>
</table>
<h2>Example</h2>
<pre>  total = price * quantity
  print(total)</pre>
<script>document.write("late script")</script>
</body></html>"""


def parse(markup: str | bytes) -> ParsedDocument:
    data = markup.encode("utf-8") if isinstance(markup, str) else markup
    return HtmlParser().parse(data, "page.html", Limits())


def test_visible_structure_in_order() -> None:
    document = parse(PAGE)
    assert document.title == "Price list 2024"
    assert document.pages[0].blocks == [
        Block("Prices", BlockKind.HEADING, level=1),
        Block("All prices include VAT.\nValid until June."),
        Block("Loose text in a div"),
        Block("- Paper\n  - A4\n  - A3\n- Ink", BlockKind.LIST),
        Block(
            "| Item | Price |\n| --- | --- |\n| Paper \\| A4 | 9,90 € |\n| Ink |  |",
            BlockKind.TABLE,
        ),
        Block("Example", BlockKind.HEADING, level=2),
        Block("  total = price * quantity\n  print(total)", BlockKind.CODE),
    ]


def test_scripts_navigation_and_hidden_elements_are_dropped() -> None:
    text = "\n".join(block.text for block in parse(PAGE).pages[0].blocks)
    for unwanted in (
        "script text",
        "late script",
        "Home",
        "About us",
        "hidden span",
        "invisible div",
        "screen-reader",
        "JavaScript",
        "template text",
        "color",
    ):
        assert unwanted not in text


def test_main_content_is_preferred_over_page_furniture() -> None:
    markup = (
        "<html><body><header>Site banner</header><aside>Related links</aside>"
        "<main><h1>Article</h1><p>The content.</p></main><footer>Imprint</footer></body></html>"
    )
    blocks = parse(markup).pages[0].blocks
    assert [b.text for b in blocks] == ["Article", "The content."]


def test_single_article_is_preferred_when_there_is_no_main() -> None:
    markup = "<body><div>Menu</div><article><p>Story.</p></article><div>Ads</div></body>"
    assert [b.text for b in parse(markup).pages[0].blocks] == ["Story."]


def test_meta_charset_decodes_windows_1252() -> None:
    markup = '<html><head><meta charset="windows-1252"></head><body><p>Grüße aus Köln – €5</p>'
    blocks = parse(markup.encode("cp1252")).pages[0].blocks
    assert blocks[0].text == "Grüße aus Köln – €5"


def test_undeclared_legacy_encoding_is_guessed() -> None:
    markup = "<html><body><p>Größe und Maß der Straße in München</p></body></html>"
    assert parse(markup.encode("cp1252")).pages[0].blocks[0].text.startswith("Größe")


def test_title_falls_back_to_first_heading() -> None:
    assert parse("<body><h2>Only heading</h2><p>x</p></body>").title == "Only heading"


def test_deep_nesting_does_not_overflow_the_stack() -> None:
    depth = 5000
    markup = "<body>" + "<div><span>" * depth + "deep text" + "</span></div>" * depth + "</body>"
    blocks = parse(markup).pages[0].blocks
    assert "deep text" in "\n".join(b.text for b in blocks)


def test_page_without_visible_text_is_empty() -> None:
    with pytest.raises(EmptyFile):
        parse("<html><head><title>T</title><script>x()</script></head><body> </body></html>")
