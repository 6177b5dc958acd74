"""What OCR produces: words read by an engine, blocks laid out from them, pages, results.

Boxes are in page pixels (x0, y0, x1, y1) from the top-left corner of the page image the
engine read, after orientation was corrected. Confidences are between 0 and 1. Nothing
here does I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from souverain.domain import union_box

PixelBox = tuple[int, int, int, int]


@dataclass(frozen=True)
class Word:
    text: str
    box: PixelBox
    confidence: float


@dataclass(frozen=True)
class TextLine:
    """Words an engine read as one line, left to right."""

    words: tuple[Word, ...]

    @property
    def text(self) -> str:
        return " ".join(word.text for word in self.words)

    @property
    def box(self) -> PixelBox:
        return union_box([word.box for word in self.words])

    @property
    def confidence(self) -> float:
        return mean_confidence(self.words)


class BlockType:
    """The block types of a result, named as Mistral OCR and Markdown readers expect."""

    HEADING = "heading"
    TEXT = "text"
    LIST = "list"
    TABLE = "table"
    HEADER = "header"
    FOOTER = "footer"


@dataclass
class OcrBlock:
    """A laid-out unit of a page: a heading, a paragraph, a list, a table, a header/footer."""

    type: str
    box: PixelBox
    lines: list[str]
    confidence: float
    level: int = 0
    """Heading level (1 is the biggest); 0 for anything else."""
    rows: list[list[str]] = field(default_factory=list)
    """A table's cells, row by row (the first row is the header row)."""
    spans: list[list[int]] = field(default_factory=list)
    """How many columns each cell of ``rows`` spans; empty when every cell spans one."""

    @property
    def text(self) -> str:
        if self.rows:
            return "\n".join(" ".join(cell for cell in row if cell) for row in self.rows)
        return "\n".join(self.lines)


@dataclass
class OcrPage:
    """One page read: by OCR, or from the PDF's own text layer when it had a good one."""

    index: int
    """0-based, as in Mistral OCR's response."""
    width: int
    height: int
    dpi: int
    blocks: list[OcrBlock]
    source: str = "ocr"
    """"ocr" or "text-layer"."""
    engine: str = ""
    language: str = ""
    """The language the page was read as (ISO 639-1 codes joined by "+")."""
    rotation: int = 0
    """Degrees the page image was turned clockwise before reading (0, 90, 180, 270)."""
    skew: float = 0.0
    """Degrees of skew corrected."""
    confidence: float = 1.0
    notes: list[str] = field(default_factory=list)
    """Why an engine or language was chosen, what preprocessing ran, what went wrong."""
    error: str = ""
    seconds: float = 0.0

    @property
    def text(self) -> str:
        return "\n".join(block.text for block in self.blocks if block.text)


@dataclass
class OcrResult:
    pages: list[OcrPage]
    model: str
    doc_size_bytes: int


def mean_confidence(words: tuple[Word, ...] | list[Word]) -> float:
    """Confidence of a run of words, weighted by length (a long word read well counts more)."""
    total = sum(len(word.text) for word in words)
    if not total:
        return 0.0
    return sum(word.confidence * len(word.text) for word in words) / total
