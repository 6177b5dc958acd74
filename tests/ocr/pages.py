"""Page images with known text, drawn by the tests: OCR engines read real pixels."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

FONTS = Path("/usr/share/fonts/truetype/dejavu")
GERMAN = [
    "Mietvertrag für Büroräume",
    "Der Vertrag beginnt am 1. März 2024 und endet",
    "am 28. Februar 2029. Die monatliche Miete",
    "beträgt 4.250 Euro zuzüglich Nebenkosten.",
    "Die Kündigungsfrist beträgt sechs Monate.",
]
FRENCH = [
    "Contrat de maintenance informatique",
    "Le prestataire assure la maintenance des serveurs",
    "du client pendant une durée de trois années.",
    "La facture est payable sous trente jours à",
    "compter de sa réception par le service comptable.",
]


def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return ImageFont.truetype(str(FONTS / name), size)


def text_page(
    lines: list[str],
    size: tuple[int, int] = (1500, 700),
    body: int = 36,
    heading: int = 0,
) -> np.ndarray:
    """A white page with ``lines`` in black, the first in ``heading`` size when given."""
    image = Image.new("L", size, 255)
    draw = ImageDraw.Draw(image)
    y = 60
    for number, line in enumerate(lines):
        face = font(heading, bold=True) if heading and number == 0 else font(body)
        draw.text((80, y), line, font=face, fill=0)
        y += int(face.size * 1.6) + (20 if heading and number == 0 else 0)
    return np.asarray(image)


def table_page(
    rows: list[list[str]], columns: list[int], size: tuple[int, int] = (1800, 600)
) -> np.ndarray:
    """Rows of cells drawn at the x positions ``columns``."""
    image = Image.new("L", size, 255)
    draw = ImageDraw.Draw(image)
    face = font(34)
    for r, row in enumerate(rows):
        for x, cell in zip(columns, row, strict=True):
            draw.text((x, 60 + r * 70), cell, font=face, fill=0)
    return np.asarray(image)


def png(image: np.ndarray, dpi: int = 300) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(image).save(buffer, format="PNG", dpi=(dpi, dpi))
    return buffer.getvalue()


def image_pdf(images: list[np.ndarray], dpi: int = 300) -> bytes:
    """A PDF of scanned pages: images only, no text layer."""
    pages = [Image.fromarray(image) for image in images]
    buffer = io.BytesIO()
    pages[0].save(buffer, format="PDF", save_all=True, append_images=pages[1:], resolution=dpi)
    return buffer.getvalue()
