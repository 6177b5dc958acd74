"""Fixtures that build the parser tests' input files in memory: PDFs with fpdf2, images
with Pillow. Nothing is read from disk except a system font when one is installed."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from fpdf import FPDF
from PIL import Image

# A Unicode TrueType font (Debian package fonts-dejavu-core); without it the PDFs fall
# back to the built-in Helvetica, which covers the Latin-1 text the tests use.
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
INVOICES = Path(__file__).resolve().parents[3] / "shared" / "data" / "invoices"

PdfWriter = Callable[[FPDF], None]


def new_pdf() -> FPDF:
    """An A4 document in points, with a Unicode font when the machine has one."""
    pdf = FPDF(unit="pt", format="A4")
    pdf.set_auto_page_break(auto=True, margin=56)
    if DEJAVU.is_file():
        pdf.add_font("body", fname=str(DEJAVU))
        pdf.set_font("body", size=11)
    else:
        pdf.set_font("helvetica", size=11)
    return pdf


def pdf_bytes(pdf: FPDF) -> bytes:
    return bytes(pdf.output())


def png_bytes(width: int = 400, height: int = 300) -> bytes:
    """A small grey picture standing in for a scan."""
    buffer = io.BytesIO()
    Image.new("L", (width, height), color=200).save(buffer, format="PNG")
    return buffer.getvalue()


def write_heading(pdf: FPDF, text: str, size: float) -> None:
    pdf.set_font_size(size)
    pdf.multi_cell(w=0, h=size * 1.2, text=text, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(size * 0.5)


def write_paragraph(pdf: FPDF, text: str, size: float = 11) -> None:
    pdf.set_font_size(size)
    pdf.multi_cell(w=0, h=size * 1.2, text=text, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(size)  # the blank space that ends a paragraph


@pytest.fixture
def scan_pdf() -> bytes:
    """Two pages: born-digital text, then a page that is only a picture."""
    pdf = new_pdf()
    pdf.add_page()
    write_paragraph(pdf, "This page has a real text layer with enough words to read. " * 3)
    pdf.add_page()
    pdf.image(io.BytesIO(png_bytes()), x=40, y=40, w=500)
    return pdf_bytes(pdf)
