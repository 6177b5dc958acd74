"""parse_document on files that are empty, wrong, damaged or hostile: always an
InputError with a one-line message, never a library exception."""

from __future__ import annotations

import contextlib

import docx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from souverain.domain import ParsedDocument
from souverain.errors import CorruptFile, EmptyFile, InputError, UnsupportedFormat
from souverain.parse import parse_document
from tests.parse.test_detect import PNG, zipped

NAMES = ["a.pdf", "a.docx", "a.html", "a.txt", "a.md", "a.eml", "noext"]


@pytest.mark.parametrize("name", NAMES)
def test_zero_bytes_are_an_empty_file(name: str) -> None:
    with pytest.raises(EmptyFile) as caught:
        parse_document(name, b"")
    assert str(caught.value) == (
        f"{name}: the file is empty (0 bytes). "
        "The file has no content; re-export or re-download it."
    )


@pytest.mark.parametrize("name", NAMES)
def test_whitespace_is_an_empty_file(name: str) -> None:
    with pytest.raises(EmptyFile):
        parse_document(name, b" \r\n\t \n")


def test_a_damaged_png_is_corrupt() -> None:
    with pytest.raises(CorruptFile, match="not a readable image"):
        parse_document("scan.png", PNG)


def test_zip_is_unsupported() -> None:
    with pytest.raises(UnsupportedFormat, match="ZIP archive"):
        parse_document("bundle.zip", zipped("one.txt"))


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("broken.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\n" + b"\x00\xff" * 300),
        ("broken.docx", b"PK\x03\x04 truncated zip"),
        ("random.txt", bytes(range(256)) * 4),
    ],
)
def test_damaged_files_are_corrupt(name: str, data: bytes) -> None:
    with pytest.raises(CorruptFile):
        parse_document(name, data)


def test_a_library_failure_becomes_corrupt_file_with_its_message(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def failing_open(stream: object) -> None:
        raise KeyError("There is no item named 'word/_rels/document.xml.rels' in the archive")

    monkeypatch.setattr(docx, "Document", failing_open)  # as the parser sees it
    with pytest.raises(CorruptFile) as caught:
        parse_document("odd.docx", zipped("word/document.xml"))
    line = str(caught.value)
    assert line.startswith("odd.docx: cannot be read (KeyError:")
    assert "word/_rels/document.xml.rels" in line
    assert "\n" not in line


@settings(max_examples=150, deadline=None)
@given(name=st.sampled_from(NAMES), data=st.binary(min_size=1, max_size=2048))
def test_any_bytes_give_a_document_or_an_input_error(name: str, data: bytes) -> None:
    try:
        document = parse_document(name, data)
    except InputError as error:
        assert "\n" not in str(error)
    else:
        assert isinstance(document, ParsedDocument)
        assert document.pages and document.pages[0].number == 1


@settings(max_examples=100, deadline=None)
@given(body=st.text(max_size=400))
def test_any_text_mail_or_page_parses_or_is_refused_cleanly(body: str) -> None:
    for name, data in (
        ("m.eml", f"From: a@b\nSubject: s\n\n{body}".encode()),
        ("p.html", f"<html><body>{body}</body></html>".encode()),
        ("r.md", body.encode()),
    ):
        with contextlib.suppress(InputError):  # refusing is fine; any other error is not
            parse_document(name, data)
