"""detect_media_type: content first, then the extension; everything else is refused."""

from __future__ import annotations

import io
import zipfile

import pytest

from souverain.errors import UnsupportedFormat
from souverain.parse import SUPPORTED_MEDIA_TYPES
from souverain.parse.detect import DOCX, EMAIL, HTML, MARKDOWN, PDF, TEXT, detect_media_type

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(20)


def zipped(*names: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("path", "data", "expected"),
    [
        ("a.pdf", b"%PDF-1.7\n...", PDF),
        ("misnamed.txt", b"%PDF-1.4\n...", PDF),
        ("junk-first.bin", b"\xef\xbb\xbfHTTP junk\n%PDF-1.4\n...\n%%EOF\n", PDF),
        ("a.docx", zipped("[Content_Types].xml", "word/document.xml"), DOCX),
        ("no-extension", zipped("word/document.xml"), DOCX),
        ("page.txt", b"  <!DOCTYPE html><html><body>x</body></html>", HTML),
        ("page", b"<?xml version='1.0'?>\n<html xmlns='http://www.w3.org/1999/xhtml'>", HTML),
        ("fragment.htm", b"<p>just a fragment</p>", HTML),
        ("mail", b"Received: from x\r\nFrom: a@b\r\nSubject: hi\r\n\r\nbody", EMAIL),
        ("saved.txt", b"From a@b Mon Jan 1 00:00:00 2024\nFrom: a@b\nTo: c@d\n\nhi", EMAIL),
        ("notes.txt", b"From: the desk of the mayor\n\nA memo.", TEXT),
        ("readme.md", b"# Title\n\ntext", MARKDOWN),
        ("README.MARKDOWN", b"text", MARKDOWN),
        ("message.eml", b"X-Odd: 1\n\nbody", EMAIL),
        ("notes", b"plain words without an extension", TEXT),
        ("bmw.txt", b"BMW invoice for the service", TEXT),
        ("about-pdf.md", b"A PDF starts with %PDF-1.7, then objects.", MARKDOWN),
    ],
)
def test_detects(path: str, data: bytes, expected: str) -> None:
    assert detect_media_type(path, data) == expected


@pytest.mark.parametrize(
    ("path", "data", "kind"),
    [
        ("photo.heic", b"\x00\x00\x00\x18ftypheic" + bytes(8), "a HEIC image"),
        ("sheet.xlsx", zipped("xl/workbook.xml"), "an Excel workbook (XLSX)"),
        ("archive.zip", zipped("a.txt", "b.txt"), "a ZIP archive"),
        ("setup.exe", b"MZ\x90\x00\x03\x00\x00\x00", "a Windows program"),
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(8), "an old Microsoft Office"),
        ("data.bin", bytes([0, 159, 146, 150]) * 10, "a .bin file"),
        ("blob", bytes([0, 1, 2, 3]) * 10, "binary data of an unknown kind"),
    ],
)
def test_refuses_with_the_detected_kind(path: str, data: bytes, kind: str) -> None:
    with pytest.raises(UnsupportedFormat) as caught:
        detect_media_type(path, data)
    assert kind in caught.value.problem
    assert caught.value.problem.endswith("is not a supported document type")


@pytest.mark.parametrize(
    ("path", "data", "expected"),
    [
        ("scan.png", PNG, "image/png"),
        ("photo.pdf", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "image/jpeg"),
        ("fax.tif", b"II*\x00" + bytes(16), "image/tiff"),
    ],
)
def test_images_are_read_with_ocr(path: str, data: bytes, expected: str) -> None:
    assert detect_media_type(path, data) == expected


def test_unreadable_images_say_what_to_convert_to() -> None:
    with pytest.raises(UnsupportedFormat) as caught:
        detect_media_type("photo.heic", b"\x00\x00\x00\x18ftypheic" + bytes(8))
    line = str(caught.value)
    assert line.startswith("photo.heic: a HEIC image is not a supported document type.")
    assert "PNG, JPEG, TIFF or PDF" in line


def test_every_detected_type_has_a_parser() -> None:
    images = {"image/png", "image/jpeg", "image/tiff", "image/webp", "image/bmp", "image/gif"}
    assert set(SUPPORTED_MEDIA_TYPES) == {PDF, DOCX, HTML, TEXT, MARKDOWN, EMAIL} | images
