"""PdfiumParser on PDFs made here with fpdf2, plus a few of the real invoices if present."""

from __future__ import annotations

import ctypes
import functools
import io

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from fpdf.enums import TextMode

from souverain.domain import BlockKind, Page
from souverain.errors import CorruptFile, EmptyFile, EncryptedFile, FileTooLarge
from souverain.parse.base import Limits
from souverain.parse.pdf import PdfiumParser, needs_ocr
from tests.parse.conftest import (
    INVOICES,
    new_pdf,
    pdf_bytes,
    png_bytes,
    write_heading,
    write_paragraph,
)

LOREM = (
    "Souverain reads born-digital documents and keeps the position of every paragraph "
    "so that an answer can point at the region of the page it came from. "
)


def parse(data: bytes, limits: Limits | None = None) -> list[Page]:
    return PdfiumParser().parse(data, "test.pdf", limits or Limits()).pages


@functools.cache  # fpdf2 subsets the font on every build; one build serves every test
def three_page_report() -> bytes:
    pdf = new_pdf()
    pdf.set_title("Annual report")
    for number in range(1, 4):
        pdf.add_page()
        write_heading(pdf, f"Chapter {number}", 22)
        write_paragraph(pdf, LOREM * 3)
        write_heading(pdf, f"Section {number}.1", 15)
        write_paragraph(pdf, LOREM * 2)
        write_paragraph(pdf, f"Closing words of page {number}. " + LOREM)
    return pdf_bytes(pdf)


def test_pages_are_numbered_from_one_with_their_size() -> None:
    pages = parse(three_page_report())
    assert [page.number for page in pages] == [1, 2, 3]
    for page in pages:
        assert page.width == pytest.approx(595.28, abs=0.1)
        assert page.height == pytest.approx(841.89, abs=0.1)
        assert not page.needs_ocr


def test_blocks_follow_reading_order_with_top_left_boxes() -> None:
    page = parse(three_page_report())[1]
    texts = [block.text for block in page.blocks]
    assert texts[0] == "Chapter 2"
    assert texts[-1].startswith("Closing words of page 2.")
    tops = [block.bbox[1] for block in page.blocks if block.bbox]
    assert tops == sorted(tops), "origin top-left: later blocks lie lower on the page"
    assert tops[0] < 100, "the first heading sits near the top margin, not the bottom"
    assert page.width is not None and page.height is not None
    for block in page.blocks:
        assert block.bbox is not None
        x0, y0, x1, y1 = block.bbox
        assert 0 <= x0 < x1 <= page.width and 0 <= y0 < y1 <= page.height


def test_wrapped_lines_stay_one_paragraph_and_gaps_split_paragraphs() -> None:
    blocks = parse(three_page_report())[0].blocks
    paragraphs = [b for b in blocks if b.kind is BlockKind.PARAGRAPH]
    assert len(paragraphs) == 3
    assert paragraphs[0].text.count("\n") >= 2, "three wrapped lines, one block"
    assert paragraphs[2].text.startswith("Closing words")


def test_headings_are_found_by_font_size_with_levels() -> None:
    blocks = parse(three_page_report())[0].blocks
    headings = [(b.text, b.level) for b in blocks if b.kind is BlockKind.HEADING]
    assert headings == [("Chapter 1", 1), ("Section 1.1", 2)]


def test_title_comes_from_metadata_then_first_heading() -> None:
    assert PdfiumParser().parse(three_page_report(), "r.pdf", Limits()).title == "Annual report"
    pdf = new_pdf()
    pdf.add_page()
    write_heading(pdf, "Quarterly figures", 20)
    write_paragraph(pdf, LOREM * 4)
    assert PdfiumParser().parse(pdf_bytes(pdf), "q.pdf", Limits()).title == "Quarterly figures"


def test_image_only_page_needs_ocr_and_has_no_blocks(scan_pdf: bytes) -> None:
    document = PdfiumParser().parse(scan_pdf, "scan.pdf", Limits())
    assert document.ocr_pages == [2]
    assert document.pages[0].blocks
    assert document.pages[1].blocks == []


def test_a_page_number_stamped_on_a_scan_still_needs_ocr() -> None:
    pdf = new_pdf()
    pdf.add_page()
    pdf.image(io.BytesIO(png_bytes()), x=40, y=40, w=500)
    pdf.set_xy(280, 800)
    pdf.cell(text="- 7 -")
    assert parse(pdf_bytes(pdf))[0].needs_ocr


def test_a_text_layer_of_unmapped_glyphs_needs_ocr() -> None:
    # Private-use code points are what fonts without a Unicode map produce; the page is
    # never consulted when the text alone is conclusive.
    assert needs_ocr("\ue001\ue002\ue003 " * 40, page=None)
    assert needs_ocr("\ufffd" * 30 + "ab", page=None)


GERMAN_LAYER = (
    "Der Vertrag beginnt am ersten März und endet am letzten Februar. Die monatliche Miete "
    "beträgt viertausend Euro zuzüglich Nebenkosten. Die Kündigungsfrist beträgt sechs "
    "Monate zum Ende eines Quartals. "
)
MISREAD_LAYER = (
    "Dcr Vcrtraq bcqinnt arn erstcn Marz und cndet arn lctzten Fcbruar. Dle rnonatliche Mlete "
    "betraqt vlertauscnd Eurn zuzuqlich Ncbenkostcn. Dle Kundlgungsfnst bctraqt sechs "
    "Monalc zurn Endc clnes Quartais. "
)


def ocr_layer_pdf(text: str, mode: TextMode = TextMode.INVISIBLE) -> bytes:
    """A scan (a picture) with ``text`` laid over it the way OCR tools do."""
    pdf = new_pdf()
    pdf.add_page()
    pdf.image(io.BytesIO(png_bytes()), x=40, y=40, w=500)
    pdf.text_mode = mode
    pdf.set_xy(40, 60)
    pdf.multi_cell(w=500, text=text * 2)
    return pdf_bytes(pdf)


def test_a_good_invisible_ocr_layer_is_read_not_ocrd_again() -> None:
    page = parse(ocr_layer_pdf(GERMAN_LAYER))[0]
    assert not page.needs_ocr
    assert "Kündigungsfrist" in " ".join(block.text for block in page.blocks)


def test_a_misread_invisible_ocr_layer_is_ocrd_again() -> None:
    page = parse(ocr_layer_pdf(MISREAD_LAYER))[0]
    assert page.needs_ocr and page.blocks == []


def test_visible_text_over_a_picture_is_kept_whatever_it_says() -> None:
    # Part numbers and codes printed beside a product photo are text, not an OCR layer.
    page = parse(ocr_layer_pdf(MISREAD_LAYER, mode=TextMode.FILL))[0]
    assert not page.needs_ocr and page.blocks


@pytest.mark.parametrize("rotation", [90, 180, 270])
def test_rotated_page_boxes_match_pdfium_device_coordinates(rotation: int) -> None:
    source = pdfium.PdfDocument(three_page_report())
    source[0].set_rotation(rotation)
    buffer = io.BytesIO()
    source.save(buffer)
    source.close()
    page = parse(buffer.getvalue())[0]
    size = (595.28, 841.89) if rotation == 180 else (841.89, 595.28)
    assert (page.width, page.height) == pytest.approx(size, abs=0.1)
    first = page.blocks[0].bbox
    assert first is not None
    x0, y0, x1, y1 = _device_box_of_first_char(buffer.getvalue())
    # The first block holds the first character where PDFium itself draws it...
    assert first[0] - 0.5 <= x0 and first[1] - 0.5 <= y0
    assert first[2] + 0.5 >= x1 and first[3] + 0.5 >= y1
    # ...and is one line of text, not the whole page.
    assert min(first[2] - first[0], first[3] - first[1]) < 30


def _device_box_of_first_char(data: bytes) -> tuple[float, float, float, float]:
    """Where PDFium itself draws the first character, in points from the top-left."""
    document = pdfium.PdfDocument(data)
    page = document[0]
    textpage = page.get_textpage()
    left, bottom, right, top = textpage.get_charbox(0)
    width, height = page.get_size()
    scale = 10  # FPDF_PageToDevice works in whole pixels: render at 10 px per point
    corners = []
    for x, y in ((left, bottom), (right, top)):
        dx, dy = ctypes.c_int(), ctypes.c_int()
        pdfium_c.FPDF_PageToDevice(
            page, 0, 0, int(width * scale), int(height * scale), 0, x, y, dx, dy
        )
        corners.append((dx.value / scale, dy.value / scale))
    textpage.close()
    page.close()
    document.close()
    xs, ys = [c[0] for c in corners], [c[1] for c in corners]
    return min(xs), min(ys), max(xs), max(ys)


def test_font_size_scaled_by_the_text_matrix_counts_for_headings() -> None:
    # "1 Tf" scaled 24 times by the text matrix is a 24 pt heading.
    content = b"BT /F1 1 Tf 24 0 0 24 72 760 Tm (Scaled title) Tj ET\n" + b"".join(
        b"BT /F1 10 Tf 72 %d Td (Body line number %d of the page.) Tj ET\n" % (700 - 12 * i, i)
        for i in range(40)
    )
    blocks = parse(_handmade_pdf(content))[0].blocks
    assert (blocks[0].kind, blocks[0].text) == (BlockKind.HEADING, "Scaled title")
    assert all(b.kind is BlockKind.PARAGRAPH for b in blocks[1:])


def _handmade_pdf(content: bytes) -> bytes:
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return out


def test_password_protected_pdf_is_refused_as_encrypted() -> None:
    pdf = new_pdf()
    pdf.add_page()
    write_paragraph(pdf, LOREM)
    pdf.set_encryption(owner_password="owner", user_password="secret")
    with pytest.raises(EncryptedFile) as caught:
        parse(pdf_bytes(pdf))
    assert "qpdf --decrypt" in str(caught.value)


def test_owner_password_only_pdf_opens() -> None:
    pdf = new_pdf()
    pdf.add_page()
    write_paragraph(pdf, LOREM)
    pdf.set_encryption(owner_password="owner")
    assert "Souverain reads" in parse(pdf_bytes(pdf))[0].blocks[0].text


def test_garbage_is_a_corrupt_pdf() -> None:
    with pytest.raises(CorruptFile):
        parse(b"%PDF-1.7\n" + bytes(range(256)) * 8)


def test_more_pages_than_allowed_is_too_large() -> None:
    with pytest.raises(FileTooLarge, match="3 pages"):
        parse(three_page_report(), Limits(max_pages=2))


def test_blank_pages_only_is_empty() -> None:
    pdf = new_pdf()
    pdf.add_page()
    with pytest.raises(EmptyFile):
        parse(pdf_bytes(pdf))


@pytest.mark.skipif(not INVOICES.is_dir(), reason="the shared invoice corpus is not here")
@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("EN16931_Einfach.pdf", ("Handelsrechnung", "Lieferant GmbH", "529,87")),
        ("Facture_FR_BASICWL.pdf", ("Facture", "FA-2017-0010")),
    ],
)
def test_real_invoices(name: str, words: tuple[str, ...]) -> None:
    document = PdfiumParser().parse((INVOICES / name).read_bytes(), name, Limits())
    text = "\n".join(block.text for page in document.pages for block in page.blocks)
    assert all(word in text for word in words)
    assert document.ocr_pages == []
    assert document.title
    first = document.pages[0]
    assert any(block.kind is BlockKind.HEADING for block in first.blocks)
    assert all(block.bbox is not None for page in document.pages for block in page.blocks)
