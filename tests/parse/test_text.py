"""PlainTextParser and MarkdownParser: decoding legacy encodings, and Markdown structure."""

from __future__ import annotations

import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from souverain.domain import Block, BlockKind, ParsedDocument
from souverain.errors import CorruptFile, EmptyFile
from souverain.parse._decode import decode_text
from souverain.parse.base import Limits
from souverain.parse.text import MarkdownParser, PlainTextParser, markdown_blocks

GERMAN = "Größe und Maß\n\nDie Straße führt über die Brücke nach Düsseldorf. Äpfel, Öl, Übermaß."


def text(data: bytes) -> ParsedDocument:
    return PlainTextParser().parse(data, "notes.txt", Limits())


def markdown(source: str) -> ParsedDocument:
    return MarkdownParser().parse(source.encode("utf-8"), "readme.md", Limits())


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_german_legacy_text_decodes(encoding: str) -> None:
    document = text(GERMAN.encode(encoding))
    assert [b.text for b in document.pages[0].blocks] == GERMAN.split("\n\n")
    assert document.title == "Größe und Maß"


@pytest.mark.parametrize("word", ["Größe", "café crème", "Grüße über"])
def test_short_western_words_are_not_misread_as_exotic_code_pages(word: str) -> None:
    assert decode_text(word.encode("cp1252"), "w.txt") == word


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32", "utf-8-sig"])
def test_unicode_with_byte_order_marks(encoding: str) -> None:
    data = GERMAN.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    assert text(data).pages[0].blocks[0].text == "Größe und Maß"


def test_polish_in_windows_1250_is_not_forced_into_1252() -> None:
    source = "Zażółć gęślą jaźń. Źródło wiedzy o łąkach i żółwiach."
    assert decode_text(source.encode("cp1250"), "pl.txt") == source


@pytest.mark.parametrize(
    "data",
    [os.urandom(4096), bytes(range(256)) * 16, b"\x00\x01\x02\x03\x04" * 200],
    ids=["random", "all-bytes", "controls"],
)
def test_binary_named_txt_is_text_in_an_unknown_encoding(data: bytes) -> None:
    with pytest.raises(CorruptFile) as caught:
        text(data)
    assert caught.value.problem == "text in an unknown encoding"
    assert "iconv -f LATIN1 -t UTF-8 in.txt > out.txt" in str(caught.value)


def test_paragraphs_split_on_blank_lines_and_windows_newlines() -> None:
    blocks = text(b"First line\r\nsame paragraph\r\n \r\n\r\nSecond\fThird").pages[0].blocks
    assert [b.text for b in blocks] == ["First line\nsame paragraph", "Second", "Third"]


def test_whitespace_only_text_is_empty() -> None:
    with pytest.raises(EmptyFile):
        text(" \n\t\n".encode("utf-16"))


MARKDOWN = """# Report title

Intro paragraph
over two lines.

Setext heading
--------------

- first item
- second item
  continued here
  - nested item
* another marker

| Name | Price |
|------|------:|
| Tea  | 2,50  |
| Cake | 3,80  |

```python
# not a heading inside code
print("hello")
```

### Closing ###
Last words.
"""


def test_markdown_structure() -> None:
    document = markdown(MARKDOWN)
    assert document.title == "Report title"
    assert document.pages[0].blocks == [
        Block("Report title", BlockKind.HEADING, level=1),
        Block("Intro paragraph\nover two lines."),
        Block("Setext heading", BlockKind.HEADING, level=2),
        Block(
            "- first item\n- second item continued here\n  - nested item\n- another marker",
            BlockKind.LIST,
        ),
        Block(
            "| Name | Price |\n|------|------:|\n| Tea  | 2,50  |\n| Cake | 3,80  |",
            BlockKind.TABLE,
        ),
        Block('# not a heading inside code\nprint("hello")', BlockKind.CODE),
        Block("Closing", BlockKind.HEADING, level=3),
        Block("Last words."),
    ]


def test_front_matter_title_and_setext_level_one() -> None:
    document = markdown("---\ntitle: From front matter\nlang: de\n---\nMain\n====\n\nText.")
    assert document.title == "From front matter"
    assert document.pages[0].blocks[0] == Block("Main", BlockKind.HEADING, level=1)


def test_unclosed_fence_runs_to_the_end() -> None:
    blocks = markdown("Intro.\n\n~~~\ncode line\n# still code").pages[0].blocks
    assert blocks[-1] == Block("code line\n# still code", BlockKind.CODE)


def test_markdown_title_falls_back_to_first_line() -> None:
    assert markdown("Just some notes\nand more.").title == "Just some notes"


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "#",
                "# x",
                "- a",
                "  - b",
                "|a|b|",
                "|-|-|",
                "```",
                "~~~",
                "===",
                "---",
                "",
                "text",
                "> q",
                "1. n",
                "***",
                "  ",
            ]
        ),
        max_size=30,
    )
)
def test_any_line_mix_ends_with_nonempty_blocks(lines: list[str]) -> None:
    for block in markdown_blocks(lines):
        assert block.text.strip()
        assert 0 <= block.level <= 6


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=512))
def test_decoding_any_bytes_gives_text_or_corrupt_file(data: bytes) -> None:
    try:
        decoded = decode_text(data, "x.txt")
    except CorruptFile as error:
        assert error.problem == "text in an unknown encoding"
    else:
        assert isinstance(decoded, str)
