"""The domain data classes every stage passes to the next.

Stages exchange these objects and never raw dicts. Pages are 1-based everywhere.
Nothing here does I/O.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Literal, TypeVar

BBox = tuple[float, float, float, float]
_N = TypeVar("_N", int, float)


def union_box(boxes: Sequence[tuple[_N, _N, _N, _N]]) -> tuple[_N, _N, _N, _N]:
    """The smallest box (x0, y0, x1, y1) holding all ``boxes`` (which must not be empty):
    PDF points for parsed blocks, page pixels for OCR words."""
    return (
        min(box[0] for box in boxes),
        min(box[1] for box in boxes),
        max(box[2] for box in boxes),
        max(box[3] for box in boxes),
    )


"""A box on a page: (x0, y0, x1, y1) in page units (PDF points), origin top-left."""


class BlockKind(str, Enum):
    """What a block of text is, as far as the parser can tell."""

    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST = "list"
    TABLE = "table"
    CODE = "code"


@dataclass(frozen=True)
class Block:
    """One structural unit of text on a page: a heading, a paragraph, a list, a table."""

    text: str
    kind: BlockKind = BlockKind.PARAGRAPH
    level: int = 0
    """Heading level (1 is the top); 0 for anything that is not a heading."""
    bbox: BBox | None = None


@dataclass
class Page:
    """A page of a parsed document. Formats without pages (HTML, e-mail) have one."""

    number: int
    blocks: list[Block] = field(default_factory=list)
    width: float | None = None
    height: float | None = None
    needs_ocr: bool = False
    """True when the page has no usable text layer (a scan or a photo)."""


@dataclass(frozen=True)
class Attachment:
    """A file carried inside another (an e-mail attachment), ingested as its own document."""

    name: str
    data: bytes


@dataclass
class ParsedDocument:
    """What a parser returns: pages of blocks, plus anything embedded in the file."""

    pages: list[Page]
    title: str | None = None
    metadata: dict[str, str] = field(default_factory=dict)
    attachments: list[Attachment] = field(default_factory=list)

    @property
    def ocr_pages(self) -> list[int]:
        return [p.number for p in self.pages if p.needs_ocr]


@dataclass(frozen=True)
class Document:
    """A document as stored: one original file (or one attachment of one)."""

    id: str
    path: str
    sha256: str
    media_type: str
    title: str
    pages: int
    chunks: int
    ocr_pages: tuple[int, ...]
    languages: tuple[str, ...]
    size: int
    added_at: str
    parent_id: str | None = None
    label: str = "confidential"


@dataclass(frozen=True)
class Chunk:
    """A retrievable passage with its provenance.

    ``start``/``end`` are character offsets into the document's text (its blocks joined
    as the chunker lays them out), so ``document_text[start:end] == text``.
    """

    doc_id: str
    ordinal: int
    text: str
    page: int
    page_end: int
    start: int
    end: int
    language: str
    heading: str = ""
    """The headings above this passage, outermost first, joined by " > "."""
    bbox: BBox | None = None

    @property
    def id(self) -> str:
        return f"{self.doc_id}:{self.ordinal}"


@dataclass(frozen=True)
class Hit:
    """A chunk found by a search, with the document it belongs to and its score."""

    chunk: Chunk
    document: Document
    score: float
    rank: int = 0


@dataclass(frozen=True)
class Citation:
    """One numbered piece of evidence that an answer cites."""

    n: int
    hit: Hit
    quote: str


@dataclass(frozen=True)
class Answer:
    """An answer with its checked citations and how long each step took (seconds)."""

    question: str
    text: str
    language: str
    citations: tuple[Citation, ...]
    model: str
    evidence: tuple[Hit, ...] = ()
    answered: bool = True
    """False when the evidence did not answer the question and the answer says so."""
    timings: dict[str, float] = field(default_factory=dict)
    provider: str = ""
    """The provider whose model wrote the answer ("" when no model was asked)."""
    decision: Decision | None = None
    """The policy's decision for that call, with its reasons."""


Action = Literal["allow", "pseudonymise", "refuse"]


@dataclass(frozen=True)
class Decision:
    """What the policy says about sending data with ``labels`` to ``provider``, and why."""

    provider: str
    action: Action
    reasons: tuple[str, ...]
    labels: tuple[str, ...] = ()

    @property
    def allowed(self) -> bool:
        return self.action != "refuse"


@dataclass(frozen=True)
class AuditRecord:
    """One model call (or one refused or blocked attempt) as the audit log keeps it.

    Never holds what was sent: only hashes of the prompt and the response, the types and
    counts of what was pseudonymised, and the ids of the documents the evidence came from.
    """

    operation: str
    """"chat", "embed", or "egress" (a connection the offline guard stopped)."""
    provider: str
    country: str
    """The provider operator's home country (ISO 3166), "" for this machine."""
    us_exposure: str
    """"no", "yes", "unknown", or "local" (nothing left the machine)."""
    model: str
    labels: tuple[str, ...]
    decision: str
    reasons: tuple[str, ...]
    outcome: str
    """"ok", "refused", "blocked", or "error: <what happened>"."""
    started: str
    ended: str
    user: str
    pseudonymised: dict[str, int] = field(default_factory=dict)
    documents: tuple[str, ...] = ()
    prompt_sha256: str = ""
    response_sha256: str = ""
    seq: int = 0
    """Position in the log, from 1; set by the log when the record is appended."""
