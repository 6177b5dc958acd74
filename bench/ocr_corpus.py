"""Build the OCR benchmark corpus: page images with their true text, in three scan conditions.

Pages come from the born-digital invoices of ../shared/data/invoices (true text = the PDF's own
text layer, table cells = the line items of the embedded CII XML) and from pages drawn here with
Pillow from examples/documents in en, de, nl and fr (true text = the lines drawn). Every page is
written as drawn (`clean`, 300 dpi), as an office scan (`office`) and as a poor one (`poor`,
150 dpi). Everything is seeded: the same options give the same pixels. This script only builds
files under its cache folder; it never runs an OCR engine.

    .venv/bin/python bench/ocr_corpus.py                 # all invoices, into bench/.cache/ocr/
    .venv/bin/python bench/ocr_corpus.py --invoices 2    # a small corpus for a smoke run
"""

from __future__ import annotations

import argparse
import email
import email.policy
import html.parser
import io
import json
import re
import shutil
import sys
import time
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import defusedxml.ElementTree as SafeET
import numpy as np
import pypdfium2 as pdfium
from _common import REPO
from PIL import Image, ImageDraw, ImageFilter, ImageFont

DEFAULT_OUT = REPO / "bench" / ".cache" / "ocr"
INVOICES = REPO.parent / "shared" / "data" / "invoices"
DOCUMENTS = REPO / "examples" / "documents"
FONTS = Path("/usr/share/fonts/truetype/dejavu")

SEED = 20250611
VERSION = 1  # bump when the corpus changes, so old caches are rebuilt
CONDITIONS = ("clean", "office", "poor")
DPI = {"clean": 300, "office": 300, "poor": 150}
A4_PX = (2480, 3508)  # 210 x 297 mm at 300 dpi
TESSERACT_LANG = {"de": "deu", "fr": "fra", "en": "eng", "nl": "nld"}
RENDERED_LANGS = ("en", "de", "nl", "fr")

CII = {
    "rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
    "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
}


@dataclass
class Page:
    """One page of the corpus and its truth; `image` is the clean 300 dpi render."""

    id: str
    source: str
    page: int
    lang: str
    lines: list[str]
    table_cells: list[str] = field(default_factory=list)
    image: Image.Image | None = None

    def truth(self, condition: str) -> dict[str, Any]:
        return {
            "id": self.id,
            "source": self.source,
            "page": self.page,
            "lang": self.lang,
            "tesseract_lang": TESSERACT_LANG[self.lang],
            "dpi": DPI[condition],
            "lines": self.lines,
            "table_cells": self.table_cells,
        }


# --------------------------------------------------------------------------- text helpers


def normalise_line(text: str) -> str:
    return " ".join(text.split())


def text_lines(text: str) -> list[str]:
    """Lines with their whitespace collapsed, empty ones dropped."""
    return [line for line in map(normalise_line, text.splitlines()) if line]


NUMBER = re.compile(r"[-+]?\d[\d.,]*")


def as_decimal(text: str) -> Decimal | None:
    """'1.234,50', '1,234.50', '10,00', '10' → Decimal; None when it is not one number."""
    text = text.strip().replace("\u00a0", "").replace("\u202f", "")
    if not re.fullmatch(r"[-+]?\d[\d.,]*", text):
        return None
    last_dot, last_comma = text.rfind("."), text.rfind(",")
    if last_dot >= 0 and last_comma >= 0:
        decimal_sep = "." if last_dot > last_comma else ","
    elif last_comma >= 0:
        decimal_sep = "," if text.count(",") == 1 else ""
    else:
        decimal_sep = "." if text.count(".") == 1 else ""
    thousands = {".", ","} - {decimal_sep}
    for sep in thousands:
        text = text.replace(sep, "")
    try:
        return Decimal(text.replace(",", ".")) if decimal_sep else Decimal(text)
    except InvalidOperation:
        return None


def numbers_in(text: str) -> list[Decimal]:
    return [d for d in map(as_decimal, NUMBER.findall(text)) if d is not None]


# --------------------------------------------------------------------------- language


def language_identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(["de", "fr", "en"])
    return identifier


def detect_language(identifier: Any, lines: list[str], file_name: str) -> str:
    """py3langid over the words of the page; a page with too few words follows its file name."""
    words = " ".join(w for w in " ".join(lines).split() if w.isalpha())
    if len(words.split()) < 15:
        return "fr" if file_name.startswith(("Facture", "Avoir")) else "de"
    return str(identifier.classify(words)[0])


# --------------------------------------------------------------------------- invoices


def render_pdf_page(page: pdfium.PdfPage) -> Image.Image:
    bitmap = page.render(scale=300 / 72, grayscale=True)
    return bitmap.to_pil().convert("L")


def invoice_xml(pdf: pdfium.PdfDocument) -> bytes | None:
    for i in range(pdf.count_attachments()):
        attachment = pdf.get_attachment(i)
        if attachment.get_name().lower().endswith(".xml"):
            return bytes(attachment.get_data())
    return None


def line_items(xml: bytes) -> list[dict[str, str]]:
    """Name, billed quantity, net unit price and line total of each CII line item."""
    root = SafeET.fromstring(xml)
    paths = {
        "name": "ram:SpecifiedTradeProduct/ram:Name",
        "quantity": "ram:SpecifiedLineTradeDelivery/ram:BilledQuantity",
        "net_price": "ram:SpecifiedLineTradeAgreement/ram:NetPriceProductTradePrice/ram:ChargeAmount",
        "line_total": "ram:SpecifiedLineTradeSettlement/"
        "ram:SpecifiedTradeSettlementLineMonetarySummation/ram:LineTotalAmount",
    }
    items = []
    for item in root.iter(f"{{{CII['ram']}}}IncludedSupplyChainTradeLineItem"):
        values = {key: item.findtext(path, namespaces=CII) for key, path in paths.items()}
        items.append({k: normalise_line(v) for k, v in values.items() if v and v.strip()})
    return items


def cells_on_page(item: dict[str, str], page_text: str) -> list[str]:
    """The item's values that this page shows: its name as text, the others as numbers."""
    numbers = set(numbers_in(page_text))
    cells = [item["name"]]
    for key in ("quantity", "net_price", "line_total"):
        value = as_decimal(item.get(key, ""))
        if value is not None and value in numbers:
            cells.append(item[key])
    return cells


def attach_table_cells(pages: list[Page], items: list[dict[str, str]]) -> int:
    """Put each line item's cells on the first page whose text shows its name; count misses."""
    missed = 0
    for item in items:
        name = item.get("name")
        page = next((p for p in pages if name and name in " ".join(p.lines)), None)
        if page is None:
            missed += 1
            continue
        page.table_cells += cells_on_page(item, " ".join(page.lines))
    return missed


def invoice_pages(path: Path, identifier: Any) -> tuple[list[Page], int]:
    pdf = pdfium.PdfDocument(path)
    try:
        pages = []
        for index, pdf_page in enumerate(pdf, start=1):
            lines = text_lines(pdf_page.get_textpage().get_text_range())
            lang = detect_language(identifier, lines, path.name)
            page_id = f"inv-{path.stem}-p{index}"
            pages.append(
                Page(
                    page_id,
                    f"invoice:{path.name}",
                    index,
                    lang,
                    lines,
                    [],
                    render_pdf_page(pdf_page),
                )
            )
        xml = invoice_xml(pdf)
        missed = attach_table_cells(pages, line_items(xml)) if xml else 0
        return pages, missed
    finally:
        pdf.close()


# --------------------------------------------------------------------------- source text


class _HtmlText(html.parser.HTMLParser):
    """Block-level text of an HTML page: one paragraph per p, li, h1-h6, td row."""

    BLOCKS = frozenset({"p", "li", "h1", "h2", "h3", "h4", "tr", "div", "title", "br"})

    def __init__(self) -> None:
        super().__init__()
        self.blocks: list[str] = []
        self.current: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in ("script", "style", "head"):
            self.skip += 1
        elif tag in self.BLOCKS:
            self.flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "head"):
            self.skip -= 1
        elif tag in self.BLOCKS:
            self.flush()

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.current.append(data)

    def flush(self) -> None:
        text = normalise_line(" ".join(self.current))
        if text:
            self.blocks.append(text)
        self.current = []


def html_paragraphs(text: str) -> list[str]:
    parser = _HtmlText()
    parser.feed(text)
    parser.flush()
    return parser.blocks


def plain_paragraphs(text: str) -> list[str]:
    """Paragraphs of a .txt or .md file: blank-line separated, markup and tables dropped."""
    paragraphs = []
    for block in re.split(r"\n\s*\n", text):
        kept = [ln for ln in block.splitlines() if not ln.lstrip().startswith("|")]
        for chunk in re.split(r"\n\s*(?:[-*]|\d+\.)\s+", "\n" + "\n".join(kept)):
            cleaned = re.sub(r"[#*_`>]+", "", chunk)
            cleaned = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", cleaned)
            if line := normalise_line(cleaned):
                paragraphs.append(line)
    return paragraphs


def email_paragraphs(data: bytes) -> list[str]:
    message = email.message_from_bytes(data, policy=email.policy.default)
    body = message.get_body(preferencelist=("plain",))
    subject = normalise_line(str(message["subject"] or ""))
    text = body.get_content() if body is not None else ""
    return [subject, *plain_paragraphs(text)] if subject else plain_paragraphs(text)


def docx_paragraphs(path: Path) -> list[str]:
    word = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    with zipfile.ZipFile(path) as archive:
        root = SafeET.fromstring(archive.read("word/document.xml"))
    texts = ("".join(t.text or "" for t in p.iter(f"{word}t")) for p in root.iter(f"{word}p"))
    return [line for line in map(normalise_line, texts) if line]


def pdf_paragraphs(path: Path) -> list[str]:
    """A text layer has lines, not paragraphs: join lines up to a sentence end past 25 words."""
    pdf = pdfium.PdfDocument(path)
    try:
        lines = [ln for page in pdf for ln in text_lines(page.get_textpage().get_text_range())]
    finally:
        pdf.close()
    paragraphs, current = [], []
    for line in lines:
        current.append(line)
        words = sum(len(c.split()) for c in current)
        if (words >= 25 and line.endswith((".", ":", ";"))) or words >= 70:
            paragraphs.append(" ".join(current))
            current = []
    return [*paragraphs, " ".join(current)] if current else paragraphs


def document_paragraphs(path: Path) -> list[str]:
    readers: dict[str, Callable[[Path], list[str]]] = {
        ".html": lambda p: html_paragraphs(p.read_text(encoding="utf-8")),
        ".md": lambda p: plain_paragraphs(p.read_text(encoding="utf-8")),
        ".txt": lambda p: plain_paragraphs(p.read_text(encoding="utf-8")),
        ".eml": lambda p: email_paragraphs(p.read_bytes()),
        ".docx": docx_paragraphs,
        ".pdf": pdf_paragraphs,
    }
    reader = readers.get(path.suffix.lower())
    return reader(path) if reader else []


def paragraphs_by_language(folder: Path) -> dict[str, list[str]]:
    """Paragraphs of the example documents, by the language prefix of their file names."""
    pools: dict[str, list[str]] = {lang: [] for lang in RENDERED_LANGS}
    for path in sorted(folder.iterdir()):
        lang = path.name.split("_", 1)[0]
        if lang in pools:
            pools[lang] += [p for p in document_paragraphs(path) if len(p.split()) >= 3]
    return pools


# --------------------------------------------------------------------------- drawn pages

TABLE_WORDS = {
    "en": (
        ("Item", "Description", "Qty", "Unit price", "Amount"),
        [
            "Pallet space, frozen store",
            "Chilled transport Rotterdam",
            "Cross-docking per pallet",
            "Order picking per line",
            "Stretch wrapping",
            "Temperature logger rental",
            "Customs documents",
            "Waiting time per hour",
        ],
    ),
    "de": (
        ("Pos.", "Beschreibung", "Menge", "Einzelpreis", "Betrag"),
        [
            "Palettenstellplatz Tiefkühllager",
            "Kühltransport Hamburg–Berlin",
            "Umschlag je Palette",
            "Kommissionierung je Position",
            "Stretchfolie wickeln",
            "Miete Temperaturlogger",
            "Zollabfertigung",
            "Wartezeit je Stunde",
        ],
    ),
    "nl": (
        ("Nr.", "Omschrijving", "Aantal", "Prijs per stuk", "Bedrag"),
        [
            "Palletplaats vriescel",
            "Koeltransport Venlo–Keulen",
            "Cross-docking per pallet",
            "Orderverzameling per regel",
            "Wikkelfolie aanbrengen",
            "Huur temperatuurlogger",
            "Douanedocumenten",
            "Wachttijd per uur",
        ],
    ),
    "fr": (
        ("N°", "Désignation", "Qté", "Prix unitaire", "Montant"),
        [
            "Emplacement palette surgelés",
            "Transport frigorifique Lyon–Paris",
            "Transbordement par palette",
            "Préparation par ligne",
            "Filmage des palettes",
            "Location enregistreur",
            "Formalités douanières",
            "Attente par heure",
        ],
    ),
}


def format_amount(value: Decimal, lang: str) -> str:
    text = f"{value:,.2f}"
    return text if lang == "en" else text.replace(",", " ").replace(".", ",").replace(" ", ".")


def table_rows(lang: str, rng: np.random.Generator) -> list[tuple[str, ...]]:
    """A header and 4-6 seeded rows of a price table, numbers in the language's format."""
    header, names = TABLE_WORDS[lang]
    rows: list[tuple[str, ...]] = [header]
    for pos, i in enumerate(rng.choice(len(names), size=int(rng.integers(4, 7)), replace=False), 1):
        quantity = int(rng.integers(1, 250))
        price = Decimal(int(rng.integers(150, 98000))) / 100
        total = price * quantity
        rows.append(
            (
                str(pos),
                names[i],
                str(quantity),
                format_amount(price, lang),
                format_amount(total, lang),
            )
        )
    return rows


@dataclass
class Canvas:
    """A page being drawn: where the next line goes, and the truth lines so far."""

    image: Image.Image
    draw: ImageDraw.ImageDraw
    font: ImageFont.FreeTypeFont
    bold: ImageFont.FreeTypeFont
    line_height: int
    margin: int = 240
    y: int = 260
    lines: list[str] = field(default_factory=list)
    cells: list[str] = field(default_factory=list)

    @property
    def bottom(self) -> int:
        return self.image.height - 280

    def text(self, x: int, y: int, line: str, font: ImageFont.FreeTypeFont | None = None) -> None:
        self.draw.text((x, y), line, fill=0, font=font or self.font)
        self.lines.append(line)


def wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    lines, current = [], ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if current and font.getlength(candidate) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    return [*lines, current] if current else lines


def fill_column(
    canvas: Canvas, paragraphs: Iterator[str], x: int, width: int, top: int, bottom: int
) -> int:
    """Draw paragraphs into one column from top to bottom; return where the column ends.

    A paragraph too long for the space left is skipped (it is not drawn, so not in the truth),
    and a shorter one tried, a few times, so columns end near their bottom.
    """
    y, misses = top, 0
    for paragraph in paragraphs:
        wrapped = wrap(paragraph, canvas.font, width)
        if y + len(wrapped) * canvas.line_height > bottom:
            misses += 1
            if misses > 8 or bottom - y < 2 * canvas.line_height:
                break
            continue
        for line in wrapped:
            canvas.text(x, y, line)
            y += canvas.line_height
        y += canvas.line_height // 2
    return y


def draw_table(canvas: Canvas, rows: list[tuple[str, ...]]) -> None:
    """A ruled table, full width; each row is one truth line, body cells are table cells."""
    widths = [0.09, 0.43, 0.12, 0.17, 0.19]
    full = canvas.image.width - 2 * canvas.margin
    xs = [canvas.margin + int(full * sum(widths[:i])) for i in range(len(widths) + 1)]
    row_h = int(canvas.line_height * 1.5)
    top = canvas.y
    for r, row in enumerate(rows):
        y = top + r * row_h
        for c, cell in enumerate(row):
            font = canvas.bold if r == 0 else canvas.font
            canvas.draw.text((xs[c] + 18, y + row_h // 5), cell, fill=0, font=font)
        canvas.lines.append(" ".join(row))
        if r:
            canvas.cells += list(row[1:])  # the position number is no item value
    bottom = top + len(rows) * row_h
    for r in range(len(rows) + 1):
        canvas.draw.line([(xs[0], top + r * row_h), (xs[-1], top + r * row_h)], fill=0, width=3)
    for x in xs:
        canvas.draw.line([(x, top), (x, bottom)], fill=0, width=3)
    canvas.y = bottom + canvas.line_height


def new_canvas(serif: bool, points: float) -> Canvas:
    family = "DejaVuSerif" if serif else "DejaVuSans"
    size = round(points * 300 / 72)
    image = Image.new("L", A4_PX, 255)
    return Canvas(
        image=image,
        draw=ImageDraw.Draw(image),
        font=ImageFont.truetype(str(FONTS / f"{family}.ttf"), size),
        bold=ImageFont.truetype(str(FONTS / f"{family}-Bold.ttf"), size),
        line_height=round(size * 1.4),
    )


def draw_heading(canvas: Canvas, heading: str) -> None:
    size = round(canvas.font.size * 1.5)
    font = ImageFont.truetype(canvas.bold.path, size)
    for line in wrap(heading, font, canvas.image.width - 2 * canvas.margin):
        canvas.text(canvas.margin, canvas.y, line, font)
        canvas.y += round(size * 1.4)
    canvas.y += canvas.line_height


def draw_page(
    lang: str, index: int, heading: str, paragraphs: Iterator[str], rng: np.random.Generator
) -> Canvas:
    """Layout by index: 0 sans + table, 1 serif two columns, 2 serif table midway, 3 sans both."""
    layout = index % 4
    canvas = new_canvas(serif=layout in (1, 2), points=(11, 11, 10.5, 10)[layout])
    draw_heading(canvas, heading)
    full = canvas.image.width - 2 * canvas.margin
    with_table = layout in (0, 2, 3)
    table = table_rows(lang, rng) if with_table else []
    table_h = (len(table) * 1.5 + 2) * canvas.line_height
    if layout == 2:
        canvas.y = fill_column(canvas, paragraphs, canvas.margin, full, canvas.y, canvas.y + 900)
        draw_table(canvas, table)
    if layout in (1, 3):
        canvas.y = fill_column(canvas, paragraphs, canvas.margin, full, canvas.y, canvas.y + 500)
        bottom = int(canvas.bottom - (table_h if with_table else 0))
        gap, column = 120, (full - 120) // 2
        left_end = fill_column(canvas, paragraphs, canvas.margin, column, canvas.y, bottom)
        right_x = canvas.margin + column + gap
        right_end = fill_column(canvas, paragraphs, right_x, column, canvas.y, bottom)
        canvas.y = max(left_end, right_end)
    else:
        bottom = int(canvas.bottom - (table_h if layout == 0 else 0))
        canvas.y = fill_column(canvas, paragraphs, canvas.margin, full, canvas.y, bottom)
    if layout in (0, 3):
        draw_table(canvas, table)
    return canvas


def cycle_from(items: list[str], start: int) -> Iterator[str]:
    for i in range(len(items) * 3):
        yield items[(start + i) % len(items)]


def rendered_pages(per_language: int) -> list[Page]:
    pools = paragraphs_by_language(DOCUMENTS)
    pages = []
    for lang in RENDERED_LANGS:
        pool = pools[lang]
        if not pool:
            sys.exit(f"no {lang} text found in {DOCUMENTS}: the drawn pages need example documents")
        headings = [p for p in pool if len(p.split()) <= 9] or pool
        for index in range(per_language):
            rng = np.random.default_rng([SEED, zlib.crc32(f"{lang}{index}".encode())])
            start = (index * len(pool)) // per_language
            heading = headings[(index * 3) % len(headings)]
            paragraphs = (p for p in cycle_from(pool, start) if p != heading)
            canvas = draw_page(lang, index, heading, paragraphs, rng)
            page_id = f"gen-{lang}-p{index + 1}"
            pages.append(
                Page(
                    page_id,
                    "drawn:examples/documents",
                    index + 1,
                    lang,
                    canvas.lines,
                    canvas.cells,
                    canvas.image,
                )
            )
    return pages


# --------------------------------------------------------------------------- scan conditions


@dataclass
class Scan:
    """A page as a condition leaves it: its pixels, and the JPEG a scanner would have stored."""

    image: Image.Image
    jpeg: bytes | None = None


def jpeg_scan(pixels: np.ndarray, quality: int, dpi: int) -> Scan:
    buffer = io.BytesIO()
    Image.fromarray(pixels, "L").save(buffer, "JPEG", quality=quality, dpi=(dpi, dpi))
    return Scan(Image.open(io.BytesIO(buffer.getvalue())).convert("L"), buffer.getvalue())


def skewed(image: Image.Image, rng: np.random.Generator, low: float, high: float) -> Image.Image:
    angle = float(rng.uniform(low, high)) * float(rng.choice([-1, 1]))
    return image.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)


def office_scan(image: Image.Image, rng: np.random.Generator) -> Scan:
    """300 dpi, slight skew, soft focus, sensor noise, JPEG 70-80."""
    image = skewed(image, rng, 0.3, 1.5)
    image = image.filter(ImageFilter.GaussianBlur(float(rng.uniform(0.6, 0.8))))
    pixels = np.asarray(image, dtype=np.float32)
    pixels = pixels + rng.normal(0, rng.uniform(6, 8), pixels.shape)
    return jpeg_scan(np.clip(pixels, 0, 255).astype(np.uint8), int(rng.integers(70, 81)), 300)


def poor_scan(image: Image.Image, rng: np.random.Generator) -> Scan:
    """150 dpi, stronger skew, blur, washed-out contrast, dust specks, JPEG 55-65."""
    image = image.resize((image.width // 2, image.height // 2), Image.Resampling.LANCZOS)
    image = skewed(image, rng, 1.5, 3.5)
    image = image.filter(ImageFilter.GaussianBlur(float(rng.uniform(0.5, 0.7))))
    pixels = 70 + np.asarray(image, dtype=np.float32) * (120 / 255)
    specks = rng.random(pixels.shape)
    pixels[specks < 0.0015] = 0
    pixels[specks > 1 - 0.0015] = 255
    return jpeg_scan(np.clip(pixels, 0, 255).astype(np.uint8), int(rng.integers(55, 66)), 150)


def degrade(image: Image.Image, condition: str, page_id: str) -> Scan:
    rng = np.random.default_rng([SEED, CONDITIONS.index(condition), zlib.crc32(page_id.encode())])
    if condition == "office":
        return office_scan(image, rng)
    if condition == "poor":
        return poor_scan(image, rng)
    return Scan(image)


# --------------------------------------------------------------------------- output


def images_to_pdf(paths: list[Path], target: Path) -> None:
    """An image-only PDF, one page per image, sized by the image's DPI (A4 here).

    img2pdf embeds PNGs losslessly and JPEGs as they are, as a scanner's PDF holds them.
    """
    try:
        import img2pdf
    except ImportError:  # Pillow re-encodes grayscale pages as JPEG; img2pdf keeps the PNGs
        images = [Image.open(p) for p in paths]
        dpi = images[0].info.get("dpi", (300, 300))[0]
        images[0].save(target, "PDF", save_all=True, append_images=images[1:], resolution=dpi)
        return
    target.write_bytes(
        img2pdf.convert([str(p) for p in paths], nodate=True, engine=img2pdf.Engine.internal)
    )


def embedded_image(out: Path, condition: str, page_id: str) -> Path:
    """The file a condition's PDF embeds for a page: the scan's JPEG, or else its PNG."""
    jpeg = out / condition / "pages" / f"{page_id}.jpg"
    return jpeg if jpeg.exists() else jpeg.with_suffix(".png")


def check_image_pdf(path: Path, pages: int) -> None:
    """The PDF reads back with the right page count, A4 pages and no text layer."""
    pdf = pdfium.PdfDocument(path)
    try:
        assert len(pdf) == pages, f"{path}: {len(pdf)} pages, expected {pages}"
        for page in pdf:
            width, height = page.get_size()
            assert abs(width - 595.3) < 2 and abs(height - 841.9) < 2, f"{path}: not A4"
            assert not page.get_textpage().get_text_range().strip(), f"{path}: has a text layer"
    finally:
        pdf.close()


def write_condition(out: Path, condition: str, pages: list[Page]) -> None:
    folder = out / condition
    (folder / "pages").mkdir(parents=True, exist_ok=True)
    dpi = DPI[condition]
    embedded = []
    for page in pages:
        assert page.image is not None
        scan = degrade(page.image, condition, page.id)
        png = folder / "pages" / f"{page.id}.png"
        scan.image.save(png, dpi=(dpi, dpi))
        embedded.append(png)
        if scan.jpeg is not None:
            embedded[-1] = png.with_suffix(".jpg")
            embedded[-1].write_bytes(scan.jpeg)
    images_to_pdf(embedded, folder / f"{condition}.pdf")
    check_image_pdf(folder / f"{condition}.pdf", len(pages))
    truth = [page.truth(condition) for page in pages]
    (folder / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1))


# --------------------------------------------------------------------------- build


def settings_for(args: argparse.Namespace) -> dict[str, Any]:
    return {"version": VERSION, "seed": SEED, "invoices": args.invoices, "drawn": args.drawn}


def is_complete(out: Path, settings: dict[str, Any] | None = None) -> bool:
    """The manifest is written last: with it, every file it lists was written."""
    manifest = out / "manifest.json"
    if not manifest.exists():
        return False
    recorded = json.loads(manifest.read_text())
    if settings is not None and recorded["settings"] != settings:
        return False
    return all((out / name).exists() for name in recorded["files"])


def collect_pages(args: argparse.Namespace) -> tuple[list[Page], list[str]]:
    identifier = language_identifier()
    files = sorted(args.folder.glob("*.pdf"))[: args.invoices]
    if not files:
        sys.exit(f"no invoices found in {args.folder}; give the folder with --folder")
    pages, notes = [], []
    for path in files:
        found, missed = invoice_pages(path, identifier)
        pages += found
        if missed:
            notes.append(f"{path.name}: {missed} line item(s) whose name no page shows")
    return pages + rendered_pages(args.drawn), notes


def build(args: argparse.Namespace) -> Path:
    out: Path = args.out
    settings = settings_for(args)
    if is_complete(out, settings):
        print(f"corpus in {out} is complete; nothing to do")
        return out
    started = time.perf_counter()
    for condition in CONDITIONS:
        shutil.rmtree(out / condition, ignore_errors=True)
    (out / "manifest.json").unlink(missing_ok=True)
    pages, notes = collect_pages(args)
    for condition in CONDITIONS:
        write_condition(out, condition, pages)
    files = [f"{c}/{n}" for c in CONDITIONS for n in ("truth.json", f"{c}.pdf")]
    files += [f"{c}/pages/{p.id}.png" for c in CONDITIONS for p in pages]
    manifest = {
        "settings": settings,
        "folder": str(args.folder),
        "pages": len(pages),
        "notes": notes,
        "files": files,
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1))
    print(
        f"built {len(pages)} pages x {len(CONDITIONS)} conditions into {out} "
        f"in {time.perf_counter() - started:.0f} s"
    )
    for note in notes:
        print(f"  note: {note}")
    return out


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--invoices", type=int, help="only the first N invoice files (default all)")
    p.add_argument("--drawn", type=int, default=4, help="drawn pages per language (default 4)")
    p.add_argument("--folder", type=Path, default=INVOICES, help=f"invoices (default {INVOICES})")
    p.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"cache (default {DEFAULT_OUT})")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    build(parse_args(argv))


if __name__ == "__main__":
    main()
