"""Structure-aware chunking: a heading opens a new chunk, blocks are packed up to a size,
tables and paragraphs stay whole where they fit.

Offsets always point into the laid-out document text; a chunk never rewrites its text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from souverain.domain import BBox, Block, BlockKind, Chunk, ParsedDocument
from souverain.language import detect_language

BLOCK_SEPARATOR = "\n\n"
SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+|\n+")


@dataclass(frozen=True)
class Span:
    """Where one block (or a piece of an oversized one) lies in the document text."""

    start: int
    end: int
    page: int
    kind: BlockKind
    level: int
    bbox: BBox | None


def lay_out(parsed: ParsedDocument) -> tuple[str, list[Span]]:
    """Join every block of every page into one text, remembering where each block went."""
    parts: list[str] = []
    spans: list[Span] = []
    offset = 0
    for page in parsed.pages:
        for block in page.blocks:
            text = block.text.strip()
            if not text:
                continue
            if parts:
                parts.append(BLOCK_SEPARATOR)
                offset += len(BLOCK_SEPARATOR)
            parts.append(text)
            spans.append(
                Span(offset, offset + len(text), page.number, block.kind, block.level, block.bbox)
            )
            offset += len(text)
    return "".join(parts), spans


class StructuredChunker:
    def __init__(self, target_chars: int = 600, max_chars: int = 900) -> None:
        self.target = target_chars
        self.max = max_chars

    def chunk(self, doc_id: str, parsed: ParsedDocument) -> tuple[str, list[Chunk]]:
        text, spans = lay_out(parsed)
        doc_language = detect_language(text[:5000])
        chunks = []
        for ordinal, (group, heading) in enumerate(self._groups(text, spans)):
            chunks.append(_make_chunk(doc_id, ordinal, text, group, heading, doc_language))
        return text, chunks

    def _groups(self, text: str, spans: list[Span]) -> Iterator[tuple[list[Span], str]]:
        headings: list[tuple[int, str]] = []
        group: list[Span] = []
        group_heading = ""
        for span in self._pieces(text, spans):
            is_heading = span.kind is BlockKind.HEADING
            full = span.end - group[0].start > self.target if group else False
            if group and not _only_headings(group) and (is_heading or full):
                yield group, group_heading
                group = []
            if is_heading:
                level = span.level or 1
                headings = [h for h in headings if h[0] < level] + [
                    (level, text[span.start : span.end])
                ]
            if not group or _only_headings(group):
                # The context of a chunk is the heading path at its first body block.
                group_heading = " > ".join(h for _, h in headings)
            group.append(span)
        if group:
            yield group, group_heading

    def _pieces(self, text: str, spans: list[Span]) -> Iterator[Span]:
        """Spans no longer than max_chars: oversized blocks are cut at sentences or rows."""
        for span in spans:
            if span.end - span.start <= self.max:
                yield span
                continue
            yield from self._split(text, span)

    def _split(self, text: str, span: Span) -> Iterator[Span]:
        pattern = re.compile(r"\n") if span.kind is BlockKind.TABLE else SENTENCE_END
        cuts = [m.end() for m in pattern.finditer(text, span.start, span.end)] + [span.end]
        start = span.start
        last = start
        for cut in cuts:
            if cut - start > self.max and last > start:
                yield _piece(span, start, _rstrip(text, start, last))
                start = last
            while cut - start > self.max:  # one sentence longer than max: cut at a space
                hard = text.rfind(" ", start + 1, start + self.max) + 1 or start + self.max
                yield _piece(span, start, _rstrip(text, start, hard))
                start = hard
            last = cut
        if start < span.end:
            yield _piece(span, start, span.end)


def _piece(span: Span, start: int, end: int) -> Span:
    return Span(start, end, span.page, span.kind, span.level, span.bbox)


def _rstrip(text: str, start: int, end: int) -> int:
    while end > start + 1 and text[end - 1].isspace():
        end -= 1
    return end


def _only_headings(group: list[Span]) -> bool:
    return all(s.kind is BlockKind.HEADING for s in group)


def _make_chunk(
    doc_id: str, ordinal: int, text: str, group: list[Span], heading: str, default_language: str
) -> Chunk:
    start, end = group[0].start, group[-1].end
    body = text[start:end]
    return Chunk(
        doc_id=doc_id,
        ordinal=ordinal,
        text=body,
        page=group[0].page,
        page_end=group[-1].page,
        start=start,
        end=end,
        language=detect_language(body, default=default_language),
        heading=heading,
        bbox=_union([s.bbox for s in group if s.page == group[0].page]),
    )


def _union(boxes: list[BBox | None]) -> BBox | None:
    real = [b for b in boxes if b is not None]
    if not real:
        return None
    return (
        min(b[0] for b in real),
        min(b[1] for b in real),
        max(b[2] for b in real),
        max(b[3] for b in real),
    )


__all__ = ["Block", "Span", "StructuredChunker", "lay_out"]
