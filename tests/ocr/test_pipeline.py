"""Whole files: triage of mixed PDFs, page selection, the cache, bad input, the JSON shape."""

from __future__ import annotations

import io
import json
import struct
import zlib
from dataclasses import replace
from pathlib import Path

import jsonschema
import numpy as np
import pypdfium2 as pdfium
import pytest
from fpdf import FPDF
from PIL import Image

from souverain.errors import CorruptFile, DecompressionBomb, EmptyFile, EncryptedFile, UsageError
from souverain.ocr import OcrOptions, ocr_file
from souverain.ocr.pipeline import _scan_pixels
from souverain.ocr.render import result_json
from souverain.storage.sqlite import SQLiteStore
from tests.ocr.pages import FRENCH, GERMAN, image_pdf, png, text_page

OPTIONS = OcrOptions(engine="tesseract", workers=1)
SCHEMA = json.loads((Path(__file__).parent / "mistral_ocr.schema.json").read_text())


def mixed_pdf() -> bytes:
    """Page 1 born-digital, page 2 a scan of a German page (an image, no text layer)."""
    pdf = FPDF(unit="pt", format=(500, 240))
    pdf.add_page()
    pdf.set_font("helvetica", size=14)
    pdf.text(40, 60, "Born-digital page with a real text layer.")
    pdf.add_page()
    pdf.image(io.BytesIO(png(text_page(GERMAN))), x=0, y=0, w=500, h=240)
    return bytes(pdf.output())


def test_a_mixed_pdf_is_read_page_by_page() -> None:
    result = ocr_file("mixed.pdf", mixed_pdf(), OPTIONS)
    first, second = result.pages
    assert first.source == "text-layer" and first.engine == "text-layer"
    assert "real text layer" in first.text
    assert second.source == "ocr" and second.language == "de"
    assert "Kündigungsfrist" in second.text
    jsonschema.validate(result_json(result), SCHEMA)


def test_force_ocr_reads_text_layer_pages_with_ocr_too() -> None:
    result = ocr_file("mixed.pdf", mixed_pdf(), replace(OPTIONS, force=True))
    first, second = result.pages
    assert first.source == "ocr" and "real text layer" in first.text
    assert second.source == "ocr" and "Kündigungsfrist" in second.text


def test_a_scan_is_rendered_at_its_own_resolution() -> None:
    data = image_pdf([text_page(GERMAN)], dpi=150)
    page = ocr_file("scan.pdf", data, OcrOptions(workers=1)).pages[0]
    assert (page.dpi, page.width, page.height) == (150, 1500, 700)  # the scanner's pixels
    assert "Kündigungsfrist" in page.text
    tesseract = ocr_file("scan.pdf", data, OPTIONS).pages[0]
    assert tesseract.dpi == 300 and any("upscale x2.00" in n for n in tesseract.notes)


def jpeg(image: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(image).save(buffer, format="JPEG", quality=90)
    return buffer.getvalue()


def test_a_page_that_is_one_jpeg_is_decoded_not_rendered_with_the_same_pixels() -> None:
    scan = text_page(GERMAN)
    document = pdfium.PdfDocument(image_pdf([scan], dpi=150))
    decoded = _scan_pixels(document[0], 150)
    rendered = document[0].render(scale=150 / 72, grayscale=True).to_numpy()
    assert decoded is not None
    assert abs(decoded.shape[0] - rendered.shape[0]) <= 1
    assert abs(decoded.shape[1] - rendered.shape[1]) <= 1
    height, width = min(decoded.shape, rendered.shape)
    assert np.abs(decoded[:height, :width].astype(int) - rendered[:height, :width]).mean() < 2
    # at a lower resolution than the scanner's, the JPEG is scaled down to the page's size
    assert _scan_pixels(document[0], 75).shape == pytest.approx((350, 750), abs=2)


def test_a_scan_with_anything_drawn_over_it_is_rendered() -> None:
    pdf = FPDF(unit="pt", format=(500, 240))
    pdf.add_page()
    pdf.image(io.BytesIO(jpeg(text_page(GERMAN))), x=0, y=0, w=500, h=240)
    pdf.set_font("helvetica", size=14)
    pdf.text(40, 200, "Eingegangen am 3. Mai")  # a stamp added to the scan
    pdf.add_page()
    pdf.image(io.BytesIO(jpeg(text_page(GERMAN))), x=0, y=0, w=500, h=240)
    document = pdfium.PdfDocument(bytes(pdf.output()))
    assert _scan_pixels(document[0], 150) is None
    assert _scan_pixels(document[1], 150) is not None
    document[1].set_rotation(90)  # a page shown turned
    assert _scan_pixels(document[1], 150) is None


def test_pages_can_be_chosen(tmp_path: Path) -> None:
    data = image_pdf([text_page(GERMAN[:2]), text_page(FRENCH[:3])])
    result = ocr_file("scan.pdf", data, OPTIONS, pages=[2])
    assert [p.index for p in result.pages] == [1]
    assert result.pages[0].language == "fr"
    with pytest.raises(UsageError, match="has 2 pages; there is no page 3"):
        ocr_file("scan.pdf", data, OPTIONS, pages=[3])


def test_pages_run_in_parallel_processes_each_in_its_language() -> None:
    data = image_pdf([text_page(GERMAN[:3]), text_page(GERMAN[1:]), text_page(GERMAN[2:])])
    result = ocr_file("scan.pdf", data, OcrOptions(engine="tesseract", workers=2))
    assert [p.index for p in result.pages] == [0, 1, 2]
    assert all(p.language == "de" and not p.error for p in result.pages)
    assert not any("read again" in n for p in result.pages[1:] for n in p.notes)


def test_readings_are_cached_by_page(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "souverain.db")
    data = png(text_page(FRENCH))
    first = ocr_file("lettre.png", data, OPTIONS, cache=store)
    again = ocr_file("copy-of-lettre.png", data, OPTIONS, cache=store)
    assert "from the OCR cache" in again.pages[0].notes
    assert again.pages[0].text == first.pages[0].text
    other = ocr_file(
        "lettre.png", data, OcrOptions(engine="tesseract", languages=("fr",)), cache=store
    )
    assert "from the OCR cache" not in other.pages[0].notes  # other options, other key


def test_a_photo_without_resolution_gets_an_estimated_one() -> None:
    image = Image.fromarray(text_page(GERMAN))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=90)
    result = ocr_file("photo.jpg", buffer.getvalue(), OPTIONS)
    assert 200 <= result.pages[0].dpi <= 400
    assert "Nebenkosten" in result.pages[0].text


def test_a_multi_page_tiff_is_read_frame_by_frame() -> None:
    frames = [Image.fromarray(text_page(GERMAN[:2])), Image.fromarray(text_page(FRENCH[:2]))]
    buffer = io.BytesIO()
    frames[0].save(buffer, format="TIFF", save_all=True, append_images=frames[1:], dpi=(300, 300))
    result = ocr_file("fax.tiff", buffer.getvalue(), OPTIONS)
    assert [p.language for p in result.pages] == ["de", "fr"]


def bomb_png(width: int, height: int) -> bytes:
    """A PNG header claiming a huge image, with almost no data behind it."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 100))
        + chunk(b"IEND", b"")
    )


def test_bad_input_gets_a_clear_error() -> None:
    with pytest.raises(DecompressionBomb, match="10000×10000 pixels, over the"):
        ocr_file("bomb.png", bomb_png(10000, 10000), OPTIONS)
    with pytest.raises(DecompressionBomb, match="too large to decode"):
        ocr_file("bomb.png", bomb_png(50000, 50000), OPTIONS)
    with pytest.raises(CorruptFile, match="not a readable image"):
        ocr_file("broken.png", png(text_page(GERMAN))[:60], OPTIONS)
    with pytest.raises(EmptyFile):
        ocr_file("empty.pdf", b"", OPTIONS)
    pdf = FPDF()
    pdf.add_page()
    pdf.set_encryption(owner_password="o", user_password="secret")
    with pytest.raises(EncryptedFile):
        ocr_file("locked.pdf", bytes(pdf.output()), OPTIONS)


def test_a_truncated_image_is_a_clear_error() -> None:
    data = png(text_page(GERMAN))
    with pytest.raises(CorruptFile, match=r"^cut.png: the image data is damaged"):
        ocr_file("cut.png", data[: len(data) // 2], OPTIONS)


def test_a_page_over_its_time_fails_alone_and_the_pool_recovers() -> None:
    pages = [text_page(GERMAN[:2]), text_page(GERMAN), text_page(GERMAN[1:])]
    hurried = OcrOptions(engine="tesseract", workers=2, page_timeout=0.05, languages=("de",))
    result = ocr_file("scan.pdf", image_pdf(pages), hurried)
    assert [p.index for p in result.pages] == [0, 1, 2]
    assert any("no result within" in p.error for p in result.pages)
    after = ocr_file(
        "scan.pdf",
        image_pdf(pages[:2]),
        OcrOptions(engine="tesseract", workers=2, languages=("de",)),
    )
    assert all(not p.error for p in after.pages)


def test_a_hung_tesseract_is_stopped() -> None:
    from souverain.ocr import engines

    with pytest.raises(engines.OcrFailed, match="took longer"):
        engines.TesseractEngine(timeout=0.001).read(np.asarray(text_page(GERMAN)), ["de"], 300)
