"""The store interface: documents, their chunks and vectors, and keyword search.

The embedded default is SQLite (``sqlite.py``); a server backend implements the same
Protocol. A store never parses, embeds or calls a model.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np
import numpy.typing as npt

from souverain.domain import Chunk, Document

Vectors = npt.NDArray[np.float32]


@dataclass(frozen=True)
class StoredDocument:
    """A document ready to be written: its record, its text, its chunks and their vectors
    (one matrix per vector field, one row per chunk)."""

    document: Document
    text: str
    chunks: Sequence[Chunk]
    vectors: Mapping[str, Vectors]


@dataclass(frozen=True)
class ScoredChunk:
    chunk_rowid: int
    score: float


class Store(Protocol):
    def put(self, item: StoredDocument, attachments: Sequence[StoredDocument] = ()) -> set[str]:
        """Add or replace a document (and its attachments) atomically; return replaced hashes."""

    def get(self, doc_id: str) -> Document: ...

    def find_by_path(self, path: str) -> Document | None: ...

    def text_of(self, doc_id: str) -> str: ...

    def documents(self) -> list[Document]: ...

    def chunks_of(self, doc_id: str) -> list[Chunk]: ...

    def remove(self, doc_id: str) -> list[str]:
        """Remove a document, its attachments, chunks and vectors; return the removed ids."""

    def keyword_search(self, query: str, limit: int) -> list[ScoredChunk]: ...

    def vector_scores(self, field: str, query: Vectors) -> tuple[npt.NDArray[np.int64], Vectors]:
        """Every chunk's id and its similarity to the query in one vector field."""

    def chunks_by_rowid(self, rowids: Sequence[int]) -> dict[int, tuple[Chunk, Document]]: ...

    def close(self) -> None: ...
