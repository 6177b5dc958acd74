"""Born-digital PDFs into pages of positioned blocks, read with PDFium (pypdfium2).

Each page is triaged first: one without a usable text layer (a scan, a photo, a broken
font encoding) is marked needs_ocr and gets no blocks. It never renders pages or runs
JavaScript, and never asks for a password.
"""

from __future__ import annotations

import ctypes
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from souverain.domain import BBox, BlockKind, Page, ParsedDocument, union_box
from souverain.errors import CorruptFile, EmptyFile, EncryptedFile, FileTooLarge
from souverain.language import detect_language, lexicon_score
from souverain.parse._pdf_layout import Line, body_size, heading_levels, page_blocks
from souverain.parse.base import Limits

# Characters a working text layer is not made of: the replacement character, private-use
# code points (glyphs with no Unicode mapping) and control characters.
_BROKEN = re.compile("[\ufffd\ue000-\uf8ff\x00-\x01\x03-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_BROKEN_SHARE = 0.5
_MIN_MEANINGFUL_CHARS = 10  # fewer than this on a page holding an image: a scan
_LINE_BREAKS = re.compile(r"[^\r\n]+")
# PDFium marks a hyphen that ends a line with U+0002.
_SOFT_HYPHEN = "\x02"
_MAX_FORM_DEPTH = 8  # form XObjects nest; broken files nest them in loops
_TEXT_OBJECT = pdfium_c.FPDF_PAGEOBJ_TEXT
_GOOD_OCR_LAYER = 0.6  # share of lexicon words an invisible OCR layer needs to be kept
_METADATA_KEYS = (
    "Title",
    "Author",
    "Subject",
    "Keywords",
    "Creator",
    "Producer",
    "CreationDate",
    "ModDate",
)


@dataclass
class _RawPage:
    number: int
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)
    needs_ocr: bool = False


class PdfiumParser:
    """A PDF: one Page per page, blocks with boxes in points from the top-left corner."""

    media_types: tuple[str, ...] = ("application/pdf",)

    def parse(self, data: bytes, path: str, limits: Limits) -> ParsedDocument:
        document = open_pdf(data, path)
        try:
            _check_page_count(len(document), path, limits)
            raw_pages = [_read_page(document, index) for index in range(len(document))]
            metadata = _metadata(document)
        finally:
            document.close()
        pages = _lay_out(raw_pages)
        if not any(page.blocks or page.needs_ocr for page in pages):
            raise EmptyFile(path, "the PDF has no text and nothing that looks like a scan")
        return ParsedDocument(pages=pages, title=_title(metadata, pages), metadata=metadata)


def open_pdf(data: bytes, path: str) -> Any:
    """The PDFium document, or the InputError that says why it cannot be opened."""
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if exc.err_code == pdfium_c.FPDF_ERR_PASSWORD:
            raise EncryptedFile(path, "the PDF is protected by a password") from exc
        if exc.err_code == pdfium_c.FPDF_ERR_SECURITY:
            raise EncryptedFile(path, "the PDF uses an encryption scheme we cannot open") from exc
        raise CorruptFile(path, f"not a readable PDF ({exc})") from exc


def _check_page_count(count: int, path: str, limits: Limits) -> None:
    if count <= 0:
        raise EmptyFile(path, "the PDF has no pages")
    if count > limits.max_pages:
        raise FileTooLarge(
            path,
            f"the PDF has {count} pages, over the {limits.max_pages} limit",
            f"Split it into parts of at most {limits.max_pages} pages.",
        )


def _read_page(document: Any, index: int) -> _RawPage:
    page = document[index]
    try:
        width, height = page.get_size()
        raw = _RawPage(number=index + 1, width=float(width), height=float(height))
        textpage = page.get_textpage()
        try:
            text = page_text(textpage)
            raw.needs_ocr = needs_ocr(text, page)
            if not raw.needs_ocr:
                raw.lines = list(_TextReader(textpage, _Frame.of(page)).lines(text))
        finally:
            textpage.close()
        return raw
    finally:
        page.close()


def page_text(textpage: Any) -> str:
    """Every character PDFium found, including the line breaks it generated.

    Read one character at a time so that string indices are PDFium's character indices
    (FPDFText_GetText may merge or drop characters and shift them).
    """
    count = pdfium_c.FPDFText_CountChars(textpage)
    if count <= 0:
        return ""
    get_unicode = pdfium_c.FPDFText_GetUnicode
    return "".join(_character(get_unicode(textpage, i)) for i in range(count))


def _character(code: int) -> str:
    return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"


def needs_ocr(text: str, page: Any) -> bool:
    """True when the page's text layer is missing, broken, or a stamp on an image."""
    visible = "".join(text.split())
    if not visible:
        # A page with nothing drawn on it is blank, not a scan.
        return bool(pdfium_c.FPDFPage_CountObjects(page) > 0)
    broken = len(_BROKEN.findall(visible))
    if broken / len(visible) > _BROKEN_SHARE:
        return True
    if len(visible) - broken < _MIN_MEANINGFUL_CHARS:
        return has_image(page)
    # Text drawn invisibly over an image is an earlier OCR's; keep it only if it reads well.
    return only_invisible_text(page) and has_image(page) and not reads_well(text)


def reads_well(text: str) -> bool:
    """Whether most of a text's words are words of its language (simplemma's lexicons):
    an OCR layer made from a poor scan is mostly misreadings."""
    language = detect_language(text, default="")
    return bool(language) and lexicon_score(text, language) >= _GOOD_OCR_LAYER


def has_image(page: Any) -> bool:
    """Whether the page draws an image, directly or inside a form XObject."""
    return any(
        pdfium_c.FPDFPageObj_GetType(obj) == pdfium_c.FPDF_PAGEOBJ_IMAGE for obj in _objects(page)
    )


def only_invisible_text(page: Any) -> bool:
    """Whether every text object of the page is drawn invisibly (render mode 3), the way
    OCR tools lay their text over a scan."""
    found = False
    for obj in _objects(page):
        if pdfium_c.FPDFPageObj_GetType(obj) != _TEXT_OBJECT:
            continue
        if pdfium_c.FPDFTextObj_GetTextRenderMode(obj) != pdfium_c.FPDF_TEXTRENDERMODE_INVISIBLE:
            return False  # a born-digital page stops at its first text: no walk of the rest
        found = True
    return found


def _objects(page: Any) -> Iterator[Any]:
    """The page's objects, those inside form XObjects too."""
    count = pdfium_c.FPDFPage_CountObjects(page)
    for i in range(max(count, 0)):
        yield from _object_tree(pdfium_c.FPDFPage_GetObject(page, i), 0)


def _object_tree(obj: Any, depth: int) -> Iterator[Any]:
    if not obj:
        return
    yield obj
    if pdfium_c.FPDFPageObj_GetType(obj) != pdfium_c.FPDF_PAGEOBJ_FORM or depth >= _MAX_FORM_DEPTH:
        return
    count = pdfium_c.FPDFFormObj_CountObjects(obj)
    for i in range(max(count, 0)):
        yield from _object_tree(pdfium_c.FPDFFormObj_GetObject(obj, i), depth + 1)


@dataclass(frozen=True)
class _Frame:
    """Maps PDF user space (origin bottom-left) to the displayed page (origin top-left)."""

    left: float
    bottom: float
    right: float
    top: float
    rotation: int

    @classmethod
    def of(cls, page: Any) -> _Frame:
        left, bottom, right, top = page.get_bbox()
        return cls(left, bottom, right, top, int(page.get_rotation()) % 360)

    def point(self, x: float, y: float) -> tuple[float, float]:
        if self.rotation == 90:
            return y - self.bottom, x - self.left
        if self.rotation == 180:
            return self.right - x, y - self.bottom
        if self.rotation == 270:
            return self.top - y, self.right - x
        return x - self.left, self.top - y

    def box(self, left: float, bottom: float, right: float, top: float) -> BBox:
        x0, y0 = self.point(left, bottom)
        x1, y1 = self.point(right, top)
        return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


class _TextReader:
    """Reads lines with their boxes and font sizes from one PDFium text page."""

    def __init__(self, textpage: Any, frame: _Frame) -> None:
        self.textpage = textpage
        self.frame = frame
        # Reused out-parameters: allocating ctypes doubles per call costs more than the call.
        self._doubles = [ctypes.c_double() for _ in range(4)]
        self._matrix = pdfium_c.FS_MATRIX()

    def lines(self, text: str) -> Iterator[Line]:
        for span in _LINE_BREAKS.finditer(text):
            line = self._line(span.group(), span.start())
            if line is not None:
                yield line

    def _line(self, raw: str, start: int) -> Line | None:
        text = _clean(raw)
        if not text:
            return None
        first = start + len(raw) - len(raw.lstrip())
        bbox = self._box(start, len(raw)) or self._char_box(first)
        size = self._font_size(first)
        x, y = self._origin(first)
        return Line(text=text, bbox=bbox, size=size, baseline=self.frame.point(x, y)[1])

    def _box(self, start: int, count: int) -> BBox | None:
        rects = pdfium_c.FPDFText_CountRects(self.textpage, start, count)
        left, top, right, bottom = self._doubles
        boxes = []
        for index in range(max(rects, 0)):
            if pdfium_c.FPDFText_GetRect(self.textpage, index, left, top, right, bottom):
                boxes.append(self.frame.box(left.value, bottom.value, right.value, top.value))
        return union_box(boxes) if boxes else None

    def _char_box(self, index: int) -> BBox:
        left, right, bottom, top = self._doubles
        if not pdfium_c.FPDFText_GetCharBox(self.textpage, index, left, right, bottom, top):
            return (0.0, 0.0, 0.0, 0.0)
        return self.frame.box(left.value, bottom.value, right.value, top.value)

    def _font_size(self, index: int) -> float:
        # FPDFText_GetFontSize is the size set by Tf; a text matrix may scale it (a
        # common way to write "1 Tf" and scale by 20), so multiply by the matrix scale.
        size = float(pdfium_c.FPDFText_GetFontSize(self.textpage, index))
        matrix = self._matrix
        if not pdfium_c.FPDFText_GetMatrix(self.textpage, index, matrix):
            return size
        scale = math.sqrt(abs(matrix.a * matrix.d - matrix.b * matrix.c))
        return size * scale if scale > 0 else size

    def _origin(self, index: int) -> tuple[float, float]:
        x, y = self._doubles[0], self._doubles[1]
        if not pdfium_c.FPDFText_GetCharOrigin(self.textpage, index, x, y):
            return 0.0, 0.0
        return x.value, y.value


def _clean(raw: str) -> str:
    text = raw.replace(_SOFT_HYPHEN, "-")
    return _BROKEN.sub("", text).strip()


def _lay_out(raw_pages: list[_RawPage]) -> list[Page]:
    all_lines = [raw.lines for raw in raw_pages]
    levels = heading_levels(all_lines, body_size(all_lines))
    return [
        Page(
            number=raw.number,
            blocks=page_blocks(raw.lines, levels),
            width=raw.width,
            height=raw.height,
            needs_ocr=raw.needs_ocr,
        )
        for raw in raw_pages
    ]


def _metadata(document: Any) -> dict[str, str]:
    found = document.get_metadata_dict(skip_empty=True)
    cleaned = {key.lower(): _clean(str(found[key])) for key in _METADATA_KEYS if key in found}
    return {key: value for key, value in cleaned.items() if value}


def _title(metadata: dict[str, str], pages: list[Page]) -> str | None:
    if metadata.get("title"):
        return metadata["title"]
    for page in pages:
        for block in page.blocks:
            if block.kind is BlockKind.HEADING:
                return block.text
    return None
