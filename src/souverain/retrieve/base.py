"""The retriever interface: a question in, ranked hits with provenance out."""

from __future__ import annotations

from typing import Protocol

from souverain.domain import Hit


class Retriever(Protocol):
    def search(self, query: str, k: int = 10) -> list[Hit]: ...
