"""The chunker interface: a parsed document in, its text and its chunks out."""

from __future__ import annotations

from typing import Protocol

from souverain.domain import Chunk, ParsedDocument


class Chunker(Protocol):
    def chunk(self, doc_id: str, parsed: ParsedDocument) -> tuple[str, list[Chunk]]:
        """Return the document's text and chunks whose offsets point into that text."""
